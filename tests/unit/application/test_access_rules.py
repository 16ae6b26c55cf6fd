"""The one rule of who may do what to a resource (``application.access.rules``), as Open WebUI decides it."""

from __future__ import annotations

import pytest

from application.access.resources import ANONYMOUS, Action, Holding, Kind, Principal
from application.access.rules import decide_on

ALICE = Principal("alice", "user")
BOB = Principal("bob", "user")
CAROL = Principal("carol", "user", frozenset({"readers"}))
ADMIN = Principal("root", "admin")
PENDING = Principal("pat", "pending")
SHARING = {"chat": {"share": True}, "sharing": {"knowledge": True}}


def grant(kind: str, principal: str, permission: str = "read") -> dict[str, str]:
    return {"principal_type": kind, "principal_id": principal, "permission": permission}


GRANTED = Holding("alice", [grant("group", "readers"), grant("user", "bob", "write")])


@pytest.mark.parametrize("kind", [Kind.KNOWLEDGE, Kind.MODEL])
def test_the_owner_may_do_anything_and_others_only_what_a_grant_to_them_or_their_group_says(kind: Kind):
    def allowed(who: Principal, action: Action) -> bool:
        return decide_on(who, action, kind, GRANTED).allowed

    assert allowed(ALICE, Action.WRITE) and allowed(BOB, Action.WRITE)
    assert allowed(CAROL, Action.READ) and not allowed(CAROL, Action.WRITE)
    assert not allowed(Principal("carol", "user"), Action.READ)


@pytest.mark.parametrize("action", [Action.READ, Action.DELETE])
def test_a_file_is_its_owners_and_admins_to_read_and_delete_and_nobody_elses(action: Action):
    assert decide_on(ALICE, action, Kind.FILE, Holding("alice")).allowed
    assert decide_on(ADMIN, action, Kind.FILE, Holding("alice")).allowed
    assert not decide_on(BOB, action, Kind.FILE, Holding("alice")).allowed


def test_admins_may_change_anyones_knowledge_but_not_read_their_chats_or_folders():
    assert decide_on(ADMIN, Action.WRITE, Kind.KNOWLEDGE, Holding("alice")).allowed
    assert not decide_on(ADMIN, Action.READ, Kind.CHAT, Holding("alice")).allowed
    assert not decide_on(ADMIN, Action.READ, Kind.FOLDER, Holding("alice")).allowed


def test_a_grant_on_a_chat_lends_nothing_its_share_does():
    shared = Holding("alice", [grant("user", "bob")])
    assert not decide_on(BOB, Action.READ, Kind.CHAT, shared).allowed
    assert decide_on(BOB, Action.READ, Kind.SHARE, shared).allowed


def test_nobody_signed_in_reads_only_a_share_open_to_anyone():
    assert decide_on(ANONYMOUS, Action.READ, Kind.SHARE, Holding("alice", [grant("anyone", "*")])).allowed
    assert not decide_on(ANONYMOUS, Action.READ, Kind.SHARE, Holding("alice", [grant("user", "*")])).allowed
    assert not decide_on(ANONYMOUS, Action.READ, Kind.MODEL, Holding("alice", [grant("user", "*")])).allowed


def test_a_pending_person_may_do_nothing_even_to_what_is_theirs():
    decision = decide_on(PENDING, Action.READ, Kind.CHAT, Holding("pat"))
    assert (decision.allowed, decision.reason) == (False, "role pending may not do this")


def test_a_group_is_read_by_its_members_and_changed_by_admins():
    group = Holding("root", member_ids=frozenset({"bob"}))
    assert decide_on(BOB, Action.READ, Kind.GROUP, group).allowed
    assert not decide_on(BOB, Action.WRITE, Kind.GROUP, group).allowed
    assert not decide_on(ALICE, Action.READ, Kind.GROUP, group).allowed
    assert decide_on(ADMIN, Action.DELETE, Kind.GROUP, group).allowed


def test_sharing_needs_the_permission_in_force_besides_the_access():
    sharer = Principal("alice", "user", permissions=SHARING)
    assert decide_on(sharer, Action.SHARE, Kind.CHAT, Holding("alice")).allowed
    refused = decide_on(ALICE, Action.SHARE, Kind.KNOWLEDGE, Holding("alice"))
    assert (refused.allowed, refused.permission) == (False, "sharing.knowledge")


def test_what_is_not_there_is_answered_as_missing_not_refused():
    decision = decide_on(ALICE, Action.READ, Kind.FILE, None)
    assert (decision.allowed, decision.exists) == (False, False)
