"""``?as_of=`` on a resource's own endpoint: the resource as it was at a log position or a time.

The caller may read the past of what the endpoint lets them read now, deleted resources included;
an admin shown someone else's past is recorded as a disclosure, as the events API records one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.domain import Aggregate
from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.params import Parameter

from application.audit.as_of import AsOf, parse_as_of
from application.audit.past_reads import PastReads
from application.audit.point_in_time import Timeline
from interfaces.http.auth import SessionUser
from interfaces.http.errors import NOT_FOUND
from interfaces.http.past_shapes import Json, shaped

AS_OF = Parameter(default=None, max_length=64, description=(
    "The resource as it was: a position of its context's log, or an ISO 8601 time (UTC if it names no zone)."))

T = TypeVar("T")

Access = Callable[[Any, SessionUser], str | None]
"""Raises if the caller may not read the resource; else whose it is when the caller reads it only
because they are an admin (the disclosure's owner), None when it is theirs or nobody's."""


def as_it_was(request: Request[Any, Any, Any], past_reads: PastReads, user: SessionUser, kind: str,
              resource_id: str, as_of: str, access: Access) -> Json:
    """As the endpoint's view showed it then, every field its events carry."""
    return _read(request, past_reads, user, kind, resource_id, as_of, access,
                 lambda timeline, point: shaped(kind, timeline.until(point), point))


def state_as_it_was(request: Request[Any, Any, Any], past_reads: PastReads, user: SessionUser, kind: str,
                    resource_id: str, as_of: str, access: Access) -> Any:
    """Its aggregate as it was, for a resource no view shows (the connections)."""
    return _read(request, past_reads, user, kind, resource_id, as_of, access,
                 lambda timeline, point: timeline.at(point))


def _read(request: Request[Any, Any, Any], past_reads: PastReads, user: SessionUser, kind: str,
          resource_id: str, as_of: str, access: Access, read: Callable[[Timeline, AsOf], T]) -> T:
    point = parse_as_of(as_of)
    past = past_reads.read(kind, resource_id, user.id, request.url.path, lambda latest: access(latest, user),
                           lambda timeline: read(timeline, point))
    if past is None:
        raise NotFoundException(NOT_FOUND)
    return past


def owner_or_admin(owner_of: Callable[[Any], str], refusal: Callable[[Any, str], Exception]) -> Access:
    """Its owner's; an admin's too, as someone else's (``refusal(aggregate id, caller id)`` for others)."""

    def access(aggregate: Aggregate, user: SessionUser) -> str | None:
        owner = owner_of(aggregate)
        if owner == user.id:
            return None
        if not user.is_admin:
            raise refusal(aggregate.id, user.id)
        return owner

    return access


def owner_only(owner_of: Callable[[Any], str], refusal: Callable[[Any, str], Exception]) -> Access:
    def access(aggregate: Aggregate, user: SessionUser) -> str | None:
        if owner_of(aggregate) != user.id:
            raise refusal(aggregate.id, user.id)
        return None

    return access
