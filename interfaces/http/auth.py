"""Who is calling: a bearer token (or the SPA's ``token`` cookie) checked against the user's
current state, so signed-out sessions, changed passwords and roles, and deleted accounts are
refused at once. A write by the cookie alone must come from our own pages (``origins``). An API
key (``sk-...``) is taken from the Authorization header only (``api_key_access``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import anyio
import msgspec
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from application.identity.service import Identity
from application.log_positions import read_request_positions
from application.models.catalog import Caller
from domain.identity.api_keys import looks_like_api_key
from infrastructure.tokens import AccessClaims, InvalidTokenError, Tokens
from interfaces.http.errors import SIGNED_OUT
from interfaces.http.json_bodies import SAFE_METHODS
from interfaces.http.origins import Origins
from interfaces.http.refusals import TokenRefusedError
from projections.groups.projector import GroupViews
from projections.groups.standings import PersonStanding, Standings
from projections.users.sessions import NOT_HELD, NotHeld, SessionUsers

FOREIGN_ORIGIN = ("This request came from another site with your session cookie, so it was refused. "
                  "Use the app on this server, or send the token as an Authorization: Bearer header.")


Means = Literal["session", "api_key"]


class SessionUser(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    name: str
    role: str
    profile_image_url: str
    session_id: str
    """Empty for a caller with an API key: a key is no session."""
    token: str
    """The session's token; empty for a caller with an API key (never echoed back)."""
    expires_at: int | None
    record: dict[str, Any]
    group_ids: frozenset[str]
    permissions: dict[str, Any]
    """In force for them: the members' defaults with their groups' laid over them."""
    means: Means = "session"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def model_caller(self) -> Caller:
        """Who asks for a model: presets shared with them or a group of theirs are theirs to use."""
        return Caller(self.id, self.is_admin, self.group_ids)


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    return bearer_header(connection) or connection.cookies.get("token") or None


def bearer_header(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    scheme, _, value = connection.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@dataclass(frozen=True)
class Gate:
    """What checking a token against its person's current state takes, outside an HTTP request."""

    sessions: SessionUsers
    standings: Standings
    tokens: Tokens


def api_key_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The API key in the Authorization header, if that is what it holds."""
    value = bearer_header(connection)
    return value if value is not None and looks_like_api_key(value) else None


def authenticate(gate: Gate, token: str | None) -> SessionUser:
    """For callers outside an HTTP request (the sockets): asks where the identity and groups logs stand."""
    claims, token = _claims(gate.tokens, token)
    account = gate.sessions.get(claims.user_id, claims.session_id)
    return _session_user(claims, account, token, gate.standings.get(claims.user_id) if account else None)


async def authenticated(identity: Identity, sessions: SessionUsers, standings: Standings, tokens: Tokens,
                        token: str | None) -> SessionUser:
    """For an HTTP request: the account, and what their groups give them, kept for where the
    request found the identity and groups logs, with no thread and no query while they stand
    still; else asked of the views in a worker thread."""
    claims, token = _claims(tokens, token)
    positions = await read_request_positions()
    account = NOT_HELD if positions is None else sessions.held(
        claims.user_id, claims.session_id, positions[identity.name])
    if isinstance(account, NotHeld):
        account = await anyio.to_thread.run_sync(sessions.get, claims.user_id, claims.session_id)
    if account is None:
        return _session_user(claims, account, token, None)
    standing = NOT_HELD if positions is None else standings.held(claims.user_id, positions[GroupViews.context])
    if isinstance(standing, NotHeld):
        standing = await anyio.to_thread.run_sync(standings.get, claims.user_id)
    return _session_user(claims, account, token, standing)


def _claims(tokens: Tokens, token: str | None) -> tuple[AccessClaims, str]:
    if not token:
        raise NotAuthorizedException(SIGNED_OUT)
    try:
        return tokens.decode(token), token
    except InvalidTokenError as error:
        raise TokenRefusedError(SIGNED_OUT, f"invalid token: {error}") from None


def _session_user(claims: AccessClaims, record: dict[str, Any] | None, token: str,
                  standing: PersonStanding | None) -> SessionUser:
    if record is None or standing is None or record["token_generation"] != claims.generation:
        raise TokenRefusedError(SIGNED_OUT, "the session has ended")
    return SessionUser(
        id=record["id"], email=record["email"], name=record["name"], role=record["role"],
        profile_image_url=record["profile_image_url"], session_id=claims.session_id, token=token,
        expires_at=claims.expires_at, record=record, group_ids=standing.group_ids,
        permissions=standing.permissions,
    )


def cookie_write_from_elsewhere(connection: ASGIConnection[Any, Any, Any, Any], allowed: tuple[str, ...]) -> bool:
    """A write (POST, PUT, PATCH, DELETE) authenticated by the cookie alone, whose Origin (or,
    lacking one, Referer) is not one ``Origins`` admits: what another site's page can make a
    browser send. A Bearer header is something no other site can make it send."""
    method = connection.scope.get("method", "GET")
    if method in SAFE_METHODS or bearer_header(connection) is not None or not connection.cookies.get("token"):
        return False
    said = connection.headers.get("origin") or connection.headers.get("referer")
    return said is None or not Origins(allowed).admits(said, connection.headers.get("host"))
