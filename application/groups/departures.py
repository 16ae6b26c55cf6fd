"""A person whose account is deleted or forgotten leaves every group they were in, as Open WebUI
removes a deleted user from all groups: run as a reaction with its own tracked position, so a
crash between the account going and the memberships ending finishes on restart."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from application.groups.commands import LeaveAllGroups
from application.groups.service import Groups
from application.identity.person_deletion import OwnedIds, Settled
from domain.identity.user import User


class LeavingGroups:
    name: ClassVar[str] = "leaving_groups"
    context: ClassVar[str] = "Identity"
    reacts_to: ClassVar[tuple[type, ...]] = (User.Deleted, User.Forgotten)

    def __init__(self, groups: Groups, groups_of: OwnedIds, settled: Settled) -> None:
        self._groups, self._groups_of, self._settled = groups, groups_of, settled

    def react(self, event: Any) -> None:
        if isinstance(event, User.Deleted | User.Forgotten):
            person = str(event.originator_id)
            self._leave(person, actor=getattr(event, "actor_id", None) or person)

    def _leave(self, person: str, actor: str) -> None:
        if group_ids := [UUID(g) for g in self._groups_of(person)]:
            left = self._groups.leave_all_groups(LeaveAllGroups(person_id=person, group_ids=group_ids, actor_id=actor))
            self._settled(self._groups.name, left)
