"""The OpenID provider, as authlib's client sees it: its discovery document and keys, the
authorization request (code flow with PKCE S256, ``state`` and ``nonce``), and the code's exchange
for an ID token whose signature, issuer, audience, expiry and nonce are checked.

Nothing here decides who the person is to us (``application/identity/single_sign_on.py`` does);
every way the provider's answer can be wrong is an ``OidcError`` with the reason.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError as JoseRfcError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from infrastructure.oauth_settings import OAuthSettings

TIMEOUT_SECONDS = 10.0
CLOCK_LEEWAY_SECONDS = 60


class OidcError(Exception):
    """The provider's answer, or the browser's return from it, cannot be trusted; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what its return must match (kept in the browser, signed)."""

    url: str
    state: str
    nonce: str
    code_verifier: str


class OpenIdProvider:
    def __init__(self, settings: OAuthSettings) -> None:
        self._settings = settings
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = threading.RLock()

    def metadata(self) -> dict[str, Any]:
        """The discovery document, fetched once."""
        with self._lock:
            if self._metadata is None:
                self._metadata = self._fetched(self._settings.provider_url)
                if not isinstance(self._metadata.get("issuer"), str):
                    self._metadata = None
                    raise OidcError("the provider's discovery document names no issuer")
            return self._metadata

    def authorization_request(self, redirect_uri: str) -> AuthorizationRequest:
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                self.metadata()["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier)
        return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)

    def claims_for(self, code: str, redirect_uri: str, code_verifier: str, nonce: str) -> dict[str, Any]:
        """The ID token's checked claims, with what the userinfo endpoint adds (the token's win)."""
        metadata = self.metadata()
        with self._client(redirect_uri) as client:
            try:
                token = client.fetch_token(metadata["token_endpoint"], code=code, code_verifier=code_verifier)
            except Exception as error:  # noqa: BLE001 - authlib raises its own, httpx's and ValueErrors alike
                raise OidcError(f"the provider refused the authorization code ({error})") from None
            if "id_token" not in token:
                raise OidcError("the provider sent no ID token")
            claims = self.checked_id_token(token["id_token"], nonce, token.get("access_token"))
            return {**self._userinfo(client, metadata), **claims}

    def checked_id_token(self, id_token: str, nonce: str, access_token: str | None = None) -> dict[str, Any]:
        """Signature by one of the provider's keys, then issuer, audience (us), expiry and nonce."""
        metadata = self.metadata()
        registry = JWSRegistry(algorithms=metadata.get("id_token_signing_alg_values_supported") or ["RS256"])
        try:
            decoded = jwt.decode(id_token, self._key_set(), registry=registry)
        except (JoseRfcError, ValueError):
            try:  # the provider may have rotated its keys since they were fetched
                decoded = jwt.decode(id_token, self._key_set(fresh=True), registry=registry)
            except (JoseRfcError, ValueError) as error:
                raise OidcError(f"the ID token's signature does not verify ({error})") from None
        audience = decoded.claims.get("aud")
        if self._settings.client_id not in ([audience] if isinstance(audience, str) else audience or []):
            raise OidcError(f"the ID token was issued to another application (aud {audience!r}), not to us")
        params = {"nonce": nonce, "client_id": self._settings.client_id}
        if access_token:
            params["access_token"] = access_token
        claims = CodeIDToken(decoded.claims, decoded.header, {"iss": {"values": [metadata["issuer"]]}}, params)
        try:
            claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
        except JoseRfcError as error:
            raise OidcError(f"the ID token is not for this sign-in: {error.description or error.error}") from None
        return dict(claims)

    def _userinfo(self, client: OAuth2Client, metadata: dict[str, Any]) -> dict[str, Any]:
        endpoint = metadata.get("userinfo_endpoint")
        if not endpoint:
            return {}
        response = client.get(endpoint)
        return response.json() if response.is_success else {}

    def _key_set(self, *, fresh: bool = False) -> KeySet:
        with self._lock:
            if self._keys is None or fresh:
                self._keys = KeySet.import_key_set(self._fetched(self.metadata()["jwks_uri"]))  # type: ignore[arg-type]
            return self._keys

    def _client(self, redirect_uri: str) -> OAuth2Client:
        settings = self._settings
        return OAuth2Client(client_id=settings.client_id, client_secret=settings.client_secret or None,
                            scope=settings.scopes, redirect_uri=redirect_uri, code_challenge_method="S256",
                            token_endpoint_auth_method="client_secret_basic" if settings.client_secret else "none",
                            timeout=TIMEOUT_SECONDS)

    @staticmethod
    def _fetched(url: str) -> dict[str, Any]:
        try:
            response = httpx.get(url, timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise OidcError(f"the provider could not be asked ({url}: {error})") from None
        if not isinstance(document, dict):
            raise OidcError(f"the provider answered {url} with no JSON object")
        return document
