"""The attempt counters, each adapter against the same contract: in this process, and in Redis
(shared by replicas); and what the Redis one does when Redis freezes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from infrastructure.attempts import (
    AttemptCounter,
    FallingBackAttempts,
    Gate,
    Limit,
    MemoryAttempts,
    RedisAttempts,
)
from tests.private_redis import private_redis
from tests.services import REDIS_TEST_URL

WINDOW = 600
GUESSES = 40


@pytest.fixture(params=["memory", "redis"])
def attempts(request: pytest.FixtureRequest) -> Iterator[AttemptCounter]:
    if request.param == "memory":
        yield MemoryAttempts(WINDOW)
        return
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    counter = RedisAttempts(REDIS_TEST_URL, WINDOW)
    yield counter
    counter.close()


def test_attempts_are_admitted_up_to_the_limit_then_told_to_wait_out_the_window(attempts: AttemptCounter) -> None:
    limits = [Limit("pair", 3), Limit("address", 10)]
    assert [attempts.admit(limits) for _ in range(3)] == [0, 0, 0]
    assert WINDOW - 5 < attempts.admit(limits) <= WINDOW


def test_a_refused_attempt_is_not_counted(attempts: AttemptCounter) -> None:
    for _ in range(5):
        attempts.admit([Limit("pair", 1), Limit("address", 3)])
    assert attempts.admit([Limit("other pair", 1), Limit("address", 3)]) == 0


def test_concurrent_attempts_are_admitted_no_more_than_the_limit(attempts: AttemptCounter) -> None:
    start, answers = threading.Barrier(GUESSES), []

    def guess() -> None:
        start.wait()
        answers.append(attempts.admit([Limit("pair", 5), Limit("address", 30)]))

    threads = [threading.Thread(target=guess) for _ in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(0) == 5


def test_a_released_attempt_no_longer_counts(attempts: AttemptCounter) -> None:
    attempts.admit([Limit("pair", 1)])
    attempts.release(["pair"])
    assert attempts.admit([Limit("pair", 1)]) == 0


def test_releasing_what_was_never_counted_gives_no_credit(attempts: AttemptCounter) -> None:
    attempts.release(["pair", "pair"])
    attempts.admit([Limit("pair", 1)])
    assert attempts.admit([Limit("pair", 1)]) > 0


def test_a_cleared_key_starts_again(attempts: AttemptCounter) -> None:
    attempts.admit([Limit("pair", 1)])
    attempts.clear("pair")
    assert attempts.admit([Limit("pair", 1)]) == 0


def test_past_its_threshold_each_attempt_shuts_the_gate_twice_as_long(attempts: AttemptCounter) -> None:
    gate = Gate("gate", "account", after=2, first_delay=10, longest=100)
    limits = [Limit("account", 1000)]
    assert attempts.admit(limits, gate) == 0
    assert attempts.admit(limits, gate) == 0  # the second shuts it for 10 s
    assert 9 < attempts.admit(limits, gate) <= 10
    attempts.clear("gate")  # as if those 10 s had passed
    assert attempts.admit(limits, gate) == 0
    assert 19 < attempts.admit(limits, gate) <= 20


def test_attempts_that_do_not_pass_the_gate_are_not_held_by_it(attempts: AttemptCounter) -> None:
    gate = Gate("gate", "account", after=1, first_delay=10, longest=100)
    attempts.admit([Limit("account", 1000)], gate)
    assert attempts.admit([Limit("account", 1000)]) == 0


def test_a_mark_is_remembered(attempts: AttemptCounter) -> None:
    attempts.mark("familiar", 60)
    assert attempts.marked("familiar") and not attempts.marked("stranger")


def test_a_frozen_redis_is_waited_on_for_half_a_second_then_counted_locally(tmp_path: Path) -> None:
    with private_redis(tmp_path) as server:
        counter = FallingBackAttempts(RedisAttempts(server.url, WINDOW), MemoryAttempts(WINDOW))
        counter.admit([Limit("pair", 2)])
        server.freeze()
        started = time.monotonic()
        assert counter.admit([Limit("pair", 2)]) == 0
        assert counter.admit([Limit("pair", 2)]) == 0
        assert counter.admit([Limit("pair", 2)]) > 0  # the local count alone holds the limit
        assert time.monotonic() - started < 2


def test_redis_is_asked_again_once_it_answers(tmp_path: Path) -> None:
    clock = [0.0]
    with private_redis(tmp_path) as server:
        counter = FallingBackAttempts(RedisAttempts(server.url, WINDOW), MemoryAttempts(WINDOW),
                                      clock=lambda: clock[0], retry_seconds=5)
        server.freeze()
        counter.admit([Limit("pair", 1)])
        server.thaw()
        clock[0] = 6
        counter.admit([Limit("pair", 1)])
        assert redis.Redis.from_url(server.url).get(f"{RedisAttempts.PREFIX}pair") == b"1"
