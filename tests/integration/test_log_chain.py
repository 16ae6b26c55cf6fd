"""Each context's log carries a hash chain written with its events: ``annals verify`` finds an
event changed, removed, swapped or slipped in with direct SQL, at its position, on both stores."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from application.audit.checkpoints import sign_due_checkpoints
from application.audit.verification import verify_log
from application.event_log import sqlite_log_file
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from interfaces.cli.verify import verify_all
from tests.integration.workload import chat_with_replies, sign_up

Execute = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


@pytest.fixture
def owner(container: Container) -> UUID:
    return sign_up(container, "ann@example.org")


@pytest.fixture
def busy(container: Container, owner: UUID) -> Container:
    for _ in range(3):
        chat_with_replies(container, owner, replies=2)
    return container


@contextmanager
def _chats_log(container: Container) -> Iterator[tuple[Execute, str, str]]:
    """SQL on the chats log as someone with the database's keys would write it: an executor, the
    events table and its position column."""
    chats = container.contexts["Chats"]
    if container.settings.database_url is None:
        with sqlite3.connect(sqlite_log_file(chats)) as conn:
            yield (lambda sql, params=(): conn.execute(sql, params).fetchall()), "stored_events", "rowid"
        return
    with psycopg.connect(container.settings.database_url, autocommit=True) as conn:
        yield (lambda sql, params=(): _rows(conn.execute(sql.replace("?", "%s"), params))), "chats_events", \
            "notification_id"


def _rows(cursor: psycopg.Cursor[Any]) -> list[tuple[Any, ...]]:
    return cursor.fetchall() if cursor.description else []


def _verdict(container: Container) -> tuple[int | None, str | None]:
    verdict = verify_log("Chats", container.contexts["Chats"], container.audit_key)
    return verdict.first_disagreement, verdict.reason


def test_an_untouched_log_is_intact_on_every_context(busy: Container):
    assert all(verify_log(name, app, busy.audit_key).intact for name, app in busy.contexts.items())
    assert verify_log("Chats", busy.contexts["Chats"], busy.audit_key).events == busy.chats.position


def test_a_byte_changed_in_a_stored_event_is_found(busy: Container):
    with _chats_log(busy) as (sql, table, position):
        state = sql(f"SELECT state FROM {table} WHERE {position} = 5", ())[0][0]
        sql(f"UPDATE {table} SET state = ? WHERE {position} = 5", (bytes(state).replace(b"{", b"[", 1),))
    assert _verdict(busy)[0] == 5


def test_a_column_emptied_by_hand_is_found_not_fatal(busy: Container):
    with _chats_log(busy) as (sql, table, position):
        sql(f"UPDATE {table} SET state = NULL, topic = NULL WHERE {position} = 5", ())
    assert _verdict(busy) == (5, "the event or its link was changed")


def test_a_removed_event_is_found(busy: Container):
    with _chats_log(busy) as (sql, table, position):
        sql(f"DELETE FROM {table} WHERE {position} = 7", ())
    assert _verdict(busy) == (7, "the chain holds an event the log lacks (removed)")


def test_two_swapped_events_are_found(busy: Container):
    with _chats_log(busy) as (sql, table, position):
        (three,), (four,) = sql(f"SELECT state FROM {table} WHERE {position} IN (3, 4) ORDER BY {position}", ())
        sql(f"UPDATE {table} SET state = ? WHERE {position} = 3", (four,))
        sql(f"UPDATE {table} SET state = ? WHERE {position} = 4", (three,))
    assert _verdict(busy)[0] == 3


def test_an_event_slipped_in_is_found(busy: Container):
    last = busy.chats.position
    with _chats_log(busy) as (sql, table, position):
        sql(f"INSERT INTO {table} ({position}, originator_id, originator_version, topic, state) "
            f"SELECT {last + 1}, originator_id, originator_version + 1000, topic, state FROM {table} "
            f"WHERE {position} = 2", ())
    assert _verdict(busy) == (last + 1, "an event the chain does not hold (slipped in)")


def test_an_event_changed_with_its_link_is_found_at_the_next_link(busy: Container):
    with _chats_log(busy) as (sql, table, position):
        (other,) = sql(f"SELECT state FROM {table} WHERE {position} = 6", ())[0]
        sql(f"UPDATE {table} SET state = ? WHERE {position} = 5", (other,))
        sql(f"UPDATE {table}_chain SET hash = (SELECT hash FROM {table}_chain WHERE position = 6) "
            "WHERE position = 5", ())
    assert _verdict(busy)[0] in (5, 6)


def test_a_log_kept_before_the_chain_existed_is_chained_when_first_opened(busy: Container, settings: Settings):
    with _chats_log(busy) as (sql, table, _):
        sql(f"DELETE FROM {table}_chain", ())
    assert _verdict(busy)[0] == 1
    reopened = build_container(settings, role="cli")
    try:
        assert verify_log("Chats", reopened.contexts["Chats"], reopened.audit_key).intact
    finally:
        reopened.close()


def test_annals_verify_exits_1_naming_the_tampered_position(busy: Container, settings: Settings,
                                                            capsys: pytest.CaptureFixture[str]):
    assert verify_all(settings) == 0
    with _chats_log(busy) as (sql, table, position):
        sql(f"DELETE FROM {table} WHERE {position} = 4", ())
    capsys.readouterr()
    assert verify_all(settings) == 1
    printed = capsys.readouterr().out
    assert "Chats: " in printed and "TAMPERED at position 4" in printed and "Identity: " in printed


def test_the_last_event_changed_with_its_link_is_found_at_its_signed_checkpoint(busy: Container):
    last = busy.chats.position
    assert ("Chats", last) in [(name, c.position) for name, c in sign_due_checkpoints(busy.contexts, busy.audit_key)]
    with _chats_log(busy) as (sql, table, position):
        (other,) = sql(f"SELECT state FROM {table} WHERE {position} = 2", ())[0]
        sql(f"UPDATE {table} SET state = ? WHERE {position} = {last}", (other,))
    forged_chain = verify_log("Chats", busy.contexts["Chats"], busy.audit_key)
    with _chats_log(busy) as (sql, table, position):  # the link recomputed, as the editor would
        sql(f"DELETE FROM {table}_chain WHERE position = {last}", ())
    reopened_like = busy.contexts["Chats"].recorder
    reopened_like.create_table()  # chains what has no link, as a restart would
    assert forged_chain.first_disagreement == last
    assert _verdict(busy) == (last, "the log disagrees with a signed checkpoint")


def test_a_checkpoint_signed_with_another_key_is_found(busy: Container):
    [(_, checkpoint)] = [s for s in sign_due_checkpoints(busy.contexts, busy.audit_key) if s[0] == "Chats"]
    with _chats_log(busy) as (sql, table, _):
        sql(f"UPDATE {table}_checkpoints SET signature = ? WHERE position = {checkpoint.position}",
            (bytes(64),))
    assert _verdict(busy) == (checkpoint.position, "a checkpoint whose signature does not hold (forged)")


def test_events_removed_from_the_end_with_their_links_are_found_at_the_checkpoint(busy: Container):
    last = busy.chats.position
    sign_due_checkpoints(busy.contexts, busy.audit_key)
    with _chats_log(busy) as (sql, table, position):
        sql(f"DELETE FROM {table} WHERE {position} >= {last - 1}", ())
        sql(f"DELETE FROM {table}_chain WHERE position >= {last - 1}", ())
    assert _verdict(busy) == (last, "the log lacks the position of a signed checkpoint (removed)")


def test_checkpoints_come_every_thousand_events_or_minute(busy: Container, owner: UUID):
    first = sign_due_checkpoints(busy.contexts, busy.audit_key, now=1000.0)
    assert {name for name, _ in first} >= {"Chats", "Identity"}
    chat_with_replies(busy, owner, replies=1)
    assert sign_due_checkpoints(busy.contexts, busy.audit_key, now=1030.0) == []
    assert [name for name, _ in sign_due_checkpoints(busy.contexts, busy.audit_key, now=1061.0)] == ["Chats"]


def _commit(container: Container, aggregate: UUID, versions: range) -> None:
    container.contexts["Chats"].recorder.insert_events(
        [StoredEvent(originator_id=aggregate, originator_version=v, topic="tests:Written", state=b'{"n": 1}')
         for v in versions])


def test_writers_in_parallel_keep_one_chain(busy: Container):
    def write(_: int) -> None:
        aggregate = uuid.uuid4()
        for first in range(1, 40, 3):
            _commit(busy, aggregate, range(first, first + 3))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    verdict = verify_log("Chats", busy.contexts["Chats"], busy.audit_key)
    assert verdict.intact and verdict.events == busy.contexts["Chats"].recorder.max_notification_id()


def test_a_refused_insert_leaves_a_gap_the_chain_passes_over(busy: Container):
    aggregate = uuid.uuid4()
    _commit(busy, aggregate, range(1, 3))
    with pytest.raises(IntegrityError):
        _commit(busy, aggregate, range(2, 4))  # on Postgres, positions taken and never committed
    _commit(busy, aggregate, range(3, 5))
    assert verify_log("Chats", busy.contexts["Chats"], busy.audit_key).intact
