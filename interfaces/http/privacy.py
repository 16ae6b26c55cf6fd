"""Forgetting a person and legal holds (admins): ``/api/v1/users/{id}/forget`` and ``/hold``."""

from __future__ import annotations

import uuid
from typing import Any

import anyio
from litestar import Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.identity.commands import ForgetPerson, LiftHold, PlaceHold
from application.identity.service import Identity
from application.privacy.forgetting import Forgetting
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.events import reaction_monitor
from interfaces.http.forms import HoldForm
from interfaces.http.ids import existing_id
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory


@post("/api/v1/users/{user_id:str}/forget", sync_to_thread=True, status_code=202, guards=[admins],
      opt=reads(UserDirectory))
def forget_user(user_id: FromPath[str], user: NamedDependency[SessionUser],
                identity: NamedDependency[Identity]) -> Response[dict[str, Any]]:
    """The account goes at once (if it has not yet); its keys and every copy of its texts go next,
    which the monitor (also the ``Link`` header) says when done. Refused, 409, under legal hold."""
    position = identity.forget_person(ForgetPerson(actor_id=uuid.UUID(user.id), user_id=existing_id(user_id)))
    monitor = reaction_monitor(Forgetting.name, position)
    return Response({"id": user_id, "forgotten": True, "monitor": monitor.split(">", 1)[0].lstrip("<")},
                    status_code=202, headers={"Link": monitor})


# Three methods on one path: Litestar 2 wraps a sync_to_thread handler once more for each, and the
# first then answers with an un-awaited coroutine. So these are async, their work in a thread.
@get("/api/v1/users/{user_id:str}/hold", guards=[admins])
async def get_hold(user_id: FromPath[str], identity: NamedDependency[Identity]) -> dict[str, Any]:
    reason = await anyio.to_thread.run_sync(identity.hold_of, existing_id(user_id))
    return _hold(user_id, reason)


@post("/api/v1/users/{user_id:str}/hold", status_code=200, guards=[admins], opt=reads())
async def place_hold(user_id: FromPath[str], data: JSONBody[HoldForm], user: NamedDependency[SessionUser],
                     identity: NamedDependency[Identity]) -> dict[str, Any]:
    """Nothing of the person is erased while held: forgetting is refused, deleted things keep their keys."""
    command = PlaceHold(actor_id=uuid.UUID(user.id), user_id=existing_id(user_id), reason=data.reason)
    await anyio.to_thread.run_sync(identity.place_hold, command)
    return _hold(user_id, data.reason)


@delete("/api/v1/users/{user_id:str}/hold", status_code=200, guards=[admins], opt=reads())
async def lift_hold(user_id: FromPath[str], user: NamedDependency[SessionUser],
                    identity: NamedDependency[Identity]) -> dict[str, Any]:
    command = LiftHold(actor_id=uuid.UUID(user.id), user_id=existing_id(user_id))
    await anyio.to_thread.run_sync(identity.lift_hold, command)
    return _hold(user_id, None)


def _hold(user_id: str, reason: str | None) -> dict[str, Any]:
    return {"id": user_id, "held": reason is not None, "reason": reason}


ROUTES = [forget_user, get_hold, place_hold, lift_hold]
