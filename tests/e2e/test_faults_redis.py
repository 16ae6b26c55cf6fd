"""Redis taken away from a running API and worker (a private redis-server, killed or frozen): commands,
reads and /health go on without it, the worker outlives it, and everything is back within 5 s of
its return, without a restart."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import psycopg
import pytest
import redis
from websockets.sync.client import connect

from tests.e2e.outages import PrivateRedis, deployment_env, private_redis, status_of, timed
from tests.e2e.people import Person, sign_up
from tests.e2e.server import AnnalsProcess
from tests.services import fresh_database
from tests.waiting import wait_for

NEW_CHAT = {"chat": {"title": "through an outage", "history": {"messages": {}, "currentId": None}}}
ANSWER_WITHIN = 3.0
"""Seconds any request may take while Redis is away: a timeout or two, never a hang."""
BACK_WITHIN = 5.0
OUTAGE = 2.5
"""Seconds each outage lasts: longer than every Redis timeout, so each is met."""
WORKER_START = 60.0
"""Seconds a worker process may take to start here (two shared cores): far below arq's 310 s mark."""
CHATS_VIEWS = ("chats", "chat_reads", "usage", "event_catalog_chats")


class Deployment:
    def __init__(self, process: AnnalsProcess, redis_server: PrivateRedis, database_url: str) -> None:
        self.process, self.redis, self.database_url = process, redis_server, database_url

    def views_behind(self) -> list[str]:
        """The views of the chats context whose tracking stops short of its log."""
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            tracked = {key.partition("@")[0]: position  # views are tracked per version: chats@1a2b3c4d
                       for key, position in conn.execute("SELECT view, position FROM projection_tracking")}
            log_position = conn.execute("SELECT max(notification_id) FROM chats_events").fetchone()[0]  # type: ignore[index]
        return [view for view in CHATS_VIEWS if tracked.get(view, 0) < log_position]

    def jobs_run(self) -> int:
        """Catch-up jobs the worker has run (it logs one line for each)."""
        return self.process.log_of("worker").count('"job": "catch_up"')


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    data_dir = tmp_path_factory.mktemp("annals-redis-faults")
    with private_redis(data_dir) as redis_server, fresh_database() as database_url:
        env = deployment_env(data_dir, database_url, redis_server.url)
        process = AnnalsProcess(env, data_dir).start(worker=True)
        try:
            yield Deployment(process, redis_server, database_url)
        finally:
            process.stop()


@pytest.fixture(scope="module")
def person(deployment: Deployment) -> Person:
    return sign_up(deployment.process, "admin")


@pytest.fixture
def redis_back(deployment: Deployment) -> Iterator[None]:
    """Whatever a test did to Redis, the next one finds it running."""
    yield
    deployment.redis.kill()
    deployment.redis.start()


def _keep_working(deployment: Deployment, person: Person, seconds: float) -> list[tuple[int | None, float]]:
    """Create chats and ask /health, one after another, for ``seconds``: each answer and its time."""
    answers: list[tuple[int | None, float]] = []
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=deployment.process.base_url, timeout=10) as anonymous:
        while time.monotonic() < deadline:
            created, took = timed(lambda: person.http.post("/api/v1/chats/new", json=NEW_CHAT, timeout=10))
            answers.append((status_of(created), took))
            health, took = timed(lambda: anonymous.get("/health"))
            answers.append((status_of(health), took))
    return answers


def _all_answered(answers: list[tuple[int | None, float]]) -> bool:
    return all(status == 200 and took < ANSWER_WITHIN for status, took in answers)


@pytest.mark.usefixtures("redis_back")
def test_commands_reads_and_health_go_on_while_redis_is_gone(deployment: Deployment, person: Person):
    deployment.redis.kill()
    answers = _keep_working(deployment, person, OUTAGE)
    assert _all_answered(answers), answers
    assert person.http.get("/api/v1/chats/").status_code == 200


@pytest.mark.usefixtures("redis_back")
def test_commands_go_on_while_redis_is_frozen(deployment: Deployment, person: Person):
    deployment.redis.freeze()
    answers = _keep_working(deployment, person, OUTAGE)
    deployment.redis.thaw()
    assert _all_answered(answers), answers


@pytest.mark.usefixtures("redis_back")
def test_the_worker_outlives_redis_and_views_catch_up_within_5_s_of_its_return(
        deployment: Deployment, person: Person):
    deployment.redis.kill()
    _keep_working(deployment, person, OUTAGE)
    assert deployment.process.running()
    deployment.redis.start()
    returned = time.monotonic()
    assert person.http.post("/api/v1/chats/new", json=NEW_CHAT).status_code == 200
    wait_for(lambda: not deployment.views_behind(), timeout=BACK_WITHIN, what="every view caught up")
    assert time.monotonic() - returned < BACK_WITHIN
    assert deployment.process.running()


@pytest.mark.usefixtures("redis_back")
def test_kicks_reach_the_worker_within_5_s_of_redis_returning(deployment: Deployment, person: Person):
    deployment.redis.kill()
    _keep_working(deployment, person, OUTAGE)
    deployment.redis.start()
    before = deployment.jobs_run()

    def kick_taken() -> bool:
        person.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
        return deployment.jobs_run() > before

    wait_for(kick_taken, timeout=BACK_WITHIN, what="a kicked catch-up run by the worker", interval=0.2)


@pytest.mark.usefixtures("redis_back")
def test_live_events_flow_again_within_5_s_of_redis_returning(deployment: Deployment, person: Person):
    url = f"ws://127.0.0.1:{deployment.process.port}/api/v1/events/live?token={person.token}"
    with connect(url, open_timeout=10) as live:
        assert json.loads(live.recv(timeout=10))["type"] == "ready"
        deployment.redis.kill()
        _keep_working(deployment, person, OUTAGE)
        deployment.redis.start()

        def heard_a_new_chat() -> bool:
            chat_id = person.http.post("/api/v1/chats/new", json=NEW_CHAT).json()["id"]
            try:
                while True:
                    if json.loads(live.recv(timeout=0.5)).get("chat_id") == chat_id:
                        return True
            except TimeoutError:
                return False

        wait_for(heard_a_new_chat, timeout=BACK_WITHIN, what="a live event after Redis returned")


def test_a_worker_killed_mid_job_holds_up_no_kick_after_its_restart(deployment: Deployment, person: Person):
    """What arq keeps of a job whose worker was killed mid-way: the job marked in progress for the
    job's timeout and more, so that no worker starts it, nor queues another of its id, until then."""
    deployment.process.crash("worker")
    marks = redis.Redis.from_url(deployment.redis.url)
    try:
        marks.psetex("arq:in-progress:catch-up:Chats", 310_000, b"1")
    finally:
        marks.close()
    person.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()  # its kick waits in the queue
    before = deployment.jobs_run()
    deployment.process.start_again("worker")
    wait_for(lambda: deployment.jobs_run() > before, timeout=WORKER_START, what="the queued kick run")
