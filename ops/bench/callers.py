"""Signed-in clients of a server under test, and chat documents shaped as the SPA sends them."""

from __future__ import annotations

import functools
import random
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import msgspec

from ops.bench.deployments import Server

PASSWORD = "bench-password-not-secret"
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
encode = msgspec.json.Encoder().encode

def sign_up(server: Server, name: str) -> httpx.Client:
    """A client carrying a fresh account's token; on a fresh server the first one is the admin."""
    body = {"name": name, "email": f"{name}-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    response = httpx.post(f"{server.base_url}/api/v1/auths/signup", json=body, timeout=TIMEOUT)
    response.raise_for_status()
    return client(server, response.json()["token"])

def open_sign_up(admin: httpx.Client) -> None:
    """The first account closes sign-up behind it (as Open WebUI does); its admin opens it again,
    as in the Authentication settings, for a benchmark's other people."""
    config = admin.get("/api/v1/auths/admin/config")
    config.raise_for_status()
    admin.post("/api/v1/auths/admin/config", json={**config.json(), "ENABLE_SIGNUP": True}).raise_for_status()

def client(server: Server, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, timeout=TIMEOUT,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})

def post_json(http: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return busy_retrying(lambda: http.post(path, content=body))

class _Answered(msgspec.Struct):
    id: str

def answered_id(response: httpx.Response) -> str:
    """The ``id`` of an answer that repeats the whole chat: read without decoding the rest, as a
    browser's JSON.parse would take a millisecond where Python's json takes ten at 1000 messages,
    and that is the client's time, not the server's."""
    return msgspec.json.decode(response.content, type=_Answered).id

def busy_retrying(send: Callable[[], httpx.Response], attempts: int = 20) -> httpx.Response:
    """Sends until the answer is not 503 (Annals says "busy" when Postgres refuses connections: the
    local Postgres is shared with test runs), waiting as long as Retry-After asks."""
    for _ in range(attempts):
        response = send()
        if response.status_code != 503:
            break
        time.sleep(float(response.headers.get("Retry-After", "1")))
    response.raise_for_status()
    return response

def count_new_events(http: httpx.Client, chat_id: str, after: int) -> tuple[int, int]:
    """Events of one chat after a log position, through the admin API: (how many, last position)."""
    count, last = 0, after
    while True:
        params: dict[str, str | int] = {"context": "chats", "aggregate_id": chat_id, "after": last, "limit": 1000}
        page = busy_retrying(functools.partial(http.get, "/api/v1/events", params=params)).json()
        count += len(page["events"])
        last = page["events"][-1]["position"] if page["events"] else last
        if page["next_after"] is None:
            return count, last

_WORDS = ("event", "log", "append", "only", "replay", "projection", "aggregate", "chat", "message", "model",
          "answer", "question", "latency", "table", "index", "commit", "snapshot", "stream", "user",
          "assistant", "history", "branch")

def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))

class ChatDocument:
    """A linear conversation as Open WebUI's SPA holds it: a message tree plus its linear list."""

    def __init__(self, messages: int, seed: int = 7, title: str = "Benchmark chat") -> None:
        self._rng = random.Random(seed)
        self.title = title
        self.tree: dict[str, dict[str, Any]] = {}
        self.linear: list[dict[str, Any]] = []
        for _ in range(messages):
            self.append()

    def append(self) -> dict[str, Any]:
        """A new message under the current one: user and assistant take turns."""
        parent = self.linear[-1] if self.linear else None
        assistant = len(self.linear) % 2 == 1
        message: dict[str, Any] = {"id": str(uuid.uuid4()), "parentId": parent["id"] if parent else None,
                                   "childrenIds": [], "role": "assistant" if assistant else "user",
                                   "content": _text(self._rng, 150 if assistant else 20),
                                   "timestamp": 1_760_000_000 + len(self.linear)}
        if assistant:
            message |= {"model": "llama3.2:3b", "modelName": "llama3.2:3b", "modelIdx": 0, "done": True,
                        "usage": {"prompt_tokens": 512, "completion_tokens": 200, "total_tokens": 712}}
        else:
            message["models"] = ["llama3.2:3b"]
        if parent:
            parent["childrenIds"].append(message["id"])
        self.tree[message["id"]] = message
        self.linear.append(message)
        return message

    def chat(self) -> dict[str, Any]:
        """What the SPA's saveChatHandler sends (models, params, history, messages, files), plus the
        title, so the body is the whole chat."""
        current = self.linear[-1]["id"] if self.linear else None
        return {"title": self.title, "models": ["llama3.2:3b"], "params": {}, "files": [],
                "history": {"messages": self.tree, "currentId": current}, "messages": self.linear}

    def body(self) -> bytes:
        return encode({"chat": self.chat()})

def create_chat(http: httpx.Client, document: ChatDocument) -> str:
    return answered_id(post_json(http, "/api/v1/chats/new", document.body()))

