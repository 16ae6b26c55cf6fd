"""What a page of a projection reads: its context's log, a little at a time as the page applies it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from application.event_log import decode_page, read_log

READ_AT_ONCE = 100
"""Events of a page read from the log and decoded together (their keys opened in one query). A page
ends early once it has held its view's lock for ``PAGE_SECONDS``, often after a few dozen events;
read whole (a thousand) it read and decoded again, page after page, what it had not applied, and
that share grew as applying got slower: 1,531 pages to catch the chats view up over 50,000 events,
each reading a thousand of them."""


class PageReading:
    """The events after ``after``, at most ``limit`` of them, read ``READ_AT_ONCE`` at a time as
    they are iterated; ``ended`` once a read found the end of the log. A careful page decodes each
    event where it applies it, so its events come undecoded (None)."""

    def __init__(self, source: Application, after: int, limit: int, careful: bool) -> None:
        self._source, self._after, self._limit, self._careful = source, after, limit, careful
        self.ended = False

    def __iter__(self) -> Iterator[tuple[Notification, Any]]:
        start, left = self._after + 1, self._limit
        while left > 0:
            asked = min(READ_AT_ONCE, left)
            notifications = read_log(self._source, start=start, limit=asked)
            events = [None] * len(notifications) if self._careful else decode_page(self._source, notifications)
            yield from zip(notifications, events, strict=True)
            if len(notifications) < asked:
                self.ended = True
                return
            start, left = notifications[-1].id + 1, left - asked
