"""Signing in through an OpenID provider: the checked claims of its ID token become a session of
the person linked to (issuer, subject), made or linked as the workspace's policy allows, in one save
of the identity log together with the sign-in's used ``state``.

Open WebUI's rules: a subject unknown here is linked by e-mail only when ``merge_by_email``; else a
new account is made when ``signup`` (its role the workspace's default, or admin for the very first
account, which founds the workspace); an e-mail already taken is refused. With role management the
provider's role claim sets the role at every sign-in (never the primary admin's); with group
management the groups it names are reported for the groups context to follow (as LDAP's are).

The ``picture`` claim's picture is fetched before the save (never inside it), for a new account, or
at every sign-in with ``update_picture_on_login``; one that cannot be had leaves the picture as it is
(the default, for a new account), and never fails the sign-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import msgspec

from application.identity.ports import ProfilePictures
from application.identity.provisioning import NO_PASSWORD
from application.identity.service import Identity
from application.log_positions import LogPosition
from domain.identity.roles import ADMIN
from domain.identity.single_sign_on import (
    CompletedSignIn,
    ExternalIdentity,
    RoleMapping,
    SignInReplayedError,
    SingleSignOnSignupDisabledError,
    claimed,
)
from domain.identity.user import User
from domain.identity.workspace import Workspace

DEFAULT_PICTURE = "/user.png"


class MissingClaimError(ValueError):
    def __init__(self, claim: str) -> None:
        super().__init__(f"the provider sent no {claim!r} claim")
        self.claim = claim


class EmailDomainNotAllowedError(ValueError):
    def __init__(self, domain: str) -> None:
        super().__init__(f"e-mail addresses at {domain!r} may not sign in here")
        self.domain = domain


@dataclass(frozen=True)
class SingleSignOnPolicy:
    signup: bool
    merge_by_email: bool
    email_claim: str = "email"
    name_claim: str = "name"
    picture_claim: str = "picture"
    sub_claim: str = "sub"
    allowed_domains: tuple[str, ...] = ("*",)
    """The e-mail domains that may sign in; ``*``: any."""
    roles: RoleMapping | None = None
    """None: role management is off."""
    groups_claim: str | None = None
    """None: group management is off."""
    create_groups: bool = False
    blocked_groups: tuple[str, ...] = ()
    """Groups the provider's claim neither joins nor leaves (Open WebUI's ``OAUTH_BLOCKED_GROUPS``)."""
    update_picture_on_login: bool = False


class SignInWithProvider(msgspec.Struct, frozen=True, kw_only=True):
    state: str
    """The sign-in's ``state``: completes once."""
    claims: dict[str, Any]
    """The ID token's, checked (``iss`` and ``sub`` among them)."""
    session_id: str
    address: str | None = None


@dataclass(frozen=True)
class SignedInWithProvider:
    user: User
    position: LogPosition | None


class SingleSignOn:
    def __init__(self, identity: Identity, policy: SingleSignOnPolicy, pictures: ProfilePictures) -> None:
        self._identity = identity
        self._policy = policy
        self._pictures = pictures

    def check_not_completed(self, state: str) -> None:
        """Before the provider is asked anything: a return seen before goes no further, whatever
        the provider would say of its code. (``sign_in`` checks again, in the save itself.)"""
        if self._identity.find(CompletedSignIn.create_id(state)) is not None:
            raise SignInReplayedError()

    def sign_in(self, command: SignInWithProvider) -> SignedInWithProvider:
        issuer, subject = _required(command.claims, "iss"), _required(command.claims, self._policy.sub_claim)
        email = _required(command.claims, self._policy.email_claim).strip().lower()
        self._check_domain(email)
        picture = self._picture(command.claims, ExternalIdentity.create_id(issuer, subject))

        def attempt() -> SignedInWithProvider:
            self.check_not_completed(command.state)
            link = self._identity.find(ExternalIdentity.create_id(issuer, subject))
            user, changed = self._linked(link), []
            if user is None and self._policy.merge_by_email:
                user = self._identity.user_by_email(email)
                changed = [] if user is None else [self._link(link, issuer, subject, user)]
            if user is None:
                user, changed = self._registered(email, command.claims, picture or DEFAULT_PICTURE)
                changed.append(self._link(link, issuer, subject, user))
            else:
                self._update(user, command.claims, picture)
            self._claim_groups(user, command.claims)
            user.sign_in(session_id=command.session_id, address=command.address, means="oidc")
            done = CompletedSignIn(state=command.state, user_id=user.id)
            return SignedInWithProvider(user, self._identity.commit(*changed, user, done))

        return self._identity.retrying(attempt)

    def _picture(self, claims: Mapping[str, Any], link_id: UUID) -> str | None:
        """The claim's picture, if this sign-in may keep it: for whom the provider links no account
        yet (who may be new), or anyone with ``update_picture_on_login``."""
        url = claims.get(self._policy.picture_claim)
        if not isinstance(url, str) or not url:
            return None
        if self._policy.update_picture_on_login or self._identity.find(link_id) is None:
            return self._pictures.fetch(url)
        return None

    def _update(self, user: User, claims: Mapping[str, Any], picture: str | None) -> None:
        if self._policy.roles is not None and not self._identity.is_primary_admin(user):
            user.change_role(self._policy.roles.role(user.role, claims))
        if picture is not None and self._policy.update_picture_on_login:
            user.change_picture(picture)

    def _check_domain(self, email: str) -> None:
        domain = email.rpartition("@")[2]
        if "*" not in self._policy.allowed_domains and domain not in self._policy.allowed_domains:
            raise EmailDomainNotAllowedError(domain)

    def _linked(self, link: Any) -> User | None:
        if not isinstance(link, ExternalIdentity):
            return None
        user = self._identity.find(link.user_id)
        return user if isinstance(user, User) and not user.deleted else None

    def _registered(self, email: str, claims: Mapping[str, Any], picture: str) -> tuple[User, list[Any]]:
        """A new account, and what else to save with it (the workspace it founds, if it is the first)."""
        if not self._policy.signup:
            raise SingleSignOnSignupDisabledError()
        user_id = uuid4()
        workspace = self._identity.workspace()
        founded: list[Any] = []
        if workspace is None:
            role = ADMIN
            founded.append(Workspace.found(primary_admin_id=user_id, auth_config=self._identity.auth_config()))
        else:
            role = workspace.default_user_role
            if self._policy.roles is not None:
                role = self._policy.roles.role(role, claims)
        name = str(claims.get(self._policy.name_claim) or email)
        user, index = self._identity.register(user_id, email, name, NO_PASSWORD, role, picture, None)
        return user, [*founded, index]

    @staticmethod
    def _link(link: Any, issuer: str, subject: str, user: User) -> ExternalIdentity:
        user.link_identity(issuer=issuer, subject=subject)
        if isinstance(link, ExternalIdentity):
            link.reclaim(user.id)
            return link
        return ExternalIdentity(issuer=issuer, subject=subject, user_id=user.id)

    def _claim_groups(self, user: User, claims: Mapping[str, Any]) -> None:
        """Recorded only when the provider names groups: an empty claim changes no membership."""
        groups = [] if self._policy.groups_claim is None else claimed(claims, self._policy.groups_claim, separator=";")
        if groups:
            user.report_groups(group_names=sorted(set(groups)), create_missing=self._policy.create_groups,
                               untouched=sorted(self._policy.blocked_groups) or None)


def _required(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise MissingClaimError(name)
    return str(value)

