"""Fuzzing the log's tamper evidence: random single tamperings with direct SQL, each on a fresh copy
of a log with signed checkpoints, on both stores; verify finds every one, at its position."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.audit.checkpoints import sign_due_checkpoints
from infrastructure.container import Container
from tests.integration.tampering import KINDS, Shape, TamperableLog, chats_log, tamperings, try_each
from tests.integration.workload import chat_with_replies, sign_up

SEED = 11
COUNT = 150


@pytest.fixture
def log(container: Container) -> Iterator[TamperableLog]:
    """Some 50 chat events, checkpoints signed after the first and second thirds."""
    owner = sign_up(container, "ann@example.org")
    for signed_at in (1000.0, 1100.0, None):
        for _ in range(4):
            chat_with_replies(container, owner, replies=3)
        if signed_at is not None:
            sign_due_checkpoints(container.contexts, container.audit_key, now=signed_at)
    with chats_log(container) as log:
        yield log


def test_every_single_tampering_is_found_at_its_position(log: TamperableLog):
    outcomes = try_each(log, tamperings(log.shape(), COUNT, SEED))
    assert [o for o in outcomes if not o.at_its_position] == []


def test_the_tamperings_drawn_cover_every_kind_on_both_sides_of_the_last_checkpoint():
    drawn = tamperings(Shape(tuple(range(1, 51)), (17, 34)), COUNT, SEED)
    assert {t.kind for t in drawn if t.position <= 34} == set(KINDS) - {"appended"}
    assert {t.kind for t in drawn if t.position > 34} == set(KINDS) - {"forged checkpoint"}
