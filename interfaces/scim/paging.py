"""``startIndex`` and ``count`` (RFC 7644 3.4.2.4): 1-based; below 1 is read as 1, a negative count
as 0 (the total alone); a count beyond ``MAX_RESULTS`` is cut to it. Not numbers: 400 ``invalidValue``."""

from __future__ import annotations

from dataclasses import dataclass

from interfaces.scim.errors import invalid_value

MAX_RESULTS = 200
DEFAULT_COUNT = 100
LARGEST = 10**9


@dataclass(frozen=True)
class Page:
    start_index: int
    count: int

    @property
    def offset(self) -> int:
        return self.start_index - 1


def page_of(start_index: str | None, count: str | None) -> Page:
    start = _integer(start_index, "startIndex", 1)
    return Page(start_index=max(1, start), count=min(max(0, _integer(count, "count", DEFAULT_COUNT)), MAX_RESULTS))


def _integer(sent: str | None, name: str, default: int) -> int:
    if sent is None or not sent.strip():
        return default
    try:
        value = int(sent)
    except ValueError:
        raise invalid_value(f"{name} is an integer, not {sent!r}.") from None
    return max(-LARGEST, min(value, LARGEST))
