"""The filters the console's pages take from the query string, so that a link shows what its sender saw."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from litestar.exceptions import ValidationException
from litestar.params import Parameter

ID = Parameter(default=None, max_length=36)
TYPE = Parameter(default=None, max_length=200)
CONTEXT = Parameter(default=None, max_length=50)
TEXT = Parameter(default=None, max_length=200, description="Words of an event's type, ids or public fields.")
TIME = Parameter(default=None, max_length=64, description="An ISO 8601 time, UTC if it names no zone.")


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    context: str | None = None
    type: str | None = None
    user_id: str | None = None
    aggregate_id: str | None = None
    text: str | None = None
    """Free text over what is public in an event (the browse page's; the live tail has none)."""

    def query(self) -> dict[str, str]:
        """The filters that are set, as query parameters."""
        return {k: v for k, v in msgspec.structs.asdict(self).items() if v}


def filters(context: str | None = CONTEXT, type: str | None = TYPE, user_id: str | None = ID,
            aggregate_id: str | None = ID, text: str | None = TEXT) -> Filters:
    return Filters(context=_set(context), type=_set(type), user_id=_set(user_id), aggregate_id=_set(aggregate_id),
                   text=_set(text))


def _set(value: str | None) -> str | None:
    """An empty field of the form is no filter."""
    return value.strip() or None if value else None


def unix_time(text: str | None) -> float | None:
    """An ISO 8601 time of a search's window (UTC if it names no zone); none if the field is empty."""
    if not text or not text.strip():
        return None
    try:
        time = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationException(f"{text!r} is not an ISO 8601 time, such as 2026-12-06T09:30") from None
    return (time if time.tzinfo else time.replace(tzinfo=UTC)).timestamp()
