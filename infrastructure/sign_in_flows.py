"""A sign-in through the OpenID provider while it is under way, kept by the browser that started it:
its ``state``, ``nonce`` and PKCE verifier in a cookie signed with a key of its own (derived from the
secret key) that lasts ten minutes. The return from the provider must bring the same ``state`` in
the same browser; that the state is used once is the identity log's to ensure (``CompletedSignIn``)."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import jwt

from infrastructure.oidc import AuthorizationRequest, OidcError

FLOW_SECONDS = 600
ALGORITHM = "HS256"
KIND = "oidc_flow"


@dataclass(frozen=True)
class PendingSignIn:
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str


class SignInFlows:
    def __init__(self, secret: str, lifetime_seconds: float = FLOW_SECONDS) -> None:
        self._key = hmac.new(secret.encode(), b"annals sign-in flows", hashlib.sha256).digest()
        self._lifetime = lifetime_seconds

    def seal(self, request: AuthorizationRequest, redirect_uri: str) -> str:
        now = int(time.time())
        return jwt.encode({"typ": KIND, "state": request.state, "nonce": request.nonce,
                           "verifier": request.code_verifier, "redirect_uri": redirect_uri,
                           "iat": now, "exp": now + int(self._lifetime)}, self._key, algorithm=ALGORITHM)

    def open(self, sealed: str | None, state: str | None) -> PendingSignIn:
        """The sign-in this browser started, if ``state`` is the one it was started with."""
        if not sealed:
            raise OidcError("no sign-in was started in this browser (or it took longer than ten minutes)")
        try:
            claims = jwt.decode(sealed, self._key, algorithms=[ALGORITHM], options={"require": ["exp", "typ"]})
        except jwt.PyJWTError as error:
            raise OidcError(f"the sign-in under way cannot be read ({error})") from None
        if claims["typ"] != KIND or not state or not hmac.compare_digest(str(claims["state"]), state):
            raise OidcError("the state returned by the provider is not the one this browser's sign-in was sent with")
        return PendingSignIn(state=state, nonce=claims["nonce"], code_verifier=claims["verifier"],
                             redirect_uri=claims["redirect_uri"])
