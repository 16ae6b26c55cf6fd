"""The port the projection runtime needs from a relational database (SQLite or Postgres)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import Column, Connection, Dialect, Engine, Integer, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite


class ViewReader(Protocol):
    """What the queries of a view read through: the engine, or one that first settles the request's
    own writes (``settling.SettledReader``)."""

    @property
    def dialect(self) -> Dialect: ...

    def connect(self) -> Connection: ...


class ViewStore(Protocol):
    reader: Engine
    writer: Engine
    """Transactions on ``writer`` hold the database's write lock from their first statement (SQLite)."""

    def lock_view(self, conn: Connection, view: str) -> None:
        """Hold an exclusive lock on ``view`` until ``conn``'s transaction ends."""

    def try_lock_view(self, conn: Connection, view: str) -> bool:
        """Take that lock if nobody holds it; say whether we did."""

    def exclusively(self, name: str) -> AbstractContextManager[None]:
        """Hold ``name`` against every other process and thread for longer than a transaction
        (a rebuild's many), waiting for whoever holds it."""

    def compact(self) -> None:
        """Leave no byte of a deleted row in the database's files."""


TRACKING = Table(
    "projection_tracking",
    MetaData(),
    Column("view", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
)


SCHEMAS = Table(
    "projection_schemas",
    MetaData(),
    Column("view", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)


def replays_key(tracked_as: str) -> str:
    """Under ``TRACKING``, beside a view's position: how many replays of some of its aggregates it
    has had (``forgetting.py``). A reader that holds rows between reads compares it, since a
    replayed row keeps the revision it had."""
    return tracked_as + ":replayed"


def tracked_position(conn: Connection, view: str) -> int:
    return conn.execute(select(TRACKING.c.position).where(TRACKING.c.view == view)).scalar() or 0


def track(conn: Connection, view: str, position: int) -> None:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(TRACKING).values(view=view, position=position)
    conn.execute(statement.on_conflict_do_update(index_elements=[TRACKING.c.view],
                                                 set_={"position": position}))


def forget(conn: Connection, view: str) -> None:
    conn.execute(TRACKING.delete().where(TRACKING.c.view == view))
