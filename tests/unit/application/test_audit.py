"""Refusals are recorded one event each, as many as can be told apart; past a few per address
(or person) and interval the rest are counted, and the count is recorded when the interval
ends, on the last of them: however many are refused, the records are few and add up to them."""

from __future__ import annotations

from typing import Any

from application.audit import aggregation
from application.audit.aggregation import RefusalAggregation
from application.audit.commands import RecordRefusal
from application.audit.service import Audit
from tests.unit.application.given import POPO, Commits, topics


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _refusal(address: str = "203.0.113.7", path: str = "/api/v1/chats/", kind: str = "token",
             **more: Any) -> RecordRefusal:
    return RecordRefusal(kind=kind, reason="invalid token: Not enough segments", method="GET", path=path,
                         status=401, address=address, **more)  # type: ignore[arg-type]


def _audit(clock: Clock) -> Audit:
    return Audit(POPO, Commits(), RefusalAggregation(interval=10, clock=clock))


def _records(audit: Audit) -> list[Any]:
    return [audit.mapper.to_domain_event(n) for n in audit.recorder.select_notifications(start=1, limit=10_000)]


def test_a_refusal_is_one_event() -> None:
    audit = _audit(Clock())
    assert audit.record_refusal(_refusal()) is not None
    assert topics(audit) == ["Refusal.Recorded"]


def test_identical_refusals_are_counted_and_recorded_as_the_interval_ends() -> None:
    clock = Clock()
    audit = _audit(clock)
    for _ in range(4):
        audit.record_refusal(_refusal())
    assert len(_records(audit)) == 1
    clock.now = 10
    audit.record_counts_due()
    assert [r.folded for r in _records(audit)] == [0, 2]


def test_a_flood_from_one_address_leaves_a_few_records_that_add_up_to_it() -> None:
    clock = Clock()
    audit = _audit(clock)
    for n in range(1000):
        audit.record_refusal(_refusal(path=f"/api/v1/chats/{n}"))
    clock.now = 10
    audit.record_counts_due()
    records = _records(audit)
    assert len(records) == aggregation.PER_GROUP + 1
    assert sum(1 + r.folded for r in records) == 1000
    assert records[-1].path == "/api/v1/chats/999"  # the count rides on the last one


def test_the_next_interval_records_anew() -> None:
    clock = Clock()
    audit = _audit(clock)
    for n in range(10):
        audit.record_refusal(_refusal(path=f"/{n}"))
    clock.now = 10
    audit.record_refusal(_refusal(path="/after"))
    assert _records(audit)[-1].path == "/after"


def test_other_addresses_are_recorded_apart() -> None:
    audit = _audit(Clock())
    for n in range(10):
        audit.record_refusal(_refusal(path=f"/{n}"))
    audit.record_refusal(_refusal(address="198.51.100.9"))
    assert _records(audit)[-1].address == "198.51.100.9"


def test_a_signed_in_persons_refusals_are_grouped_by_person() -> None:
    audit = _audit(Clock())
    for n in range(10):
        audit.record_refusal(_refusal(kind="permission", user_id="snoop", path=f"/api/v1/chats/{n}"))
    audit.record_refusal(_refusal(kind="permission", user_id="other", path="/api/v1/chats/x"))
    assert [r.user_id for r in _records(audit)] == ["snoop"] * aggregation.PER_GROUP + ["other"]


def test_records_per_interval_are_bounded_across_addresses() -> None:
    audit = _audit(Clock())
    for n in range(1000):
        audit.record_refusal(_refusal(address=f"10.0.{n // 250}.{n % 250}"))
    assert len(_records(audit)) == aggregation.PER_INTERVAL


def test_addresses_past_those_followed_are_counted_together_without_one() -> None:
    clock = Clock()
    audit = _audit(clock)
    for n in range(aggregation.GROUPS + 50):
        audit.record_refusal(_refusal(address=f"10.1.{n // 250}.{n % 250}"))
    clock.now = 10
    audit.record_counts_due()
    records = _records(audit)
    assert len(records) <= aggregation.PER_INTERVAL + aggregation.GROUPS + 1
    assert sum(1 + r.folded for r in records) == aggregation.GROUPS + 50
    assert records[-1].address is None and records[-1].folded == 49


def test_every_count_is_recorded_at_shutdown() -> None:
    audit = _audit(Clock())
    for n in range(10):
        audit.record_refusal(_refusal(path=f"/{n}"))
    audit.record_all_counts()
    assert sum(1 + r.folded for r in _records(audit)) == 10


def test_a_long_path_reason_and_email_are_cut_short() -> None:
    audit = _audit(Clock())
    audit.record_refusal(_refusal(kind="sign_in", path="/" + "a" * 100_000, email="x" * 5000 + "@example.com"))
    record = _records(audit)[0]
    assert (len(record.path), len(record.email)) == (512, 320)
