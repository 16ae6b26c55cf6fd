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
