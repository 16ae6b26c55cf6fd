from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import structlog
from eventsourcing.application import Application
from sqlalchemy import select

from application.event_log import read_log
from projections.event_catalog.disclosure import Viewer, disclosed
from projections.event_catalog.table import CatalogTables
from projections.runtime.store import ViewReader

_HIDDEN = {"originator_id", "originator_version", "timestamp"}
log = structlog.get_logger()


class EventFilter(msgspec.Struct, frozen=True, kw_only=True):
    context: str
    aggregate_id: str | None = None
    type: str | None = None
    user_id: str | None = None
    since: float | None = None
    until: float | None = None
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
        conditions = [entries.c.position > query.after]
        for column, value in (("aggregate_id", query.aggregate_id), ("type", query.type),
                              ("user_id", query.user_id)):
            if value is not None:
                conditions.append(entries.c[column] == value)
        if query.since is not None:
            conditions.append(entries.c.timestamp >= query.since)
        if query.until is not None:
            conditions.append(entries.c.timestamp < query.until)
        statement = select(entries).where(*conditions).order_by(entries.c.position).limit(query.limit)
        with self._engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(statement)]
        return self._with_data(query.context, rows, viewer)

    def get_event(self, context: str, position: int, viewer: Viewer) -> dict[str, Any] | None:
        entries = self._catalogs[context].entries
        with self._engine.connect() as conn:
            row = conn.execute(select(entries).where(entries.c.position == position)).first()
        return self._with_data(context, [dict(row._mapping)], viewer)[0] if row else None

    def aggregate_history(self, aggregate_id: str, viewer: Viewer) -> list[dict[str, Any]]:
        history: list[dict[str, Any]] = []
        for context in self._catalogs:
            history += self.list_events(EventFilter(context=context, aggregate_id=aggregate_id, limit=10_000),
                                        viewer)
        return history

    def _with_data(self, context: str, rows: list[dict[str, Any]], viewer: Viewer) -> list[dict[str, Any]]:
        """The page's events read from the log in one range, each shown as the viewer may see it."""
        if not rows:
            return []
        app = self._contexts[context]
        notifications = {n.id: n for first, last in _runs([row["position"] for row in rows])
                         for n in read_log(app, start=first, limit=last - first + 1, stop=last)}
        return [{"context": context, **row,
                 "data": disclosed(context, row["user_id"], self._data(app, notifications[row["position"]]), viewer)}
                for row in rows]

    @staticmethod
    def _data(app: Application, notification: Any) -> dict[str, Any]:
        try:
            event = app.mapper.to_domain_event(notification)
        except Exception as error:  # noqa: BLE001 - a poison event (projections/runtime/faults.py) is shown as such
            log.warning("events.undecodable", position=notification.id, error=repr(error))
            return {"undecodable": f"{type(error).__name__}: {error}"}
        return msgspec.to_builtins({k: v for k, v in vars(event).items() if k not in _HIDDEN})


def _runs(positions: list[int], gap: int = 64) -> list[tuple[int, int]]:
    """Ascending positions as ranges to read, split where the catalog's filter skipped many events."""
    runs = [[positions[0], positions[0]]]
    for position in positions[1:]:
        if position - runs[-1][1] > gap:
            runs.append([position, position])
        else:
            runs[-1][1] = position
    return [(first, last) for first, last in runs]
