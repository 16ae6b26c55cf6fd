"""Group membership from an OpenID provider's group claim (Open WebUI's ``ENABLE_OAUTH_GROUP_MANAGEMENT``):
at each sign-in the person joins the claimed groups that exist here (made first, with
``ENABLE_OAUTH_GROUP_CREATION``) and leaves the others; an empty claim changes nothing.

Run as a reaction to ``User.GroupsClaimed``, with its own tracked position: a crash between the
sign-in and the memberships finishes on restart. Every command it gives is idempotent, and a group
it makes has an id derived from its name, so a second run makes none twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from application.groups.commands import AddMembers, CreateGroup, RemoveMembers
from application.groups.service import Groups
from application.identity.person_deletion import OwnedIds, Settled
from domain.identity.user import User

NamedGroups = Callable[[], dict[str, str]]
"""The id of every group by its name, every group committed so far counted."""


def claimed_group_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"annals:oidc-group:{name}")


class GroupsFromSignIn:
    name: ClassVar[str] = "groups_from_sign_in"
    context: ClassVar[str] = "Identity"
    reacts_to: ClassVar[tuple[type, ...]] = (User.GroupsClaimed,)

    def __init__(self, groups: Groups, named: NamedGroups, groups_of: OwnedIds, settled: Settled) -> None:
        self._groups, self._named, self._groups_of, self._settled = groups, named, groups_of, settled

    def react(self, event: Any) -> None:
        if isinstance(event, User.GroupsClaimed) and event.groups:
            self._follow(str(event.originator_id), set(event.groups), event.create_missing)

    def _follow(self, person: str, claimed: set[str], create_missing: bool) -> None:
        named = self._named()
        if create_missing:
            for name in sorted(claimed - named.keys()):
                if (made := self._created(name, person)) is not None:
                    named[name] = str(made)
        wanted = {named[name] for name in claimed if name in named}
        held = set(self._groups_of(person))
        for group_id in sorted(wanted - held):
            self._settled(self._groups.name, self._groups.add_members(
                AddMembers(group_id=UUID(group_id), actor_id=person, user_ids=[person])))
        for group_id in sorted(held - wanted):
            self._settled(self._groups.name, self._groups.remove_members(
                RemoveMembers(group_id=UUID(group_id), actor_id=person, user_ids=[person])))

    def _created(self, name: str, person: str) -> UUID | None:
        """The group made for ``name``; None if one was made for it before and an admin has deleted it."""
        group_id = claimed_group_id(name)
        if self._groups.find(group_id) is not None:
            return None
        self._settled(self._groups.name, self._groups.create_group(CreateGroup(
            group_id=group_id, actor_id=person, name=name,
            description=f"Made at sign-in from the provider's group claim ({name}).")))
        return group_id
