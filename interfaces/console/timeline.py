"""One aggregate's timeline: every event of it with the change it made, and the aggregate as it was
at a chosen point (a position of its context's log, or a time), rebuilt by ``PointInTime``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, Parameter

from application.audit.as_of import InvalidAsOfError, NotYetRecordedError, PastTheHeadError, parse_as_of
from application.audit.changes import Json, state_of
from application.audit.point_in_time import PointInTime
from interfaces.console.pages import Pages
from interfaces.console.reading import LogReading
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.errors import NOT_FOUND
from interfaces.http.ids import existing_id
from projections.event_catalog.disclosure import Viewer, disclosed
from projections.event_catalog.queries import EventQueries

AS_OF = Parameter(default=None, max_length=64)
UNREACHABLE = (InvalidAsOfError, PastTheHeadError, NotYetRecordedError)


@get("/aggregates/{aggregate_id:str}", sync_to_thread=True, guards=[admins])
def timeline(request: Request[Any, Any, Any], aggregate_id: FromPath[str], user: NamedDependency[SessionUser],
             reading: NamedDependency[LogReading], events: NamedDependency[EventQueries],
             point_in_time: NamedDependency[PointInTime], pages: NamedDependency[Pages],
             at: str | None = AS_OF) -> Response[str]:
    for context in events.context_names:
        reading.caught_up(context)
    reader = reading.viewer(user)
    identity = existing_id(aggregate_id)
    history = events.aggregate_history(str(identity), reader)
    if not history:
        raise NotFoundException(NOT_FOUND)
    context, owner = history[0]["context"], history[-1]["user_id"]
    changes = point_in_time.changes(context, identity)
    shown = [{**e, "changes": disclosed(context, e["user_id"], changes[e["aggregate_version"]], reader)}
             for e in history]
    state, problem = _as_it_was(point_in_time, reader, context, owner, identity, at) if at else (None, None)
    reading.record(request, reader, [(context, e["user_id"]) for e in history])
    return pages.render("timeline.html", user=user, section="events", aggregate_id=aggregate_id, context=context,
                        events=shown, at=at, state=state, problem=problem)


def _as_it_was(point_in_time: PointInTime, reader: Viewer, context: str, owner: str | None, aggregate_id: UUID,
               at: str) -> tuple[Json | None, str | None]:
    """The state then, shown as its events' data are; or why there is none."""
    found = point_in_time.of_aggregate(context, aggregate_id)
    if found is None:
        return None, NOT_FOUND
    try:
        return disclosed(context, owner, state_of(found.at(parse_as_of(at))), reader), None
    except UNREACHABLE as error:
        return None, str(error)
