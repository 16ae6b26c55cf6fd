"""/api/v1/events: the admin's window on the log (our addition; Open WebUI has no such thing)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import Parameter

from infrastructure.bootstrap import Container
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import POSITION, UNIX_TIME
from interfaces.http.errors import NOT_FOUND
from projections.event_catalog.queries import EventFilter


def _context(container: Container, context: str) -> str:
    if context.lower() not in container.events.context_names:
        raise ValidationException(f"context must be one of {', '.join(container.events.context_names)}")
    return context.lower()


def _caught_up(container: Container, context: str) -> None:
    """Read-your-writes: the catalog includes everything committed before this request."""
    name = context.title()
    container.runner.wait(name, container.contexts[name].position)


@get("/api/v1/events", sync_to_thread=True)
def list_events(
    admin: SessionUser, container: Container, context: str = "chats",
    aggregate_id: str | None = None, type: str | None = None, user_id: str | None = None,
    since: float | None = Parameter(default=None, **UNIX_TIME),
    until: float | None = Parameter(default=None, **UNIX_TIME),
    after: int = Parameter(default=0, **POSITION), limit: int = Parameter(default=100, ge=1, le=1000),
) -> dict[str, Any]:
    """Events of one context, oldest first, after position ``after``; page on with ``next_after``."""
    query = EventFilter(context=_context(container, context), aggregate_id=aggregate_id, type=type,
                        user_id=user_id, since=since, until=until, after=after, limit=limit)
    _caught_up(container, query.context)
    events = container.events.list_events(query)
    return {"events": events, "next_after": events[-1]["position"] if len(events) == limit else None}


@get("/api/v1/events/{position:int}", sync_to_thread=True)
def get_event(position: Annotated[int, Parameter(**POSITION)], admin: SessionUser, container: Container,
              context: str = "chats") -> dict[str, Any]:
    context = _context(container, context)
    _caught_up(container, context)
    event = container.events.get_event(context, position)
    if event is None:
        raise NotFoundException(NOT_FOUND)
    return event


@get("/api/v1/events/aggregates/{aggregate_id:str}", sync_to_thread=True)
def aggregate_history(aggregate_id: str, admin: SessionUser, container: Container) -> dict[str, Any]:
    for context in container.events.context_names:
        _caught_up(container, context)
    return {"aggregate_id": aggregate_id, "events": container.events.aggregate_history(aggregate_id)}


ROUTES = [list_events, get_event, aggregate_history]
