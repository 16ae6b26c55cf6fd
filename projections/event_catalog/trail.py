"""The audit trail read from the event catalogs of every context (``application/audit/trail.py``)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import ColumnElement, Connection, or_, select

from application.audit.trail import Cursor, Entry, TrailFilter, TrailPage, checked_context
from application.event_reading import read_positions
from projections.event_catalog.attribution import Attribution, attributed
from projections.event_catalog.projector import EventCatalog
from projections.event_catalog.queries import matching
from projections.event_catalog.table import CatalogTables
from projections.runtime.settling import Waiter
from projections.runtime.store import ViewReader


class AuditTrail:
    """From where and the facts beside (an address, a refusal's path) are personal data: the catalog
    keeps ids only, and each page reads them from its entries' events, so they are what the log
    says now, ``[erased]`` once their key is gone, as a rebuild of the catalog would agree."""

    def __init__(self, engine: ViewReader, catalogs: Mapping[str, CatalogTables],
                 contexts: Mapping[str, Application]) -> None:
        self._engine = engine
        self._catalogs = {name.lower(): tables for name, tables in catalogs.items()}
        self._contexts = {name.lower(): context for name, context in contexts.items()}

    @property
    def context_names(self) -> list[str]:
        return list(self._catalogs)

    def page(self, query: TrailFilter, after: Mapping[str, int], limit: int,
             upto: Mapping[str, int] | None = None) -> TrailPage:
        checked_context(query, self.context_names)
        names = [query.context.lower()] if query.context else self.context_names
        with self._engine.connect() as conn:
            fetched = {name: self._entries(conn, name, query, after.get(name, 0), limit,
                                           None if upto is None else upto.get(name, 0)) for name in names}
        merged = heapq.merge(*fetched.values(), key=lambda e: (e["timestamp"], e["context"], e["position"]))
        taken = [entry for _, entry in zip(range(limit), merged, strict=False)]
        self._describe(taken)
        cursor: Cursor = dict(after)
        for entry in taken:
            cursor[entry["context"]] = entry["position"]
        more = sum(map(len, fetched.values())) > limit or any(len(rows) == limit for rows in fetched.values())
        return TrailPage(taken, cursor, more)

    def _entries(self, conn: Connection, name: str, query: TrailFilter, after: int, limit: int,
                 upto: int | None) -> list[Entry]:
        tables = self._catalogs[name]
        entries, subjects = tables.entries, tables.subjects
        conditions: list[ColumnElement[bool]] = [entries.c.position > after]
        if upto is not None:
            conditions.append(entries.c.position <= upto)
        if query.person is not None:
            about = select(subjects.c.position).where(subjects.c.user_id == query.person)
            conditions.append(or_(entries.c.actor_id == query.person, entries.c.position.in_(about)))
        conditions += matching(entries, {"aggregate_id": query.resource, "type": query.type}, query.since, query.until)
        rows = [dict(r._mapping) for r in conn.execute(
            select(entries).where(*conditions).order_by(entries.c.position).limit(limit))]
        named = self._subjects(conn, tables, [row["position"] for row in rows])
        return [_entry(name, row, named.get(row["position"], [])) for row in rows]

    def _describe(self, entries: list[Entry]) -> None:
        for name in {entry["context"] for entry in entries}:
            context = self._contexts[name]
            theirs = [entry for entry in entries if entry["context"] == name]
            events = read_positions(context, [entry["position"] for entry in theirs])
            for entry in theirs:
                said = _attribution(context, events[entry["position"]])
                entry["address"], entry["detail"] = said.address, said.detail or {}

    @staticmethod
    def _subjects(conn: Connection, tables: CatalogTables, positions: list[int]) -> dict[int, list[str]]:
        named: dict[int, list[str]] = {}
        if positions:
            subjects = tables.subjects
            for position, user_id in conn.execute(
                    select(subjects.c.position, subjects.c.user_id).where(subjects.c.position.in_(positions))
                    .order_by(subjects.c.position, subjects.c.user_id)):
                named.setdefault(position, []).append(user_id)
        return named


def trail_caught_up(runner: Waiter) -> Callable[[str, int], None]:
    """Waits until the trail holds a context's log up to a position (its catalog only, not every view)."""
    def wait(context: str, position: int) -> None:
        runner.wait(context, position, (EventCatalog.view_of(context),))

    return wait


def _attribution(context: Application, notification: Notification) -> Attribution:
    try:
        return attributed(context.mapper.to_domain_event(notification))
    except Exception as error:  # noqa: BLE001 - a poison event is shown as such, never hides the page
        return Attribution(None, None, {"undecodable": f"{type(error).__name__}: {error}"})


def _entry(context: str, row: dict[str, Any], subjects: list[str]) -> Entry:
    return {"context": context, "position": row["position"], "timestamp": row["timestamp"], "type": row["type"],
            "aggregate_id": row["aggregate_id"], "user_id": row["user_id"], "actor_id": row["actor_id"],
            "subjects": subjects}
