"""Watching a person's access from everywhere at once: an open socket and an HTTP client on every API
process of a deployment, and when each of them found the access gone."""

from __future__ import annotations

import functools
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from websockets.sync.client import ClientConnection, connect

from application.identity.commands import UpdateUser
from infrastructure.connection_budget import ConnectionBudget
from infrastructure.container import Container
from infrastructure.wiring.write_side import CONTEXTS
from tests.e2e.people import TIMEOUT, Person, bearer
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import TIMEOUT as SOCKET_TIMEOUT
from tests.e2e.sockets import tab
from tests.e2e.test_person_deletion_crash import offline
from tests.waiting import wait_for

WHO_AM_I = "/api/v1/auths/"
SHARED = ("ANNALS_DATA_DIR", "DATABASE_URL", "REDIS_URL", "WEBUI_SECRET_KEY", "ANNALS_DATABASE_CONNECTIONS",
          "ENABLE_SCIM", "ENABLE_API_KEYS", "USER_PERMISSIONS_FEATURES_API_KEYS")
"""What a second API process takes from the first: the stores, the keys, the settings the tests use."""


@dataclass
class Watch:
    """Started when the revoking command answered (``revoked_now``); each place's refusal is timed
    from then, all of them watched together, every 5 ms."""

    clients: list[httpx.Client]
    disconnects: list[threading.Event]
    since: float = 0.0

    def revoked_now(self) -> None:
        self.since = time.monotonic()

    def refused_everywhere(self, path: str = WHO_AM_I, status: int = 401) -> list[float]:
        """Waits for every socket to be dropped and every process to answer ``path`` with ``status``;
        answers the seconds each took after the command's answer, the sockets first."""
        places: list[Callable[[], bool]] = [event.is_set for event in self.disconnects]
        places += [functools.partial(_answers, client, path, status) for client in self.clients]
        seen: dict[int, float] = {}

        def all_seen() -> bool:
            for index, place in enumerate(places):
                if index not in seen and place():
                    seen[index] = time.monotonic() - self.since
            return len(seen) == len(places)

        timeout = SOCKET_TIMEOUT if self.disconnects else TIMEOUT
        wait_for(all_seen, timeout=timeout, what=f"refusals of {path} and dropped sockets", interval=0.005)
        return [seen[index] for index in range(len(places))]


def _answers(client: httpx.Client, path: str, status: int) -> bool:
    return client.get(path).status_code == status


@contextmanager
def everywhere(processes: Sequence[AnnalsProcess], person: Person, *, sockets: bool = True,
               token: str | None = None, path: str = WHO_AM_I) -> Iterator[Watch]:
    """A signed-in socket (unless ``sockets`` is off) and an HTTP client with ``token`` (default: the
    person's session) on each process, each client answered ``path`` at first."""
    token = token or person.token
    with ExitStack() as stack:
        clients = [stack.enter_context(p.client(timeout=TIMEOUT, headers=bearer(token))) for p in processes]
        tabs = [stack.enter_context(tab(p, person.token)) for p in processes] if sockets else []
        for socket in tabs:  # signed in before the revocation, so that it is a revocation it sees
            assert socket.call("user-join", {"auth": {"token": person.token}}) is not None
        assert all(client.get(path).status_code == 200 for client in clients)
        yield Watch(clients, [socket.disconnected for socket in tabs])


def replica_of(server: AnnalsProcess, log_dir: Path) -> AnnalsProcess | None:
    """Another API process of the same deployment, not yet started; None where the stores are one
    process's own (embedded)."""
    if "DATABASE_URL" not in server.env:
        return None
    return AnnalsProcess({name: server.env[name] for name in SHARED if name in server.env}, log_dir)


@contextmanager
def without_fanout(server: AnnalsProcess) -> Iterator[Container]:
    """The deployment's stores opened by a process with no Redis, no kicks and no sockets: what it
    commits and projects nobody announces, as if it had died before announcing it."""
    least = str(ConnectionBudget.least(len(CONTEXTS)))  # its pools stay small beside the deployment's
    with offline({**server.env, "ANNALS_DATABASE_CONNECTIONS": least}) as container:
        yield container


def demote_unannounced(container: Container, admin: Person, person: Person) -> None:
    """``person`` made pending through ``without_fanout``'s container, and the views carried past it
    (its views only: the reactions to the Identity log are the deployment's worker's, and would need
    more connections than this container's smallest pools hold)."""
    container.identity.update_user(UpdateUser(actor_id=uuid.UUID(admin.id), user_id=uuid.UUID(person.id),
                                              role="pending"))
    for view in container.runner.views_of("Identity"):
        container.runner.catch_up(view)


@contextmanager
def live_events(server: AnnalsProcess, token: str) -> Iterator[ClientConnection]:
    """``/api/v1/events/live``, ready."""
    with connect(f"ws://127.0.0.1:{server.port}/api/v1/events/live?token={token}", open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "ready"
        yield socket


def refused_after(processes: Sequence[AnnalsProcess], person: Person, revoke: Callable[[], object], *,
                  sockets: bool = True, token: str | None = None, path: str = WHO_AM_I,
                  status: int = 401) -> list[float]:
    """``revoke`` run while ``everywhere`` watches; the seconds each place took (``Watch``)."""
    with everywhere(processes, person, sockets=sockets, token=token, path=path) as watch:
        revoke()
        watch.revoked_now()
        return watch.refused_everywhere(path, status)
