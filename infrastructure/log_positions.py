"""Reading every context's log position on the event loop itself, without a worker thread.

Embedded, each context's events are a local SQLite file: asking it for its last row id takes
tens of microseconds, less than handing the question to a thread. On Postgres one query asks
every context's table at once, on an async connection, so the loop never blocks on it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Mapping

import psycopg
from psycopg import AsyncConnection, sql

from application.context import BoundedContext
from application.event_log import postgres_last_position_query, sqlite_last_position_query, sqlite_log_file
from infrastructure.event_store import DATABASE_CONNECT_TIMEOUT


class SqliteLogPositions:
    def __init__(self, contexts: Mapping[str, BoundedContext]) -> None:
        self._asks = {name: (sqlite3.connect(sqlite_log_file(context), check_same_thread=False),
                             sqlite_last_position_query(context))
                      for name, context in contexts.items()}

    async def read(self) -> Mapping[str, int]:
        return {name: connection.execute(statement).fetchone()[0] or 0
                for name, (connection, statement) in self._asks.items()}

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        for connection, _ in self._asks.values():
            connection.close()


class PostgresLogPositions:
    """One connection of its own, opened when the server starts, asks every context's table at once.

    A pool's checkout and return cost more than the question itself (~0.35 ms against ~0.2 ms).
    Requests that arrive while a question is on its way wait for the next one and share its
    answer: that question was asked after they began, so it includes every commit made before
    them, and a burst of requests costs two questions, not one each. A broken connection is
    opened anew once before the read fails.
    """

    def __init__(self, database_url: str, contexts: Mapping[str, BoundedContext]) -> None:
        self._database_url = database_url
        self._names = list(contexts)
        self._query = sql.SQL("SELECT {}").format(sql.SQL(", ").join(
            sql.SQL("({})").format(postgres_last_position_query(context)) for context in contexts.values()))
        self._connection: AsyncConnection[tuple[int | None, ...]] | None = None
        self._asking = asyncio.Lock()
        self._asked = 0
        """How many questions have been put to the database so far."""
        self._answer: tuple[int, Mapping[str, int]] = (0, {})
        """The last answer, with the number of the question it answers."""

    async def read(self) -> Mapping[str, int]:
        arrived_after = self._asked
        async with self._asking:
            asked, positions = self._answer
            if asked > arrived_after:
                return positions
            self._asked += 1
            positions = await self._ask()
            self._answer = (self._asked, positions)
            return positions

    async def _ask(self) -> Mapping[str, int]:
        try:
            row = await self._fetch()
        except psycopg.OperationalError:
            await self.close()
            row = await self._fetch()
        return {name: position or 0 for name, position in zip(self._names, row, strict=True)}

    async def _fetch(self) -> tuple[int | None, ...]:
        if self._connection is None or self._connection.closed:
            await self.start()
        assert self._connection is not None
        row = await (await self._connection.execute(self._query)).fetchone()
        assert row is not None
        return row

    async def start(self) -> None:
        self._connection = await AsyncConnection.connect(self._database_url, autocommit=True,
                                                         connect_timeout=DATABASE_CONNECT_TIMEOUT)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
