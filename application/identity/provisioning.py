"""The identity context's commands from identity providers (SCIM), and the admins' registration of
those providers. Each command is one save of the identity log, through the context itself.

A provider acts only on the accounts it provisioned or an admin linked to it (an e-mail address or
``externalId`` that matches never links an account by itself), and never takes the workspace's
last admin away: an admin is deactivated or deleted only while the workspace's primary admin stands
beside them. No command of anyone demotes, deactivates, deletes or forgets the primary admin (here,
and ``Identity._check_may_manage`` for the admins' own), so the admin who always remains is fixed
at founding: deciding needs no count of admins from a view and no lock, and providers and admins
removing every other admin at once still leave one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec

from application.identity.provisioning_commands import (
    ChangeProvisionedUser,
    DeprovisionUser,
    LinkToProvider,
    ProvisionUser,
    RegisterScimProvider,
    RemoveScimProvider,
    RotateScimToken,
)
from application.identity.scim_identifiers import NOT_LINKED, ScimIdentifiers, held_by
from application.identity.service import Identity
from application.log_positions import LogPosition
from domain.identity.email_index import normalise_email
from domain.identity.errors import LastAdminError, NotProvisionedError
from domain.identity.roles import ADMIN
from domain.identity.scim_providers import FROM_ENVIRONMENT, ScimProvider, ScimProviderNotFoundError
from domain.identity.user import User
from domain.versions import check_version

NO_PASSWORD = "!"
"""A provisioned account's password hash: no password verifies against it (such people sign in
through their identity provider), and making it costs no argon2 hash per account provisioned."""
PROVISIONED_ROLE = "user"
"""Open WebUI's role for an account its SCIM creates: the provider has vetted the person."""


class Provisioning:
    def __init__(self, identity: Identity) -> None:
        self._identity = identity
        self._identifiers = ScimIdentifiers(identity)

    # -- the admins' registration of providers ----------------------------------------------

    def register_scim_provider(self, command: RegisterScimProvider) -> LogPosition | None:
        return self._identity.commit(ScimProvider.register(
            provider_id=command.provider_id, actor_id=command.actor_id, name=command.name,
            token_digest=command.token_digest))

    def rotate_scim_token(self, command: RotateScimToken) -> LogPosition | None:
        return self._change_provider(command.provider_id, lambda provider: provider.rotate_token(
            actor_id=command.actor_id, token_digest=command.token_digest))

    def remove_scim_provider(self, command: RemoveScimProvider) -> LogPosition | None:
        return self._change_provider(command.provider_id,
                                     lambda provider: provider.remove(actor_id=command.actor_id))

    def _change_provider(self, provider_id: Any, change: Callable[[ScimProvider], None]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            provider = self._provider(provider_id)
            change(provider)
            return self._identity.commit(provider)

        return self._identity.retrying(attempt, turn=provider_id)

    def _provider(self, provider_id: Any) -> ScimProvider:
        provider = self._identity.find(provider_id)
        if not isinstance(provider, ScimProvider) or provider.removed:
            raise ScimProviderNotFoundError(provider_id)
        return provider

    def link_to_provider(self, command: LinkToProvider) -> LogPosition:
        if command.provider_id != FROM_ENVIRONMENT:
            self._provider(UUID(command.provider_id))

        def attempt() -> LogPosition:
            user = self._identity.user(command.user_id)
            before = user.provider_id, held_by(user)
            user.link_to_provider(provider_id=command.provider_id, external_id=command.external_id,
                                  user_name=command.user_name, actor_id=command.actor_id)
            indexes = self._identifiers.moved(user.id, before, (command.provider_id, held_by(user)))
            return self._identity.commit(user, *indexes) or self._identity.as_before()

        return self._identity.retrying(attempt, turn=command.user_id)

    # -- the providers' own commands ---------------------------------------------------------

    def provision_user(self, command: ProvisionUser) -> LogPosition | None:
        """A new account, linked to its provider, active or not as the provider says, in one save."""
        def attempt() -> LogPosition | None:
            user, index = self._identity.register(command.user_id, command.email, command.name, NO_PASSWORD,
                                                  PROVISIONED_ROLE, command.profile_image_url, None)
            user.link_to_provider(provider_id=command.provider_id, external_id=command.external_id,
                                  user_name=_unless_email(command.user_name, user.email), actor_id=command.provider_id)
            indexes = self._identifiers.moved(user.id, NOT_LINKED, (command.provider_id, held_by(user)))
            if not command.active:
                user.deactivate(actor_id=command.provider_id)
            return self._identity.commit(index, *indexes, user)

        return self._identity.retrying(attempt)

    def change_provisioned_user(self, command: ChangeProvisionedUser) -> LogPosition:
        def attempt() -> LogPosition:
            user = self._provisioned(command.provider_id, command.user_id, command.expected_version)
            before = command.provider_id, held_by(user)
            changed: list[Any] = [user]
            if command.email is not None and normalise_email(command.email) != user.email:
                changed += self._identity.move_email(user, command.email)
            if command.name is not None and command.name != user.name:
                user.update_profile(changes={"name": command.name})
            external_id = user.external_id if isinstance(command.external_id, msgspec.UnsetType) \
                else command.external_id
            user_name = user.user_name if command.user_name is None else _unless_email(command.user_name, user.email)
            user.link_to_provider(provider_id=command.provider_id, external_id=external_id, user_name=user_name,
                                  actor_id=command.provider_id)
            changed += self._identifiers.moved(user.id, before, (command.provider_id, held_by(user)))
            if command.active is False:
                self._check_not_last_admin(user, "deactivate")
                user.deactivate(actor_id=command.provider_id)
            elif command.active:
                user.reactivate(actor_id=command.provider_id)
            return self._identity.commit(*changed) or self._identity.as_before()

        return self._identity.retrying(attempt, turn=command.user_id)

    def deprovision_user(self, command: DeprovisionUser) -> LogPosition | None:
        """Deletes the account, as Open WebUI's SCIM does; its chats and files go after it."""
        def attempt() -> LogPosition | None:
            user = self._provisioned(command.provider_id, command.user_id, command.expected_version)
            self._check_not_last_admin(user, "delete")
            indexes = [self._identity.released_email(user), *self._identifiers.released(user)]
            user.delete(actor_id=command.provider_id)
            return self._identity.commit(user, *indexes)

        return self._identity.retrying(attempt, turn=command.user_id)

    def _provisioned(self, provider_id: str, user_id: Any, expected_version: int | None) -> User:
        user = self._identity.user(user_id)
        if user.provider_id != provider_id:
            raise NotProvisionedError(str(user_id))
        check_version(user, expected_version)
        return user

    def _check_not_last_admin(self, user: User, action: str) -> None:
        if user.role != ADMIN or user.deactivated:
            return
        if not self._identity.primary_admin_stands_beside(user):
            raise LastAdminError(str(user.id), action)


def _unless_email(user_name: str | None, email: str) -> str | None:
    """The userName worth keeping: None when it is the account's e-mail (that is shown instead)."""
    return None if user_name is None or normalise_email(user_name) == email else user_name
