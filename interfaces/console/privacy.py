"""Privacy operations under way and done: people being forgotten (a reaction's work, open until it
has destroyed their key and purged every view), people under legal hold, and the retention
policy's purges with their proofs. Ids, times and counts only: whose data, never the data."""

from __future__ import annotations

from litestar import Response, get
from litestar.di import NamedDependency

from application.privacy.forgetting import Forgetting
from application.retention.policies import RetentionPolicies
from interfaces.console.pages import Pages
from interfaces.console.reading import LogReading
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.events import reaction_monitor
from projections.event_catalog.queries import EventQueries
from projections.runtime.runner import ProjectionRunner

FORGETTINGS_SHOWN = 50
RUNS_SHOWN = 20
HOLDS = ("User.HoldPlaced", "User.HoldLifted")
RUNS = ("RetentionPolicy.RunDecided", "RetentionPolicy.Applied")


@get("/privacy", sync_to_thread=True, guards=[admins])
def privacy(user: NamedDependency[SessionUser], reading: NamedDependency[LogReading],
            events: NamedDependency[EventQueries], runner: NamedDependency[ProjectionRunner],
            retention: NamedDependency[RetentionPolicies], pages: NamedDependency[Pages]) -> Response[str]:
    reading.caught_up("identity")
    reading.caught_up("audit")
    viewer = reading.viewer(user)
    forgotten_through = runner.reactions[Forgetting.name].position()
    forgettings = [{**e, "done": e["position"] <= forgotten_through,
                    "monitor": _monitor(e["position"])}
                   for e in events.latest("identity", ["User.Forgotten"], FORGETTINGS_SHOWN, viewer)]
    holds = [e for e in events.latest_of_each("identity", HOLDS, viewer) if e["type"] == "User.HoldPlaced"]
    return pages.render("privacy.html", user=user, section="privacy", forgettings=forgettings, holds=holds,
                        policy=retention.current(), runs=events.latest("audit", RUNS, RUNS_SHOWN, viewer))


def _monitor(position: int) -> str:
    return reaction_monitor(Forgetting.name, position).split(">", 1)[0].lstrip("<")

