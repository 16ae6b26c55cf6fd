"""The event log adapter against the real library on SQLite: an eventsourcing upgrade that moves the
recorder attributes it reads fails here, not in production."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic

from application.event_log import (
    aggregate_positions,
    chain_link,
    first_unmatched_link,
    last_position,
    postgres_channel,
    postgres_last_position_query,
    read_chained_log,
    read_log,
    sqlite_last_position_query,
    sqlite_log_file,
)
from domain.audit.log_chain import GENESIS, StoredEvent, aggregate_bytes, chained
from infrastructure.chained_recorders import ChainedSQLiteApplicationRecorder


class Note(Aggregate):
    class Written(Aggregate.Created):
        text: str

    @event(Written)
    def __init__(self, *, text: str) -> None:
        self.text = text

    @event("Amended")
    def amend(self, text: str) -> None:
        self.text = text


@pytest.fixture
def notes(tmp_path: Path) -> Application:
    return Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                            "SQLITE_DBNAME": str(tmp_path / "notes.sqlite3")})


@pytest.fixture
def chained_notes(tmp_path: Path) -> Application:
    return Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                            "SQLITE_DBNAME": str(tmp_path / "chained.sqlite3"),
                            "APPLICATION_RECORDER_TOPIC": get_topic(ChainedSQLiteApplicationRecorder)})


def write(notes: Application, count: int) -> None:
    notes.save(*(Note(text=str(n)) for n in range(count)))


def test_an_empty_log_is_at_position_zero(notes: Application) -> None:
    assert last_position(notes) == 0


def test_the_last_position_is_the_number_of_events(notes: Application) -> None:
    write(notes, 3)
    assert last_position(notes) == 3


def test_reading_starts_at_the_position_given_and_keeps_order(notes: Application) -> None:
    write(notes, 4)
    assert [n.id for n in read_log(notes, start=2, limit=10)] == [2, 3, 4]


def test_reading_stops_at_the_limit_or_the_stop_position(notes: Application) -> None:
    write(notes, 4)
    assert [n.id for n in read_log(notes, start=1, limit=2)] == [1, 2]
    assert [n.id for n in read_log(notes, start=2, limit=10, stop=3)] == [2, 3]


def test_a_read_event_carries_its_topic_and_decodes(notes: Application) -> None:
    write(notes, 1)
    (notification,) = read_log(notes, start=1, limit=1)
    assert notification.topic.endswith(":Note.Written")
    assert notes.mapper.to_domain_event(notification).text == "0"


def test_a_connection_of_ones_own_reads_the_last_position(notes: Application) -> None:
    ask = sqlite3.connect(sqlite_log_file(notes))
    assert ask.execute(sqlite_last_position_query(notes)).fetchone() == (None,)
    write(notes, 2)
    assert ask.execute(sqlite_last_position_query(notes)).fetchone() == (2,)
    ask.close()


def test_asking_an_embedded_log_for_postgres_sql_is_refused(notes: Application) -> None:
    with pytest.raises(TypeError, match="not Postgres"):
        postgres_last_position_query(notes)


def test_asking_an_embedded_log_for_its_postgres_channel_is_refused(notes: Application) -> None:
    with pytest.raises(TypeError, match="not Postgres"):
        postgres_channel(notes)


def test_an_aggregates_positions_are_those_of_its_own_events_by_version(notes: Application) -> None:
    note = Note(text="first")
    notes.save(note)
    write(notes, 2)
    note.amend("second")
    notes.save(note)
    assert aggregate_positions(notes, note.id) == [(1, 1), (2, 4)]


def test_the_chained_log_holds_each_event_as_stored_beside_its_link(chained_notes: Application) -> None:
    write(chained_notes, 3)
    stored = [StoredEvent(n.id, n.originator_id, n.originator_version, n.topic, n.state)
              for n in read_log(chained_notes, start=1, limit=10)]
    rows = list(read_chained_log(chained_notes, stop=3))
    assert rows == [(e.position, aggregate_bytes(e.originator_id), e.version, e.topic.encode(), e.state, link.hash)
                    for e, link in zip(stored, chained(GENESIS, stored), strict=True)]


def test_the_chained_log_stops_where_asked_and_every_link_has_its_event(chained_notes: Application) -> None:
    write(chained_notes, 3)
    assert [row[0] for row in read_chained_log(chained_notes, stop=2)] == [1, 2]
    assert first_unmatched_link(chained_notes, stop=3) is None


def test_an_events_link_is_read_by_its_position(chained_notes: Application) -> None:
    write(chained_notes, 2)
    links = [row[-1] for row in read_chained_log(chained_notes, stop=2)]
    assert [chain_link(chained_notes, 1), chain_link(chained_notes, 2), chain_link(chained_notes, 3)] == [*links, None]


def test_asking_a_log_without_a_chain_for_it_is_refused(notes: Application) -> None:
    with pytest.raises(TypeError, match="keeps no chain"):
        read_chained_log(notes, stop=1)
