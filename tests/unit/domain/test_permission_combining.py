"""Permissions in force, combined as Open WebUI 0.12.4 combines them: the defaults, filled in
from the initial ones, then every group's laid over them, the most permissive value winning."""

from __future__ import annotations

import pytest

from domain.groups.errors import InvalidGroupError
from domain.groups.permissions import checked, combined, switch

INITIAL = {"chat": {"delete": True, "edit": True}, "features": {"folders": True, "notes": False}}


def test_without_groups_the_defaults_are_in_force_filled_from_the_initial_ones() -> None:
    assert combined({"chat": {"delete": False}}, INITIAL, []) == {
        "chat": {"delete": False, "edit": True}, "features": {"folders": True, "notes": False}}


def test_a_switch_on_in_any_group_is_on() -> None:
    defaults = {"chat": {"delete": False}}
    assert combined(defaults, INITIAL, [{"chat": {"delete": False}}, {"chat": {"delete": True}}])["chat"]["delete"]


def test_a_group_cannot_turn_off_what_the_defaults_turn_on() -> None:
    assert combined({}, INITIAL, [{"features": {"folders": False}}])["features"]["folders"] is True


def test_a_group_without_permissions_changes_nothing() -> None:
    assert combined({}, INITIAL, [None, {}]) == combined({}, INITIAL, [])


def test_a_switch_only_a_group_names_is_taken_from_it() -> None:
    assert combined({}, INITIAL, [{"workspace": {"models": True}}])["workspace"] == {"models": True}


def test_the_combination_leaves_what_it_was_given_unchanged() -> None:
    defaults, group = {"chat": {"delete": False}}, {"chat": {"delete": True}}
    combined(defaults, INITIAL, [group])
    assert (defaults, group, INITIAL["chat"]["delete"]) == ({"chat": {"delete": False}}, {"chat": {"delete": True}},
                                                            True)


@pytest.mark.parametrize(("permissions", "dotted", "expected"), [
    ({"chat": {"delete": True}}, "chat.delete", True), ({"chat": {}}, "chat.delete", False),
    ({}, "chat.delete", False), ({"chat": {"delete": False}}, "chat.delete", False)])
def test_a_missing_switch_is_off(permissions: dict, dotted: str, expected: bool) -> None:
    assert switch(permissions, dotted) is expected


@pytest.mark.parametrize("permissions", [{"chat": {"delete": 1}}, {"chat": {"nope": True}}, {"nope": {}},
                                         {"chat": True}])
def test_only_known_switches_that_are_true_or_false_are_kept(permissions: dict) -> None:
    with pytest.raises(InvalidGroupError):
        checked(permissions)
