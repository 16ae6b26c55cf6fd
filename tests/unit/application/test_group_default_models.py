"""Which of a member's groups chooses the models their new chat starts with, and which of those
models they are given."""

from __future__ import annotations

from application.groups.default_models import chosen_by_groups, usable_of


def a_group(group_id: str, created_at: int, *model_ids: str) -> dict:
    return {"id": group_id, "created_at": created_at, "data": {"config": {"default_models": list(model_ids)}}}


def test_the_oldest_group_that_chose_any_is_followed():
    groups = [a_group("b", 20, "newer"), a_group("a", 10), a_group("c", 15, "older")]
    assert chosen_by_groups(groups) == ["older"]


def test_groups_made_in_the_same_second_are_told_apart_by_id():
    assert chosen_by_groups([a_group("b", 10, "second"), a_group("a", 10, "first")]) == ["first"]


def test_without_a_choice_the_workspaces_defaults_stand():
    assert chosen_by_groups([a_group("a", 10), {"id": "b", "created_at": 5, "data": None}]) is None


def test_only_models_the_member_is_shown_are_given_in_the_order_chosen():
    shown = [{"id": "two"}, {"id": "one"}, {"id": "hidden", "info": {"meta": {"hidden": True}}}]
    assert usable_of(["one", "secret", "hidden", "two"], shown) == ["one", "two"]
