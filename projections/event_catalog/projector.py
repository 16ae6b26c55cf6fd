from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.identity.user import User
from projections.event_catalog.attribution import attributed
from projections.event_catalog.table import CatalogTables, define_catalog_tables
from projections.event_catalog.terms import search_terms
from projections.runtime.projector import Change, Projector

LIVE_TOPIC = "events"
_OWNER_FIELDS = ("owner_id", "user_id", "primary_admin_id")


def event_type(event: Any) -> str:
    """``Chat.MessageAppended``: the aggregate's class and the event's name."""
    return type(event).__qualname__


class EventCatalog(Projector):
    """An index over one context's log (who, what, when, from where) for the admin event API, the
    live feed and the audit trail.

    Each event is attributed to the person it concerns: the account for identity events, the
    owner for everything else, remembered from the latest event that names one; and to who acted
    and from where, when the event says (``attribution.py``).
    """

    revision = 2  # model ids are personal since the second policy of what is: no longer search terms

    def __init__(self, context: str, tables: CatalogTables) -> None:
        super().__init__(tables)
        self.context = context  # type: ignore[misc]
        self.view = self.view_of(context)  # type: ignore[misc]

    @staticmethod
    def view_of(context: str) -> str:
        return f"event_catalog_{context.lower()}"

    def replica(self, metadata: MetaData, suffix: str) -> EventCatalog:
        return EventCatalog(self.context, define_catalog_tables(self.context, metadata, suffix))

    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        aggregate_id = str(event.originator_id)
        user_id = self._person(event, conn, aggregate_id)
        entry = {
            "position": position, "aggregate_id": aggregate_id,
            "aggregate_version": event.originator_version, "type": event_type(event),
            "user_id": user_id, "timestamp": event.timestamp.timestamp(),
        }
        said = attributed(event)
        conn.execute(self.tables.entries.insert().values(**entry, actor_id=said.actor_id, terms=search_terms(event)))
        subjects = said.subjects if said.subjects is not None else (user_id,) if user_id else ()
        if subjects:
            conn.execute(self.tables.subjects.insert(),
                         [{"position": position, "user_id": s} for s in sorted(set(subjects))])
        return (Change(topic=LIVE_TOPIC, payload={"context": self.context, **entry}),)

    def _person(self, event: Any, conn: Connection, aggregate_id: str) -> str | None:
        if isinstance(event, User.Event):
            return aggregate_id
        owners = self.tables.owners
        named = next((getattr(event, f) for f in _OWNER_FIELDS if getattr(event, f, None)), None)
        known = conn.execute(select(owners.c.user_id).where(owners.c.aggregate_id == aggregate_id)).scalar()
        if named is None:
            return known
        if known is None:
            conn.execute(owners.insert().values(aggregate_id=aggregate_id, user_id=str(named)))
        elif known != str(named):  # an email address released by one person and claimed by another
            conn.execute(owners.update().where(owners.c.aggregate_id == aggregate_id).values(user_id=str(named)))
        return str(named)
