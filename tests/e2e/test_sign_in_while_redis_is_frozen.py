"""Redis frozen (connected, silent): signing in goes on, and so does the limit on guessing, each
API process counting on its own until Redis answers again."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.people import PASSWORD, Person, sign_up
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.private_redis import PrivateRedis, private_redis

QUICK = 10.0
"""Seconds a sign-in may take here (argon2 on a busy machine); a frozen Redis would hold it forever."""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AnnalsProcess, PrivateRedis]]:
    data_dir = tmp_path_factory.mktemp("frozen-redis")
    with private_redis(data_dir) as redis_server, postgres_deployment(data_dir, REDIS_URL=redis_server.url) as server:
        yield server, redis_server


@pytest.fixture
def frozen(deployment: tuple[AnnalsProcess, PrivateRedis]) -> Iterator[AnnalsProcess]:
    server, redis_server = deployment
    redis_server.freeze()
    try:
        yield server
    finally:
        redis_server.thaw()


@pytest.fixture(scope="module")
def person(deployment: tuple[AnnalsProcess, PrivateRedis]) -> Person:
    return sign_up(deployment[0], "frozen")


def _sign_in(server: AnnalsProcess, person: Person, password: str) -> tuple[int, float]:
    started = time.monotonic()
    response = httpx.post(f"{server.base_url}/api/v1/auths/signin", timeout=60,
                          json={"email": person.email, "password": password})
    return response.status_code, time.monotonic() - started


def test_signing_in_goes_on_while_redis_is_frozen(frozen: AnnalsProcess, person: Person) -> None:
    status, took = _sign_in(frozen, person, PASSWORD)
    assert status == 200 and took < QUICK


def test_guessing_is_still_limited_while_redis_is_frozen(frozen: AnnalsProcess, person: Person) -> None:
    outcomes = [_sign_in(frozen, person, f"guess {n}") for n in range(6)]
    assert [status for status, _ in outcomes] == [400] * 5 + [429]
    assert max(took for _, took in outcomes) < QUICK
