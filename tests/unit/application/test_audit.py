"""Refusals are recorded one event each; identical ones within the folding window are counted into
the next record instead."""

from __future__ import annotations

from application.audit.commands import RecordRefusal
from application.audit.folding import RepeatFolding
from application.audit.service import Audit
from tests.unit.application.given import POPO, Commits, topics


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _refusal(address: str = "203.0.113.7", email: str = "victim@example.com") -> RecordRefusal:
    return RecordRefusal(kind="sign_in", reason="wrong email or password", method="POST",
                         path="/api/v1/auths/signin", status=400, address=address, email=email)


def _audit(clock: Clock) -> Audit:
    return Audit(POPO, Commits(), RepeatFolding(window=10, clock=clock))


def test_a_refusal_is_one_event() -> None:
    audit = _audit(Clock())
    assert audit.record_refusal(_refusal()) is not None
    assert topics(audit) == ["Refusal.Recorded"]


def test_repeats_within_the_window_are_folded_into_the_next_record() -> None:
    clock = Clock()
    audit = _audit(clock)
    audit.record_refusal(_refusal())
    assert [audit.record_refusal(_refusal()) for _ in range(3)] == [None, None, None]
    clock.now = 11
    position = audit.record_refusal(_refusal())
    recorded = audit.recorder.select_notifications(start=position, limit=1)[0]
    assert audit.mapper.to_domain_event(recorded).folded == 3


def test_different_refusals_are_not_folded_together() -> None:
    audit = _audit(Clock())
    audit.record_refusal(_refusal(address="203.0.113.7"))
    audit.record_refusal(_refusal(address="198.51.100.9"))
    audit.record_refusal(_refusal(email="other@example.com"))
    assert topics(audit) == ["Refusal.Recorded"] * 3


def test_past_its_key_limit_folding_forgets_expired_keys_and_their_counts(monkeypatch) -> None:
    monkeypatch.setattr("application.audit.folding.MAX_KEYS", 2)
    clock = Clock()
    folding = RepeatFolding(window=10, clock=clock)
    folding.admit("a")
    folding.admit("b")
    clock.now = 5
    assert folding.admit("a") is None  # folded into a's next record...
    clock.now = 20
    folding.admit("c")  # ...which is forgotten here, with that count
    assert folding.admit("a") == 0
