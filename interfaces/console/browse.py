"""Searching the log by context, type, person, aggregate, time and free text, paged by position; and
one event whole."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, Parameter

from application.context import BoundedContext
from application.event_log import chain_link, read_checkpoints
from interfaces.console.filters import TIME, Filters, unix_time
from interfaces.console.pages import Pages
from interfaces.console.reading import LogReading
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import POSITION
from interfaces.http.errors import NOT_FOUND
from projections.event_catalog.queries import EventFilter, EventQueries

PAGE = 50


@get("/events", sync_to_thread=True, guards=[admins])
def search(user: NamedDependency[SessionUser], reading: NamedDependency[LogReading],
           events: NamedDependency[EventQueries], pages: NamedDependency[Pages], filters: NamedDependency[Filters],
           after: int = Parameter(default=0, **POSITION), since: str | None = TIME,
           until: str | None = TIME) -> Response[str]:
    """Events only as the catalog knows them (who, what, when): their data are on each event's page."""
    context = reading.known_context(filters.context)
    reading.caught_up(context)
    query = EventFilter(context=context, aggregate_id=filters.aggregate_id, type=filters.type,
                        user_id=filters.user_id, since=unix_time(since), until=unix_time(until), text=filters.text,
                        after=after, limit=PAGE)
    found = events.list_events(query, reading.viewer(user))
    window = {k: v for k, v in (("since", since), ("until", until)) if v}
    more = {**filters.query(), **window, "context": context, "after": found[-1]["position"]} \
        if len(found) == PAGE else None
    return pages.render("events.html", user=user, section="events", filters=filters, context=context,
                        contexts=events.context_names, events=found, more=more, window=window)


@get("/events/{context:str}/{position:int}", sync_to_thread=True, guards=[admins])
def event(request: Request[Any, Any, Any], context: FromPath[str], position: Annotated[int, Parameter(**POSITION)],
          user: NamedDependency[SessionUser], reading: NamedDependency[LogReading],
          events: NamedDependency[EventQueries], contexts: NamedDependency[dict[str, BoundedContext]],
          pages: NamedDependency[Pages]) -> Response[str]:
    context = reading.known_context(context)
    reading.caught_up(context)
    reader = reading.viewer(user)
    found = events.get_event(context, position, reader)
    if found is None:
        raise NotFoundException(NOT_FOUND)
    reading.record(request, reader, [(context, found["user_id"])])
    log = contexts[context.title()]
    link = chain_link(log, position)
    sealed = next((c for c in read_checkpoints(log) if c.position >= position), None)
    return pages.render("event.html", user=user, section="events", event=found, chain_hash=link.hex() if link else None,
                        checkpoint=sealed)
