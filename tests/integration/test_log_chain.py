"""Each context's log carries a hash chain written with its events: ``annals verify`` finds an
event changed, removed, swapped or slipped in with direct SQL, at its position, on both stores."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

from application.audit.verification import verify_log
from application.event_log import sqlite_log_file
from infrastructure.bootstrap import Container, build_container
from infrastructure.settings import Settings
from interfaces.cli.verify import verify_all
from tests.integration.workload import chat_with_replies, sign_up

Execute = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


@pytest.fixture
def busy(container: Container) -> Container:
    owner = sign_up(container, "ann@example.org")
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
    verdict = verify_log("Chats", container.contexts["Chats"])
    return verdict.first_disagreement, verdict.reason


def test_an_untouched_log_is_intact_on_every_context(busy: Container):
    assert all(verify_log(name, app).intact for name, app in busy.contexts.items())
    assert verify_log("Chats", busy.contexts["Chats"]).events == busy.chats.position


def test_a_byte_changed_in_a_stored_event_is_found(busy: Container):
    with _chats_log(busy) as (sql, table, position):
        state = sql(f"SELECT state FROM {table} WHERE {position} = 5", ())[0][0]
        sql(f"UPDATE {table} SET state = ? WHERE {position} = 5", (bytes(state).replace(b"{", b"[", 1),))
    assert _verdict(busy)[0] == 5


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
        assert verify_log("Chats", reopened.contexts["Chats"]).intact
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
