"""eventsourcing's Postgres persistence, failing fast while the database is unreachable.

The library's recorder methods try ten times (``@retry(..., max_attempts=10)``), and each try
waits for a connection for the pool's whole timeout: with the database gone, every sign-in took
52 s to fail. Retrying is right for a connection that broke under one query, or a pool emptied
by a burst; it is wrong for a database that is not there. So when a try finds no connection in
time, one fresh connection is attempted at once: if that fails too, the database is away, and
calls of this context fail at once (without the retries) for a moment, then one tries again. If
it answers, the pool was only busy, and the call asks the pool again for a while.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import psycopg
import psycopg_pool
import sqlalchemy.exc
import structlog
from eventsourcing import persistence
from eventsourcing.postgres import PostgresDatastore, PostgresFactory

log = structlog.get_logger()

PROBE_TIMEOUT = 2
"""Seconds the fresh connection that tells "away" from "busy" may take."""
AWAY_SECONDS = 3.0
"""How long calls fail at once once the database was found away; then one tries again."""
FULL = ("too many clients", "connection slots are reserved")
"""How Postgres refuses a connection when it has no slot left (SQLSTATE 53300, which psycopg does
not carry for a refused connection): the server is there, only full."""
FIRST_CONNECTION_SECONDS = 15.0
"""How long a context's first use keeps asking its pool for a connection. The pool opens its first
ones in the background, and one ask waits ``POSTGRES_CONNECT_TIMEOUT`` (2 s): on a busy machine
they took longer, and ``annals rebuild`` (or a server starting) failed at once with "couldn't get a
connection after 2.00 sec" while Postgres was there. (Not the pool's own ``wait()``: two threads
waiting at once trip its assertion, and a timeout closes the pool for good.)"""
BUSY_SECONDS = 15.0
"""How long a later use keeps asking for a pooled connection while the database answers (the pool
is busy, Postgres is full, or its new connections are slow to open). One ask waits 2 s: the
library's recorder methods ask ten times, but the statements of our own recorders (keys, the
chain, the log's reads) asked once, and on a busy machine one failed a test's set-up with
"couldn't get a connection after 2.00 sec" while Postgres was there."""


class DatabaseAway(persistence.PersistenceError):
    """Postgres could not be reached a moment ago. Not an ``OperationalError``, which the library
    would try nine times more."""


DATABASE_DOWN: tuple[type[Exception], ...] = (
    DatabaseAway, persistence.OperationalError, persistence.InterfaceError, psycopg.OperationalError,
    psycopg.InterfaceError, sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError)
"""What the event store, the views' engine and our own connections raise when the database cannot
be reached, is full, or made us wait too long (SQLite's locks included)."""


class FailFastDatastore(PostgresDatastore):
    """Set on the library's datastore by ``FailFastPostgresFactory`` (its constructor stays the
    library's, with every setting read from the environment as before)."""

    _away_until: float
    _probing: threading.Lock
    _first_connection: threading.Lock
    _connected_once: bool

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        if self._known_away():
            raise DatabaseAway("the database could not be reached a moment ago")
        if not self._connected_once:
            self._connect_first()
        with ExitStack() as held:
            yield self._pooled(held)

    def _pooled(self, held: ExitStack) -> Any:
        """A connection from the pool, held until ``held`` closes; asked for again while the pool
        is only busy, until ``BUSY_SECONDS`` have passed."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                return held.enter_context(super().get_connection())
            except persistence.OperationalError as error:
                if not isinstance(error.__cause__, psycopg_pool.PoolTimeout):
                    raise
                if self._away():
                    raise DatabaseAway("the database cannot be reached") from error
                if time.monotonic() > deadline:
                    raise

    def _known_away(self) -> bool:
        return time.monotonic() < self._away_until

    def _connect_first(self) -> None:
        """The first connection, asked for until ``FIRST_CONNECTION_SECONDS`` have passed, by one
        thread (the others wait for it); a database that is not there fails as it would later."""
        with self._first_connection:
            deadline = time.monotonic() + FIRST_CONNECTION_SECONDS
            while not self._connected_once:
                try:
                    with super().get_connection():
                        self._connected_once = True
                except persistence.OperationalError as error:
                    if not isinstance(error.__cause__, psycopg_pool.PoolTimeout) or time.monotonic() > deadline:
                        raise

    def _away(self) -> bool:
        """Whether a fresh connection fails too (then calls fail at once for ``AWAY_SECONDS``); while
        another thread is finding out, what was last found."""
        if not self._probing.acquire(blocking=False):
            return self._known_away()
        try:
            kwargs = self.pool.kwargs
            assert isinstance(kwargs, dict), "the library's datastore passes its pool a dict"
            with psycopg.connect(dbname=kwargs["dbname"], host=kwargs["host"], port=kwargs["port"],
                                 user=kwargs["user"], password=kwargs["password"], connect_timeout=PROBE_TIMEOUT):
                return False  # it answers: the pool was only busy
        except psycopg.Error as error:
            if any(words in str(error) for words in FULL):
                return False  # it answers, and is full: busy, and worth the library's retries
            log.warning("database.away", error=repr(error))
            self._away_until = time.monotonic() + AWAY_SECONDS
            return True
        finally:
            self._probing.release()


class FailFastPostgresFactory(PostgresFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.datastore.__class__ = FailFastDatastore
        self.datastore._first_connection = threading.Lock()  # type: ignore[attr-defined]
        self.datastore._connected_once = False  # type: ignore[attr-defined]
        self.datastore._away_until = 0.0  # type: ignore[attr-defined]
        self.datastore._probing = threading.Lock()  # type: ignore[attr-defined]
