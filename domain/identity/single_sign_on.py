"""Single sign-on's rules: who a provider's subject is here, that a sign-in completes once, and the
role a provider's role claim gives (Open WebUI's ``ENABLE_OAUTH_ROLE_MANAGEMENT``).

A person is found by the pair (issuer, subject) only: an e-mail address the provider sends links no
account by itself (``OAUTH_MERGE_ACCOUNTS_BY_EMAIL`` is the admin's explicit exception).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.identity.errors import IdentityError
from domain.identity.roles import ADMIN

MEMBER = "user"


class ExternalIdentity(Aggregate):
    """Whose account a provider's subject signs in to. Its id derives from (issuer, subject), so two
    first sign-ins of one subject collide on version 1 and only one account is made."""

    @staticmethod
    def create_id(issuer: str, subject: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:oidc-subject:{issuer}\n{subject}")

    class Claimed(Aggregate.Created):
        issuer: str
        subject: str
        user_id: UUID

    @event(Claimed)
    def __init__(self, *, issuer: str, subject: str, user_id: UUID) -> None:
        self.user_id = user_id

    class Reclaimed(Aggregate.Event):
        user_id: UUID

    @event(Reclaimed)
    def reclaim(self, user_id: UUID) -> None:
        """The subject's former account was deleted: it signs in to a new one."""
        self.user_id = user_id


class CompletedSignIn(Aggregate):
    """A sign-in's ``state``, used: its id derives from the state, so the same return from the
    provider (a replayed callback) cannot sign anyone in twice."""

    @staticmethod
    def create_id(state: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:oidc-state:{state}")

    class Completed(Aggregate.Created):
        state: str
        user_id: UUID

    @event(Completed)
    def __init__(self, *, state: str, user_id: UUID) -> None:
        self.user_id = user_id


class SignInReplayedError(IdentityError):
    def __init__(self) -> None:
        super().__init__("this sign-in was completed already: start again from the sign-in page")


class SingleSignOnSignupDisabledError(IdentityError):
    def __init__(self) -> None:
        super().__init__("no account is linked to this identity, and sign-up through the provider is off")


class ProviderRoleRefusedError(IdentityError):
    def __init__(self, roles: list[str]) -> None:
        super().__init__(f"the provider's roles {roles} include none this workspace allows")
        self.roles = roles


@dataclass(frozen=True)
class RoleMapping:
    """``OAUTH_ROLES_CLAIM`` (a dotted path), ``OAUTH_ALLOWED_ROLES`` and ``OAUTH_ADMIN_ROLES``."""

    claim: str
    allowed: tuple[str, ...]
    admin: tuple[str, ...]

    def role(self, current: str, claims: Mapping[str, Any]) -> str:
        """An admin role makes an admin, an allowed one a member; roles sent that match neither are
        refused; none sent keep ``current`` (the default role for someone new), as in Open WebUI."""
        roles = claimed(claims, self.claim, separator=",")
        if not roles:
            return current
        if any(role in roles for role in self.admin):
            return ADMIN
        if "*" in self.allowed or any(role in roles for role in self.allowed):
            return MEMBER
        raise ProviderRoleRefusedError(roles)


def claimed(claims: Mapping[str, Any], path: str, *, separator: str) -> list[str]:
    """The values of a claim found by its dotted ``path``: a list, or one text (split on ``separator``)."""
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [part.strip() for part in str(value).split(separator) if part.strip()]
    return []
