"""A Socket.IO connection to a real server, as the SPA opens it, that records what it is sent."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import engineio
import socketio

from tests.e2e.server import AnnalsProcess

PATH = "/ws/socket.io"
TIMEOUT = 15.0


class _InOrderEngineIO(engineio.Client):
    """python-engineio's client hands every message to a thread of its own, so two messages can
    reach the handlers in either order (a reply's words, shuffled). A browser's client handles
    them one by one, in order, as this one does: on its reading thread. Our handlers only queue."""

    def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        return super()._trigger_event(event, *args, **{**kwargs, "run_async": False})


class _InOrderClient(socketio.Client):
    def _engineio_client_class(self) -> type[engineio.Client]:
        return _InOrderEngineIO


class Tab:
    """One browser tab's socket: its ``events`` in arrival order, and whether the server hung up."""

    def __init__(self, client: socketio.Client) -> None:
        self.client = client
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.disconnected = threading.Event()

    def call(self, event: str, data: Any) -> Any:
        return self.client.call(event, data, timeout=TIMEOUT)

    def join_chat(self, chat_id: str) -> Any:
        return self.call("events:chat", {"chat_id": chat_id, "data": {"type": "join"}})

    def next_event(self, matches: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first event that matches; those before it are dropped."""
        return self.until(matches)[-1]

    def until(self, matches: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """The events received up to and including the first that matches."""
        taken = [self.events.get(timeout=TIMEOUT)]
        while not matches(taken[-1]):
            taken.append(self.events.get(timeout=TIMEOUT))
        return taken

    def received(self) -> list[dict[str, Any]]:
        """Everything received so far and not yet taken."""
        taken = []
        while not self.events.empty():
            taken.append(self.events.get_nowait())
        return taken


@contextmanager
def tab(server: AnnalsProcess | str, token: str | None, *,
        transports: tuple[str, ...] = ("websocket",)) -> Iterator[Tab]:
    """Polling alone is left out: python-engineio's client waits out its pending long-poll (30 s) when
    it disconnects, where a browser aborts it."""
    client = _InOrderClient(reconnection=False)
    opened = Tab(client)
    client.on("events", opened.events.put)
    client.on("disconnect", lambda *reason: opened.disconnected.set())
    base_url = server if isinstance(server, str) else server.base_url
    client.connect(base_url, socketio_path=PATH, transports=list(transports), wait_timeout=TIMEOUT,
                   auth={"token": token} if token is not None else None)
    try:
        yield opened
    finally:
        client.disconnect()


def chat_list_for(chat_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda event: event.get("chat_id") == chat_id and event["data"]["type"] == "chat:list"
