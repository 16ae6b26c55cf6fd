"""People calling a real server: each signs up or in and then sends requests with their own token."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import httpx

from tests.waiting import wait_for

PASSWORD = "correct horse battery staple"
TIMEOUT = 30.0
ADMIN_CONFIG = "/api/v1/auths/admin/config"


class Server(Protocol):
    """A real server process (``tests/e2e/server.py``) or the app in this process (``tests/http``)."""

    base_url: str

    def client(self, **options: Any) -> httpx.Client: ...


class Person:
    """Someone signed in: what sign-in answered, and an HTTP client that sends their token."""

    def __init__(self, server: Server, account: dict[str, Any], password: str) -> None:
        self.account = account
        self.password = password
        self.http = server.client(timeout=TIMEOUT, headers={"Authorization": f"Bearer {account['token']}"})

    @property
    def id(self) -> str:
        return self.account["id"]

    @property
    def email(self) -> str:
        return self.account["email"]

    @property
    def token(self) -> str:
        return self.account["token"]


def anonymous(server: Server) -> httpx.Client:
    return server.client(timeout=TIMEOUT)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def unique_email(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:10]}@example.com"


def sign_up(server: Server, name: str, *, password: str = PASSWORD) -> Person:
    body = {"name": name, "email": unique_email(name), "password": password}
    with anonymous(server) as client:
        response = client.post("/api/v1/auths/signup", json=body)
    response.raise_for_status()
    return Person(server, response.json(), password)


def founder(server: Server, name: str = "admin") -> Person:
    """The first account, the admin, who then opens sign-up (the first account closes it, as in
    Open WebUI), as an operator who lets people sign up does in the admin settings."""
    admin = sign_up(server, name)
    open_sign_up(admin)
    return admin


@contextmanager
def auth_config(admin: Person, **changes: Any) -> Iterator[None]:
    """The admin's Authentication settings saved with ``changes``, and saved back as they were after."""
    before = admin.http.get(ADMIN_CONFIG).json()
    admin.http.post(ADMIN_CONFIG, json={**before, **changes}).raise_for_status()
    try:
        yield
    finally:
        admin.http.post(ADMIN_CONFIG, json=before).raise_for_status()


def open_sign_up(admin: Person) -> None:
    """The admin's Authentication settings saved with sign-up on, the rest as they were."""
    config = admin.http.get(ADMIN_CONFIG)
    config.raise_for_status()
    admin.http.post(ADMIN_CONFIG, json={**config.json(), "ENABLE_SIGNUP": True}).raise_for_status()


def sign_in(server: Server, email: str, *, password: str = PASSWORD) -> Person:
    with anonymous(server) as client:
        response = client.post("/api/v1/auths/signin", json={"email": email, "password": password})
    response.raise_for_status()
    return Person(server, response.json(), password)


def member(server: Server, admin: Person, name: str) -> Person:
    """A verified user, added by the admin with a session of their own (``/api/v1/auths/add``
    answers the new account's token): one request, where signing up, being promoted and signing
    in again took three (``test_signup`` and ``test_users`` test that way)."""
    body = {"name": name, "email": unique_email(name), "password": PASSWORD, "role": "user"}
    response = admin.http.post("/api/v1/auths/add", json=body)
    response.raise_for_status()
    return Person(server, response.json(), PASSWORD)


def delete(client: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    """DELETE with a JSON body (the tag endpoint wants one; httpx's ``delete`` takes none)."""
    return client.request("DELETE", path, json=body)


def delete_person(admin: Person, person_id: str) -> None:
    """An admin deletes an account, then waits until its chats and files have gone after it (the
    reaction the answer's ``Link: rel="monitor"`` names)."""
    response = admin.http.delete(f"/api/v1/users/{person_id}")
    response.raise_for_status()
    monitor = response.links["monitor"]["url"]
    wait_for(lambda: admin.http.get(monitor).json()["done"], timeout=TIMEOUT, what=f"{monitor} to be done")
