"""A page reads its log a little at a time (``projections/runtime/reading.py``), across as many
reads as it takes, in the log's order, and says when it found the log's end."""

from __future__ import annotations

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from projections.runtime.reading import READ_AT_ONCE, PageReading

LOGGED = 2 * READ_AT_ONCE + READ_AT_ONCE // 2


class Counter(Aggregate):
    @event("Started")
    def __init__(self) -> None:
        self.count = 0

    @event("Counted")
    def count_one(self) -> None:
        self.count += 1


def _log() -> Application:
    """An in-memory log of ``LOGGED`` events."""
    app = Application()
    counter = Counter()
    for _ in range(LOGGED - 1):
        counter.count_one()
    app.save(counter)
    return app


def test_a_page_reads_every_event_after_its_position_in_order_across_reads():
    reading = PageReading(_log(), after=3, limit=10 * READ_AT_ONCE, careful=False)
    read = list(reading)
    assert [n.id for n, _ in read] == list(range(4, LOGGED + 1))
    assert [e.originator_version for _, e in read] == list(range(4, LOGGED + 1))
    assert reading.ended


def test_a_page_that_reaches_its_limit_has_not_found_the_end_of_the_log():
    reading = PageReading(_log(), after=0, limit=READ_AT_ONCE + 1, careful=False)
    assert len(list(reading)) == READ_AT_ONCE + 1
    assert not reading.ended


def test_a_careful_page_gets_its_events_undecoded():
    assert {e for _, e in PageReading(_log(), after=0, limit=5, careful=True)} == {None}
