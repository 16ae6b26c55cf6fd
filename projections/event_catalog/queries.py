from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from eventsourcing.application import Application
from sqlalchemy import Engine, select

from projections.event_catalog.table import CatalogTables

_HIDDEN = {"originator_id", "originator_version", "timestamp"}
_SECRET_FIELDS = {"password_hash"}


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

    def __init__(self, engine: Engine, catalogs: Mapping[str, CatalogTables],
                 contexts: Mapping[str, Application]) -> None:
        self._engine = engine
        self._catalogs = {name.lower(): tables for name, tables in catalogs.items()}
        self._contexts = {name.lower(): app for name, app in contexts.items()}

    @property
    def context_names(self) -> list[str]:
        return list(self._catalogs)

    def list_events(self, query: EventFilter) -> list[dict[str, Any]]:
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
        return [self._with_data(query.context, row) for row in rows]

    def get_event(self, context: str, position: int) -> dict[str, Any] | None:
        entries = self._catalogs[context].entries
        with self._engine.connect() as conn:
            row = conn.execute(select(entries).where(entries.c.position == position)).first()
        return self._with_data(context, dict(row._mapping)) if row else None

    def aggregate_history(self, aggregate_id: str) -> list[dict[str, Any]]:
        history: list[dict[str, Any]] = []
        for context in self._catalogs:
            history += self.list_events(EventFilter(context=context, aggregate_id=aggregate_id, limit=10_000))
        return history

    def _with_data(self, context: str, row: dict[str, Any]) -> dict[str, Any]:
        app = self._contexts[context]
        notification = app.recorder.select_notifications(start=row["position"], limit=1)[0]
        event = app.mapper.to_domain_event(notification)
        data = {k: ("[redacted]" if k in _SECRET_FIELDS else v)
                for k, v in vars(event).items() if k not in _HIDDEN}
        return {"context": context, **row, "data": msgspec.to_builtins(data)}
