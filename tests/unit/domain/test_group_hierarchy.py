"""Groups nested as Open WebUI 0.12.4 nests them: one parent each, no cycle, members inherited by
every group above, children moved up when their parent goes, and the deepest group's default
models chosen."""

from __future__ import annotations

import pytest

from domain.groups.errors import GroupHierarchyError
from domain.groups.hierarchy import GroupTree, Nested, ancestors, deepest_default_models, refusal, with_ancestors

CHAIN = {"team": "department", "department": "company"}


def test_the_ancestors_of_a_group_are_listed_parent_first() -> None:
    assert ancestors(CHAIN, "team") == ["department", "company"]
    assert ancestors(CHAIN, "company") == []


def test_a_cycle_in_the_map_ends_the_walk() -> None:
    assert ancestors({"a": "b", "b": "a"}, "a") == ["b"]


def test_a_member_is_in_their_groups_and_every_group_above_them() -> None:
    assert with_ancestors(CHAIN, ["team", "elsewhere"]) == {"team", "department", "company", "elsewhere"}


def test_a_group_cannot_be_its_own_parent() -> None:
    assert refusal(CHAIN, "team", "team") == "A group cannot be its own parent."


def test_a_group_cannot_go_under_one_of_its_descendants() -> None:
    reason = refusal(CHAIN, "company", "team")
    assert reason is not None and "cycle" in reason


def test_a_group_may_go_under_one_beside_or_above_it() -> None:
    assert refusal(CHAIN, "team", "company") is None and refusal(CHAIN, "other", "team") is None


def _tree(**parents: str) -> GroupTree:
    tree = GroupTree.plant()
    for group_id, parent in parents.items():
        tree.place(group_id=group_id, parent_group_id=parent)
    return tree


def test_the_tree_refuses_a_cycle_and_records_nothing() -> None:
    tree = _tree(team="department", department="company")
    version = tree.version
    with pytest.raises(GroupHierarchyError, match="cycle"):
        tree.place(group_id="company", parent_group_id="team")
    assert tree.version == version and tree.parents == CHAIN


def test_placing_a_group_where_it_is_records_nothing() -> None:
    tree = _tree(team="department")
    version = tree.version
    tree.place(group_id="team", parent_group_id="department")
    tree.place(group_id="loner", parent_group_id=None)
    assert tree.version == version


def test_a_group_put_at_the_top_leaves_the_map() -> None:
    tree = _tree(team="department")
    tree.place(group_id="team", parent_group_id=None)
    assert tree.parents == {}


def test_the_children_of_a_deleted_group_move_up_to_its_parent() -> None:
    tree = _tree(team="department", lab="department", department="company")
    assert tree.uproot(group_id="department") == (["lab", "team"], "company")
    assert tree.parents == {"team": "company", "lab": "company"}


def test_the_children_of_a_deleted_top_level_group_go_to_the_top() -> None:
    tree = _tree(team="department")
    assert tree.uproot(group_id="department") == (["team"], None)
    assert tree.parents == {}


def test_deleting_a_group_outside_the_tree_is_still_recorded() -> None:
    """So that a group being put under it at the same time conflicts with its deletion."""
    tree = GroupTree.plant()
    tree.uproot(group_id="loner")
    assert tree.version == 2


def _nested(group_id: str, parent: str | None, created_at: int, models: list[str] | None) -> Nested:
    return Nested(group_id, parent, created_at, models)


def test_the_deepest_groups_default_models_win() -> None:
    groups = [_nested("company", None, 1, ["big"]), _nested("team", "department", 3, ["small"]),
              _nested("department", "company", 2, None)]
    assert deepest_default_models(groups) == (["small"], "team")


def test_between_groups_as_deep_the_oldest_wins_then_the_smallest_id() -> None:
    groups = [_nested("b", None, 1, ["from-b"]), _nested("a", None, 1, ["from-a"]), _nested("c", None, 0, ["c"])]
    assert deepest_default_models(groups) == (["c"], "c")
    assert deepest_default_models(groups[:2]) == (["from-a"], "a")


def test_without_default_models_in_any_group_there_are_none() -> None:
    assert deepest_default_models([_nested("a", None, 1, None)]) == (None, None)
