"""The log's health: per context where its log ends, each view's position and lag behind it, its
last signed checkpoint and the last verification's result (events of the audit log, so they
outlive the process that checked); views being rebuilt, faults, reactions; and a button to verify
the chains now, one context at a time, so that the page can show how far it has got."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency

from application.context import BoundedContext
from application.event_log import read_checkpoints
from interfaces.console.pages import Pages
from interfaces.console.reading import LogReading
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from projections.event_catalog.queries import EventQueries
from projections.runtime.runner import ProjectionRunner

VERIFIED = "Verification.Recorded"
LOOKED_BACK = 200
"""The verifications read for the last of each context: a run of every context records one each."""


@get("/health", sync_to_thread=True, guards=[admins])
def health(user: NamedDependency[SessionUser], runner: NamedDependency[ProjectionRunner],
           reading: NamedDependency[LogReading], events: NamedDependency[EventQueries],
           contexts: NamedDependency[dict[str, BoundedContext]], pages: NamedDependency[Pages]) -> Response[str]:
    building = set(runner.building())
    verified = _last_verifications(reading, events, user)
    logs = [_context(name, app, runner, building, verified.get(name.lower())) for name, app in contexts.items()]
    reactions = [{"name": name, "context": r.reaction.context, "position": r.position(),
                  "head": contexts[r.reaction.context].position} for name, r in runner.reactions.items()]
    return pages.render("health.html", user=user, section="health", contexts=logs, reactions=reactions,
                        faults=runner.faults(), building=sorted(building))


def _last_verifications(reading: LogReading, events: EventQueries, user: SessionUser) -> dict[str, dict[str, Any]]:
    reading.caught_up("audit")
    last: dict[str, dict[str, Any]] = {}
    for found in events.latest("audit", [VERIFIED], LOOKED_BACK, reading.viewer(user)):
        last.setdefault(str(found["data"]["context"]).lower(), found)
    return last


def _context(name: str, app: Any, runner: ProjectionRunner, building: set[str],
             verified: dict[str, Any] | None) -> dict[str, Any]:
    head = app.position or 0
    checkpoints = read_checkpoints(app)
    views = [{"name": view, "position": (at := runner.position(view)), "lag": head - at, "building": view in building}
             for view in runner.views_of(name)]
    return {"name": name, "head": head, "views": views, "checkpoint": checkpoints[-1] if checkpoints else None,
            "verified": verified}
