from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import people
from tests.e2e.browser import CHROMIUM, ensure_chromium, install_spa
from tests.e2e.people import Person, founder
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.stores import STORES


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """A real server: embedded (SQLite, in-process projectors), or Postgres + Redis with the
    API and the worker as separate processes."""
    data_dir = tmp_path_factory.mktemp("annals")
    if request.param == "embedded":
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir)}, data_dir).start()
        yield process
        process.stop()
        return
    with postgres_deployment(data_dir) as process:
        yield process


# --- People, once per module's server: its founding admin and a verified member ----------------

@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    """The module's server is fresh, so the first account to sign up is the admin; it opens
    sign-up for the module's other people."""
    return founder(server)


@pytest.fixture(scope="module")
def member(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "member")


# --- The browser tests' Chromium and Open WebUI app, once per session -------------------------

@pytest.fixture(scope="session")
def chromium() -> str:
    if not ensure_chromium():
        pytest.skip(f"no {CHROMIUM}, and apt-get could not install Debian's chromium here")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def installed_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app, installed once for the session; each browser test's server links to it."""
    data_dir = tmp_path_factory.mktemp("annals-app")
    problem = install_spa(data_dir)
    if problem is not None:
        pytest.skip(f"the Open WebUI app could not be installed (no network for its wheel?): {problem}")
    return data_dir / "spa"
