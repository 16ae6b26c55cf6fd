from __future__ import annotations

import hashlib
from typing import Any, Literal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.identity.api_keys import Revocation
from domain.identity.errors import AccountDeactivatedError, InvalidRoleError, PersonOnHoldError
from domain.identity.roles import ROLES
from domain.privacy.presets import CreatorOf, named_in_settings, no_presets

SignInMeans = Literal["password", "sign_up", "ldap", "trusted_header", "oidc"]
"""How a session began: a password typed at sign-in, the one just chosen at sign-up, a bind to the
LDAP directory, a trusted proxy's header, or an OpenID provider."""


class User(Aggregate):
    """A person's account.

    Keeps what authentication and its invariants need: the password hash, the role, the token
    generation and the API key's digest. Bumping the generation revokes every token issued before
    it; whatever bumps it revokes the API key too, in the same save.
    """

    hold: str | None = None
    """Why the person is under legal hold (nothing of theirs is erased meanwhile), or None."""
    forgotten = False
    api_key_digest: str | None = None
    """The digest of the person's API key (one at most, as in Open WebUI), or None."""
    provider_id: str | None = None
    """The identity provider (SCIM) that provisions the account, or that an admin linked it to; None: none."""
    external_id: str | None = None
    """What that provider calls the person (SCIM ``externalId``), if it said."""
    user_name: str | None = None
    """The person's SCIM ``userName`` at that provider (often their e-mail; None: their e-mail)."""
    directory_dn: str | None = None
    """The LDAP directory entry the person signs in as, or None."""
    deactivated = False
    """Turned off by its identity provider (SCIM ``active: false``): no session, no key, no sign-in."""
    picture_digest: str | None = None
    """A digest of the person's picture, so that a sign-in that brings the same one records nothing."""

    class Registered(Aggregate.Created):
        email: str
        name: str
        password_hash: str
        role: str
        profile_image_url: str

    @event(Registered)
    def __init__(
        self, *, id: UUID, email: str, name: str, password_hash: str, role: str,
        profile_image_url: str,
    ) -> None:
        _check_role(role)
        self.email = email
        self.name = name
        self.password_hash = password_hash
        self.role = role
        self.token_generation = 0
        self.deleted = False
        self.picture_digest = picture_digest(profile_image_url)

    class SignedIn(Aggregate.Event):
        session_id: str
        address: str | None = None
        """From where (the client's network address), for the audit trail; None before it was kept."""
        means: SignInMeans = "password"

    def sign_in(self, *, session_id: str, address: str | None = None, means: SignInMeans = "password") -> None:
        if self.deactivated:
            raise AccountDeactivatedError(str(self.id))
        self._sign_in(session_id=session_id, address=address, means=means)

    @event(SignedIn)
    def _sign_in(self, *, session_id: str, address: str | None, means: SignInMeans) -> None:
        pass

    class SignedOut(Aggregate.Event):
        session_id: str
        address: str | None = None

    def sign_out(self, *, session_id: str, address: str | None = None) -> None:
        self._sign_out(session_id=session_id, address=address)

    @event(SignedOut)
    def _sign_out(self, *, session_id: str, address: str | None) -> None:
        pass

    class ProfileUpdated(Aggregate.Event):
        changes: dict[str, Any]

    @event(ProfileUpdated)
    def update_profile(self, *, changes: dict[str, Any]) -> None:
        self.name = changes.get("name", self.name)
        if "profile_image_url" in changes:
            self.picture_digest = picture_digest(str(changes["profile_image_url"]))

    def change_picture(self, profile_image_url: str) -> None:
        """Recorded only when it is another picture: a provider brings the same at every sign-in."""
        if picture_digest(profile_image_url) != self.picture_digest:
            self.update_profile(changes={"profile_image_url": profile_image_url})

    class EmailChanged(Aggregate.Event):
        email: str

    @event(EmailChanged)
    def change_email(self, *, email: str) -> None:
        self.email = email

    def change_password(self, password_hash: str) -> None:
        self._revoke_api_key("password_changed")
        self._change_password(password_hash=password_hash, token_generation=self.token_generation + 1)

    class PasswordChanged(Aggregate.Event):
        password_hash: str
        token_generation: int

    @event(PasswordChanged)
    def _change_password(self, *, password_hash: str, token_generation: int) -> None:
        self.password_hash = password_hash
        self.token_generation = token_generation

    def revoke_sessions(self, actor_id: str) -> None:
        """Every token issued before stops working (the person signs in again); the API key stays,
        as in Open WebUI, whose admin revokes sessions, not keys."""
        self._revoke_sessions(actor_id=actor_id, token_generation=self.token_generation + 1)

    class SessionsRevoked(Aggregate.Event):
        actor_id: str
        token_generation: int

    @event(SessionsRevoked)
    def _revoke_sessions(self, *, actor_id: str, token_generation: int) -> None:
        self.token_generation = token_generation

    def rehash_password(self, password_hash: str) -> None:
        """Same password, stronger parameters: tokens stay valid."""
        self._rehash_password(password_hash=password_hash)

    class PasswordRehashed(Aggregate.Event):
        password_hash: str

    @event(PasswordRehashed)
    def _rehash_password(self, *, password_hash: str) -> None:
        self.password_hash = password_hash

    def change_role(self, role: str) -> None:
        _check_role(role)
        if role != self.role:
            self._revoke_api_key("role_changed")
            self._change_role(role=role, token_generation=self.token_generation + 1)

    class RoleChanged(Aggregate.Event):
        role: str
        token_generation: int

    @event(RoleChanged)
    def _change_role(self, *, role: str, token_generation: int) -> None:
        self.role = role
        self.token_generation = token_generation

    def update_settings(self, settings: dict[str, Any], creator_of: CreatorOf = no_presets) -> None:
        """Others' model presets the settings choose are kept under their creators' keys
        (``domain.privacy.presets``)."""
        kept, namings = named_in_settings(settings, creator_of, str(self.id))
        self._update_settings(settings=kept)
        for person, naming in namings.items():
            self._presets_named(quoted_user_id=person, places=naming.places, models=naming.models)

    class SettingsUpdated(Aggregate.Event):
        settings: dict[str, Any]

    @event(SettingsUpdated)
    def _update_settings(self, *, settings: dict[str, Any]) -> None:
        pass

    class PresetsNamed(Aggregate.Event):
        """The ids of ``quoted_user_id``'s model presets that the settings just updated list
        (``domain.privacy.presets.SettingsNaming``), kept under their key."""

        quoted_user_id: str
        places: dict[str, list[int]]
        models: dict[str, list[str]]

    @event(PresetsNamed)
    def _presets_named(self, *, quoted_user_id: str, places: dict[str, list[int]],
                       models: dict[str, list[str]]) -> None:
        pass

    class TimezoneChanged(Aggregate.Event):
        timezone: str

    @event(TimezoneChanged)
    def change_timezone(self, *, timezone: str) -> None:
        pass

    class StatusChanged(Aggregate.Event):
        """What the person shows others beside their name (Open WebUI's status); None: left as it was."""

        emoji: str | None
        message: str | None
        expires_at: int | None

    @event(StatusChanged)
    def change_status(self, *, emoji: str | None, message: str | None, expires_at: int | None) -> None:
        pass

    class InfoMerged(Aggregate.Event):
        """Keys of the person's ``info`` (the app keeps their location there), laid over those kept."""

        changes: str
        """As JSON text, so the whole of it is sealed: in a dict, keys, numbers and values under
        names read as public (``id``, ``status``) would stay in clear."""

    @event(InfoMerged)
    def merge_info(self, *, changes: str) -> None:
        pass

    class VariablesReplaced(Aggregate.Event):
        """The person's prompt variables (``{{user.variables.x}}``), all of them."""

        variables: str
        """As JSON text, sealed whole (see ``InfoMerged``)."""

    @event(VariablesReplaced)
    def replace_variables(self, *, variables: str) -> None:
        pass

    def delete(self, actor_id: str | None = None) -> None:
        self._revoke_api_key("account_deleted")
        self._delete(actor_id=actor_id)

    class Deleted(Aggregate.Event):
        actor_id: str | None = None

    @event(Deleted)
    def _delete(self, actor_id: str | None = None) -> None:
        """``actor_id``: who deleted the account (None in events recorded before it was kept)."""
        self.deleted = True
        self.token_generation += 1

    def forget(self, actor_id: str) -> None:
        """Deletes the account if it is not yet, and records that every key of the person is to go."""
        if self.hold is not None:
            raise PersonOnHoldError(str(self.id), self.hold)
        if not self.deleted:
            self.delete(actor_id)
        if not self.forgotten:
            self._forget(actor_id=actor_id)

    class Forgotten(Aggregate.Event):
        actor_id: str

    @event(Forgotten)
    def _forget(self, *, actor_id: str) -> None:
        self.forgotten = True

    def place_hold(self, actor_id: str, reason: str) -> None:
        if reason != self.hold:
            self._place_hold(actor_id=actor_id, reason=reason)

    class HoldPlaced(Aggregate.Event):
        actor_id: str
        reason: str

    @event(HoldPlaced)
    def _place_hold(self, *, actor_id: str, reason: str) -> None:
        self.hold = reason

    def lift_hold(self, actor_id: str) -> None:
        if self.hold is not None:
            self._lift_hold(actor_id=actor_id)

    class HoldLifted(Aggregate.Event):
        actor_id: str

    @event(HoldLifted)
    def _lift_hold(self, *, actor_id: str) -> None:
        self.hold = None

    def link_to_provider(self, *, provider_id: str, external_id: str | None, user_name: str | None,
                         actor_id: str) -> None:
        """From now on the provider (and only it) provisions the account; ``actor_id``: the provider
        itself when it made the account, or the admin who linked an existing one."""
        if (provider_id, external_id, user_name) != (self.provider_id, self.external_id, self.user_name):
            self._link_to_provider(provider_id=provider_id, external_id=external_id, user_name=user_name,
                                   actor_id=actor_id)

    class LinkedToProvider(Aggregate.Event):
        provider_id: str
        external_id: str | None
        user_name: str | None
        actor_id: str

    @event(LinkedToProvider)
    def _link_to_provider(self, *, provider_id: str, external_id: str | None, user_name: str | None,
                          actor_id: str) -> None:
        self.provider_id, self.external_id, self.user_name = provider_id, external_id, user_name

    class LinkedToDirectory(Aggregate.Event):
        dn: str
        user_name: str

    @event(LinkedToDirectory)
    def link_to_directory(self, *, dn: str, user_name: str) -> None:
        self.directory_dn = dn

    class GroupsReported(Aggregate.Event):
        """The groups the directory (or the proxy) says the person is in, at a sign-in: the groups
        context makes theirs these (``application/groups/reported_groups.py``)."""

        group_names: list[str]
        create_missing: bool
        untouched: list[str] | None = None
        """Groups the report neither joins nor leaves (Open WebUI's ``OAUTH_BLOCKED_GROUPS``); None: none."""

    def report_groups(self, *, group_names: list[str], create_missing: bool,
                      untouched: list[str] | None = None) -> None:
        self._report_groups(group_names=group_names, create_missing=create_missing, untouched=untouched)

    @event(GroupsReported)
    def _report_groups(self, *, group_names: list[str], create_missing: bool, untouched: list[str] | None) -> None:
        pass

    def deactivate(self, actor_id: str) -> None:
        """Every session and the API key end with it, in the same save."""
        if not self.deactivated:
            self._revoke_api_key("deactivated")
            self._deactivate(actor_id=actor_id, token_generation=self.token_generation + 1)

    class Deactivated(Aggregate.Event):
        actor_id: str
        token_generation: int

    @event(Deactivated)
    def _deactivate(self, *, actor_id: str, token_generation: int) -> None:
        self.deactivated = True
        self.token_generation = token_generation

    def reactivate(self, actor_id: str) -> None:
        if self.deactivated:
            self._reactivate(actor_id=actor_id)

    class Reactivated(Aggregate.Event):
        actor_id: str

    @event(Reactivated)
    def _reactivate(self, *, actor_id: str) -> None:
        self.deactivated = False

    def link_identity(self, *, issuer: str, subject: str) -> None:
        """The provider's subject signs in to this account from now on (``ExternalIdentity``)."""
        self._link_identity(issuer=issuer, subject=subject)

    class IdentityLinked(Aggregate.Event):
        issuer: str
        subject: str

    @event(IdentityLinked)
    def _link_identity(self, *, issuer: str, subject: str) -> None:
        pass

    def issue_api_key(self, key_digest: str) -> None:
        """The person's new key; the one before it, if any, stops working."""
        if self.deactivated:
            raise AccountDeactivatedError(str(self.id))
        self._revoke_api_key("replaced")
        self._issue_api_key(key_digest=key_digest)

    class ApiKeyIssued(Aggregate.Event):
        key_digest: str

    @event(ApiKeyIssued)
    def _issue_api_key(self, *, key_digest: str) -> None:
        self.api_key_digest = key_digest

    def revoke_api_key(self) -> None:
        self._revoke_api_key("deleted")

    def _revoke_api_key(self, reason: Revocation) -> None:
        if self.api_key_digest is not None:
            self._record_api_key_revoked(key_digest=self.api_key_digest, reason=reason)

    class ApiKeyRevoked(Aggregate.Event):
        key_digest: str
        reason: Revocation

    @event(ApiKeyRevoked)
    def _record_api_key_revoked(self, *, key_digest: str, reason: Revocation) -> None:
        self.api_key_digest = None


def picture_digest(profile_image_url: str) -> str:
    return hashlib.sha256(profile_image_url.encode()).hexdigest()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidRoleError(role)
