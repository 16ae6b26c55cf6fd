"""(p) Loading a long chat cold: a 2,000-event chat (and one 199 events past its last snapshot)
loaded by a chats context that reads snapshots and by one that replays every event, side by side.

As after a restart, an evicted cache or on another replica: each load skips the aggregate cache
(the keys stay cached after the first round, as they do in a running process). The same database
and the same chats for both loaders, rounds alternating which goes first. Annals only.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
import uuid
from pathlib import Path
from typing import Any, ClassVar

from application.chats import commands as c
from application.chats.service import Chats
from domain.chats.chat import Chat
from domain.chats.message import ChatState, Message
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.key_encryption import load_or_create
from infrastructure.person_keys import create_person_keys
from infrastructure.settings import Settings
from ops.bench import deployments, harness, reporting

EVENTS = {"at a snapshot": 2000, "199 past one": 2199}
MESSAGES_PER_SAVE = 100
ROUNDS = 30


class ReplayingChats(Chats):
    """The chats context as it was before snapshots were taken: every load replays every event."""

    name = "Chats"
    snapshotting_intervals: ClassVar = {}


def _state(count: int) -> ChatState:
    """Ids and digests the size of the app's (uuid4 strings, 32 hex digits)."""
    ids = [str(uuid.UUID(int=i)) for i in range(count)]
    messages = [Message(id=m, parent_id=p, digest=m.replace("-", ""), fields={"role": "user", "content": f"q {m}"})
                for m, p in zip(ids, [None, *ids[:-1]], strict=True)]
    return ChatState(title="A long chat", properties={}, property_digests={}, messages=tuple(messages),
                     current_message_id=ids[-1])


def _long_chat(chats: Chats, events: int) -> uuid.UUID:
    """Created (one event) and grown a hundred messages a save, one event each."""
    chat_id, owner = uuid.uuid4(), str(uuid.uuid4())
    chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=_state(MESSAGES_PER_SAVE)))
    for count in range(2 * MESSAGES_PER_SAVE, events, MESSAGES_PER_SAVE):
        chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=_state(count)))
    chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=_state(events - 1)))
    return chat_id


def _load_ms(chats: Chats, chat_id: uuid.UUID, version: int) -> float:
    began = time.perf_counter()
    chat: Chat = chats.repository.get(chat_id)
    spent = (time.perf_counter() - began) * 1000
    assert chat.version == version
    return spent


def _take_ms(chats: Chats, chat_id: uuid.UUID) -> float:
    """What taking a snapshot adds to the command that crosses an interval: the events since the last
    one replayed, the state sealed and stored (once, after the loads: it would shorten their replay)."""
    began = time.perf_counter()
    chats.take_snapshot(chat_id, version=EVENTS["199 past one"])
    return round((time.perf_counter() - began) * 1000, 2)


def _snapshot_bytes(chats: Chats, chat_id: uuid.UUID) -> int:
    """The stored size of the chat's last snapshot."""
    assert chats.snapshots is not None
    return max(len(s.state) for s in chats.snapshots.recorder.select_events(chat_id))


def _loaders(stack: contextlib.ExitStack, root: Path, store: str) -> dict[str, Chats]:
    url = deployments.postgres(stack) if store == deployments.POSTGRES else None
    env = deployments.annals_env(root / store, url)
    settings = Settings.from_environ({**os.environ, **env, "REDIS_URL": ""})
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    keks = load_or_create(Path(settings.data_dir) / "kek")
    loaders: dict[str, Chats] = {}
    for variant, kind in (("snapshots", Chats), ("replay", ReplayingChats)):
        chats = kind(event_store_env(settings, "Chats"), lambda *_: None,
                     EventSealing(create_person_keys(settings, keks)))
        stack.callback(chats.close)
        chats.repository.cache = None  # every load cold
        loaders[variant] = chats
    return loaders


def _run(args: Any) -> dict[str, Any]:
    stores = [t for t in args.targets if t in (deployments.EMBEDDED, deployments.POSTGRES)]
    results: dict[str, Any] = {"interval": Chats.snapshotting_intervals[Chat], "rounds": ROUNDS, "stores": {}}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        for store in stores:
            loaders = _loaders(stack, root, store)
            chats = {name: _long_chat(loaders["snapshots"], events) for name, events in EVENTS.items()}
            spent: dict[str, dict[str, list[float]]] = {v: {name: [] for name in EVENTS} for v in loaders}
            for round_ in range(ROUNDS):
                for variant in (list(loaders) if round_ % 2 == 0 else list(reversed(loaders))):
                    for name, chat_id in chats.items():
                        spent[variant][name].append(_load_ms(loaders[variant], chat_id, EVENTS[name]))
            results["stores"][store] = {variant: {name: round(statistics.median(ms), 2) for name, ms in by_chat.items()}
                                        for variant, by_chat in spent.items()}
            results["stores"][store]["snapshot_bytes"] = _snapshot_bytes(loaders["snapshots"], chats["at a snapshot"])
            results["stores"][store]["take_ms"] = _take_ms(loaders["snapshots"], chats["199 past one"])
    return results


def _show(result: dict[str, Any]) -> None:
    rows = []
    for store, variants in result["stores"].items():
        for name, events in EVENTS.items():
            replay, snapshots = variants["replay"][name], variants["snapshots"][name]
            rows.append((store, f"{events} ({name})", replay, snapshots, f"{replay / snapshots:.1f}",
                         variants["snapshot_bytes"], variants["take_ms"]))
    reporting.print_table(
        f"median cold load of a chat, {result['rounds']} rounds, snapshots every {result['interval']} events",
        ["store", "events", "replay ms", "snapshot ms", "ratio", "snapshot bytes", "take ms"], rows)


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show))
