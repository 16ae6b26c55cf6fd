"""A page on another site may not open a socket to us (it would carry the person's cookie or act
for them): the live websocket and Socket.IO admit our own origin and CORS_ALLOW_ORIGIN's only.
The server here lists one origin, so Socket.IO's own same-origin check is off and ours decides."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import socketio
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.e2e.people import Person, sign_up
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import PATH, TIMEOUT

LISTED = "https://app.example.org"
FOREIGN = "https://evil.example"


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("cors")
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), "CORS_ALLOW_ORIGIN": LISTED}, data_dir).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def person(listing: AnnalsProcess) -> Person:
    return sign_up(listing, "socket-owner")


def _live(server: AnnalsProcess, person: Person, origin: str) -> str:
    url = f"ws://127.0.0.1:{server.port}/api/v1/events/live?token={person.token}"
    with connect(url, origin=origin, open_timeout=10) as socket:  # type: ignore[arg-type]
        return str(socket.recv(timeout=10))


def _socketio(server: AnnalsProcess, person: Person, origin: str) -> None:
    client = socketio.Client(reconnection=False, websocket_extra_options={"origin": origin})
    client.connect(server.base_url, socketio_path=PATH, transports=["websocket"], wait_timeout=TIMEOUT,
                   auth={"token": person.token})
    client.disconnect()


def test_the_live_socket_refuses_another_sites_page(listing: AnnalsProcess, person: Person) -> None:
    with pytest.raises(InvalidStatus):
        _live(listing, person, FOREIGN)


def test_the_live_socket_admits_our_own_and_listed_origins(listing: AnnalsProcess, person: Person) -> None:
    assert "ready" in _live(listing, person, listing.base_url)
    assert "ready" in _live(listing, person, LISTED)


def test_socketio_refuses_another_sites_page(listing: AnnalsProcess, person: Person) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        _socketio(listing, person, FOREIGN)


def test_socketio_admits_our_own_and_listed_origins(listing: AnnalsProcess, person: Person) -> None:
    _socketio(listing, person, listing.base_url)
    _socketio(listing, person, LISTED)
