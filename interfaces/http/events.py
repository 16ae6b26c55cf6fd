"""/api/v1/events: the admin's window on the log (our addition; Open WebUI has no such thing)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import Parameter

from application.audit.commands import RecordDisclosure
from infrastructure.bootstrap import Container
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import POSITION, UNIX_TIME
from interfaces.http.errors import NOT_FOUND
from projections.event_catalog.disclosure import Viewer, disclosed, reveals_content
from projections.event_catalog.queries import EventFilter
from projections.runtime.rebuild import retry_faults
from projections.runtime.settling import reads


def _context(container: Container, context: str) -> str:
    if context.lower() not in container.events.context_names:
        raise ValidationException(f"context must be one of {', '.join(container.events.context_names)}")
    return context.lower()


def _viewer(container: Container, user: SessionUser) -> Viewer:
    """Who reads the log (an admin: the routes' guards say so) and what the content policy lets them see."""
    return Viewer(user.id, may_read_content=container.settings.admin_chat_access)


def _disclosing(request: Request[Any, Any, Any], container: Container, viewer: Viewer,
                events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Others' content is shown only once its showing is recorded (no record, no answer)."""
    owners = [e["user_id"] for e in events if reveals_content(e["context"], e["user_id"], viewer)]
    if owners and viewer.may_read_content:
        container.audit.record_disclosure(RecordDisclosure(
            user_id=viewer.user_id, owners=owners, resource="events", path=request.url.path))
    return events


def _caught_up(container: Container, context: str) -> None:
    """The catalog of the context the query names includes everything committed before this request
    (the context is the query's, so the route cannot declare it as ``reads`` does)."""
    name = context.title()
    container.runner.wait(name, container.contexts[name].position)


@get("/api/v1/events", sync_to_thread=True, guards=[admins])
def list_events(
    request: Request[Any, Any, Any], user: SessionUser, container: Container, context: str = "chats",
    aggregate_id: str | None = None, type: str | None = None, user_id: str | None = None,
    since: float | None = Parameter(default=None, **UNIX_TIME),
    until: float | None = Parameter(default=None, **UNIX_TIME),
    after: int = Parameter(default=0, **POSITION), limit: int = Parameter(default=100, ge=1, le=1000),
) -> dict[str, Any]:
    """Events of one context, oldest first, after position ``after``; page on with ``next_after``."""
    query = EventFilter(context=_context(container, context), aggregate_id=aggregate_id, type=type,
                        user_id=user_id, since=since, until=until, after=after, limit=limit)
    _caught_up(container, query.context)
    viewer = _viewer(container, user)
    found = _disclosing(request, container, viewer, container.events.list_events(query, viewer))
    return {"events": found, "next_after": found[-1]["position"] if len(found) == limit else None}


@get("/api/v1/events/{position:int}", sync_to_thread=True, guards=[admins])
def get_event(request: Request[Any, Any, Any], position: Annotated[int, Parameter(**POSITION)],
              user: SessionUser, container: Container, context: str = "chats") -> dict[str, Any]:
    context = _context(container, context)
    _caught_up(container, context)
    viewer = _viewer(container, user)
    event = container.events.get_event(context, position, viewer)
    if event is None:
        raise NotFoundException(NOT_FOUND)
    return _disclosing(request, container, viewer, [event])[0]


@get("/api/v1/events/aggregates/{aggregate_id:str}", sync_to_thread=True, guards=[admins])
def aggregate_history(request: Request[Any, Any, Any], aggregate_id: str, user: SessionUser,
                      container: Container, diff: bool = False) -> dict[str, Any]:
    """``diff``: each event also carries ``changes``, what it changed in the aggregate's state."""
    for context in container.events.context_names:
        _caught_up(container, context)
    viewer = _viewer(container, user)
    found = container.events.aggregate_history(aggregate_id, viewer)
    if diff and found:
        found = _with_changes(container, viewer, UUID(aggregate_id), found)
    return {"aggregate_id": aggregate_id, "events": _disclosing(request, container, viewer, found)}


def _with_changes(container: Container, viewer: Viewer, aggregate_id: UUID,
                  events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes are redacted as the events' data are (a state field is shown when its event's data would be)."""
    changes = {context: container.point_in_time.changes(context, aggregate_id)
               for context in {e["context"] for e in events}}
    return [{**e, "changes": disclosed(e["context"], e["user_id"], changes[e["context"]][e["aggregate_version"]],
                                       viewer)} for e in events]


@get("/api/v1/events/faults", sync_to_thread=True, guards=[admins])
def list_faults(container: Container) -> dict[str, Any]:
    """Events a view could not apply: each view serves without them until a rebuild applies them."""
    return {"faults": container.runner.faults()}


@post("/api/v1/events/faults/retry", sync_to_thread=True, status_code=200, guards=[admins], opt=reads())
def retry_faulted_views(container: Container) -> dict[str, Any]:
    """Rebuilds every view with faults (after an upgrade that mends a projector, they go)."""
    reports = retry_faults(container.runner)
    return {"rebuilt": [{"view": r.view, "position": r.position, "faults": list(r.faults)} for r in reports],
            "faults": container.runner.faults()}


def reaction_monitor(reaction: str, position: int | None) -> str:
    """A ``Link`` header value (RFC 5989 ``monitor``): where to watch a reaction reach ``position``."""
    return f'</api/v1/events/reactions/{reaction}?position={position or 0}>; rel="monitor"'


@get("/api/v1/events/reactions", sync_to_thread=True, guards=[admins])
def list_reactions(container: Container) -> dict[str, Any]:
    """Each reaction: its context, how far it has acted, and where its context's log ends."""
    return {"reactions": [{"name": name, "context": r.reaction.context, "position": r.position(),
                           "head": container.contexts[r.reaction.context].position}
                          for name, r in container.runner.reactions.items()]}


@get("/api/v1/events/reactions/{name:str}", sync_to_thread=True, guards=[admins])
def reaction_progress(name: str, container: Container,
                      position: Annotated[int, Parameter(**POSITION)] = 0) -> dict[str, Any]:
    """Whether the reaction has acted on everything up to ``position`` (its context's log)."""
    reaction = container.runner.reactions.get(name)
    if reaction is None:
        raise NotFoundException(NOT_FOUND)
    reached = reaction.position()
    return {"name": name, "context": reaction.reaction.context, "position": reached, "done": reached >= position}


ROUTES = [list_events, list_faults, retry_faulted_views, list_reactions, reaction_progress, get_event,
          aggregate_history]
