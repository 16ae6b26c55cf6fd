from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import msgspec

from application.context import BoundedContext, CommitListener, EventSealing
from application.groups.commands import (
    AddMembers,
    ChangeProvisionedGroup,
    CreateGroup,
    DeleteGroup,
    DeprovisionGroup,
    FollowReportedGroups,
    LeaveAllGroups,
    ProvisionGroup,
    RemoveMembers,
    SetDefaultPermissions,
    UpdateGroup,
)
from application.groups.ports import UnknownPeople
from application.log_positions import LogPosition
from domain.groups.defaults import DEFAULT_PERMISSIONS_ID, DefaultPermissions
from domain.groups.errors import GroupHierarchyError, GroupNotFoundError, UnknownPeopleError
from domain.groups.group import Group
from domain.groups.hierarchy import GROUP_TREE_ID, GroupTree
from domain.groups.permissions import Permissions
from domain.privacy.presets import CreatorOf, no_presets
from domain.versions import check_version


class Groups(BoundedContext):
    """Groups of people, their members and the permissions they grant, and the members' default
    permissions: everything that decides what a person may do beyond their role."""

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener, *, unknown_people: UnknownPeople,
                 initial_defaults: Permissions, sealing: EventSealing | None = None,
                 preset_creator: CreatorOf = no_presets) -> None:
        """``preset_creator``: who made the model preset of an id (the models context knows)."""
        super().__init__(env, on_commit, sealing)
        self._unknown_people = unknown_people
        self._preset_creator = preset_creator
        self.initial_defaults = initial_defaults
        """The environment's (``USER_PERMISSIONS_*``): the defaults until an admin saves others."""

    def create_group(self, command: CreateGroup) -> LogPosition | None:
        """A group nested from the start is placed on the tree in the same commit."""
        parent = command.parent_group_id
        if not isinstance(parent, str):
            return self.commit(self._new_group(command))

        def attempt() -> LogPosition | None:
            group = self._new_group(command)
            return self.commit(group, self._placed(group, command.actor_id, parent))

        return self.retrying(attempt, turn=GROUP_TREE_ID)

    def _new_group(self, command: CreateGroup) -> Group:
        return Group.create(group_id=command.group_id, actor_id=command.actor_id, name=command.name,
                            description=command.description, permissions=command.permissions, data=command.data,
                            creator_of=self._preset_creator)

    def update_group(self, command: UpdateGroup) -> LogPosition | None:
        """A parent sent (None: the top) moves the group; none sent leaves it where it is."""
        parent = command.parent_group_id
        moving = not isinstance(parent, msgspec.UnsetType)

        def attempt() -> LogPosition | None:
            group = self.group(command.group_id)
            group.describe(actor_id=command.actor_id, name=command.name, description=command.description)
            if command.permissions is not None:
                group.set_permissions(actor_id=command.actor_id, permissions=command.permissions)
            if command.data is not None:
                group.configure(actor_id=command.actor_id, data=command.data, creator_of=self._preset_creator)
            if isinstance(parent, msgspec.UnsetType) or parent == group.parent_group_id:
                return self.commit(group)
            return self.commit(group, self._placed(group, command.actor_id, parent))

        return self.retrying(attempt, turn=GROUP_TREE_ID if moving else command.group_id)

    def _placed(self, group: Group, actor_id: str, parent_group_id: str | None) -> GroupTree:
        """``group`` under ``parent_group_id``, decided on the tree as committed. The tree is loaded
        before the parent, so that a parent deleted after it was found conflicts on the tree."""
        tree = self._tree()
        parent = None if parent_group_id is None else self._parent(parent_group_id)
        tree.place(group_id=str(group.id), parent_group_id=parent)
        group.set_parent(actor_id=actor_id, parent_group_id=parent)
        return tree

    def _parent(self, parent_group_id: str) -> str:
        """The id of the standing group ``parent_group_id`` names, as the group's own id is written."""
        if not parent_group_id.strip():
            raise GroupHierarchyError("A parent group is a group's id, or null for none.")
        try:
            return str(self.group(UUID(parent_group_id)).id)
        except (ValueError, GroupNotFoundError):
            raise GroupHierarchyError(f"No group has the id {parent_group_id}: it cannot be a parent.") from None

    def _tree(self) -> GroupTree:
        tree = self.find(GROUP_TREE_ID)
        return tree if isinstance(tree, GroupTree) else GroupTree.plant()

    def _deleted(self, group: Group, actor_id: str) -> LogPosition | None:
        """``group`` deleted, its children moved up to its parent in the same commit, their moves
        first, so that no view ever shows a group under one gone."""
        tree = self._tree()
        children, parent = tree.uproot(group_id=str(group.id))
        moved = [self.group(UUID(child)) for child in children]
        for child in moved:
            child.set_parent(actor_id=actor_id, parent_group_id=parent)
        group.delete(actor_id=actor_id)
        return self.commit(*moved, tree, group)

    def add_members(self, command: AddMembers) -> LogPosition | None:
        """Everyone named must have an account: an unknown id refuses them all (nothing half done)."""
        self._check_known(command.user_ids)

        def attempt() -> LogPosition | None:
            group = self.group(command.group_id)
            group.add_members(actor_id=command.actor_id, user_ids=command.user_ids)
            return self.commit(group)

        return self.retrying(attempt, turn=command.group_id)

    def remove_members(self, command: RemoveMembers) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            group = self.group(command.group_id)
            group.remove_members(actor_id=command.actor_id, user_ids=command.user_ids)
            return self.commit(group)

        return self.retrying(attempt, turn=command.group_id)

    def delete_group(self, command: DeleteGroup) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            return self._deleted(self.group(command.group_id), command.actor_id)

        return self.retrying(attempt, turn=GROUP_TREE_ID)

    def leave_all_groups(self, command: LeaveAllGroups) -> LogPosition | None:
        """One commit for every group; those gone, or the person already left, are skipped, so a
        reaction may run it again."""
        def attempt() -> LogPosition | None:
            groups = [g for g in map(self.find, command.group_ids) if isinstance(g, Group) and not g.deleted
                      and command.person_id in g.members]
            for group in groups:
                group.remove_members(actor_id=command.actor_id, user_ids=[command.person_id])
            return self.commit(*groups)

        return self.retrying(attempt)

    def follow_reported_groups(self, command: FollowReportedGroups) -> LogPosition | None:
        """One commit; a group gone is skipped, and so is what is done already, so a reaction may run it
        again. A person whose account is gone joins nothing: a report read late must not undo their leaving."""
        person, actor = command.person_id, command.actor_id
        if self._unknown_people([person]):
            return None

        def attempt() -> LogPosition | None:
            made = [Group.create(group_id=group_id, actor_id=actor, name=name, description="", permissions=None,
                                 data=None)
                    for name, group_id in command.created.items() if self.find(group_id) is None]
            joined = [*made, *self._standing(command.joined)]
            left = self._standing(command.left)
            for group in joined:
                group.add_members(actor_id=actor, user_ids=[person])
            for group in left:
                group.remove_members(actor_id=actor, user_ids=[person])
            return self.commit(*joined, *left)

        return self.retrying(attempt)

    def _standing(self, group_ids: list[UUID]) -> list[Group]:
        return [g for g in map(self.find, group_ids) if isinstance(g, Group) and not g.deleted]

    def set_default_permissions(self, command: SetDefaultPermissions) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            kept = self.find(DEFAULT_PERMISSIONS_ID)
            if isinstance(kept, DefaultPermissions):
                kept.change(actor_id=command.actor_id, permissions=command.permissions)
            else:
                kept = DefaultPermissions.keep(actor_id=command.actor_id, permissions=command.permissions)
            return self.commit(kept)

        return self.retrying(attempt, turn=DEFAULT_PERMISSIONS_ID)

    def provision_group(self, command: ProvisionGroup) -> LogPosition | None:
        self._check_known(command.member_ids)
        group = Group.create(group_id=command.group_id, actor_id=command.provider_id, name=command.name,
                             description="", permissions=None, data=None)
        group.link_to_provider(actor_id=command.provider_id, provider_id=command.provider_id,
                               external_id=command.external_id)
        group.add_members(actor_id=command.provider_id, user_ids=command.member_ids)
        return self.commit(group)

    def change_provisioned_group(self, command: ChangeProvisionedGroup) -> LogPosition | None:
        self._check_known([*(command.members or ()), *command.added])
        actor = command.provider_id

        def attempt() -> LogPosition | None:
            group = self._provisioned(command.group_id, command.provider_id, command.expected_version)
            if command.name is not None:
                group.describe(actor_id=actor, name=command.name, description=group.description)
            if not isinstance(command.external_id, msgspec.UnsetType):
                group.link_to_provider(actor_id=actor, provider_id=actor, external_id=command.external_id)
            if command.members is not None:
                group.replace_members(actor_id=actor, user_ids=command.members)
            group.add_members(actor_id=actor, user_ids=command.added)
            group.remove_members(actor_id=actor, user_ids=command.removed)
            return self.commit(group)

        return self.retrying(attempt, turn=command.group_id)

    def deprovision_group(self, command: DeprovisionGroup) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            group = self._provisioned(command.group_id, command.provider_id, command.expected_version)
            return self._deleted(group, command.provider_id)

        return self.retrying(attempt, turn=GROUP_TREE_ID)

    def _provisioned(self, group_id: UUID, provider_id: str, expected_version: int | None) -> Group:
        """A group of another provider's, or an admin's, does not exist for this one."""
        group = self.group(group_id)
        if group.provider_id != provider_id:
            raise GroupNotFoundError(group_id)
        check_version(group, expected_version)
        return group

    def _check_known(self, user_ids: list[str]) -> None:
        if user_ids and (unknown := self._unknown_people(user_ids)):
            raise UnknownPeopleError(unknown)

    def default_permissions(self) -> Permissions:
        kept = self.find(DEFAULT_PERMISSIONS_ID)
        return kept.permissions if isinstance(kept, DefaultPermissions) else self.initial_defaults

    def group(self, group_id: UUID) -> Group:
        group: Any = self.find(group_id)
        if not isinstance(group, Group) or group.deleted:
            raise GroupNotFoundError(group_id)
        return group
