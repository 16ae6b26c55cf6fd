"""An identity provider that provisions people over SCIM (Okta, Entra ID...), and the bearer token
it calls with: ``scim-`` and 256 random bits, shown to the admin once and kept only as its SHA-256
digest (as API keys are, for the same reasons: ``api_keys.py``). Each provider acts only on the
people and groups it provisioned, or that an admin linked to it."""

from __future__ import annotations

import hashlib
import secrets
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

PREFIX = "scim-"
RANDOM_BYTES = 32
MAX_NAME = 200
FROM_ENVIRONMENT = str(uuid5(NAMESPACE_URL, "annals:scim:environment"))
"""The provider that calls with Open WebUI's ``SCIM_TOKEN``, set in the server's environment."""


def new_scim_token() -> str:
    return PREFIX + secrets.token_hex(RANDOM_BYTES)


def scim_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvalidProviderError(ValueError):
    """A provider's name that cannot be kept (blank, or too long)."""


class ScimProviderNotFoundError(LookupError):
    def __init__(self, provider_id: object) -> None:
        super().__init__(f"SCIM provider {provider_id} not found")
        self.provider_id = provider_id


class ScimProvider(Aggregate):
    @classmethod
    def register(cls, *, provider_id: UUID, actor_id: str, name: str, token_digest: str) -> ScimProvider:
        return cls(id=provider_id, actor_id=actor_id, name=_checked_name(name), token_digest=token_digest)

    class Registered(Aggregate.Created):
        actor_id: str
        name: str
        token_digest: str

    @event(Registered)
    def __init__(self, *, id: UUID, actor_id: str, name: str, token_digest: str) -> None:
        self.name, self.token_digest = name, token_digest
        self.removed = False

    def rotate_token(self, *, actor_id: str, token_digest: str) -> None:
        """The token before stops working as this one is saved."""
        self._check_standing()
        self._rotate_token(actor_id=actor_id, token_digest=token_digest)

    class TokenRotated(Aggregate.Event):
        actor_id: str
        token_digest: str

    @event(TokenRotated)
    def _rotate_token(self, *, actor_id: str, token_digest: str) -> None:
        self.token_digest = token_digest

    def remove(self, *, actor_id: str) -> None:
        """Its token stops working; the people it provisioned stay, as they are."""
        self._check_standing()
        self._remove(actor_id=actor_id)

    class Removed(Aggregate.Event):
        actor_id: str

    @event(Removed)
    def _remove(self, *, actor_id: str) -> None:
        self.removed = True

    def _check_standing(self) -> None:
        if self.removed:
            raise ScimProviderNotFoundError(self.id)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise InvalidProviderError(f"A SCIM provider needs a name of 1 to {MAX_NAME} characters.")
    return name
