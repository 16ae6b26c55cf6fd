"""HTTP behaviour, in-process: one application per store for the whole session, and a fresh
person for every test that needs one (``people.member(server, admin, ...)``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar

from interfaces.http.app import create_app
from tests.e2e import people
from tests.e2e.people import Person
from tests.http import ldap, scim
from tests.http.app import InProcessServer, in_process, settings_for_tests
from tests.ldap_directory import Directory
from tests.oidc_provider import OpenIdProviderProcess, openid_provider
from tests.stores import STORES


@pytest.fixture(scope="session", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process(request.param, tmp_path_factory.mktemp(f"annals-{request.param}")) as app:
        yield app


@pytest.fixture(scope="session")
def route_table(tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    """The application built but never started, for the tests that walk its routes: a build
    registers some 700 handlers (about a second of CPU), so they share one."""
    return create_app(settings_for_tests(tmp_path_factory.mktemp("route-table")))


@pytest.fixture(scope="session")
def admin(server: InProcessServer) -> Person:
    """The session's server is fresh, so the first account to sign up is the admin; it opens
    sign-up for the session's other people."""
    return people.founder(server)


@pytest.fixture
def member(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "member")


@pytest.fixture(scope="module", params=STORES)
def open_policy(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    """A server of the module's own whose admins may read others' content (ENABLE_ADMIN_CHAT_ACCESS)."""
    with in_process(request.param, tmp_path_factory.mktemp("open-policy"), admin_chat_access=True) as server:
        yield server


@pytest.fixture(scope="module")
def open_admin(open_policy: InProcessServer) -> Person:
    return people.founder(open_policy)


@pytest.fixture(scope="session", params=STORES)
def scim_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[InProcessServer]:
    """A server of the session's own with SCIM on (``ENABLE_SCIM``) and an operator's ``SCIM_TOKEN``,
    where members may make API keys (to see deprovisioning revoke them)."""
    env = {"ENABLE_SCIM": "true", "SCIM_TOKEN": scim.OPERATORS_TOKEN, "ENABLE_API_KEYS": "true",
           "USER_PERMISSIONS_FEATURES_API_KEYS": "true"}
    with in_process(request.param, tmp_path_factory.mktemp(f"scim-{request.param}"), env=env) as app:
        yield app


@pytest.fixture(scope="session")
def scim_admin(scim_server: InProcessServer) -> Person:
    return people.founder(scim_server)


@pytest.fixture
def provider(scim_server: InProcessServer, scim_admin: Person) -> Iterator[scim.Provider]:
    """An identity provider of its own for each test: it sees only the people it provisions."""
    with scim.registered(scim_server, scim_admin) as made:
        yield made


@pytest.fixture(scope="module", params=STORES)
def ldap_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                ldap_directory: Directory) -> Iterator[InProcessServer]:
    """A server of the module's own whose people may sign in through the tests' slapd."""
    with in_process(request.param, tmp_path_factory.mktemp("ldap"), env=ldap.environment(ldap_directory)) as server:
        yield server


@pytest.fixture(scope="module")
def ldap_admin(ldap_server: InProcessServer) -> Person:
    return people.founder(ldap_server)


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProviderProcess]:
    """One OpenID provider process for the session's single sign-on tests: each signs in people of
    its own (``single_sign_on.new_subject``). Not ``provider``: that is a SCIM identity provider."""
    with openid_provider(tmp_path_factory.mktemp("oidc")) as running:
        yield running
