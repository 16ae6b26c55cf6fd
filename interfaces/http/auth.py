"""Who is calling: a bearer token (or the SPA's ``token`` cookie) checked against the user's
current state, so signed-out sessions, changed passwords and roles, and deleted accounts are
refused at once."""

from __future__ import annotations

from typing import Any

import anyio
import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from application.log_positions import read_request_positions
from infrastructure.bootstrap import Container
from infrastructure.tokens import AccessClaims, InvalidTokenError
from interfaces.http.errors import NOT_ALLOWED, SIGNED_OUT
from interfaces.http.refusals import RoleRefusedError, TokenRefusedError, remember_caller
from projections.users.sessions import NOT_HELD, NotHeld


class SessionUser(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    name: str
    role: str
    profile_image_url: str
    session_id: str
    token: str
    expires_at: int
    record: dict[str, Any]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return connection.cookies.get("token") or None


def authenticate(container: Container, token: str | None) -> SessionUser:
    """For callers outside an HTTP request (the sockets): asks where the identity log stands."""
    claims = _claims(container, token)
    return _session_user(claims, container.sessions.get(claims.user_id, claims.session_id), token)


async def authenticated(container: Container, token: str | None) -> SessionUser:
    """For an HTTP request: the account kept for where the request found the identity log, with
    no thread and no query while it stands still; else asked of the view in a worker thread."""
    claims = _claims(container, token)
    positions = await read_request_positions()
    account = NOT_HELD if positions is None else container.sessions.held(
        claims.user_id, claims.session_id, positions[container.identity.name])
    if isinstance(account, NotHeld):
        account = await anyio.to_thread.run_sync(container.sessions.get, claims.user_id, claims.session_id)
    return _session_user(claims, account, token)


def _claims(container: Container, token: str | None) -> AccessClaims:
    if not token:
        raise NotAuthorizedException(SIGNED_OUT)
    try:
        return container.tokens.decode(token)
    except InvalidTokenError as error:
        raise TokenRefusedError(SIGNED_OUT, f"invalid token: {error}") from None


def _session_user(claims: AccessClaims, record: dict[str, Any] | None, token: str) -> SessionUser:
    if record is None or record["token_generation"] != claims.generation:
        raise TokenRefusedError(SIGNED_OUT, "the session has ended")
    return SessionUser(
        id=record["id"], email=record["email"], name=record["name"], role=record["role"],
        profile_image_url=record["profile_image_url"], session_id=claims.session_id, token=token,
        expires_at=claims.expires_at, record=record,
    )


async def session_user(request: Request[Any, Any, Any], container: Container) -> SessionUser:
    """Any signed-in account, pending ones included (they may only ask about themselves)."""
    user = await authenticated(container, bearer_token(request))
    remember_caller(request, user.id)
    return user


async def verified_user(request: Request[Any, Any, Any], container: Container) -> SessionUser:
    user = await session_user(request, container)
    if user.role not in ("user", "admin"):
        raise RoleRefusedError(NOT_ALLOWED, user.id, user.role)
    return user


async def admin_user(request: Request[Any, Any, Any], container: Container) -> SessionUser:
    user = await session_user(request, container)
    if user.role != "admin":
        raise RoleRefusedError(NOT_ALLOWED, user.id, user.role)
    return user


async def optional_user(request: Request[Any, Any, Any], container: Container) -> SessionUser | None:
    """Someone signed in with a verified account, or None: nobody signed in, or an account still
    pending (Open WebUI's optional verified user). A token presented and refused is still refused."""
    if bearer_token(request) is None:
        return None
    user = await session_user(request, container)
    return user if user.role in ("user", "admin") else None
