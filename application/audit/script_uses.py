"""Which uses of a token by a script are recorded: the first of each session, address and client
in an interval (an hour), so that a script polling every second leaves one record an hour, not
3,600. Kept in memory per process, bounded: a replica or a restart records the first use again."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

INTERVAL_SECONDS = 3600.0
KEPT = 10_000


class FirstUses:
    def __init__(self, interval: float = INTERVAL_SECONDS, kept: int = KEPT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._interval, self._kept, self._clock = interval, kept, clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, key: Hashable) -> bool:
        """Whether this is the key's first use in its interval (and so to be recorded)."""
        with self._lock:
            now = self._clock()
            seen = self._seen.get(key)
            if seen is not None and now - seen < self._interval:
                return False
            self._seen[key] = now
            self._seen.move_to_end(key)
            while len(self._seen) > self._kept:
                self._seen.popitem(last=False)
            return True
