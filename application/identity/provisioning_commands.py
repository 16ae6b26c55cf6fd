"""Commands of identity providers (SCIM) and of the admins who register them. ``provider_id`` is the
provider that asks: it acts only on the accounts it provisioned, or that an admin linked to it."""

from __future__ import annotations

from uuid import UUID

import msgspec


class RegisterScimProvider(msgspec.Struct, frozen=True, kw_only=True):
    provider_id: UUID
    actor_id: str
    name: str
    token_digest: str
    """The token itself is shown once to the admin and never reaches the log."""


class RotateScimToken(msgspec.Struct, frozen=True, kw_only=True):
    provider_id: UUID
    actor_id: str
    token_digest: str


class RemoveScimProvider(msgspec.Struct, frozen=True, kw_only=True):
    provider_id: UUID
    actor_id: str


class LinkToProvider(msgspec.Struct, frozen=True, kw_only=True):
    """An admin hands an existing account to a provider: SCIM never takes one over by itself."""

    actor_id: str
    provider_id: str
    user_id: UUID
    external_id: str | None = None
    user_name: str | None = None


class ProvisionUser(msgspec.Struct, frozen=True, kw_only=True):
    provider_id: str
    user_id: UUID
    email: str
    name: str
    user_name: str | None = None
    """SCIM's ``userName``, kept when it is not the e-mail itself."""
    external_id: str | None = None
    active: bool = True
    profile_image_url: str = "/user.png"


class ChangeProvisionedUser(msgspec.Struct, frozen=True, kw_only=True):
    """What is given changes; what is left out (None, or UNSET for the external id) stays."""

    provider_id: str
    user_id: UUID
    expected_version: int | None = None
    email: str | None = None
    name: str | None = None
    user_name: str | None = None
    external_id: str | None | msgspec.UnsetType = msgspec.UNSET
    active: bool | None = None


class DeprovisionUser(msgspec.Struct, frozen=True, kw_only=True):
    provider_id: str
    user_id: UUID
    expected_version: int | None = None
