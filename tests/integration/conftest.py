from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from tests.services import (
    DATABASE_CONNECTIONS,
    IDLE_CONNECTIONS,
    REDIS_TEST_URL,
    closed_to_connections,
    database_name,
    empty_tables,
    ensure_running,
    fresh_database,
)

PAGE_SIZE = 7
"""Small pages, so that every catch-up spans several transactions."""


@pytest.fixture(scope="session", autouse=True)
def services() -> None:
    ensure_running(5432)
    ensure_running(6379)


def _settings(data_dir: Path, database_url: str | None = None) -> Settings:
    """Argon2 at its lowest cost: every container hashes once as it starts, and sign-ups hash too."""
    return Settings(data_dir=data_dir, database_url=database_url, redis_url=REDIS_TEST_URL,
                    projection_page_size=PAGE_SIZE, fast_password_hashing_for_tests=True,
                    database_connections=DATABASE_CONNECTIONS, database_idle_connections=IDLE_CONNECTIONS)


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with every table a container creates, all empty, built once per session (per
    worker): each test's database is a copy of it, so no test waits for the schema to be built."""
    with fresh_database() as database_url:
        build_container(_settings(tmp_path_factory.mktemp("template"), database_url), role="cli").close()
        empty_tables(database_url)
        name = database_name(database_url)
        closed_to_connections(name)
        yield name


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Each adapter of the event store and the view store, empty: SQLite files, or a new database."""
    if request.param == "sqlite":
        yield _settings(tmp_path)
        return
    with fresh_database(request.getfixturevalue("schema_template")) as database_url:
        yield _settings(tmp_path, database_url)


@pytest.fixture
def postgres(tmp_path: Path, schema_template: str) -> Iterator[Settings]:
    with fresh_database(schema_template) as database_url:
        yield _settings(tmp_path, database_url)


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    """As the CLI builds it: nothing projects in the background, so each test drives the runner."""
    container = build_container(settings, role="cli")
    yield container
    container.close()
