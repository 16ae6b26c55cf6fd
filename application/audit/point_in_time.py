"""Any resource as it was at a position of its context's log or at a time, rebuilt from its events."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, CanMutateAggregate

from application.audit.as_of import AsOf, NotYetRecordedError, PastTheHeadError
from application.audit.changes import Json, changes_by_version
from application.context import BoundedContext
from application.event_log import aggregate_positions
from domain.chats.chat import Chat
from domain.chats.folder import Folder
from domain.evaluations.feedback import Feedback
from domain.groups.defaults import DefaultPermissions
from domain.groups.group import Group
from domain.identity.user import User
from domain.knowledge.base import KnowledgeBase
from domain.models.connections import Connections
from domain.models.preset import ModelPreset


@dataclass(frozen=True)
class Kind:
    context: str
    aggregate: type[Aggregate]
    aggregate_id: Callable[[str], UUID]
    """From the id a person knows the resource by (a model's id, say) to its aggregate's."""


KINDS = {
    "chat": Kind("Chats", Chat, UUID),
    "folder": Kind("Chats", Folder, UUID),
    "user": Kind("Identity", User, UUID),
    "feedback": Kind("Evaluations", Feedback, UUID),
    "model": Kind("Models", ModelPreset, ModelPreset.create_id),
    "connections": Kind("Models", Connections, lambda _: Connections.create_id()),
    "knowledge": Kind("Knowledge", KnowledgeBase, UUID),
    "group": Kind("Groups", Group, UUID),
    "permissions": Kind("Groups", DefaultPermissions, lambda _: DefaultPermissions.create_id()),
}


class Timeline:
    """One aggregate's history: ``latest`` as it is now (deleted ones too), ``at`` as it was."""

    def __init__(self, context: BoundedContext, latest: Aggregate) -> None:
        self._context = context
        self.latest = latest

    def at(self, as_of: AsOf) -> Aggregate:
        aggregate: Aggregate = self._context.repository.get(self.latest.id, version=self._version(as_of))
        return aggregate

    def until(self, as_of: AsOf | None) -> list[CanMutateAggregate[Any]]:
        """Its events up to that point, oldest first (all of them: None), decoded as the log's
        mapper decodes them: a forgotten person's texts read ``[erased]``."""
        events = events_of(self._context, self.latest.id)
        if as_of is None:
            return events
        version = self._version(as_of, events)
        return [event for event in events if event.originator_version <= version]

    def _version(self, as_of: AsOf, events: list[CanMutateAggregate[Any]] | None = None) -> int:
        head = self._context.position
        if isinstance(as_of, int):
            if as_of > head:
                raise PastTheHeadError(as_of, self._context.name, head)
            versions = [v for v, position in aggregate_positions(self._context, self.latest.id) if position <= as_of]
        else:
            if as_of > datetime.now(UTC):
                raise PastTheHeadError(as_of, self._context.name, head)
            events = events_of(self._context, self.latest.id) if events is None else events
            versions = [e.originator_version for e in events if e.timestamp <= as_of]
        if not versions:
            raise NotYetRecordedError(self.latest.id, as_of)
        return versions[-1]


class PointInTime:
    def __init__(self, contexts: Mapping[str, BoundedContext]) -> None:
        self._contexts = contexts

    def timeline(self, kind: str, resource_id: str) -> Timeline | None:
        """None if no such resource was ever recorded (deleted ones were)."""
        of = KINDS[kind]
        context = self._contexts[of.context]
        try:
            latest = context.find(of.aggregate_id(resource_id))
        except ValueError:  # not an id at all
            return None
        return Timeline(context, latest) if isinstance(latest, of.aggregate) else None

    def of_aggregate(self, context: str, aggregate_id: UUID) -> Timeline | None:
        """Any aggregate's history, known by its id and context (any case); None if it never was."""
        app = self._named(context)
        latest = app.find(aggregate_id)
        return None if latest is None else Timeline(app, latest)

    def changes(self, context: str, aggregate_id: UUID) -> dict[int, Json]:
        """Each of the aggregate's versions with the change its event made (``context``: any case)."""
        return changes_by_version(events_of(self._named(context), aggregate_id))

    def _named(self, context: str) -> BoundedContext:
        return next(app for name, app in self._contexts.items() if name.lower() == context.lower())


def events_of(context: BoundedContext, aggregate_id: UUID) -> list[CanMutateAggregate[Any]]:
    """The aggregate's events, oldest first (the library types them as a protocol without timestamps)."""
    return cast(list[CanMutateAggregate[Any]], list(context.repository.event_store.get(aggregate_id)))
