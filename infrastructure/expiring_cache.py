"""A bounded map whose entries are trusted for a while: keys read from the database, per process."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class ExpiringCache(Generic[V]):
    def __init__(self, seconds: float, size: int) -> None:
        self._seconds, self._size = seconds, size
        self._entries: OrderedDict[str, tuple[V, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str) -> V | None:
        with self._lock:
            entry = self._entries.get(name)
            if entry is None or entry[1] <= time.monotonic():
                return None
            self._entries.move_to_end(name)
            return entry[0]

    def put(self, name: str, value: V) -> None:
        with self._lock:
            self._entries[name] = (value, time.monotonic() + self._seconds)
            self._entries.move_to_end(name)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
