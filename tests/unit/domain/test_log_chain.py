"""The hash chain over a log finds every kind of tampering, at its position."""

from __future__ import annotations

import uuid

import pytest

from domain.audit.log_chain import GENESIS, Link, StoredEvent, chained, first_disagreement

AGGREGATE = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _log(count: int = 6) -> list[StoredEvent]:
    return [StoredEvent(position, AGGREGATE, position, "domain.chats.chat:Chat.Renamed",
                        f'{{"n": {position}}}'.encode()) for position in range(1, count + 1)]


def _chain(events: list[StoredEvent]) -> list[Link]:
    return list(chained(GENESIS, events))


def test_an_untouched_log_agrees_with_its_chain():
    events = _log()
    assert first_disagreement(events, _chain(events)) is None


def test_a_byte_changed_in_an_event_is_found_at_its_position():
    events, links = _log(), _chain(_log())
    events[2] = events[2]._replace(state=b'{"n": 9}')
    assert first_disagreement(events, links).position == 3


@pytest.mark.parametrize(("field", "forged"), [("originator_id", uuid.uuid4()), ("version", 99), ("topic", "forged")])
def test_a_changed_aggregate_version_or_topic_is_found(field: str, forged: object):
    events, links = _log(), _chain(_log())
    events[4] = events[4]._replace(**{field: forged})
    assert first_disagreement(events, links).position == 5


def test_a_removed_event_is_found_where_it_was():
    events, links = _log(), _chain(_log())
    del events[3]
    found = first_disagreement(events, links)
    assert (found.position, found.reason) == (4, "the chain holds an event the log lacks (removed)")


def test_two_swapped_events_are_found_at_the_first():
    events, links = _log(), _chain(_log())
    events[1], events[2] = events[2]._replace(position=2), events[1]._replace(position=3)
    assert first_disagreement(events, links).position == 2


def test_an_event_slipped_in_is_found_at_its_position():
    events, links = _log(), _chain(_log())
    forged = StoredEvent(7, AGGREGATE, 7, "domain.chats.chat:Chat.Renamed", b"{}")
    found = first_disagreement([*events, forged], links)
    assert (found.position, found.reason) == (7, "an event the chain does not hold (slipped in)")


def test_an_event_changed_with_its_own_link_is_found_at_the_next_link():
    events, links = _log(), _chain(_log())
    events[2] = events[2]._replace(state=b'{"n": 9}')
    links[2] = Link(3, _chain(events)[2].hash)
    assert first_disagreement(events, links).position == 4
