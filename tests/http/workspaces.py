"""A workspace of a module's own, for tests that watch it founded, change what every account sees,
need settings of their own, or look at whole lists: ``server, admin = own_workspace("name")`` in
the module stands in for the session's shared server and its admin (the same app, in this
process)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.stores import STORES

Env = Mapping[str, str] | Callable[[pytest.FixtureRequest], Mapping[str, str]]


def own_workspace(name: str, env: Env | None = None, *, stores: Sequence[str] = STORES,
                  **settings: Any) -> tuple[Any, Any]:
    """The module's ``server`` (fresh, on each of ``stores``, configured as ``in_process`` takes it;
    ``env`` may be worked out from other fixtures, given the request) and ``admin`` (its first
    account, who opens sign-up)."""

    @pytest.fixture(scope="module", params=stores, name="server")
    def server(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
        variables = env(request) if callable(env) else env
        with in_process(request.param, tmp_path_factory.mktemp(f"annals-{name}-{request.param}"), variables,
                        **settings) as app:
            yield app

    @pytest.fixture(scope="module", name="admin")
    def admin(server: InProcessServer) -> Person:
        return people.founder(server)

    return server, admin
