"""/api/v1/users/{user_id}/active and /oauth/sessions: whether a person is here now, and the
sessions they began through the OpenID provider."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from application.presence import Presence
from infrastructure.oauth_settings import PROVIDER
from infrastructure.tokens import Tokens
from interfaces.http.access import admins, members
from interfaces.http.errors import NOT_FOUND
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries


def presence(state: State) -> Presence:
    return state.presence  # set by the lifespan


@get("/api/v1/users/{user_id:str}/active", guards=[members])
async def is_active(user_id: FromPath[str], presence: NamedDependency[Presence]) -> dict[str, bool]:
    """Whether the person has a Socket.IO connection open to any API replica now. (Open WebUI
    answers from ``last_active_at`` within three minutes; anyone signed in may ask.)"""
    return {"active": await presence.is_here(user_id)}


@get("/api/v1/users/{user_id:str}/oauth/sessions", sync_to_thread=True, guards=[admins],
     opt=reads(UserDirectory, as_of_request=True))
def provider_sessions(user_id: FromPath[str], users: NamedDependency[UserQueries],
                      tokens: NamedDependency[Tokens]) -> list[dict[str, Any]]:
    """Open WebUI's OAuth sessions of a person, from the sessions they began through the provider
    and have not ended. ``token`` is always empty: Annals keeps none of the provider's tokens (it
    asks the provider nothing after the sign-in), where Open WebUI keeps and shows them."""
    if users.get_user(user_id) is None:
        raise NotFoundException(NOT_FOUND)
    return [{"id": session["session_id"], "user_id": user_id, "provider": PROVIDER, "token": {},
             "expires_at": tokens.expires_at(session["signed_in_at"]),
             "created_at": session["signed_in_at"], "updated_at": session["signed_in_at"]}
            for session in users.live_sessions(user_id, means="oidc")]


ROUTES = [is_active, provider_sessions]
