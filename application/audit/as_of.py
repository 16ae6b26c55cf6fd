"""A point in a context's history, as a person names it: a log position or an ISO 8601 time."""

from __future__ import annotations

import re
from datetime import UTC, datetime

AsOf = int | datetime
"""A position in the resource's own context's log, or a time with its zone."""


class InvalidAsOfError(ValueError):
    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"as_of {text!r}: {reason}")
        self.text = text


class PastTheHeadError(ValueError):
    """The position or time is beyond what the log has recorded yet."""

    def __init__(self, as_of: AsOf, context: str, head: int) -> None:
        super().__init__(f"as_of {as_of}: the {context} log has not got there yet (it ends at position {head})")
        self.as_of = as_of


class NotYetRecordedError(LookupError):
    """The resource exists, but not yet at that point."""

    def __init__(self, aggregate_id: object, as_of: AsOf) -> None:
        super().__init__(f"{aggregate_id} did not exist yet as of {as_of}")
        self.aggregate_id = aggregate_id


class DeletedByThenError(LookupError):
    """The resource had been deleted by that point."""

    def __init__(self, aggregate_id: object, as_of: AsOf | None) -> None:
        when = "now" if as_of is None else f"as of {as_of}"
        super().__init__(f"{aggregate_id} had been deleted {when}")
        self.aggregate_id = aggregate_id


def parse_as_of(text: str) -> AsOf:
    """A whole number is a position (0 or more); anything else an ISO 8601 time, UTC if it names no zone."""
    text = text.strip()
    if re.fullmatch(r"[+-]?[0-9]{1,18}", text):
        position = int(text)
        if position < 0:
            raise InvalidAsOfError(text, "a log position is 0 or more")
        return position
    try:
        time = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidAsOfError(text, "neither a log position nor an ISO 8601 time") from None
    return time if time.tzinfo is not None else time.replace(tzinfo=UTC)
