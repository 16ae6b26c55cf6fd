"""The log's health: per context where its log ends, each view's position and lag behind it, its
last signed checkpoint; views being rebuilt, faults, reactions; and a button to verify the chains."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency

from application.context import BoundedContext
from application.event_log import read_checkpoints
from interfaces.console.pages import Pages
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from projections.runtime.runner import ProjectionRunner


@get("/health", sync_to_thread=True, guards=[admins])
def health(user: NamedDependency[SessionUser], runner: NamedDependency[ProjectionRunner],
           contexts: NamedDependency[dict[str, BoundedContext]], pages: NamedDependency[Pages]) -> Response[str]:
    building = set(runner.building())
    logs = [_context(name, app, runner, building) for name, app in contexts.items()]
    reactions = [{"name": name, "context": r.reaction.context, "position": r.position(),
                  "head": contexts[r.reaction.context].position} for name, r in runner.reactions.items()]
    return pages.render("health.html", user=user, section="health", contexts=logs, reactions=reactions,
                        faults=runner.faults())


def _context(name: str, app: Any, runner: ProjectionRunner, building: set[str]) -> dict[str, Any]:
    head = app.position
    checkpoints = read_checkpoints(app)
    views = [{"name": view, "position": (at := runner.position(view)), "lag": head - at, "building": view in building}
             for view in runner.views_of(name)]
    return {"name": name, "head": head, "views": views, "checkpoint": checkpoints[-1] if checkpoints else None}
