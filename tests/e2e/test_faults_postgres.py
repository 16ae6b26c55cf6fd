"""Postgres taken away from a running API and worker (a private cluster, stopped at once): a fast 503
with a reason and Retry-After, liveness up and readiness down, and recovery without a restart."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import redis

from tests.e2e.outages import PrivatePostgres, deployment_env, private_postgres, timed
from tests.e2e.people import PASSWORD, Person, anonymous, sign_up
from tests.e2e.server import AnnalsProcess
from tests.services import REDIS_TEST_URL, ensure_running
from tests.waiting import wait_for

NEW_CHAT = {"chat": {"title": "while the database is away", "history": {"messages": {}, "currentId": None}}}
ANSWER_WITHIN = 5.0
"""Seconds a request may take to say the database is away (it took 52 s to sign in before)."""
BACK_WITHIN = 15.0


class Deployment:
    def __init__(self, process: AnnalsProcess, postgres: PrivatePostgres) -> None:
        self.process, self.postgres = process, postgres


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    ensure_running(6379)
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    data_dir = tmp_path_factory.mktemp("annals-postgres-faults")
    with private_postgres() as postgres:
        process = AnnalsProcess(deployment_env(data_dir, postgres.url, REDIS_TEST_URL), data_dir).start(worker=True)
        try:
            yield Deployment(process, postgres)
        finally:
            process.stop()


@pytest.fixture(scope="module")
def person(deployment: Deployment) -> Person:
    return sign_up(deployment.process, "admin")


@pytest.fixture
def postgres_away(deployment: Deployment) -> Iterator[None]:
    deployment.postgres.stop()
    try:
        yield
    finally:
        deployment.postgres.start()


def _refused_quickly(response: httpx.Response | None, took: float) -> bool:
    return (response is not None and response.status_code == 503 and took < ANSWER_WITHIN
            and response.json()["detail"] and int(response.headers["Retry-After"]) > 0)


@pytest.mark.usefixtures("postgres_away")
def test_a_command_is_refused_at_once_with_a_reason_while_postgres_is_away(person: Person):
    response, took = timed(lambda: person.http.post("/api/v1/chats/new", json=NEW_CHAT))
    assert _refused_quickly(response, took), (response and response.text, took)


@pytest.mark.usefixtures("postgres_away")
def test_sign_in_is_refused_at_once_with_a_reason_while_postgres_is_away(deployment: Deployment, person: Person):
    with anonymous(deployment.process) as client:
        response, took = timed(lambda: client.post("/api/v1/auths/signin",
                                                   json={"email": person.email, "password": PASSWORD}))
    assert _refused_quickly(response, took), (response and response.text, took)


@pytest.mark.usefixtures("postgres_away")
def test_liveness_holds_and_readiness_says_not_ready_while_postgres_is_away(deployment: Deployment):
    with anonymous(deployment.process) as client:
        assert client.get("/health").status_code == 200
        ready, took = timed(lambda: client.get("/ready"))
    assert _refused_quickly(ready, took)
    assert ready is not None and ready.json()["checks"]["database"] == "unreachable"


def test_everything_serves_again_without_a_restart_once_postgres_returns(deployment: Deployment, person: Person):
    deployment.postgres.stop()
    with anonymous(deployment.process) as client:
        assert client.get("/ready").status_code == 503
    deployment.postgres.start()

    def serving() -> bool:
        return person.http.post("/api/v1/chats/new", json=NEW_CHAT).status_code == 200

    wait_for(serving, timeout=BACK_WITHIN, what="a chat created after Postgres returned", interval=0.5)
    with anonymous(deployment.process) as client:
        assert client.get("/ready").json() == {"status": True, "checks": {"database": "ok", "redis": "ok",
                                                                          "building": []}}
    assert deployment.process.running()
