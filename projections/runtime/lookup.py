"""One row of a view by its key, read the cheapest way: what the authorisation service asks of a
view on every request (``access_of``), where the statement's own cost is most of the decision's.

The statement is built once: building ``select(...).where(column == value)`` each call, and
computing its cache key, cost more than SQLite's lookup itself; a built statement keeps its key,
so the engine finds its compiled SQL at once. On Postgres the connection reads outside a
transaction: one statement reads one snapshot either way, and that saves the ``BEGIN`` and
``ROLLBACK`` round trips, two of a decision's four (the pool's ping on checkout stays). Nothing is
kept of the rows: the next write is seen by the next read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, bindparam, select

from projections.runtime.store import ViewReader

KEY = "key"


class KeyedLookup:
    def __init__(self, reader: ViewReader, *columns: ColumnElement[Any], key: ColumnElement[Any]) -> None:
        self._reader = reader
        self._statement = select(*columns).where(key == bindparam(KEY))
        self._options = {"isolation_level": "AUTOCOMMIT"} if reader.dialect.name == "postgresql" else {}

    def row(self, key: str) -> Row[Any] | None:
        with self._reader.connect().execution_options(**self._options) as conn:
            return conn.execute(self._statement, {KEY: key}).first()
