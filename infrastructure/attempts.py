"""Counting failed attempts (sign-in) per key in a sliding window of fixed buckets.

Embedded: in this process. With Redis: shared by every API replica, so an attacker gains nothing
by spreading guesses over them.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

import redis


class AttemptCounter(Protocol):
    def count(self, key: str) -> int: ...
    def add(self, key: str) -> None: ...
    def clear(self, key: str) -> None: ...


class MemoryAttempts:
    def __init__(self, window_seconds: int) -> None:
        self._window = window_seconds
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def count(self, key: str) -> int:
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if t > time.monotonic() - self._window]
            self._failures[key] = recent
            return len(recent)

    def add(self, key: str) -> None:
        with self._lock:
            self._failures.setdefault(key, []).append(time.monotonic())

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class RedisAttempts:
    """A counter per key that expires a window after the first failure."""

    def __init__(self, redis_url: str, window_seconds: int) -> None:
        self._redis = redis.Redis.from_url(redis_url)
        self._window = window_seconds

    def count(self, key: str) -> int:
        return int(self._redis.get(f"annals:attempts:{key}") or 0)

    def add(self, key: str) -> None:
        pipeline = self._redis.pipeline()
        pipeline.incr(f"annals:attempts:{key}")
        pipeline.expire(f"annals:attempts:{key}", self._window, nx=True)
        pipeline.execute()

    def clear(self, key: str) -> None:
        self._redis.delete(f"annals:attempts:{key}")
