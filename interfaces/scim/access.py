"""Who is calling SCIM: an identity provider, by the bearer token an admin made for it (kept as a
digest, found in the users view as of the request) or by Open WebUI's ``SCIM_TOKEN`` from the
server's environment. Nothing else opens SCIM (no session, no API key), and a SCIM token opens
nothing else (the other guards take it for no token of theirs). With ``ENABLE_SCIM`` off, SCIM
answers every request 403, saying so, as Open WebUI does.

Each use is counted for the audit trail as it is admitted, and recorded every few seconds with the
API keys' uses (``application.audit.api_key_uses``): which provider and token, asked what, from
where; never the token, never the body.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

import anyio
from litestar.connection import ASGIConnection
from litestar.status_codes import HTTP_403_FORBIDDEN

from application.audit.commands import RecordScimTokenUse
from application.audit.service import Audit
from domain.identity.scim_providers import FROM_ENVIRONMENT, scim_token_digest
from interfaces.http.addresses import client_address
from interfaces.http.auth import bearer_header
from interfaces.http.refusals import TokenRefusedError
from interfaces.scim.errors import ScimError
from projections.users.provisioned import ProvisionedPeople

PROVIDER = "scim_provider"
SCIM_OFF = "SCIM is not enabled on this server: its operator turns it on with ENABLE_SCIM=true."
NO_TOKEN = "SCIM takes the bearer token an administrator made for this identity provider."
UNKNOWN_TOKEN = "This SCIM token is not valid: it was rotated or deleted, or never made."


@dataclass(frozen=True)
class ScimCaller:
    provider_id: str


class ScimAccess:
    def __init__(self, *, enabled: bool, environment_token: str | None, people: ProvisionedPeople,
                 audit: Audit) -> None:
        self._enabled = enabled
        self._environment_token = environment_token or None
        self._people, self._audit = people, audit

    async def admit(self, connection: ASGIConnection[Any, Any, Any, Any]) -> ScimCaller:
        if not self._enabled:
            raise ScimError(HTTP_403_FORBIDDEN, SCIM_OFF)
        token = bearer_header(connection)
        if token is None:
            raise TokenRefusedError(NO_TOKEN, "no SCIM token")
        provider_id, digest = await self._provider(token)
        if provider_id is None:
            raise TokenRefusedError(UNKNOWN_TOKEN, "unknown or rotated SCIM token")
        self._audit.count_scim_token_use(RecordScimTokenUse(
            provider_id=provider_id, token_digest=digest, method=str(connection.scope.get("method", "")),
            path=connection.scope.get("raw_path", b"").decode("latin-1") or connection.scope["path"],
            address=client_address(connection), client=connection.headers.get("user-agent", "")))
        return ScimCaller(provider_id)

    async def _provider(self, token: str) -> tuple[str | None, str]:
        """The environment's token is recorded with no digest: it is the operator's, perhaps guessable,
        and a digest in the log would let its guesses be checked."""
        if self._environment_token is not None and hmac.compare_digest(token.encode(),
                                                                       self._environment_token.encode()):
            return FROM_ENVIRONMENT, ""
        digest = scim_token_digest(token)
        return await anyio.to_thread.run_sync(self._people.provider_with_token, digest), digest


def scim_caller(request: ASGIConnection[Any, Any, Any, Any]) -> ScimCaller:
    """The provider the route's guard let through (``identity_providers``)."""
    caller: ScimCaller | None = request.state.get(PROVIDER)
    if caller is None:
        raise RuntimeError(f"{request.url.path}: asks for the SCIM provider, but its rule is not identity_providers")
    return caller
