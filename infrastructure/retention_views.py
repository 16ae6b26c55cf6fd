"""The read models a retention purge is decided from (``application/retention/purge.py``), each
caught up with its log before it is read: a chat touched a moment ago must not look untouched."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from application.retention.purge import AUDIT_RECORDS, Row
from projections.chats.queries import ChatQueries
from projections.event_catalog.queries import EventQueries
from projections.files.queries import FileQueries

CaughtUp = Callable[[str], None]
"""Returns once the named view holds everything committed to its log so far."""


class RetentionViews:
    def __init__(self, chats: ChatQueries, files: FileQueries, events: EventQueries, caught_up: CaughtUp) -> None:
        self._chats, self._files, self._events, self._caught_up = chats, files, events, caught_up

    def chats(self, before: float | None, among: Sequence[str] | None = None) -> list[Row]:
        self._caught_up("chats")
        return [Row(*row) for row in self._chats.updated(before, among)]

    def files(self, before: float | None, among: Sequence[str] | None = None) -> list[Row]:
        self._caught_up("files")
        return [Row(*row) for row in self._files.uploaded(before, among)]

    def audit_records(self, after: int, before: float, limit: int) -> list[tuple[int, str]]:
        self._caught_up("audit")
        return self._events.older_records("Audit", AUDIT_RECORDS, after, before, limit)
