"""Local time for SQL: a time zone's offsets from UTC over a span, so that the database can put a
message in its local hour or day without a time zone library of its own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case

DAY = 86400


def offset_at(tz: ZoneInfo, timestamp: int) -> int:
    offset = datetime.fromtimestamp(timestamp, tz=tz).utcoffset()
    return int(offset.total_seconds()) if offset else 0


def offsets(tz: ZoneInfo, start: int, end: int) -> list[tuple[int, int]]:
    """``(since, offset)`` in seconds, the first since ``start``, one more at each change up to ``end``."""
    changes = [(start, offset_at(tz, start))]
    for day in range(start, end, DAY):
        following = min(day + DAY, end)
        if offset_at(tz, following) != changes[-1][1]:
            changes.append((_change_within(tz, day, following), offset_at(tz, following)))
    return changes


def local(tz: ZoneInfo, start: int, end: int, timestamp: Any) -> Any:
    """``timestamp`` (a SQL expression of epoch seconds between ``start`` and ``end``) as seconds
    since 1970-01-01 00:00 local time."""
    (_, first), *later = offsets(tz, start, end)
    if not later:
        return timestamp + first
    return timestamp + case(*((timestamp >= since, offset) for since, offset in reversed(later)), else_=first)


def label(local_seconds: int, pattern: str) -> str:
    return datetime.fromtimestamp(local_seconds, tz=UTC).strftime(pattern)


def _change_within(tz: ZoneInfo, low: int, high: int) -> int:
    """The first second of (``low``, ``high``] with ``high``'s offset."""
    after = offset_at(tz, high)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if offset_at(tz, middle) == after else (middle, high)
    return high
