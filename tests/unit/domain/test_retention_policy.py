"""The retention policy: its days per kind, checked, and its purges, decided once and proven once."""

from __future__ import annotations

import pytest

from domain.retention.errors import InvalidRetentionError, RunNotOpenError, RunOpenError
from domain.retention.policy import DAY, MOST_DAYS, RETENTION_POLICY_ID, Proof, RetentionPolicy, Run
from tests.unit.domain.given import new_events, recorded


def a_policy(**days: int | None) -> RetentionPolicy:
    policy = RetentionPolicy()
    policy.change(actor_id="admin", days=days)
    recorded(policy)
    return policy


def a_run(policy: RetentionPolicy) -> Run:
    policy.decide_run(Run(0, policy.revision, policy.cutoffs(0.0), chat_ids=["c1"], audit_through=7))
    recorded(policy)
    assert policy.open_run is not None
    return policy.open_run


def a_proof(run: int) -> Proof:
    return Proof(run, ["c1"], [], [], {"chats": 0}, {"Chats": 3}, {"Chats": "ab"})


def test_every_policy_is_the_workspaces_one():
    assert RetentionPolicy().id == RetentionPolicy().id == RETENTION_POLICY_ID


def test_a_new_policy_keeps_everything_forever():
    assert (RetentionPolicy().days, RetentionPolicy().cutoffs(1e9)) == ({"chats": 0, "files": 0, "audit": 0}, {})


def test_a_kind_left_out_keeps_its_days_and_none_keeps_forever():
    policy = a_policy(chats=30, audit=90)
    policy.change(actor_id="admin", days={"audit": None})
    assert (policy.days, policy.revision, policy.cutoffs(100 * DAY)) == (
        {"chats": 30, "files": 0, "audit": 0}, 2, {"chats": 70 * DAY})


def test_the_same_days_again_change_nothing():
    policy = a_policy(chats=30)
    policy.change(actor_id="other", days={"chats": 30})
    assert new_events(policy) == []


@pytest.mark.parametrize("kind, days", [("chats", -1), ("files", MOST_DAYS + 1), ("audit", True), ("audit", 1.5),
                                        ("messages", 3)])
def test_days_out_of_range_or_of_an_unknown_kind_are_refused_naming_them(kind: str, days: object):
    with pytest.raises(InvalidRetentionError, match=kind):
        RetentionPolicy().change(actor_id="admin", days={kind: days})  # type: ignore[dict-item]


def test_a_run_is_not_decided_while_another_is_under_way():
    policy = a_policy(chats=1)
    a_run(policy)
    with pytest.raises(RunOpenError):
        a_run(policy)


def test_the_proof_closes_its_run_and_moves_the_audit_records_on():
    policy = a_policy(audit=1)
    run = a_run(policy)
    policy.record_applied(a_proof(run.run))
    [applied] = recorded(policy)
    assert (policy.open_run, policy.audit_through, applied.counts) == (None, 7, {"chats": 1, "files": 0, "audit": 0})


def test_a_run_is_proven_once():
    policy = a_policy(chats=1)
    run = a_run(policy)
    policy.record_applied(a_proof(run.run))
    with pytest.raises(RunNotOpenError):
        policy.record_applied(a_proof(run.run))
