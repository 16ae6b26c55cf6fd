"""Access grants: checked and kept in one order, and what they let a person (or anyone) do."""

from __future__ import annotations

import pytest

from domain.grants import ANYONE, GROUP, READ, USER, InvalidGrantError, allows, normalised

SHARE = {"principals": (USER, ANYONE), "permissions": (READ,)}


def grant(kind: str, principal: str, permission: str = READ) -> dict[str, str]:
    return {"principal_type": kind, "principal_id": principal, "permission": permission}


def test_grants_are_kept_once_in_a_stable_order_without_the_ids_the_app_sends_back():
    kept = normalised([{**grant(USER, "bob"), "id": "g-1"}, grant(USER, "*"), grant(USER, "bob")])
    assert kept == [grant(USER, "*"), grant(USER, "bob")]


@pytest.mark.parametrize("bad", [grant(GROUP, "g1"), grant(USER, "bob", "write"), grant(ANYONE, "bob"),
                                 grant(USER, ""), grant(USER, "x" * 256), "user:bob"], ids=repr)
def test_a_grant_outside_what_is_allowed_is_refused(bad: object):
    with pytest.raises(InvalidGrantError):
        normalised([bad], **SHARE)  # type: ignore[list-item]


def test_anyone_may_only_read_and_only_as_everyone():
    with pytest.raises(InvalidGrantError, match="anyone only as"):
        normalised([grant(ANYONE, "*", "write")], principals=(USER, ANYONE))


def test_a_grant_to_a_person_lets_only_them_read():
    grants = [grant(USER, "bob")]
    assert (allows(grants, "bob", READ), allows(grants, "carol", READ), allows(grants, None, READ)) == (
        True, False, False)


def test_a_grant_to_every_signed_in_person_leaves_out_those_not_signed_in():
    grants = [grant(USER, "*")]
    assert (allows(grants, "carol", READ), allows(grants, None, READ)) == (True, False)


def test_a_grant_to_anyone_lets_even_those_not_signed_in_read():
    assert allows([grant(ANYONE, "*")], None, READ)


def test_a_read_grant_is_not_a_write_grant():
    assert not allows([grant(USER, "bob")], "bob", "write")


def test_a_grant_to_a_group_lets_its_members_read():
    assert allows([grant(GROUP, "g1")], "bob", READ, group_ids=["g1"])
