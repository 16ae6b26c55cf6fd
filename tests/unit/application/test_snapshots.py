"""A snapshot's state comes back as it went in, and a chat loaded through one equals its replay."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from eventsourcing.application import Application, project_aggregate
from eventsourcing.persistence import JSONTranscoder

from application.chats import commands as c
from application.chats.service import Chats
from application.snapshots import SnapshotTranscoder
from domain.chats.chat import Chat
from tests.unit.application.given import POPO, Commits
from tests.unit.builders import message, snapshot


def transcoder() -> SnapshotTranscoder:
    registered = JSONTranscoder()
    Application().register_transcodings(registered)
    return SnapshotTranscoder(registered)


def test_sets_tuples_and_odd_dicts_come_back_as_they_were() -> None:
    state = {
        "replying": frozenset({"r1", "r2"}), "cited": {"m1"}, "none_cited": set(),
        "share_grants": ({"principal_type": "user", "principal_id": "u1", "permission": "read"},),
        "typed_by_someone": {"_type_": "tuple", "_data_": [1]}, "by_number": {1: "one"},
        "nested": [(1, (2, frozenset({(3, "x")})))], "id": uuid.uuid4(), "at": datetime.now(UTC),
        "price": Decimal("1.10"),
    }
    restored = transcoder().decode(transcoder().encode(state))
    assert restored == state
    assert {name: type(value) for name, value in restored.items()} == {n: type(v) for n, v in state.items()}
    assert type(restored["nested"][0][1][1]) is frozenset


def test_a_chat_past_its_interval_is_loaded_through_its_snapshot_as_replayed() -> None:
    chats, chat_id = Chats(POPO, Commits()), uuid.uuid4()
    interval = Chats.snapshotting_intervals[Chat]
    ids = [f"m{i}" for i in range(interval + 5)]
    messages = [message(m, p) for m, p in zip(ids, [None, *ids[:-1]], strict=True)]
    chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id="alice", state=snapshot(*messages, title="t")))
    assert chats.snapshots is not None
    assert [s.originator_version for s in chats.snapshots.get(chat_id)] == [interval]
    chats.repository.cache = None  # as another process loads it
    assert vars(chats.repository.get(chat_id)) == vars(project_aggregate(None, chats.events.get(chat_id)))
