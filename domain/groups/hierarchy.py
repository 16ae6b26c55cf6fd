"""Groups nested as Open WebUI 0.12.4 nests them: a group may have one parent, and whoever is a
member of a group is, by inheritance, a member of every group above it (its ancestors). The tree
never has a cycle: a group cannot be its own parent, nor sit under one of its descendants.

The rules here are pure, on a map of each nested group to its parent; ``GroupTree`` keeps the
committed map as one aggregate with a fixed id, so that every change of the shape (a parent set,
a group deleted) is decided on the tree as committed and two changes racing cannot both commit:
the second conflicts on the tree's version, loads it again, and is decided on what the first did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.groups.errors import GroupHierarchyError

GROUP_TREE_ID = uuid5(NAMESPACE_URL, "annals:group-tree")
Parents = Mapping[str, str]
"""Each nested group's id: its parent's id. A top-level group is not in it."""


def ancestors(parents: Parents, group_id: str) -> list[str]:
    """The groups above ``group_id``, its parent first; a cycle met (none is ever committed) ends the walk."""
    found: list[str] = []
    current = parents.get(group_id)
    while current is not None and current != group_id and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def with_ancestors(parents: Parents, group_ids: Iterable[str]) -> set[str]:
    """The groups a member of ``group_ids`` is in, directly or by inheritance."""
    return {found for group_id in group_ids for found in (group_id, *ancestors(parents, group_id))}


def refusal(parents: Parents, group_id: str, parent_id: str) -> str | None:
    """Why ``group_id`` may not go under ``parent_id`` (None: it may)."""
    if parent_id == group_id:
        return "A group cannot be its own parent."
    if group_id in ancestors(parents, parent_id):
        return "A group cannot be put under one of its own descendants: that would make a cycle."
    return None


@dataclass(frozen=True)
class Nested:
    """What choosing a default among groups looks at of each."""

    id: str
    parent_group_id: str | None
    created_at: int
    default_models: list[str] | None


def deepest_default_models(groups: Sequence[Nested]) -> tuple[list[str] | None, str | None]:
    """The default models a member of ``groups`` (with all their ancestors) starts with, and the
    group they come from: of the groups that set some, the deepest in the tree, then the oldest,
    then the smallest id, as Open WebUI chooses them."""
    parents = {group.id: group.parent_group_id for group in groups if group.parent_group_id}
    configured = [group for group in groups if group.default_models]
    if not configured:
        return None, None
    chosen = min(configured, key=lambda g: (-len(ancestors(parents, g.id)), g.created_at, g.id))
    return chosen.default_models, chosen.id


class GroupTree(Aggregate):
    """The committed shape of the groups' tree (see the module's docstring). A group's own log says
    who moved it and when (``Group.ParentSet``); the tree's decides that the move may be."""

    @staticmethod
    def create_id() -> UUID:
        return GROUP_TREE_ID

    @classmethod
    def plant(cls) -> GroupTree:
        return cls()

    class Planted(Aggregate.Created):
        pass

    @event(Planted)
    def __init__(self) -> None:
        self.parents: dict[str, str] = {}

    def place(self, *, group_id: str, parent_group_id: str | None) -> None:
        """``group_id`` under ``parent_group_id`` (None: at the top). That the parent exists is the
        caller's to check, on the committed groups."""
        if parent_group_id is not None and (reason := refusal(self.parents, group_id, parent_group_id)):
            raise GroupHierarchyError(reason)
        if self.parents.get(group_id) != parent_group_id:
            self._place(group_id=group_id, parent_group_id=parent_group_id)

    class Placed(Aggregate.Event):
        group_id: str
        parent_group_id: str | None

    @event(Placed)
    def _place(self, *, group_id: str, parent_group_id: str | None) -> None:
        if parent_group_id is None:
            self.parents.pop(group_id, None)
        else:
            self.parents[group_id] = parent_group_id

    def uproot(self, *, group_id: str) -> tuple[list[str], str | None]:
        """``group_id`` leaves the tree, its children moving up to its parent (to the top if it had
        none), as Open WebUI deletes a parent. Recorded even when the group had no place in the
        tree, so that a group being put under it concurrently conflicts with its deletion.
        Answers the children moved and where they went."""
        children = sorted(child for child, parent in self.parents.items() if parent == group_id)
        parent = self.parents.get(group_id)
        self._uproot(group_id=group_id, children=children, parent_group_id=parent)
        return children, parent

    class Uprooted(Aggregate.Event):
        group_id: str
        children: list[str]
        parent_group_id: str | None

    @event(Uprooted)
    def _uproot(self, *, group_id: str, children: list[str], parent_group_id: str | None) -> None:
        self.parents.pop(group_id, None)
        for child in children:
            if parent_group_id is None:
                self.parents.pop(child, None)
            else:
                self.parents[child] = parent_group_id


def configured_models(data: Mapping[str, Any] | None) -> list[str] | None:
    """A group's own default models (``data.config.default_models``), None when it sets none."""
    return ((data or {}).get("config") or {}).get("default_models") or None
