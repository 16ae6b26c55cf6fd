"""(f) 50 concurrent streaming chats on one API process, without errors.

50 people, each with their own Socket.IO connection and chat, take turns at once, as the Open WebUI
app takes them (``POST /api/chat/completions`` with the socket's ``session_id``; the reply streams
back over the socket). The fake upstream streams 40 words at 20 ms each after 40 ms. An error is any
refused request, any ``chat:message:error``, a reply whose ``chat:completion`` done never comes, or a
reply streamed or stored differently from what the upstream said. Annals only: one
``annals serve`` process (embedded; on Postgres with its worker beside it).
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting
from ops.bench.replies import hear_reply
from tests.e2e.sockets import Tab, tab

CHATS = 50
TURNS = 3
WORDS = 40
MODEL = "echo@ttft=0.04,delay=0.02"
PROMPT_WORDS = WORDS - 1  # the fake answers "echo: " and the prompt


class Chatter:
    """One person's chat, driven from its own thread: what happened, turn by turn."""

    def __init__(self, http: httpx.Client, socket: Tab) -> None:
        self.http, self.socket = http, socket
        self.chat_id: str | None = None
        self.parent: str | None = None
        self.first_token: list[float] = []
        self.turn_seconds: list[float] = []
        self.errors: list[str] = []

    def converse(self, start: threading.Barrier) -> None:
        start.wait()
        for n in range(TURNS):
            try:
                self._turn(n)
            except Exception as error:  # noqa: BLE001 - every failure is a finding, counted and shown
                self.errors.append(f"turn {n}: {error!r}")

    def _turn(self, n: int) -> None:
        prompt_id, reply_id = str(uuid.uuid4()), str(uuid.uuid4())
        text = " ".join(f"word{n}-{i}" for i in range(PROMPT_WORDS))
        body = {"stream": True, "model": MODEL, "params": {}, "features": {}, "background_tasks": {},
                "session_id": self.socket.client.get_sid(), "id": reply_id, "parent_id": self.parent,
                "user_message": {"id": prompt_id, "parentId": self.parent, "role": "user", "content": text,
                                 "childrenIds": [], "timestamp": int(time.time()), "models": [MODEL]}}
        if self.chat_id is not None:
            body["chat_id"] = self.chat_id
        started = time.perf_counter()
        answer = self.http.post("/api/chat/completions", json=body)
        if answer.status_code != 200:
            raise RuntimeError(f"completion request answered {answer.status_code}: {answer.text[:200]}")
        self.chat_id = answer.json()["chat_id"]
        heard = hear_reply(self.socket.events, reply_id)
        self.turn_seconds.append(time.perf_counter() - started)
        if heard.first_delta_at is not None:
            self.first_token.append(heard.first_delta_at - started)
        self._check(reply_id, f"echo: {text}", heard.text)
        self.parent = reply_id

    def _check(self, reply_id: str, said: str, streamed: str) -> None:
        stored = self.http.get(f"/api/v1/chats/{self.chat_id}").json()["chat"]["history"]["messages"][reply_id]
        seen = {"streamed": streamed, "stored": stored["content"]}
        wrong = [f"{name} {text!r}" for name, text in seen.items() if text != said]
        if wrong or not stored.get("done"):
            raise RuntimeError(f"reply {reply_id}: the upstream said {said!r}; " + (", ".join(wrong) or "not done"))


def run(args: Any) -> dict[str, Any]:
    targets = [t for t in args.targets if t in deployments.ANNALS]
    results = {}
    for target in targets:
        with contextlib.ExitStack() as stack:
            workdir = deployments.workdir(stack, args.keep)
            # The admin opens sign-up; members sign up as users, and may use the upstream's model
            # without a preset sharing it.
            env = {**deployments.upstream(stack, workdir, MODEL), "DEFAULT_USER_ROLE": "user",
                   "BYPASS_MODEL_ACCESS_CONTROL": "true"}
            server = deployments.start_servers(stack, [target], workdir, env)[target]
            callers.open_sign_up(stack.enter_context(callers.sign_up(server, "admin")))
            chatters = [_chatter(stack, server, n) for n in range(CHATS)]
            results[target] = _race(chatters)
    return {"benchmark": "streams", "environment": reporting.environment(), "chats": CHATS, "turns_each": TURNS,
            "model": MODEL, "targets": results}


def _chatter(stack: contextlib.ExitStack, server: deployments.Server, n: int) -> Chatter:
    http = stack.enter_context(callers.sign_up(server, f"person{n}"))
    token = http.headers["Authorization"].removeprefix("Bearer ")
    return Chatter(http, stack.enter_context(tab(server.base_url, token)))


def _race(chatters: list[Chatter]) -> dict[str, Any]:
    start = threading.Barrier(len(chatters))
    threads = [threading.Thread(target=c.converse, args=(start,)) for c in chatters]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    errors = [e for c in chatters for e in c.errors]
    done = sum(len(c.turn_seconds) for c in chatters)
    return {"turns_done": done, "errors": len(errors), "first_errors": errors[:5],
            "seconds": round(seconds, 2), "turns_per_second": round(done / seconds, 1),
            "first_token": reporting.summary_ms([s for c in chatters for s in c.first_token]),
            "turn": reporting.summary_ms([s for c in chatters for s in c.turn_seconds]), "met": not errors}


def show(result: dict[str, Any]) -> None:
    rows = [[t, r["turns_done"], r["errors"], r["seconds"], r["turns_per_second"], r["first_token"]["median_ms"],
             r["first_token"]["p99_ms"], r["turn"]["median_ms"], r["turn"]["p99_ms"]]
            for t, r in result["targets"].items()]
    reporting.print_table(
        f"{result['chats']} concurrent streaming chats x {result['turns_each']} turns, one API process",
        ["target", "turns", "errors", "s", "turns/s", "TTFT p50", "TTFT p99", "turn p50", "turn p99"],
        rows)
    for target, r in result["targets"].items():
        print(f"{target}: {'MET' if r['met'] else 'MISSED'} (no errors)" + "".join(
            f"\n  {e}" for e in r["first_errors"]))


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv)


if __name__ == "__main__":
    raise SystemExit(main())
