"""Who may call a route, declared on the route: every handler names exactly one rule among its
``guards`` (``public``, ``signed_in``, ``members``, ``admins``; SCIM's ``identity_providers``), and
a test walks the route table for any that does not. A guard that lets the caller through keeps who
they are for the request; handlers that need them ask for ``user`` (``caller``), which never checks
anything itself.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Iterable
from itertools import chain
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.routes import BaseRoute, HTTPRoute

from infrastructure.container import Container
from interfaces.http.api_key_access import KeyAccess
from interfaces.http.auth import (
    FOREIGN_ORIGIN,
    SessionUser,
    api_key_of,
    authenticated,
    bearer_token,
    cookie_write_from_elsewhere,
)
from interfaces.http.errors import NOT_ALLOWED
from interfaces.http.json_bodies import SAFE_METHODS
from interfaces.http.permissions import require
from interfaces.http.refusals import RoleRefusedError, remember_caller
from interfaces.http.script_access import note_script_use
from interfaces.http.trusted_header import check_proxy_names_the_caller
from interfaces.scim.access import PROVIDER, ScimAccess
from projections.runtime.settling import declared_reads

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Coroutine[Any, Any, None]]

CALLER = "caller"
MEMBER_ROLES = ("user", "admin")


async def public(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Anyone, signed in or not: sign-up and sign-in, health, the app's pages and public config,
    and the sockets, which check the token they are opened with themselves."""


async def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Any signed-in account, pending ones included: they may only ask about themselves."""
    await _admit(connection, roles=None)


async def members(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Verified accounts: users and admins."""
    await _admit(connection, roles=MEMBER_ROLES)


async def admins(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    await _admit(connection, roles=("admin",))


async def identity_providers(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """An identity provider with its SCIM token (``interfaces.scim.access``): nobody else, no session
    nor API key, and never on any other rule's route."""
    scim_access: ScimAccess = connection.app.state.scim_access
    connection.state[PROVIDER] = await scim_access.admit(connection)


RULES: tuple[Guard, ...] = (public, signed_in, members, admins, identity_providers)


def undeclared(routes: Iterable[BaseRoute]) -> list[str]:
    """Each route handler that names no rule, or more than one, or asks for the caller on a
    public route, or changes state without saying which views its answer reads
    (``projections.runtime.settling.reads``), with why: the application refuses to start with any
    (``create_app``)."""
    found = []
    for handler in chain.from_iterable(_handlers(route) for route in routes):
        methods: set[str] = getattr(handler, "http_methods", set())
        if methods == {"OPTIONS"}:
            continue  # Litestar's own answer to preflights: headers only, nobody's data
        rules = [guard for guard in handler.resolve_guards() if guard in RULES]
        if len(rules) != 1:
            found.append(f"{handler}: {len(rules)} access rules, not one of {[r.__name__ for r in RULES]}")
        elif rules == [public] and "user" in inspect.signature(handler.fn).parameters:
            found.append(f"{handler}: asks for the caller, but its access rule is public")
        if methods - SAFE_METHODS and declared_reads(handler.opt) is None:
            found.append(f"{handler}: changes state but declares no reads(...) for its answer")
    return found


def _handlers(route: BaseRoute) -> list[BaseRouteHandler]:
    return list(route.route_handlers) if isinstance(route, HTTPRoute) else [route.route_handler]  # type: ignore[attr-defined]


def permitted(permission: str) -> Guard:
    """A further guard, after ``members``: the caller also holds ``permission`` (a feature such as
    ``features.folders``), else 403."""

    async def holds(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        require(caller(connection), permission, status=403)

    holds.__qualname__ = f"permitted({permission!r})"
    return holds


def caller(request: ASGIConnection[Any, Any, Any, Any]) -> SessionUser:
    """Whom the route's guard let through: the ``user`` every handler that needs one is given."""
    user: SessionUser | None = request.state.get(CALLER)
    if user is None:
        raise RuntimeError(f"{request.url.path}: asks for the caller, but its access rule is public")
    return user


async def optional_caller(request: Request[Any, Any, Any]) -> SessionUser | None:
    """On a public route: someone signed in with a verified account, or None (nobody, or an account
    still pending: Open WebUI's optional verified user). A token presented and refused is refused."""
    if bearer_token(request) is None:
        return None
    await _admit(request, roles=None)
    user = caller(request)
    return user if user.role in MEMBER_ROLES else None


async def _admit(connection: ASGIConnection[Any, Any, Any, Any], roles: tuple[str, ...] | None) -> None:
    container = _container(connection)
    if cookie_write_from_elsewhere(connection, container.settings.cors_allow_origins):
        raise PermissionDeniedException(FOREIGN_ORIGIN)
    if (key := api_key_of(connection)) is not None:
        key_access: KeyAccess = connection.app.state.key_access
        user = await key_access.admit(connection, key)
    else:
        user = await authenticated(container.identity, container.sessions, container.standings,
                                   container.tokens, bearer_token(connection))
        remember_caller(connection, user.id)
        check_proxy_names_the_caller(connection, container.settings.directory, user.email)
    if roles is not None and user.role not in roles:
        raise RoleRefusedError(NOT_ALLOWED, user.id, user.role)
    connection.state[CALLER] = user
    if user.means == "session":
        await note_script_use(connection, container.audit, user)


def _container(connection: ASGIConnection[Any, Any, Any, Any]) -> Container:
    """The guards read the whole container off the app's state: they are the HTTP layer's own
    machinery, run before any handler, not handlers (those get their services, ``services``)."""
    return connection.app.state.container
