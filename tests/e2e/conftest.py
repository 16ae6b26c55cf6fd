from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from tests.e2e import people
from tests.e2e.people import Person, sign_up
from tests.e2e.server import AnnalsProcess
from tests.services import REDIS_TEST_URL, ensure_running, fresh_database


@pytest.fixture(scope="module", params=["embedded", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """A real server: embedded (SQLite, in-process projectors), or Postgres + Redis with the
    API and the worker as separate processes."""
    data_dir = tmp_path_factory.mktemp("annals")
    if request.param == "embedded":
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir)}, data_dir).start()
        yield process
        process.stop()
        return
    ensure_running(6379)
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    with fresh_database() as database_url:
        env = {"ANNALS_DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "REDIS_URL": REDIS_TEST_URL,
               "WEBUI_SECRET_KEY": "test-secret-key-for-e2e"}
        process = AnnalsProcess(env, data_dir).start(worker=True)
        yield process
        process.stop()


# --- People, once per module's server: its founding admin and a verified member ----------------

@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    """The module's server is fresh, so the first account to sign up is the admin."""
    return sign_up(server, "admin")


@pytest.fixture(scope="module")
def member(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "member")
