"""Annals' HTTP application run inside the test process: the same app ``annals serve`` runs, driven
through Litestar's test client instead of a socket, so a test costs a request, not a server."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import httpx
import msgspec
from litestar.testing import TestClient

from infrastructure.settings import Settings
from interfaces.http.app import create_app
from tests.services import DATABASE_CONNECTIONS, IDLE_CONNECTIONS, ensure_running, fresh_database


class InProcessServer:
    """One application and its lifespan for a whole test session; each person gets a client of
    their own over the same in-process transport."""

    base_url = "http://testserver.local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        self._client = TestClient(self.app, base_url=self.base_url, raise_server_exceptions=False)

    @property
    def container(self) -> Any:
        """The composition root the app built, for tests that look below the HTTP layer."""
        return self.app.state.container

    def client(self, **options: Any) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, transport=_Shared(self._client), **options)

    def websocket(self, path: str, **options: Any) -> Any:
        """A websocket opened as a page of this server opens one (its Origin is ours)."""
        headers = {"origin": self.base_url, **options.pop("headers", {})}
        return self._client.websocket_connect(path, headers=headers, **options)

    def __enter__(self) -> Self:
        self._client.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.__exit__(*exc)


class _Shared(httpx.BaseTransport):
    """The session client's transport, lent to another client: closing that client leaves it open."""

    def __init__(self, client: TestClient[Any]) -> None:
        self._client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._client._transport.handle_request(request)


def settings_for_tests(data_dir: Path, database_url: str | None = None, env: Mapping[str, str] | None = None,
                       **more: Any) -> Settings:
    """What an operator would configure (``env``: variables as ``annals serve`` reads them; ``more``:
    settings by name), with argon2 at its lowest cost (tests sign many up)."""
    settings = Settings.from_environ({"ANNALS_LOCAL_MODEL": "off",
                                      "ANNALS_DATABASE_CONNECTIONS": str(DATABASE_CONNECTIONS),
                                      "ANNALS_DATABASE_IDLE_CONNECTIONS": str(IDLE_CONNECTIONS), **(env or {}),
                                      "ANNALS_DATA_DIR": str(data_dir),
                                      **({"DATABASE_URL": database_url} if database_url else {})})
    return msgspec.structs.replace(settings, fast_password_hashing_for_tests=True, **more)


def openapi_document() -> dict[str, Any]:
    """What ``/docs/openapi.json`` serves, from an application built but never started: tests that
    walk the operations know them when pytest collects, before any fixture runs. Its paths sorted:
    the app's order varies with the hash seed, and pytest-xdist's workers must collect alike."""
    with tempfile.TemporaryDirectory() as data_dir:
        document = create_app(settings_for_tests(Path(data_dir))).openapi_schema.to_schema()
    return {**document, "paths": dict(sorted(document["paths"].items()))}


@contextmanager
def in_process(store: str, data_dir: Path, env: Mapping[str, str] | None = None,
               **more: Any) -> Iterator[InProcessServer]:
    """``embedded`` (SQLite files) or ``postgres`` (a fresh database; projectors in-process, as
    when Redis is away)."""
    if store == "embedded":
        with InProcessServer(settings_for_tests(data_dir, env=env, **more)) as server:
            yield server
        return
    ensure_running(5432)
    with fresh_database() as database_url, \
            InProcessServer(settings_for_tests(data_dir, database_url, env, **more)) as server:
        yield server
