"""(l) The admin console over a big log: its first page's latency, and how soon the live tail shows
an event while 100 events/s are written. Issue 12 asks for a first page p50 under 200 ms and a live
tail p99 under 1 s with 1 million events in the log.

The log is built in this process, through the chats context's own ``save()``: chats of
``MESSAGES`` messages each, made as ``create_chat`` makes them (one ``Chat`` aggregate merged with
its messages), ``BATCH`` chats to a commit. Every event is a real one: sealed under its owner's key,
chained, in the log's order; only the HTTP layer and one-chat-per-commit are skipped, so the log
fills in minutes instead of hours. The views (event catalogs included) are then caught up in this
process, as ``annals rebuild`` would, before the clock starts.

Then ``annals serve`` runs on that store, and, as an admin signed in over HTTP:
- ``GET /console/events`` (the first page of the chats log), ``?user_id=`` (one person's), ``?text=``
  (a free-text search for a type) and ``/console`` (the live page), ``REQUESTS`` each, in turns;
- the live tail: a websocket on ``/api/v1/events/live?all=true`` while writers create chats at
  ``RATE`` a second (one ``Chat.Created`` each) for ``TAIL_SECONDS``; an event's latency is from its
  timestamp (taken before its commit, so this errs long) to its arrival at the client.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from websockets.sync.client import connect

from application.identity.commands import ChangeAuthConfig, SignUp
from domain.chats.chat import Chat
from domain.chats.message import ChatState, Message
from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from ops.bench import callers, deployments, harness, reporting
from tests.e2e.server import AnnalsProcess

EVENTS = 1_000_000
MESSAGES = 19
"""Per chat: with its ``Chat.Created``, 20 events."""
BATCH = 50
"""Chats per commit: a thousand events, as a busy context's commits may carry."""
PEOPLE = 20
REQUESTS = 40
RATE = 100
TAIL_SECONDS = 30
WRITERS = 4
QUIET_SECONDS = 10
"""The tail is read until the writers are done and every chat they made has been seen; only a
socket silent this long ends it early (what is unseen then is lost). A fixed window would count
the chats still being written or delivered on a loaded machine as lost."""
ADMIN_EMAIL = "console-admin@example.org"


def _chat(owner: str, n: int) -> Chat:
    messages, parent = [], None
    for i in range(MESSAGES):
        fields = {"role": "user" if i % 2 == 0 else "assistant", "content": f"message {i} of chat {n}, " * 4}
        messages.append(Message(id=f"m{i}", parent_id=parent, digest=_digest(fields), fields=fields))
        parent = f"m{i}"
    state = ChatState(title=f"Chat {n}", properties={}, property_digests={}, messages=tuple(messages),
                      current_message_id=parent)
    chat = Chat(id=uuid.uuid4(), owner_id=owner, title=f"Chat {n}", properties={}, property_digests={},
                folder_id=None)
    chat.merge(state)
    return chat


def _digest(fields: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(fields, sort_keys=True).encode(), digest_size=16).hexdigest()


def _build(settings: Settings, events: int) -> dict[str, Any]:
    """The log of ``events`` chat events (and a few of identity), its views caught up."""
    container = build_container(settings, role="cli")
    try:
        identity = container.identity
        identity.sign_up(SignUp(user_id=uuid.uuid4(), email=ADMIN_EMAIL, password=callers.PASSWORD, name="Admin"))
        identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": True}))
        people = [str(uuid.uuid4()) for _ in range(PEOPLE)]
        for person in people:
            identity.sign_up(SignUp(user_id=uuid.UUID(person), email=f"{person}@example.org", password=callers.PASSWORD,
                                    name="Someone"))
        started, chats = time.perf_counter(), 0
        while container.contexts["Chats"].position < events:
            container.chats.commit(*(_chat(people[(chats + i) % PEOPLE], chats + i) for i in range(BATCH)))
            chats += BATCH
        written = time.perf_counter() - started
        started = time.perf_counter()
        container.runner.catch_up_all()
        projected = time.perf_counter() - started
        total = container.contexts["Chats"].position
        return {"chat_events": total, "chats": chats, "people": people, "write_s": round(written, 1),
                "write_events_per_s": round(total / written), "project_s": round(projected, 1)}
    finally:
        container.close()


def _timed(http: httpx.Client, path: str, params: dict[str, str]) -> float:
    started = time.perf_counter()
    answer = http.get(path, params=params)
    seconds = time.perf_counter() - started
    answer.raise_for_status()
    return seconds


def _pages(http: httpx.Client, person: str) -> dict[str, dict[str, float | int]]:
    asked = {"first page": ("/console/events", {}), "one person's": ("/console/events", {"user_id": person}),
             "free text": ("/console/events", {"text": "chat.created"}), "live page": ("/console", {})}
    seconds: dict[str, list[float]] = {name: [] for name in asked}
    for _ in range(REQUESTS):
        for name, (path, params) in asked.items():
            seconds[name].append(_timed(http, path, params))
    return {name: reporting.summary_ms(taken) for name, taken in seconds.items()}


def _writer(http: httpx.Client, until: float, every: float, offset: float) -> Callable[[], int]:
    def write() -> int:
        made, due = 0, time.monotonic() + offset
        while due < until:
            time.sleep(max(0.0, due - time.monotonic()))
            callers.busy_retrying(lambda: http.post("/api/v1/chats/new", json={"chat": {"title": "tail"}}))
            made, due = made + 1, due + every
        return made

    return write


def _tail(server: AnnalsProcess, token: str, http: list[httpx.Client]) -> dict[str, Any]:
    latencies: list[float] = []
    url = server.base_url.replace("http", "ws", 1) + f"/api/v1/events/live?all=true&context=chats&token={token}"
    with connect(url, open_timeout=30) as socket:
        assert json.loads(socket.recv(timeout=30))["type"] == "ready"
        until = time.monotonic() + TAIL_SECONDS
        every = WRITERS / RATE
        made = [0] * WRITERS
        threads = [threading.Thread(target=lambda n=n: made.__setitem__(n, _writer(
            http[n], until, every, n * every / WRITERS)())) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        with contextlib.suppress(TimeoutError):
            while any(t.is_alive() for t in threads) or len(latencies) < sum(made):
                message = json.loads(socket.recv(timeout=QUIET_SECONDS))
                if message.get("type") == "Chat.Created":
                    latencies.append(time.time() - message["timestamp"])
        for thread in threads:
            thread.join()
    return {"written": sum(made), "seen": len(latencies), "rate_per_s": round(sum(made) / TAIL_SECONDS, 1),
            "latency": reporting.summary_ms(latencies)}


def _run(args: Any) -> dict[str, Any]:
    stores = [t for t in args.targets if t in deployments.ANNALS]
    results: dict[str, Any] = {"benchmark": "console", "environment": reporting.environment(), "events": args.events,
                               "stores": {}}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        for store in stores:
            with contextlib.ExitStack() as per_store:
                url = deployments.postgres(per_store) if store == deployments.POSTGRES else None
                redis_url = deployments.bench_redis() if url else None
                env = {**os.environ, **deployments.annals_env(root / store, url, redis_url)}
                built = _build(Settings.from_environ({**env, "REDIS_URL": ""}), args.events)
                server = AnnalsProcess(env, root / store)
                per_store.callback(server.stop)
                server.start(worker=store == deployments.POSTGRES)
                signed_in = httpx.post(f"{server.base_url}/api/v1/auths/signin", timeout=callers.TIMEOUT,
                                       json={"email": ADMIN_EMAIL, "password": callers.PASSWORD})
                token = signed_in.raise_for_status().json()["token"]
                writers = [callers.client(server, token) for _ in range(WRITERS)]
                with callers.client(server, token) as http:
                    pages = _pages(http, built["people"][0])
                    tail = _tail(server, token, writers)
                for writer in writers:
                    writer.close()
                results["stores"][store] = {"log": {k: v for k, v in built.items() if k != "people"},
                                            "pages": pages, "tail": tail}
    return results


def _show(result: dict[str, Any]) -> None:
    for store, r in result["stores"].items():
        log = r["log"]
        print(f"\n{store}: {log['chat_events']:,} chat events ({log['chats']:,} chats) written in {log['write_s']} s "
              f"({log['write_events_per_s']:,}/s), views caught up in {log['project_s']} s")
        reporting.print_table(f"{store}: console pages over the log, {REQUESTS} each (target: first page p50 < 200 ms)",
                              ["page", "p50 ms", "p95 ms", "p99 ms"],
                              [(page, s["median_ms"], s["p95_ms"], s["p99_ms"]) for page, s in r["pages"].items()])
        tail = r["tail"]
        reporting.print_table(f"{store}: live tail while {tail['rate_per_s']}/s are written (target: p99 < 1000 ms)",
                              ["written", "seen", "p50 ms", "p99 ms", "max ms"],
                              [(tail["written"], tail["seen"], tail["latency"]["median_ms"], tail["latency"]["p99_ms"],
                                tail["latency"]["max_ms"])])


def _options(parser: Any) -> None:
    parser.add_argument("--events", type=int, default=EVENTS, help="chat events in the log (default 1,000,000)")


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show, extra=_options))
