"""Chats' message rows held between reads, so reading a long chat again fetches only what changed.

The chats view stamps every message row with the position of the event that last wrote it
(``revision``), and each chat with the newest such position (``messages_revision``) and the
position of its last deletion (``pruned_at``). A reader that holds a chat's rows as of revision R
fetches the rows above R; after a deletion it fetches them all. Whatever it holds is a state the
view was in, never a guess, and in any process: the stamps live in the view, not here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Row = tuple[str, str | None, str]
"""``(id, parent_id, document)``."""
Fetch = Callable[[int], Iterable[tuple[str, str | None, str, int]]]
"""Given R, the chat's ``(id, parent_id, document, revision)`` rows with revision above R, by seq."""


@dataclass
class _Held:
    revision: int
    pruned_at: int
    rows: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    size: int = 0

    def take(self, fetched: Iterable[tuple[str, str | None, str, int]]) -> None:
        """Rows newer than ours. New ones go last: a row inserted later has a later seq."""
        for message_id, parent_id, document, revision in fetched:
            if revision <= self.revision:
                continue
            old = self.rows.get(message_id)
            self.size += len(document) - (len(old[1]) if old else 0)
            self.rows[message_id] = (parent_id, document)

    def listed(self) -> list[Row]:
        return [(message_id, parent, document) for message_id, (parent, document) in self.rows.items()]


class HeldMessages:
    """The message rows of the chats read most recently, up to ``max_bytes`` of documents.

    Safe to share between threads; every read runs ``fetch`` inside the caller's snapshot, and
    rows only ever move forward to a newer revision."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._held: OrderedDict[str, _Held] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def rows(self, chat_id: str, revision: int, pruned_at: int, fetch: Fetch) -> list[Row]:
        """The chat's rows at ``revision`` (or newer), in seq order."""
        with self._lock:
            held = self._current(chat_id, pruned_at)
            if held is not None and held.revision >= revision:
                return held.listed()
            since = held.revision if held is not None else None
        if since is not None:
            fetched = list(fetch(since))
            with self._lock:
                held = self._current(chat_id, pruned_at)
                if held is not None and held.revision >= since:  # what we fetched continues it
                    self._grow(held, fetched, revision)
                    return held.listed()
        fetched = list(fetch(-1))
        with self._lock:
            held = self._held.get(chat_id)
            if held is None or (held.pruned_at, held.revision) < (pruned_at, revision):
                self._forget(chat_id)
                held = self._held[chat_id] = _Held(revision=-1, pruned_at=pruned_at)
                self._grow(held, fetched, revision)
        return [row[:3] for row in fetched]

    def _current(self, chat_id: str, pruned_at: int) -> _Held | None:
        """What is held of the chat, if no row was deleted since it was fetched."""
        held = self._held.get(chat_id)
        if held is None or held.pruned_at != pruned_at:
            return None
        self._held.move_to_end(chat_id)
        return held

    def _grow(self, held: _Held, fetched: list[tuple[str, str | None, str, int]], revision: int) -> None:
        before = held.size
        held.take(fetched)
        held.revision = max(held.revision, revision)
        self._size += held.size - before
        while self._size > self._max_bytes and self._held:
            _, evicted = self._held.popitem(last=False)
            self._size -= evicted.size

    def _forget(self, chat_id: str) -> None:
        old = self._held.pop(chat_id, None)
        if old is not None:
            self._size -= old.size
