"""(e) Per-turn cost from turn 1 to turn 500 of one chat: it must stay flat as the chat grows.

Each target holds one chat and takes 500 turns, exactly as Open WebUI 0.12.4's app takes one: it
saves the chat with the new message and an empty reply (``POST /api/v1/chats/new``, then
``POST /api/v1/chats/{id}``), asks for the reply (``POST /api/chat/completions`` with its Socket.IO
``session_id``), waits on the socket for ``chat:completion`` done, and saves the whole chat again. A
turn's time runs from the first save to the end of the last. The model is the tests' fake upstream
with a 40 ms time to first token (``echo@ttft=0.04``); no title, tag or follow-up tasks. Targets
take turns within each round, so the shared machine's noise falls on all alike.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting
from ops.bench.replies import hear_reply
from tests.e2e.sockets import Tab, tab

TURNS = 500
MODEL = "echo@ttft=0.04"
BUCKETS = ((1, 10), (91, 100), (241, 250), (491, 500))
FLAT_AT_MOST = 1.25
"""The last bucket's median over the first's: what "stays flat" means here."""
BUDGET_SECONDS = 900


class Conversation:
    """One target's chat as the app holds it: the message tree, its ids, and the socket it listens on."""

    def __init__(self, target: str, http: httpx.Client, socket: Tab) -> None:
        self.target, self.http, self.socket = target, http, socket
        self.chat_id: str | None = None
        self.messages: dict[str, dict[str, Any]] = {}
        self.current: str | None = None
        self.seconds: list[float] = []

    def turn(self, n: int) -> None:
        prompt, reply = self._ask(f"Question number {n}: what does turn {n} cost?")
        started = time.perf_counter()
        self._save()
        self._complete(prompt, reply)
        self._save()
        self.seconds.append(time.perf_counter() - started)

    def _ask(self, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
        prompt: dict[str, Any] = {"id": str(uuid.uuid4()), "parentId": self.current, "childrenIds": [],
                                  "role": "user", "content": text, "timestamp": int(time.time()), "models": [MODEL]}
        reply: dict[str, Any] = {"id": str(uuid.uuid4()), "parentId": prompt["id"], "childrenIds": [],
                                 "role": "assistant", "content": "", "model": MODEL, "modelName": MODEL, "modelIdx": 0,
                                 "timestamp": int(time.time())}
        if self.current:
            self.messages[self.current]["childrenIds"].append(prompt["id"])
        prompt["childrenIds"].append(reply["id"])
        self.messages |= {prompt["id"]: prompt, reply["id"]: reply}
        self.current = reply["id"]
        return prompt, reply

    def _save(self) -> None:
        chat = {"title": "Turns", "models": [MODEL], "params": {}, "files": [],
                "history": {"messages": self.messages, "currentId": self.current},
                "messages": self._branch()}
        path = "/api/v1/chats/new" if self.chat_id is None else f"/api/v1/chats/{self.chat_id}"
        answer = callers.post_json(self.http, path, callers.encode({"chat": chat}))
        self.chat_id = callers.answered_id(answer)

    def _branch(self) -> list[dict[str, Any]]:
        branch, cursor = [], self.current
        while cursor is not None:
            branch.append(self.messages[cursor])
            cursor = self.messages[cursor]["parentId"]
        return branch[::-1]

    def _complete(self, prompt: dict[str, Any], reply: dict[str, Any]) -> None:
        body = {"stream": True, "model": MODEL, "params": {}, "tool_ids": [], "features": {},
                "session_id": self.socket.client.get_sid(), "chat_id": self.chat_id, "id": reply["id"],
                "parent_id": prompt["parentId"], "user_message": prompt, "background_tasks": {},
                "model_item": {"id": MODEL}, "variables": {}}
        callers.busy_retrying(lambda: self.http.post("/api/chat/completions", json=body))
        reply |= {"content": hear_reply(self.socket.events, reply["id"]).text, "done": True}


def run(args: Any) -> dict[str, Any]:
    budget = harness.Budget(BUDGET_SECONDS)
    with contextlib.ExitStack() as stack:
        workdir = deployments.workdir(stack, args.keep)
        env = deployments.upstream(stack, workdir, MODEL)
        servers = deployments.start_servers(stack, args.targets, workdir, env)
        conversations = []
        for target, server in servers.items():
            http = stack.enter_context(callers.sign_up(server, "admin"))
            token = http.headers["Authorization"].removeprefix("Bearer ")
            conversations.append(Conversation(target, http, stack.enter_context(tab(server.base_url, token))))
        started, turns = time.monotonic(), 0
        for n in range(1, args.turns + 1):
            if budget.expired():
                break
            shift = n % len(conversations)
            for conversation in conversations[shift:] + conversations[:shift]:
                conversation.turn(n)
            turns = n
        seconds = round(time.monotonic() - started, 1)
        sizes = {c.target: _message_count(c) for c in conversations}
    return _report(conversations, turns, args.turns, sizes, seconds)


def _message_count(conversation: Conversation) -> int:
    chat = callers.busy_retrying(lambda: conversation.http.get(f"/api/v1/chats/{conversation.chat_id}")).json()
    return len(chat["chat"]["history"]["messages"])


def _report(conversations: list[Conversation], turns: int, asked: int, sizes: dict[str, int],
            seconds: float) -> dict[str, Any]:
    targets = {}
    for c in conversations:
        buckets = {f"{low}-{high}": reporting.summary_ms(c.seconds[low - 1:high])
                   for low, high in BUCKETS if high <= turns}
        medians = [f["median_ms"] for f in buckets.values()]
        growth = reporting.ratio(medians[-1], medians[0]) if len(medians) > 1 else None
        targets[c.target] = {"buckets": buckets, "last_over_first": growth, "messages_at_end": sizes[c.target],
                             "flat": growth is not None and growth <= FLAT_AT_MOST}
    turn_medians = {c.target: float(reporting.summary_ms(c.seconds)["median_ms"]) for c in conversations if c.seconds}
    return {"benchmark": "turns", "environment": reporting.environment(), "measure_seconds": seconds, "turns": turns,
            "turns_asked": asked, "model": MODEL, "targets": targets,
            "sealing_costs": reporting.sealing_costs(turn_medians, higher_is_better=False),
            "target": {"last_over_first_at_most": FLAT_AT_MOST}}


def show(result: dict[str, Any]) -> None:
    rows = [[target, bucket, f["n"], f["median_ms"], f["p95_ms"]]
            for target, t in result["targets"].items() for bucket, f in t["buckets"].items()]
    reporting.print_table(f"Per-turn cost, one chat, turns 1-{result['turns']} (save, complete, wait, save), ms",
                          ["target", "turns", "n", "median", "p95"], rows)
    if result["turns"] < result["turns_asked"]:
        print(f"stopped at turn {result['turns']} of {result['turns_asked']}: the time budget ran out")
    for target, t in result["targets"].items():
        verdict = "FLAT" if t["flat"] else "GROWS" if t["last_over_first"] else "too few turns to tell"
        print(f"{target}: last bucket / first = {t['last_over_first']} (<= {FLAT_AT_MOST}: {verdict}); "
              f"{t['messages_at_end']} messages at the end")
    reporting.show_sealing_costs(result.get("sealing_costs", {}))


def _options(parser: Any) -> None:
    parser.add_argument("--turns", type=int, default=TURNS, help=f"turns per chat (default {TURNS})")


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv, _options)


if __name__ == "__main__":
    raise SystemExit(main())
