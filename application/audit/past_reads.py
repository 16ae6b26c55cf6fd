"""A resource as it was, read by someone: the past comes from its aggregate's events, and a reader
shown someone else's past is recorded as a disclosure, as the events API records one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from application.audit.commands import RecordDisclosure
from application.audit.point_in_time import PointInTime, Timeline
from application.audit.service import Audit

T = TypeVar("T")


class PastReads:
    def __init__(self, point_in_time: PointInTime, audit: Audit) -> None:
        self._point_in_time, self._audit = point_in_time, audit

    def read(self, kind: str, resource_id: str, reader_id: str, path: str,
             disclosed_owner: Callable[[Any], str | None], read: Callable[[Timeline], T]) -> T | None:
        """None if no such resource was ever recorded. ``disclosed_owner(latest)`` raises if the
        reader may not read it; else names whose it is when they read it only as an admin."""
        timeline = self._point_in_time.timeline(kind, resource_id)
        if timeline is None:
            return None
        owner = disclosed_owner(timeline.latest)
        past = read(timeline)
        if owner is not None:
            self._audit.record_disclosure(RecordDisclosure(user_id=reader_id, owners=[owner], resource=kind, path=path))
        return past
