"""An in-process server whose people may sign in through the tests' slapd (``tests/ldap_directory.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.e2e import people
from tests.e2e.people import Person, Server
from tests.ldap_directory import BASE, PASSWORDS, READER_DN, READER_PASSWORD, Directory

SERVER = "/api/v1/auths/admin/config/ldap/server"
SWITCH = "/api/v1/auths/admin/config/ldap"


def environment(directory: Directory) -> dict[str, str]:
    """Open WebUI's variables for the directory, group management and creation on."""
    return {"ENABLE_LDAP": "true", "LDAP_SERVER_LABEL": "Test directory", "LDAP_SERVER_HOST": "127.0.0.1",
            "LDAP_SERVER_PORT": str(directory.port), "LDAP_USE_TLS": "false", "LDAP_APP_DN": READER_DN,
            "LDAP_APP_PASSWORD": READER_PASSWORD, "LDAP_SEARCH_BASE": f"ou=people,{BASE}",
            "LDAP_SEARCH_FILTERS": "(objectClass=inetOrgPerson)", "ENABLE_LDAP_GROUP_MANAGEMENT": "true",
            "ENABLE_LDAP_GROUP_CREATION": "true", "LDAP_ATTRIBUTE_FOR_GROUPS": "memberOf"}


def ldap_sign_in(server: Server, user: str, password: str) -> httpx.Response:
    with people.anonymous(server) as client:
        return client.post("/api/v1/auths/ldap", json={"user": user, "password": password})


def signed_in(server: Server, user: str) -> Person:
    response = ldap_sign_in(server, user, PASSWORDS[user])
    assert response.status_code == 200, response.text
    return Person(server, response.json(), PASSWORDS[user])


def group_names(admin: Person, person_id: str) -> set[str]:
    response = admin.http.get(f"/api/v1/users/{person_id}")
    response.raise_for_status()
    return {group["name"] for group in response.json()["groups"]}


@contextmanager
def server_saved(admin: Person, **changes: Any) -> Iterator[None]:
    """The LDAP page's server settings saved with ``changes``, and saved back as they were after."""
    before = admin.http.get(SERVER).json()
    admin.http.post(SERVER, json={**before, **changes}).raise_for_status()
    try:
        yield
    finally:
        admin.http.post(SERVER, json=before).raise_for_status()
