"""A script's use of a token is recorded once per session, address and client in an interval."""

from __future__ import annotations

from application.audit.script_uses import FirstUses


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_use_is_first_once_in_its_interval():
    clock = Clock()
    uses = FirstUses(interval=60, clock=clock)
    assert [uses.first("a"), uses.first("a"), uses.first("b")] == [True, False, True]
    clock.now = 61
    assert uses.first("a") is True


def test_the_uses_kept_are_bounded_oldest_forgotten_first():
    uses = FirstUses(interval=60, kept=2, clock=Clock())
    for key in ("a", "b", "c"):
        uses.first(key)
    assert [uses.first("a"), uses.first("c")] == [True, False]
