"""Repeats of the same refusal, folded into the next record instead of each becoming an event."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

MAX_KEYS = 10_000


class RepeatFolding:
    """Admits the first of identical refusals per ``window`` seconds; counts the others.

    A client retrying with an expired token, or a script hammering sign-in, leaves one record per
    window that says how many were folded into it, rather than an event per request. Memory stays
    bounded: past ``MAX_KEYS`` keys, those whose window has passed are forgotten, and with them the
    counts of repeats no later record carried.
    """

    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window
        self._clock = clock
        self._seen: dict[Hashable, tuple[float, int]] = {}  # key -> (admitted at, folded since)
        self._lock = threading.Lock()

    def admit(self, key: Hashable) -> int | None:
        """None to fold this one; else how many were folded since the last one admitted."""
        now = self._clock()
        with self._lock:
            admitted_at, folded = self._seen.get(key, (None, 0))
            if admitted_at is not None and now - admitted_at < self._window:
                self._seen[key] = (admitted_at, folded + 1)
                return None
            if len(self._seen) >= MAX_KEYS:
                self._forget_before(now - self._window)
            self._seen[key] = (now, 0)
            return folded

    def _forget_before(self, moment: float) -> None:
        for key in [k for k, (at, _) in self._seen.items() if at < moment]:
            del self._seen[key]
