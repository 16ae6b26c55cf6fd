"""The read-model database: SQLite in the data directory, or the Postgres of DATABASE_URL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, create_engine, event, text

from infrastructure.connection_budget import Pool
from infrastructure.event_store import DATABASE_CONNECT_TIMEOUT
from infrastructure.settings import Settings

log = structlog.get_logger()
CHECKPOINT_TRIES, CHECKPOINT_PAUSE = 50, 0.1


class SqlViewStore:
    def __init__(self, reader: Engine, writer: Engine, lock_timeout_seconds: float) -> None:
        self.reader = reader
        self.writer = writer
        self._lock_timeout_ms = int(lock_timeout_seconds * 1000)
        self._held: dict[str, threading.Lock] = {}

    def lock_view(self, conn: Connection, view: str) -> None:
        """Waits at most the read-your-writes timeout; then the database raises and we answer 503."""
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SET LOCAL lock_timeout = {self._lock_timeout_ms}"))
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:view))"), {"view": view})
        # SQLite: the writer's BEGIN IMMEDIATE already holds the database's only write lock.

    def try_lock_view(self, conn: Connection, view: str) -> bool:
        if conn.dialect.name != "postgresql":
            return True  # BEGIN IMMEDIATE waited for the database's write lock already
        return bool(conn.execute(text("SELECT pg_try_advisory_xact_lock(hashtext(:view))"),
                                 {"view": view}).scalar())

    @contextmanager
    def exclusively(self, name: str) -> Iterator[None]:
        """A Postgres session advisory lock on a connection of its own (several processes share the
        database); embedded, one process owns the files, so a lock of this process's suffices."""
        if self.writer.dialect.name != "postgresql":
            with self._held.setdefault(name, threading.Lock()):
                yield
            return
        with self.writer.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": name})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})
                conn.commit()

    def compact(self) -> None:
        """SQLite: overwrites of deleted rows (``secure_delete``) reach the database file and the
        write-ahead log is emptied, so no deleted text lingers in either. Postgres: nothing (a dump
        holds no deleted row; vacuum reclaims them in time)."""
        if self.writer.dialect.name == "postgresql":
            return
        connection = self.writer.raw_connection()  # outside a transaction, where a checkpoint can run
        try:
            for _ in range(CHECKPOINT_TRIES):
                busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    return
                time.sleep(CHECKPOINT_PAUSE)  # a reader still on an older snapshot: it soon ends
            log.warning("views.wal_not_truncated", tries=CHECKPOINT_TRIES)
        finally:
            connection.close()

    def dispose(self) -> None:
        self.reader.dispose()
        self.writer.dispose()


def create_view_store(settings: Settings, pool: Pool) -> SqlViewStore:
    """``pool``: the views' share of the process's connections to Postgres."""
    if settings.database_url:
        url = sqlalchemy_url(settings.database_url)
        engine = create_engine(url, pool_size=pool.size, max_overflow=pool.overflow, pool_pre_ping=True,
                               pool_timeout=DATABASE_CONNECT_TIMEOUT, hide_parameters=HIDE_PARAMETERS,
                               connect_args={"connect_timeout": DATABASE_CONNECT_TIMEOUT})
        return SqlViewStore(reader=engine, writer=engine, lock_timeout_seconds=settings.read_your_writes_timeout)
    path = Path(settings.data_dir) / "views.sqlite3"
    timeout = settings.read_your_writes_timeout
    return SqlViewStore(reader=_sqlite(path, immediate=False, timeout=timeout),
                        writer=_sqlite(path, immediate=True, timeout=timeout), lock_timeout_seconds=timeout)


def sqlalchemy_url(database_url: str) -> str:
    _, rest = database_url.split("://", 1)
    return f"postgresql+psycopg://{rest}"


HIDE_PARAMETERS = True
"""A failed statement's error leaves out the values it was given: its text ends up in logs (a
projector's fault), and those values are people's texts, which a log line would outlive."""
CACHE_KIB = 32 * 1024
MMAP_BYTES = 256 * 1024 * 1024


def _sqlite(path: Path, *, immediate: bool, timeout: float) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": timeout, "check_same_thread": False},
                           pool_size=8, max_overflow=16, hide_parameters=HIDE_PARAMETERS)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        dbapi_connection.execute("PRAGMA secure_delete=ON")  # a deleted row's bytes are overwritten
        # SQLite's default page cache is 2 MB per connection, smaller than one long chat's messages:
        # every open re-read them through the OS. Memory-mapped reads and a bigger cache avoid that.
        dbapi_connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        dbapi_connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if immediate:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # may wait for the lock, and fail as SQLAlchemy's error
        else:
            # A deferred BEGIN takes no lock and cannot fail: sent straight to the driver, without
            # SQLAlchemy's execution around it, it costs a sixth less of a one-row read (``access_of``).
            conn.connection.cursor().execute("BEGIN")

    return engine
