"""Reading every context's log position on the event loop itself, without a worker thread.

Embedded, each context's events are a local SQLite file: asking it for its last row id takes
tens of microseconds, less than handing the question to a thread. On Postgres one query asks
every context's table at once, over psycopg's async pool, so the loop never blocks on it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from application.context import BoundedContext


class SqliteLogPositions:
    def __init__(self, contexts: Mapping[str, BoundedContext]) -> None:
        self._asks = {name: (sqlite3.connect(context.recorder.datastore.pool.db_name, check_same_thread=False),
                             context.recorder.select_max_notification_id_statement)
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
    def __init__(self, database_url: str, contexts: Mapping[str, BoundedContext]) -> None:
        self._names = list(contexts)
        self._query = sql.SQL("SELECT {}").format(sql.SQL(", ").join(
            sql.SQL("({})").format(context.recorder.max_notification_id_statement) for context in contexts.values()))
        self._pool = AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False,
                                         kwargs={"autocommit": True})

    async def read(self) -> Mapping[str, int]:
        async with self._pool.connection() as connection:
            row = await (await connection.execute(self._query)).fetchone()
        assert row is not None
        return {name: position or 0 for name, position in zip(self._names, row, strict=True)}

    async def start(self) -> None:
        await self._pool.open(wait=True)

    async def close(self) -> None:
        await self._pool.close()
