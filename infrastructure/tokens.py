"""Access tokens: HS256 JWTs signed by a keyring, each key named by its ``kid``.

The first key signs; all of them verify, so a key can be rotated without signing everyone out.
A token says who (``sub``), which sign-in (``sid``) and which token generation (``gen``) it belongs
to; revocation happens by comparing those with the user's current state, never inside the JWT.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import jwt

ALGORITHM = "HS256"
ACCESS = "access"
VERIFIED_TOKENS = 4096


class InvalidTokenError(Exception):
    """The token is malformed, expired, of the wrong type, or signed by a key we do not hold."""


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    session_id: str
    generation: int
    expires_at: int


class Keyring:
    def __init__(self, secrets_: list[str]) -> None:
        if not secrets_:
            raise ValueError("a keyring needs at least one secret")
        self._keys: dict[str, bytes] = {}
        for secret in secrets_:
            key = hmac.new(secret.encode(), b"annals access tokens", hashlib.sha256).digest()
            self._keys[hashlib.sha256(key).hexdigest()[:16]] = key
        self.current_kid = next(iter(self._keys))
        self.current_key = self._keys[self.current_kid]

    def key(self, kid: str) -> bytes | None:
        return self._keys.get(kid)


class Tokens:
    def __init__(self, keyring: Keyring, lifetime_seconds: float) -> None:
        self._keyring = keyring
        self._lifetime = lifetime_seconds
        self._verified = functools.lru_cache(maxsize=VERIFIED_TOKENS)(self._verify)
        """A token's signature is checked once: every request of a session brings the same token.
        Only tokens that verified are kept (a refused one raises), so garbage cannot crowd them out."""

    def expires_at(self, issued_at: int) -> int:
        """When a token issued at ``issued_at`` (epoch seconds) stops working."""
        return issued_at + int(self._lifetime)

    def issue(self, user_id: str, session_id: str, generation: int) -> tuple[str, int]:
        now = int(time.time())
        expires_at = self.expires_at(now)
        claims = {"sub": user_id, "sid": session_id, "gen": generation, "typ": ACCESS,
                  "iat": now, "exp": expires_at}
        kid = self._keyring.current_kid
        token = jwt.encode(claims, self._keyring.current_key, algorithm=ALGORITHM, headers={"kid": kid})
        return token, expires_at

    def decode(self, token: str) -> AccessClaims:
        claims = self._verified(token)
        if claims.expires_at <= time.time():
            raise InvalidTokenError("Signature has expired")
        return claims

    def _verify(self, token: str) -> AccessClaims:
        try:
            header = jwt.get_unverified_header(token)
            key = self._keyring.key(str(header.get("kid", "")))
            if key is None:
                raise InvalidTokenError("unknown signing key")
            claims = jwt.decode(token, key, algorithms=[ALGORITHM],
                                options={"require": ["exp", "iat", "sub"]})
        except jwt.PyJWTError as error:
            raise InvalidTokenError(str(error)) from None
        if claims.get("typ") != ACCESS or not isinstance(claims.get("gen"), int):
            raise InvalidTokenError("not an access token")
        return AccessClaims(user_id=str(claims["sub"]), session_id=str(claims.get("sid", "")),
                            generation=claims["gen"], expires_at=int(claims["exp"]))


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def load_or_create_secret(data_dir: Path) -> str:
    """Embedded mode only: a strong secret, generated once and kept beside the data."""
    path = Path(data_dir) / ".secret_key"
    if path.exists():
        return path.read_text().strip()
    secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    path.touch(mode=0o600)
    path.write_text(secret)
    return secret
