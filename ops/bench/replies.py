"""A reply as the Open WebUI app hears it over Socket.IO, for the benchmarks that take turns."""

from __future__ import annotations

import queue
import time
from typing import Any


class Streamed:
    """A reply as the app hears it over Socket.IO: its deltas, joined, and when the first came."""

    def __init__(self) -> None:
        self.text = ""
        self.first_delta_at: float | None = None
        self.done: dict[str, Any] = {}


def hear_reply(events: Any, reply_id: str, timeout: float = 60) -> Streamed:
    """Takes ``events`` (a queue of Socket.IO ``events``) up to the reply's ``chat:completion`` done.
    A ``chat:message:error`` for it raises; so does silence for ``timeout`` seconds."""
    heard, deltas = Streamed(), []
    while True:
        try:
            event = events.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"no chat:completion done within {timeout:g} s") from None
        if event.get("message_id") != reply_id:
            continue
        kind, data = event["data"]["type"], event["data"]["data"]
        if kind == "chat:message:error":
            raise RuntimeError(f"chat:message:error {data}")
        if kind == "response:completion" and data.get("delta"):
            heard.first_delta_at = heard.first_delta_at or time.perf_counter()
            deltas.append(data["delta"])
        if kind == "chat:completion" and data.get("done"):
            heard.text, heard.done = "".join(deltas), data
            return heard
