"""What the single sign-on tests share: a provider process per module, an app configured for it,
and a browser (an HTTP client keeping cookies, as a browser keeps them) going through both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.oidc_provider import OpenIdProviderProcess, oauth_env

TOKEN = "token"


@contextmanager
def app_signing_in_through(provider: OpenIdProviderProcess, store: str, data_dir: Path,
                           **variables: str) -> Iterator[tuple[InProcessServer, Person]]:
    """The app, and its admin: the first account, made before anyone signs in through the provider."""
    with in_process(store, data_dir, env=oauth_env(provider, DEFAULT_USER_ROLE="user", **variables)) as server:
        yield server, people.founder(server)


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
