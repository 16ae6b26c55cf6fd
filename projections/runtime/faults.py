"""Events a view could not apply: recorded beside its tracking, so that one poison event costs
that view one event, not the whole workspace.

A fault names the view, the event (position, topic, aggregate) and the error. The view goes on
past it; rebuilding the view (``annals rebuild``, the admin's retry, or the start of a process
after an upgrade) applies the event again in order, and the fault goes if it applies this time.
"""

from __future__ import annotations

import time
from typing import Any

from eventsourcing.persistence import PersistenceError
from sqlalchemy import (
    Column,
    Connection,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

ERROR_CHARACTERS = 2000

FAULTS = Table(
    "projection_faults",
    MetaData(),
    Column("view", String(200), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("topic", String(300), nullable=False),
    Column("originator_id", String(64), nullable=False),
    Column("error", Text, nullable=False),
    Column("recorded_at", Float, nullable=False),
)


TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "40", "53", "55", "57", "58", "XX"})
"""Postgres: connection, rollback (deadlock, serialisation), resources, lock not available,
operator intervention (timeouts, shutdown), system and internal errors. The others (data
exceptions, constraint violations, program limits such as an index row too long) are the event's."""
TRANSIENT_SQLITE_CODES = frozenset({5, 6, 7, 10, 11, 13, 14, 15})
"""SQLite: busy, locked, out of memory, I/O error, corrupt, full, cannot open, protocol."""


def is_transient(error: BaseException) -> bool:
    """The database or its connection failed, not the event: stop, and try the page again later
    (recording a fault would skip an event that applies once the database is back)."""
    if isinstance(error, InterfaceError | DisconnectionError | PoolTimeoutError | PersistenceError | MemoryError):
        return True  # (the event store's own errors: reading the log failed, not applying an event)
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if sqlstate := getattr(error.orig, "sqlstate", None):
        return str(sqlstate)[:2] in TRANSIENT_SQLSTATE_CLASSES
    if (code := getattr(error.orig, "sqlite_errorcode", None)) is not None:
        return code & 0xFF in TRANSIENT_SQLITE_CODES
    return isinstance(error, OperationalError)


def record_fault(conn: Connection, view: str, position: int, topic: str, originator_id: str,
                 error: BaseException) -> None:
    described = f"{type(error).__name__}: {error}"[:ERROR_CHARACTERS]
    conn.execute(FAULTS.delete().where(FAULTS.c.view == view, FAULTS.c.position == position))
    conn.execute(FAULTS.insert().values(view=view, position=position, topic=topic[:300],
                                        originator_id=originator_id[:64], error=described,
                                        recorded_at=time.time()))


def faults(conn: Connection, view: str | None = None) -> list[dict[str, Any]]:
    query = select(FAULTS).order_by(FAULTS.c.view, FAULTS.c.position)
    if view is not None:
        query = query.where(FAULTS.c.view == view)
    return [dict(row._mapping) for row in conn.execute(query)]


def faulted_views(conn: Connection) -> list[str]:
    return list(conn.execute(select(FAULTS.c.view).distinct().order_by(FAULTS.c.view)).scalars())


def clear_faults(conn: Connection, view: str) -> None:
    conn.execute(FAULTS.delete().where(FAULTS.c.view == view))


def adopt_faults(conn: Connection, view: str, staged: str) -> None:
    """A rebuild's staged view becomes the live one: so do the faults its replay met."""
    clear_faults(conn, view)
    conn.execute(update(FAULTS).where(FAULTS.c.view == staged).values(view=view))
