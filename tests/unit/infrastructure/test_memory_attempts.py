"""The in-process attempt counter stays bounded however many keys an attacker makes up."""

from __future__ import annotations

import pytest

from infrastructure import attempts
from infrastructure.attempts import Limit, MemoryAttempts


def test_past_its_key_limit_the_counter_forgets_what_expires_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attempts, "MAX_LOCAL_KEYS", 100)
    clock = [0.0]
    counter = MemoryAttempts(10_000, clock=lambda: clock[0])
    for n in range(1000):
        clock[0] = n
        counter.admit([Limit(f"made-up-{n}", 1)])
    assert counter.admit([Limit("made-up-0", 1)]) == 0  # forgotten, though its window had not passed
    assert counter.admit([Limit("made-up-999", 1)]) > 0  # the newest still count
