"""The filters the console's pages take from the query string, so that a link shows what its sender saw."""

from __future__ import annotations

import msgspec
from litestar.params import Parameter

ID = Parameter(default=None, max_length=36)
TYPE = Parameter(default=None, max_length=200)
CONTEXT = Parameter(default=None, max_length=50)


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    context: str | None = None
    type: str | None = None
    user_id: str | None = None
    aggregate_id: str | None = None

    def query(self) -> dict[str, str]:
        """The filters that are set, as query parameters."""
        return {k: v for k, v in msgspec.structs.asdict(self).items() if v}


def filters(context: str | None = CONTEXT, type: str | None = TYPE, user_id: str | None = ID,
            aggregate_id: str | None = ID) -> Filters:
    return Filters(context=_set(context), type=_set(type), user_id=_set(user_id), aggregate_id=_set(aggregate_id))


def _set(value: str | None) -> str | None:
    """An empty field of the form is no filter."""
    return value.strip() or None if value else None
