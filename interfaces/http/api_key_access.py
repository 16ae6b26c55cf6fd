"""Who is calling with an API key (``Authorization: Bearer sk-...``), as Open WebUI decides it: a key
in force (else 401), keys allowed on the server (``ENABLE_API_KEYS``) and to the person (admins,
or members with ``features.api_keys``), and the path among those keys may call when the admin
restricts them (``ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS``); else 403, saying why.

The key is found by its digest in the users view, kept per identity log position like a session
(``projections.users.sessions``): a key deleted, replaced or revoked by a change to the account is
refused from the next request on. Each use is counted for the audit trail as it is admitted, in
memory, and recorded every few seconds (``application.audit.api_key_uses``): no request waits on the
audit log. The key itself is never logged, recorded, echoed or put in an error.
"""

from __future__ import annotations

from typing import Any

import anyio
from litestar.connection import ASGIConnection

from application.audit.commands import RecordApiKeyUse
from application.audit.service import Audit
from application.identity.api_key_rules import CurrentApiKeyRules
from application.log_positions import read_request_positions
from domain.identity.api_keys import ApiKeyRules, api_key_digest, is_well_formed
from interfaces.http.addresses import client_address
from interfaces.http.auth import SessionUser
from interfaces.http.permissions import require
from interfaces.http.refusals import ApiKeyRefusedError, TokenRefusedError, remember_caller
from projections.groups.projector import GroupViews
from projections.groups.standings import PersonStanding, Standings
from projections.users.sessions import NOT_HELD, NotHeld, SessionUsers

UNKNOWN_KEY = "This API key is not valid: it was deleted or replaced, or never made. Make a new one in Settings."
MALFORMED_KEY = ("This is not an API key: a key is sk- and 64 hexadecimal digits, shown once when it is made "
                 "(what Settings shows afterwards is only a redacted stand-in).")
KEYS_OFF = "API keys are turned off on this server (ENABLE_API_KEYS). Ask an administrator if you need one."


class KeyAccess:
    """What admitting a key needs, from the container."""

    def __init__(self, identity_name: str, sessions: SessionUsers, standings: Standings, rules: CurrentApiKeyRules,
                 audit: Audit) -> None:
        self._identity = identity_name
        self._sessions, self._standings, self._rules, self._audit = sessions, standings, rules, audit

    async def admit(self, connection: ASGIConnection[Any, Any, Any, Any], key: str) -> SessionUser:
        if not is_well_formed(key):
            raise TokenRefusedError(MALFORMED_KEY, "malformed API key")
        digest = api_key_digest(key)
        positions = await read_request_positions()
        as_of = None if positions is None else positions[self._identity]
        account = await self._account(digest, as_of)
        if account is None:
            raise TokenRefusedError(UNKNOWN_KEY, "unknown or revoked API key")
        groups_at = None if positions is None else positions[GroupViews.context]
        user = _key_user(account, await self._standing(account["id"], groups_at))
        remember_caller(connection, user.id)
        self._check(user, await self._current_rules(as_of), connection)
        self._audit.count_api_key_use(RecordApiKeyUse(
            user_id=user.id, key_digest=digest, method=str(connection.scope.get("method", "")),
            path=_as_sent(connection), address=client_address(connection),
            client=connection.headers.get("user-agent", "")))
        return user

    async def _account(self, digest: str, as_of: int | None) -> dict[str, Any] | None:
        account = NOT_HELD if as_of is None else self._sessions.held_key_user(digest, as_of)
        if isinstance(account, NotHeld):
            account = await anyio.to_thread.run_sync(self._sessions.key_user, digest)
        return account

    async def _standing(self, user_id: str, as_of: int | None) -> PersonStanding:
        standing = NOT_HELD if as_of is None else self._standings.held(user_id, as_of)
        if isinstance(standing, NotHeld):
            standing = await anyio.to_thread.run_sync(self._standings.get, user_id)
        return standing

    async def _current_rules(self, as_of: int | None) -> ApiKeyRules:
        rules = None if as_of is None else self._rules.held(as_of)
        if rules is None:
            rules = await anyio.to_thread.run_sync(self._rules, as_of)
        return rules

    def _check(self, user: SessionUser, rules: ApiKeyRules, connection: ASGIConnection[Any, Any, Any, Any]) -> None:
        """The path matched is the one the router routes by (normalised), so none escapes the check."""
        if not rules.enabled:
            raise ApiKeyRefusedError(KEYS_OFF, user.id, "API keys are turned off")
        require(user, "features.api_keys", status=403)
        if not rules.allows(connection.scope["path"]):
            raise ApiKeyRefusedError(
                f"API keys may not call {_as_sent(connection)} on this server: an administrator allows them only on "
                f"{', '.join(rules.allowed) or 'no endpoint'} (API_KEYS_ALLOWED_ENDPOINTS).",
                user.id, "endpoint not allowed for API keys")


def _as_sent(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The path as the client sent it (the router's is normalised), as refusals record it."""
    return connection.scope.get("raw_path", b"").decode("latin-1") or connection.scope["path"]


def _key_user(record: dict[str, Any], standing: PersonStanding) -> SessionUser:
    return SessionUser(id=record["id"], email=record["email"], name=record["name"], role=record["role"],
                       profile_image_url=record["profile_image_url"], session_id="", token="", expires_at=None,
                       record=record, group_ids=standing.group_ids, permissions=standing.permissions,
                       means="api_key")
