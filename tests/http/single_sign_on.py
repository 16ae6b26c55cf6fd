"""What the single sign-on tests share: an app configured for the identity provider (a process of
its own, ``identity_provider``), and a browser (an HTTP client keeping cookies, as a browser keeps
them) going through both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.oidc_provider import OpenIdProviderProcess, oauth_env
from tests.stores import STORES

TOKEN = "token"


def signing_in_workspace(name: str, **variables: str) -> tuple[Any, Any]:
    """The module's ``server`` (on each store, its people signing in through the module's
    ``identity_provider``, the session's unless the module has one of its own, under Open WebUI's
    ``variables``) and its ``admin``: the first account, made before anyone signs in through it (who
    would otherwise become the admin)."""
    founders: dict[InProcessServer, Person] = {}

    @pytest.fixture(scope="module", params=STORES, name="server")
    def server(request: pytest.FixtureRequest, identity_provider: OpenIdProviderProcess,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
        env = oauth_env(identity_provider, DEFAULT_USER_ROLE="user", **variables)
        with in_process(request.param, tmp_path_factory.mktemp(f"{name}-{request.param}"), env=env) as app:
            founders[app] = people.founder(app)
            yield app

    @pytest.fixture(scope="module", name="admin")
    def admin(server: InProcessServer) -> Person:
        return founders[server]

    return server, admin


def browser(server: InProcessServer) -> httpx.Client:
    return server.client(timeout=30.0)


def new_subject(provider: OpenIdProviderProcess, **claims: Any) -> str:
    """Someone the provider knows (with an e-mail of their own unless ``claims`` says one)."""
    subject = f"person-{uuid.uuid4().hex[:10]}"
    provider.person(subject, **{"email": f"{subject}@example.com", "name": subject.title(), **claims})
    return subject


def session_of(server: InProcessServer, signed_in: httpx.Response) -> dict[str, Any]:
    """Who the app finds signed in, as the app's ``/auth`` page asks with the cookie's token."""
    assert signed_in.status_code == 302, signed_in.text
    assert signed_in.headers["location"] == "/auth"
    token = signed_in.cookies[TOKEN]
    with people.anonymous(server) as client:
        answer = client.get("/api/v1/auths/", headers=people.bearer(token))
    answer.raise_for_status()
    return answer.json()


def refusal_of(refused: httpx.Response, page: str = "/auth") -> str:
    """The reason the app's ``/auth`` page is sent to show, as Open WebUI sends a refused sign-in there."""
    assert refused.status_code == 302, refused.text
    location = urlsplit(refused.headers["location"])
    assert location._replace(query="").geturl() == page and TOKEN not in refused.cookies
    return parse_qs(location.query)["error"][0]
