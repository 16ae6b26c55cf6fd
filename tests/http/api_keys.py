"""People's API keys, as the tests of API keys make and use them."""

from __future__ import annotations

import httpx

from tests.e2e.people import Person, bearer
from tests.http.app import InProcessServer

API_KEY = "/api/v1/auths/api_key"


def new_key(person: Person) -> str:
    response = person.http.post(API_KEY)
    response.raise_for_status()
    return response.json()["api_key"]


def with_key(server: InProcessServer, key: str, **headers: str) -> httpx.Client:
    return server.client(headers={**bearer(key), **headers})
