"""(k) What sealing personal texts costs: the same chat work on a context that seals its events
(as Annals runs) and on one that stores them as the library does, side by side, taking turns.

A cycle: a chat created with a question and its answer (as the app's ``/api/v1/chats/new``), then
three turns (the whole chat saved with a new question and its answer, as the app saves it), then
every event of the chat read back and decoded (as a projector and a reload do). Each store, each
variant on a database of its own, rounds alternating which goes first. Issue 11 asks for at most
10% on a chat turn and on creating chats; this isolates the sealing from HTTP and the views.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from application.chats import commands as c
from application.chats.service import Chats
from application.event_log import read_log
from domain.chats.message import ChatState, Message
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.key_encryption import load_or_create
from infrastructure.person_keys import create_person_keys
from infrastructure.settings import Settings
from ops.bench import deployments, harness, reporting

CHATS_PER_ROUND, ROUNDS, TURNS = 100, 6, 3
WORDS = "the plan for the quarter needs a budget and a date ".split()


def _message(index: int, parent: str | None) -> Message:
    role = "user" if index % 2 == 0 else "assistant"
    fields = {"role": role, "content": " ".join(WORDS[(index + n) % len(WORDS)] for n in range(60 if role == "assistant"
                                                                                             else 15)),
              **({"model": "m"} if role == "assistant" else {})}
    digest = hashlib.blake2b(json.dumps(fields, sort_keys=True).encode(), digest_size=16).hexdigest()
    return Message(id=f"m{index}", parent_id=parent, digest=digest, fields=fields)


def _state(count: int) -> ChatState:
    messages = [_message(i, f"m{i - 1}" if i else None) for i in range(count)]
    return ChatState(title="Quarterly plan", properties={"models": ["m"]}, property_digests={},
                     messages=tuple(messages), current_message_id=messages[-1].id)


def _cycle(chats: Chats, owner: str) -> None:
    chat_id = uuid.uuid4()
    chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=_state(2)))
    for turn in range(1, TURNS + 1):
        chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=_state(2 + 2 * turn)))


def _read_back(chats: Chats, start: int) -> int:
    notifications = read_log(chats, start, 100_000)
    for notification in notifications:
        chats.mapper.to_domain_event(notification)
    return len(notifications)


def _contexts(stack: contextlib.ExitStack, root: Path, store: str) -> dict[str, Chats]:
    made = {}
    for variant in ("sealed", "plain"):
        url = deployments.postgres(stack) if store == deployments.POSTGRES else None
        env = deployments.annals_env(root / store / variant, url)
        settings = Settings.from_environ({**os.environ, **env, "REDIS_URL": ""})
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        sealing = EventSealing(create_person_keys(settings, load_or_create(Path(settings.data_dir) / "kek")))
        chats = Chats(event_store_env(settings, "Chats"), lambda *_: None, sealing if variant == "sealed" else None)
        stack.callback(chats.close)
        made[variant] = chats
    return made


def _run(args: Any) -> dict[str, Any]:
    stores = [t for t in args.targets if t in (deployments.EMBEDDED, deployments.POSTGRES)]
    results: dict[str, Any] = {"chats_per_round": CHATS_PER_ROUND, "turns": TURNS, "stores": {}}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        for store in stores:
            contexts = _contexts(stack, root, store)
            spent: dict[str, dict[str, float]] = {v: {"write_s": 0.0, "read_s": 0.0} for v in contexts}
            for round_ in range(ROUNDS):
                order = list(contexts) if round_ % 2 == 0 else list(reversed(contexts))
                for variant in order:
                    chats, owner = contexts[variant], str(uuid.uuid4())
                    start = chats.position + 1
                    began = time.perf_counter()
                    for _ in range(CHATS_PER_ROUND):
                        _cycle(chats, owner)
                    wrote = time.perf_counter()
                    _read_back(chats, start)
                    spent[variant]["write_s"] += wrote - began
                    spent[variant]["read_s"] += time.perf_counter() - wrote
            cycles = CHATS_PER_ROUND * ROUNDS
            results["stores"][store] = {
                variant: {"write_ms_per_chat": round(s["write_s"] / cycles * 1000, 2),
                          "read_ms_per_chat": round(s["read_s"] / cycles * 1000, 3)} for variant, s in spent.items()}
    return results


def _show(result: dict[str, Any]) -> None:
    rows = []
    for store, variants in result["stores"].items():
        sealed, plain = variants["sealed"], variants["plain"]
        rows.append((store, plain["write_ms_per_chat"], sealed["write_ms_per_chat"],
                     f"{sealed['write_ms_per_chat'] / plain['write_ms_per_chat']:.2f}",
                     plain["read_ms_per_chat"], sealed["read_ms_per_chat"],
                     f"{sealed['read_ms_per_chat'] / plain['read_ms_per_chat']:.2f}"))
    reporting.print_table(
        f"a chat created and {result['turns']} turns taken, then read back; "
        f"{result['chats_per_round']} chats per round, variants taking turns",
        ["store", "plain write ms", "sealed write ms", "ratio", "plain read ms", "sealed read ms", "ratio"],
        rows)


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show))
