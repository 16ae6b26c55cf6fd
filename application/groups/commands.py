"""Commands of the groups context; ``actor_id`` is the admin who gives them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec


class GroupCommand(msgspec.Struct, frozen=True, kw_only=True):
    group_id: UUID
    actor_id: str
    name: str
    description: str
    permissions: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    parent_group_id: str | None | msgspec.UnsetType = msgspec.UNSET
    """The group to nest it under (None: top level); unset, an update leaves its place as it is."""


class CreateGroup(GroupCommand, frozen=True, kw_only=True):
    pass


class UpdateGroup(GroupCommand, frozen=True, kw_only=True):
    """Open WebUI's update: name and description always, permissions and data when given (data
    merged into what the group has)."""


class AddMembers(msgspec.Struct, frozen=True, kw_only=True):
    group_id: UUID
    actor_id: str
    user_ids: list[str]


class RemoveMembers(msgspec.Struct, frozen=True, kw_only=True):
    group_id: UUID
    actor_id: str
    user_ids: list[str]


class DeleteGroup(msgspec.Struct, frozen=True, kw_only=True):
    group_id: UUID
    actor_id: str


class LeaveAllGroups(msgspec.Struct, frozen=True, kw_only=True):
    """A person whose account went leaves every group they were in (``group_ids``)."""

    person_id: str
    group_ids: list[UUID]
    actor_id: str


class SetDefaultPermissions(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    permissions: dict[str, Any]


class ProvisionGroup(msgspec.Struct, frozen=True, kw_only=True):
    """A group made by an identity provider (SCIM), which alone may change it over SCIM."""

    group_id: UUID
    provider_id: str
    name: str
    external_id: str | None = None
    member_ids: list[str] = []


class ChangeProvisionedGroup(msgspec.Struct, frozen=True, kw_only=True):
    """What is given changes: ``members`` (None: kept) replaces them all, then ``added`` join and
    ``removed`` leave."""

    group_id: UUID
    provider_id: str
    expected_version: int | None = None
    name: str | None = None
    external_id: str | None | msgspec.UnsetType = msgspec.UNSET
    members: list[str] | None = None
    added: list[str] = []
    removed: list[str] = []


class DeprovisionGroup(msgspec.Struct, frozen=True, kw_only=True):
    group_id: UUID
    provider_id: str
    expected_version: int | None = None


class FollowReportedGroups(msgspec.Struct, frozen=True, kw_only=True):
    """A person's groups as their directory or proxy reported them: they join ``joined`` and the
    groups in ``created`` (made first, when missing), and leave ``left``."""

    person_id: str
    actor_id: str
    joined: list[UUID] = []
    left: list[UUID] = []
    created: dict[str, UUID] = {}
    """Name: id (derived from the name, so that a second run finds the group the first made)."""
