"""A person's groups follow what their LDAP directory (or trusted proxy) reports at sign-in, as Open
WebUI syncs them by name: they join the groups of those names, leave the others, and, when asked,
groups missing are made. Groups the report names untouched (OAuth's blocked groups) are neither
joined nor left. Run as a reaction on the identity log, so that a crash between the sign-in
and the memberships finishes on restart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from application.groups.commands import FollowReportedGroups
from application.groups.service import Groups
from application.identity.person_deletion import OwnedIds, Settled
from domain.identity.user import User

GroupsNamed = Callable[[list[str]], dict[str, list[str]]]
"""The ids of the groups of each name (names without a group left out), every group committed counted."""


def reported_group_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"annals:reported-group:{name}")


class FollowingReportedGroups:
    name: ClassVar[str] = "following_reported_groups"
    context: ClassVar[str] = "Identity"
    reacts_to: ClassVar[tuple[type, ...]] = (User.GroupsReported,)

    def __init__(self, groups: Groups, named: GroupsNamed, groups_of: OwnedIds, settled: Settled) -> None:
        self._groups, self._named, self._groups_of, self._settled = groups, named, groups_of, settled

    def react(self, event: Any) -> None:
        if isinstance(event, User.GroupsReported):
            self._follow(str(event.originator_id), event.group_names, event.create_missing, event.untouched or [])

    def _follow(self, person: str, names: list[str], create_missing: bool, untouched: list[str]) -> None:
        names = [name for name in names if name not in untouched]
        found = self._named(names)
        wanted = {UUID(group_id) for ids in found.values() for group_id in ids}
        created = {n: reported_group_id(n) for n in names if n not in found} if create_missing else {}
        kept = {UUID(group_id) for ids in self._named(untouched).values() for group_id in ids} if untouched else set()
        current = {UUID(group_id) for group_id in self._groups_of(person)} - kept
        position = self._groups.follow_reported_groups(FollowReportedGroups(
            person_id=person, actor_id=person, joined=sorted(wanted - current), left=sorted(current - wanted),
            created=created))
        self._settled(self._groups.name, position)
