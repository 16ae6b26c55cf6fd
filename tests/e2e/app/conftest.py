"""One real ``annals serve`` (embedded, with a fake upstream so that there are models) and one
Chromium for every test of Open WebUI 0.12.4's app in this package: an admin's and a member's tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.app.tabs import Tab, signed_in
from tests.e2e.browser import CHROMIUM_ARGS, screenshot_on_failure
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.upstream.process import UpstreamProcess


@pytest.fixture(scope="package")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream"), "--model=echo").start()
    yield process
    process.stop()


@pytest.fixture(scope="package")
def server(installed_app: Path, upstream: UpstreamProcess,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("annals")
    (data_dir / "spa").symlink_to(installed_app, target_is_directory=True)
    # Ollama off: with no Ollama server, Open WebUI's own version check is a 500.
    env = {"ANNALS_DATA_DIR": str(data_dir), "OPENAI_API_BASE_URLS": upstream.openai_url,
           "ENABLE_OLLAMA_API": "false", "USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS": "true"}
    process = AnnalsProcess(env, data_dir).start()
    yield process
    process.stop()


@pytest.fixture(scope="package")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # only the browser tests need it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def admin(server: AnnalsProcess) -> Person:
    return people.founder(server)


@pytest.fixture(scope="package")
def member(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "member")


@pytest.fixture(scope="package")
def admin_tab(browser: Any, server: AnnalsProcess, admin: Person) -> Iterator[Tab]:
    yield from signed_in(browser, server, admin)


@pytest.fixture(scope="package")
def member_tab(browser: Any, server: AnnalsProcess, member: Person) -> Iterator[Tab]:
    yield from signed_in(browser, server, member)


@pytest.fixture
def shot(tmp_path: Path) -> Iterator[Any]:
    """``with shot(tab):`` leaves a screenshot of the page in the test's directory if it fails."""
    yield lambda tab: screenshot_on_failure(tab.page, tmp_path)
