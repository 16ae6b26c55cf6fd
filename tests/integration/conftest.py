from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.bootstrap import Container, build_container
from infrastructure.settings import Settings
from tests.services import REDIS_TEST_URL, ensure_running, fresh_database

PAGE_SIZE = 7
"""Small pages, so that every catch-up spans several transactions."""


@pytest.fixture(scope="session", autouse=True)
def services() -> None:
    ensure_running(5432)
    ensure_running(6379)


def _settings(data_dir: Path, database_url: str | None = None) -> Settings:
    return Settings(data_dir=data_dir, database_url=database_url, redis_url=REDIS_TEST_URL,
                    projection_page_size=PAGE_SIZE)


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Each adapter of the event store and the view store, empty: SQLite files, or a new database."""
    if request.param == "sqlite":
        yield _settings(tmp_path)
        return
    with fresh_database() as database_url:
        yield _settings(tmp_path, database_url)


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Settings]:
    with fresh_database() as database_url:
        yield _settings(tmp_path, database_url)


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    """As the CLI builds it: nothing projects in the background, so each test drives the runner."""
    container = build_container(settings, role="cli")
    yield container
    container.close()
