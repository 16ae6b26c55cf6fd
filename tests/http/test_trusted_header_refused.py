"""A trusted sign-in header (``WEBUI_AUTH_TRUSTED_EMAIL_HEADER``) sent by anyone but a trusted proxy
counts for nothing: the sign-in form is read as any other, and the attempt is recorded. (The
in-process client's address is no proxy's; signing in through one: tests/e2e.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e import people
from tests.e2e.audit import recorded
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.stores import STORES

HEADER = "X-Auth-Email"


@pytest.fixture(scope="module", params=STORES)
def header_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[InProcessServer]:
    env = {"WEBUI_AUTH_TRUSTED_EMAIL_HEADER": HEADER, "ANNALS_TRUSTED_PROXIES": "192.0.2.1"}
    with in_process(request.param, tmp_path_factory.mktemp("header"), env=env) as server:
        yield server


@pytest.fixture(scope="module")
def header_admin(header_server: InProcessServer) -> Person:
    return people.founder(header_server)


def test_the_header_from_elsewhere_signs_nobody_in_and_is_recorded(header_server: InProcessServer,
                                                                   header_admin: Person) -> None:
    with people.anonymous(header_server) as client:
        response = client.post("/api/v1/auths/signin", json={"email": "", "password": ""},
                               headers={HEADER: header_admin.email})
    assert response.status_code == 422 and "token" not in response.json()
    refusal = recorded(header_admin, kind="sign_in", email=header_admin.email, path="/api/v1/auths/signin")
    assert refusal["reason"] == "a trusted sign-in header from an address that is not a trusted proxy"


def test_the_header_from_elsewhere_does_not_change_whose_password_signs_in(header_server: InProcessServer,
                                                                           header_admin: Person) -> None:
    person = people.sign_up(header_server, "ordinary")
    with people.anonymous(header_server) as client:
        response = client.post("/api/v1/auths/signin", json={"email": person.email, "password": person.password},
                               headers={HEADER: header_admin.email})
    assert response.status_code == 200 and response.json()["id"] == person.id
