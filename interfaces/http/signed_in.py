"""The answer to a sign-in, however it was made: the session's token (also as the SPA's cookie) and
the account as Open WebUI describes it."""

from __future__ import annotations

from typing import Any

from litestar import Response
from litestar.datastructures import Cookie

from application.identity.service import Identity
from infrastructure.tokens import Tokens
from interfaces.http.permissions import told
from projections.groups.standings import Standings


def profile_image_path(user_id: str) -> str:
    return f"/api/v1/users/{user_id}/profile/image"


def signed_in_answer(standings: Standings, identity: Identity, tokens: Tokens, email: str,
                     session_id: str) -> Response[Any]:
    """The account as the command left it, read from its aggregate, not from the users view: signing
    in never waits for a view that lags (the next request that shows the token catches the view up
    to the sign-in itself, as every request does for the session it is made in)."""
    user = identity.user_by_email(email)
    assert user is not None
    user_id = str(user.id)
    token, expires_at = tokens.issue(user_id, session_id, user.token_generation)
    body = {
        "token": token, "token_type": "Bearer", "expires_at": expires_at, "id": user_id,
        "email": user.email, "name": user.name, "role": user.role,
        "profile_image_url": profile_image_path(user_id),
        "permissions": told(standings.get(user_id).permissions),
    }
    cookie = Cookie(key="token", value=token, httponly=True, samesite="lax", expires=expires_at)
    return Response(body, cookies=[cookie])
