from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import takewhile
from typing import Any

import msgspec
from eventsourcing.application import Application
from sqlalchemy import Column, ColumnElement, Table, func, or_, select

from application.event_reading import event_data, read_positions
from projections.event_catalog.disclosure import Viewer, disclosed
from projections.event_catalog.table import CatalogTables
from projections.runtime.store import ViewReader


class EventFilter(msgspec.Struct, frozen=True, kw_only=True):
    context: str
    aggregate_id: str | None = None
    type: str | None = None
    user_id: str | None = None
    since: float | None = None
    until: float | None = None
    text: str | None = None
    """Words each of which the event's type, ids or public fields contain (``terms.py``)."""
    after: int = 0
    limit: int = 100


class EventQueries:
    """The admin's view of the log: the catalog finds events, the event store supplies their data."""

    def __init__(self, engine: ViewReader, catalogs: Mapping[str, CatalogTables],
                 contexts: Mapping[str, Application]) -> None:
        self._engine = engine
        self._catalogs = {name.lower(): tables for name, tables in catalogs.items()}
        self._contexts = {name.lower(): app for name, app in contexts.items()}

    @property
    def context_names(self) -> list[str]:
        return list(self._catalogs)

    def list_events(self, query: EventFilter, viewer: Viewer) -> list[dict[str, Any]]:
        entries = self._catalogs[query.context].entries
        conditions = [entries.c.position > query.after, *matching(
            entries, {"aggregate_id": query.aggregate_id, "type": query.type, "user_id": query.user_id},
            query.since, query.until), *containing(entries, query.text)]
        statement = select(*_indexed(entries)).where(*conditions).order_by(entries.c.position).limit(query.limit)
        with self._engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(statement)]
        return self._with_data(query.context, rows, viewer)

    def get_event(self, context: str, position: int, viewer: Viewer) -> dict[str, Any] | None:
        entries = self._catalogs[context].entries
        with self._engine.connect() as conn:
            row = conn.execute(select(*_indexed(entries)).where(entries.c.position == position)).first()
        return self._with_data(context, [dict(row._mapping)], viewer)[0] if row else None

    def latest(self, context: str, types: Sequence[str], limit: int, viewer: Viewer) -> list[dict[str, Any]]:
        """The last ``limit`` events of ``types`` in a context's log, newest first."""
        entries = self._catalogs[context].entries
        statement = (select(*_indexed(entries)).where(entries.c.type.in_(list(types)))
                     .order_by(entries.c.position.desc()).limit(limit))
        with self._engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(statement)]
        return self._with_data(context, rows, viewer)

    def latest_of_each(self, context: str, types: Sequence[str], viewer: Viewer) -> list[dict[str, Any]]:
        """Per aggregate with events of ``types``, the newest of them (a person's last hold placed or
        lifted), newest first."""
        entries = self._catalogs[context].entries
        newest = (select(func.max(entries.c.position)).where(entries.c.type.in_(list(types)))
                  .group_by(entries.c.aggregate_id))
        statement = (select(*_indexed(entries)).where(entries.c.position.in_(newest))
                     .order_by(entries.c.position.desc()))
        with self._engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(statement)]
        return self._with_data(context, rows, viewer)

    def aggregate_history(self, aggregate_id: str, viewer: Viewer) -> list[dict[str, Any]]:
        history: list[dict[str, Any]] = []
        for context in self._catalogs:
            history += self.list_events(EventFilter(context=context, aggregate_id=aggregate_id, limit=10_000),
                                        viewer)
        return history

    def older_records(self, context: str, types: Sequence[str], after: int, before: float,
                      limit: int) -> list[tuple[int, str]]:
        """(position, aggregate id) of the events of ``types`` after position ``after``, in log order,
        as far as each is older than ``before``: the first younger one ends the list, so that a caller
        that resumes after the last returned misses none."""
        entries = self._catalogs[context.lower()].entries
        statement = (select(entries.c.position, entries.c.aggregate_id, entries.c.timestamp)
                     .where(entries.c.position > after, entries.c.type.in_(list(types)))
                     .order_by(entries.c.position).limit(limit))
        with self._engine.connect() as conn:
            rows = list(conn.execute(statement))
        older = list(takewhile(lambda row: row.timestamp < before, rows))
        return [(row.position, row.aggregate_id) for row in older]

    def _with_data(self, context: str, rows: list[dict[str, Any]], viewer: Viewer) -> list[dict[str, Any]]:
        """The page's events read from the log in one range, each shown as the viewer may see it."""
        app = self._contexts[context]
        notifications = read_positions(app, sorted(row["position"] for row in rows))
        return [{"context": context, **row,
                 "data": disclosed(context, row["user_id"], event_data(app, notifications[row["position"]]), viewer)}
                for row in rows]


def _indexed(entries: Table) -> list[Column[Any]]:
    """What the event API shows of a catalog entry beside the event's data (the audit trail shows
    the rest: who acted, from where)."""
    return [entries.c[name] for name in ("position", "aggregate_id", "aggregate_version", "type", "user_id",
                                         "timestamp")]


def matching(entries: Table, equal: dict[str, str | None], since: float | None,
             until: float | None) -> list[ColumnElement[bool]]:
    """Catalog entries whose columns equal what ``equal`` names (None: any), within a time window."""
    conditions = [entries.c[column] == value for column, value in equal.items() if value is not None]
    if since is not None:
        conditions.append(entries.c.timestamp >= since)
    if until is not None:
        conditions.append(entries.c.timestamp < until)
    return conditions


def containing(entries: Table, text: str | None) -> list[ColumnElement[bool]]:
    """Entries in which every word of ``text`` is part of the type, an id or a public field's
    ``name:value`` (case aside). A scan in log order that stops at a page's worth: quick for what
    is common, up to a pass over the context's catalog for what is rare."""
    searched = [func.lower(entries.c[column]) if column == "type" else entries.c[column]
                for column in ("type", "aggregate_id", "user_id", "actor_id", "terms")]
    return [or_(*(column.contains(word, autoescape=True) for column in searched))
            for word in (text or "").lower().split()]
