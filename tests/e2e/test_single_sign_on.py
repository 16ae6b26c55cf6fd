"""Single sign-on against real processes: ``annals serve`` (and, on Postgres, its worker, where the
groups reaction runs) and an OpenID provider of its own; and Open WebUI's unmodified app in
headless Chromium, whose provider button signs a person in through that provider."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.browser import Troubles, opened_page, screenshot_on_failure
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.oidc_provider import OpenIdProviderProcess, oauth_env, openid_provider, signed_in_through
from tests.stores import STORES
from tests.waiting import wait_for

POLICY = {"ENABLE_OAUTH_SIGNUP": "true", "ENABLE_OAUTH_GROUP_MANAGEMENT": "true",
          "ENABLE_OAUTH_GROUP_CREATION": "true", "DEFAULT_USER_ROLE": "user"}
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProviderProcess]:
    with openid_provider(tmp_path_factory.mktemp("oidc")) as running:
        yield running


@contextmanager
def annals(store: str, data_dir: Path, env: dict[str, str]) -> Iterator[AnnalsProcess]:
    if store == "postgres":
        with postgres_deployment(data_dir, **env) as process:
            yield process
        return
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), **env}, data_dir).start()
    try:
        yield process
    finally:
        process.stop()


@pytest.mark.parametrize("store", STORES)
def test_a_person_signs_in_through_the_provider_and_joins_the_groups_it_names(
        store: str, provider: OpenIdProviderProcess, tmp_path: Path):
    provider.person("grace", email="grace@example.com", name="Grace Hopper", groups=["compilers"])
    with annals(store, tmp_path, oauth_env(provider, **POLICY)) as server:
        people.founder(server)
        with server.client(timeout=30.0) as browser:
            signed_in = signed_in_through(provider, browser, "grace")
        assert signed_in.status_code == 302 and signed_in.headers["location"] == "/auth"
        with server.client(timeout=30.0, headers=people.bearer(signed_in.cookies["token"])) as grace:
            assert grace.get("/api/v1/auths/").json()["email"] == "grace@example.com"
            wait_for(lambda: [g["name"] for g in grace.get("/api/v1/groups/").json()] == ["compilers"],
                     timeout=30, what="Grace's group from the provider")


@pytest.fixture
def app_server(installed_app: Path, provider: OpenIdProviderProcess, tmp_path: Path) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "spa").symlink_to(installed_app, target_is_directory=True)
    env = {**oauth_env(provider, **POLICY), "ENABLE_OLLAMA_API": "false"}
    with annals("embedded", data_dir, env) as process:
        people.founder(process)  # past onboarding: the sign-in page shows its buttons
        yield process


@pytest.fixture
def page(chromium: str) -> Iterator[Any]:
    with opened_page(chromium, WAIT_MS) as page:
        yield page


def test_the_apps_provider_button_signs_a_person_in(app_server: AnnalsProcess, provider: OpenIdProviderProcess,
                                                    page: Any, tmp_path: Path):
    provider.person("ada", email="ada@example.com", name="Ada Lovelace")
    # The provider's own page asks a CDN for its stylesheet (no network here) and has no icon:
    # not what is under test, so both are answered empty.
    page.route("https://cdn.jsdelivr.net/**", lambda route: route.fulfill(content_type="text/css", body=""))
    page.route(f"{provider.url}/favicon.ico", lambda route: route.fulfill(status=204))
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        page.goto(f"{app_server.base_url}/auth")
        page.get_by_role("button", name="Continue with Test IdP").click()
        page.wait_for_url(f"{provider.url}/**")
        page.locator("input[name=sub]").fill("ada")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(f"{app_server.base_url}/")
        page.wait_for_function("() => !!localStorage.token")
        session = page.evaluate("() => fetch('/api/v1/auths/', {headers: {Authorization: 'Bearer ' + "
                                "localStorage.token}}).then(r => r.json())")
    assert (session["email"], session["name"]) == ("ada@example.com", "Ada Lovelace")
    assert troubles.console == [] and troubles.requests == [], (troubles.console, troubles.requests)
