"""/api/v1/events: the admin's window on the log (our addition; Open WebUI has no such thing)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, FromQuery, Parameter

from application.audit.commands import RecordDisclosure
from application.audit.point_in_time import PointInTime
from application.audit.service import Audit
from application.context import BoundedContext
from infrastructure.settings import Settings
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import POSITION, UNIX_TIME
from interfaces.http.errors import NOT_FOUND
from projections.event_catalog.disclosure import Viewer, disclosed, reveals_content
from projections.event_catalog.queries import EventFilter, EventQueries
from projections.runtime.rebuild import retry_faults
from projections.runtime.runner import ProjectionRunner
from projections.runtime.settling import reads


def _context(events: EventQueries, context: str) -> str:
    if context.lower() not in events.context_names:
        raise ValidationException(f"context must be one of {', '.join(events.context_names)}")
    return context.lower()


def _viewer(settings: Settings, user: SessionUser) -> Viewer:
    """Who reads the log (an admin: the routes' guards say so) and what the content policy lets them see."""
    return Viewer(user.id, may_read_content=settings.admin_chat_access)


def _disclosing(request: Request[Any, Any, Any], audit: Audit, viewer: Viewer,
                events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Others' content is shown only once its showing is recorded (no record, no answer)."""
    owners = [e["user_id"] for e in events if reveals_content(e["context"], e["user_id"], viewer)]
    if owners and viewer.may_read_content:
        audit.record_disclosure(RecordDisclosure(
            user_id=viewer.user_id, owners=owners, resource="events", path=request.url.path))
    return events


def _caught_up(runner: ProjectionRunner, contexts: dict[str, BoundedContext], context: str) -> None:
    """The catalog of the context the query names includes everything committed before this request
    (the context is the query's, so the route cannot declare it as ``reads`` does)."""
    name = context.title()
    runner.wait(name, contexts[name].position)


@get("/api/v1/events", sync_to_thread=True, guards=[admins])
def list_events(
    request: Request[Any, Any, Any], user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
    audit: NamedDependency[Audit], runner: NamedDependency[ProjectionRunner], events: NamedDependency[EventQueries],
    contexts: NamedDependency[dict[str, BoundedContext]], context: FromQuery[str] = "chats",
    aggregate_id: FromQuery[str | None] = None, type: FromQuery[str | None] = None,
    user_id: FromQuery[str | None] = None,
    since: float | None = Parameter(default=None, **UNIX_TIME),
    until: float | None = Parameter(default=None, **UNIX_TIME),
    text: str | None = Parameter(default=None, max_length=200),
    after: int = Parameter(default=0, **POSITION), limit: int = Parameter(default=100, ge=1, le=1000),
) -> dict[str, Any]:
    """Events of one context, oldest first, after position ``after``; page on with ``next_after``.
    ``text``: words each found in the event's type, ids or public fields (never its personal texts)."""
    query = EventFilter(context=_context(events, context), aggregate_id=aggregate_id, type=type,
                        user_id=user_id, since=since, until=until, text=text, after=after, limit=limit)
    _caught_up(runner, contexts, query.context)
    viewer = _viewer(settings, user)
    found = _disclosing(request, audit, viewer, events.list_events(query, viewer))
    return {"events": found, "next_after": found[-1]["position"] if len(found) == limit else None}


@get("/api/v1/events/{position:int}", sync_to_thread=True, guards=[admins])
def get_event(request: Request[Any, Any, Any], position: Annotated[int, Parameter(**POSITION)],
              user: NamedDependency[SessionUser], settings: NamedDependency[Settings], audit: NamedDependency[Audit],
              runner: NamedDependency[ProjectionRunner], events: NamedDependency[EventQueries],
              contexts: NamedDependency[dict[str, BoundedContext]],
              context: FromQuery[str] = "chats") -> dict[str, Any]:
    context = _context(events, context)
    _caught_up(runner, contexts, context)
    viewer = _viewer(settings, user)
    event = events.get_event(context, position, viewer)
    if event is None:
        raise NotFoundException(NOT_FOUND)
    return _disclosing(request, audit, viewer, [event])[0]


@get("/api/v1/events/aggregates/{aggregate_id:str}", sync_to_thread=True, guards=[admins])
def aggregate_history(request: Request[Any, Any, Any], aggregate_id: FromPath[str], user: NamedDependency[SessionUser],
                      settings: NamedDependency[Settings], audit: NamedDependency[Audit],
                      runner: NamedDependency[ProjectionRunner], events: NamedDependency[EventQueries],
                      contexts: NamedDependency[dict[str, BoundedContext]], point_in_time: NamedDependency[PointInTime],
                      diff: FromQuery[bool] = False) -> dict[str, Any]:
    """``diff``: each event also carries ``changes``, what it changed in the aggregate's state."""
    for context in events.context_names:
        _caught_up(runner, contexts, context)
    viewer = _viewer(settings, user)
    found = events.aggregate_history(aggregate_id, viewer)
    if diff and found:
        found = _with_changes(point_in_time, viewer, UUID(aggregate_id), found)
    return {"aggregate_id": aggregate_id, "events": _disclosing(request, audit, viewer, found)}


def _with_changes(point_in_time: PointInTime, viewer: Viewer, aggregate_id: UUID,
                  events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes are redacted as the events' data are (a state field is shown when its event's data would be)."""
    changes = {context: point_in_time.changes(context, aggregate_id)
               for context in {e["context"] for e in events}}
    return [{**e, "changes": disclosed(e["context"], e["user_id"], changes[e["context"]][e["aggregate_version"]],
                                       viewer)} for e in events]


@get("/api/v1/events/faults", sync_to_thread=True, guards=[admins])
def list_faults(runner: NamedDependency[ProjectionRunner]) -> dict[str, Any]:
    """Events a view could not apply: each view serves without them until a rebuild applies them."""
    return {"faults": runner.faults()}


@post("/api/v1/events/faults/retry", sync_to_thread=True, status_code=200, guards=[admins], opt=reads())
def retry_faulted_views(runner: NamedDependency[ProjectionRunner]) -> dict[str, Any]:
    """Rebuilds every view with faults (after an upgrade that mends a projector, they go)."""
    reports = retry_faults(runner)
    return {"rebuilt": [{"view": r.view, "position": r.position, "faults": list(r.faults)} for r in reports],
            "faults": runner.faults()}


def reaction_monitor(reaction: str, position: int | None) -> str:
    """A ``Link`` header value (RFC 5989 ``monitor``): where to watch a reaction reach ``position``."""
    return f'</api/v1/events/reactions/{reaction}?position={position or 0}>; rel="monitor"'


@get("/api/v1/events/reactions", sync_to_thread=True, guards=[admins])
def list_reactions(runner: NamedDependency[ProjectionRunner],
                   contexts: NamedDependency[dict[str, BoundedContext]]) -> dict[str, Any]:
    """Each reaction: its context, how far it has acted, and where its context's log ends."""
    return {"reactions": [{"name": name, "context": r.reaction.context, "position": r.position(),
                           "head": contexts[r.reaction.context].position}
                          for name, r in runner.reactions.items()]}


@get("/api/v1/events/reactions/{name:str}", sync_to_thread=True, guards=[admins])
def reaction_progress(name: FromPath[str], runner: NamedDependency[ProjectionRunner],
                      position: Annotated[int, Parameter(**POSITION)] = 0) -> dict[str, Any]:
    """Whether the reaction has acted on everything up to ``position`` (its context's log)."""
    reaction = runner.reactions.get(name)
    if reaction is None:
        raise NotFoundException(NOT_FOUND)
    reached = reaction.position()
    return {"name": name, "context": reaction.reaction.context, "position": reached, "done": reached >= position}


ROUTES = [list_events, list_faults, retry_faulted_views, list_reactions, reaction_progress, get_event,
          aggregate_history]
