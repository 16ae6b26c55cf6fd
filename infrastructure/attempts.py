"""Counting attempts (sign-in) per key, in fixed windows that start at a key's first attempt.

An attempt is counted *before* it is tried, in the same atomic step that checks the limits, so
that a burst of concurrent guesses gets no more tries than the limit allows; once its outcome is
known, the caller takes it back (``release``) if it was not a failure.

Embedded: in this process. With Redis: shared by every API replica, so an attacker gains nothing
by spreading guesses over them; when Redis does not answer within a fraction of a second, this
process counts alone for a while, and says so in the log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import redis
import structlog

log = structlog.get_logger()
T = TypeVar("T")

REDIS_TIMEOUT_SECONDS = 0.5
"""A sign-in must never wait on a frozen Redis longer than this."""
REDIS_RETRY_SECONDS = 5.0
"""After Redis failed to answer, how long this process counts alone before asking it again."""
MAX_LOCAL_KEYS = 100_000


@dataclass(frozen=True)
class Limit:
    key: str
    most: int
    """Attempts allowed per window."""


@dataclass(frozen=True)
class Gate:
    """A progressive delay: once the count of ``counter`` (one of the limits) reaches ``after``,
    every attempt admitted shuts the gate for ``first_delay * 2 ** (count - after)`` seconds, at
    most ``longest``; while it is shut, attempts that pass through it are refused."""

    key: str
    counter: str
    after: int
    first_delay: float
    longest: float

    def delay(self, count: int) -> float:
        return 0.0 if count < self.after else min(self.first_delay * 2 ** min(count - self.after, 32), self.longest)


class AttemptCounter(Protocol):
    def admit(self, limits: Sequence[Limit], gate: Gate | None = None) -> float:
        """Count an attempt against every limit and answer 0, unless a limit is reached or the
        gate is shut: then count nothing and answer the seconds to wait."""

    def release(self, keys: Sequence[str]) -> None:
        """Take one counted attempt back from each key."""

    def clear(self, key: str) -> None: ...

    def mark(self, key: str, seconds: float) -> None:
        """Remember ``key`` for ``seconds`` (a familiar address, say)."""

    def marked(self, key: str) -> bool: ...


class MemoryAttempts:
    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window_seconds
        self._clock = clock
        self._entries: dict[str, tuple[int, float]] = {}  # counts, shut gates, marks -> (count, expires at)
        self._lock = threading.Lock()

    def admit(self, limits: Sequence[Limit], gate: Gate | None = None) -> float:
        with self._lock:
            now = self._clock()
            for limit in limits:
                count, expires = self._live(limit.key, now)
                if count >= limit.most:
                    return expires - now
            shut, reopens = self._live(gate.key, now) if gate is not None else (0, now)
            if shut:
                return reopens - now
            for limit in limits:
                count, expires = self._live(limit.key, now)
                self._put(limit.key, count + 1, expires if count else now + self._window, now)
            if gate is not None and (delay := gate.delay(self._live(gate.counter, now)[0])):
                self._put(gate.key, 1, now + delay, now)
            return 0.0

    def release(self, keys: Sequence[str]) -> None:
        with self._lock:
            for key in keys:
                count, expires = self._live(key, self._clock())
                if count:
                    self._entries[key] = (count - 1, expires)

    def clear(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def mark(self, key: str, seconds: float) -> None:
        with self._lock:
            now = self._clock()
            self._put(key, 1, now + seconds, now)

    def marked(self, key: str) -> bool:
        with self._lock:
            return self._live(key, self._clock())[0] > 0

    def _live(self, key: str, now: float) -> tuple[int, float]:
        count, expires = self._entries.get(key, (0, now))
        return (count, expires) if expires > now else (0, now)

    def _put(self, key: str, count: int, expires: float, now: float) -> None:
        """Past ``MAX_LOCAL_KEYS`` entries, what has expired is forgotten, and what expires soonest."""
        if len(self._entries) >= MAX_LOCAL_KEYS and key not in self._entries:
            kept = sorted((v[1], k) for k, v in self._entries.items() if v[1] > now)[-MAX_LOCAL_KEYS * 9 // 10:]
            self._entries = {k: self._entries[k] for _, k in kept}
        self._entries[key] = (count, expires)


_ADMIT = """
local window, n = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[2 + i]) then
    local wait = redis.call('PTTL', KEYS[i])
    return wait > 0 and wait or window
  end
end
local gated = ARGV[3 + n] == '1'
if gated then
  local shut = redis.call('PTTL', KEYS[n + 1])
  if shut > 0 then return shut end
end
local counts = {}
for i = 1, n do
  counts[i] = redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], window) end
end
if gated then
  local count, after = counts[tonumber(ARGV[4 + n])], tonumber(ARGV[5 + n])
  if count >= after then
    local delay = math.min(tonumber(ARGV[6 + n]) * 2 ^ math.min(count - after, 32), tonumber(ARGV[7 + n]))
    redis.call('SET', KEYS[n + 1], '1', 'PX', math.max(math.floor(delay), 1))
  end
end
return 0
"""

_RELEASE = """
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
"""


class RedisAttempts:
    """The same counts, in Redis, each step one script (atomic across replicas)."""

    PREFIX = "annals:attempts:"

    def __init__(self, redis_url: str, window_seconds: float) -> None:
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                           socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        self._window_ms = int(window_seconds * 1000)
        self._admit = self._redis.register_script(_ADMIT)
        self._release = self._redis.register_script(_RELEASE)

    def admit(self, limits: Sequence[Limit], gate: Gate | None = None) -> float:
        keys = [self.PREFIX + limit.key for limit in limits]
        args: list[float | int | str] = [self._window_ms, len(limits), *(limit.most for limit in limits)]
        if gate is None:
            args.append("0")
        else:
            keys.append(self.PREFIX + gate.key)
            counter = [limit.key for limit in limits].index(gate.counter) + 1
            args += ["1", counter, gate.after, int(gate.first_delay * 1000), int(gate.longest * 1000)]
        return int(self._admit(keys=keys, args=args)) / 1000

    def release(self, keys: Sequence[str]) -> None:
        self._release(keys=[self.PREFIX + key for key in keys])

    def clear(self, key: str) -> None:
        self._redis.delete(self.PREFIX + key)

    def mark(self, key: str, seconds: float) -> None:
        self._redis.set(self.PREFIX + key, "1", px=int(seconds * 1000))

    def marked(self, key: str) -> bool:
        return bool(self._redis.exists(self.PREFIX + key))

    def close(self) -> None:
        self._redis.close()


class FallingBackAttempts:
    """Redis while it answers; this process's own counts while it does not (never waiting on it
    for more than ``REDIS_TIMEOUT_SECONDS``, never letting an attempt through uncounted)."""

    def __init__(self, shared: RedisAttempts, local: MemoryAttempts, clock: Callable[[], float] = time.monotonic,
                 retry_seconds: float = REDIS_RETRY_SECONDS) -> None:
        self._shared = shared
        self._local = local
        self._clock = clock
        self._retry = retry_seconds
        self._shared_again_at = 0.0

    def admit(self, limits: Sequence[Limit], gate: Gate | None = None) -> float:
        return self._either(lambda counter: counter.admit(limits, gate))

    def release(self, keys: Sequence[str]) -> None:
        self._either(lambda counter: counter.release(keys))

    def clear(self, key: str) -> None:
        self._either(lambda counter: counter.clear(key))

    def mark(self, key: str, seconds: float) -> None:
        self._either(lambda counter: counter.mark(key, seconds))

    def marked(self, key: str) -> bool:
        return self._either(lambda counter: counter.marked(key))

    def _either(self, call: Callable[[RedisAttempts | MemoryAttempts], T]) -> T:
        if self._clock() >= self._shared_again_at:
            try:
                return call(self._shared)
            except redis.RedisError as error:
                self._shared_again_at = self._clock() + self._retry
                log.warning("attempts.counted_locally", reason="Redis did not answer", error=repr(error),
                            retry_in_seconds=self._retry)
        return call(self._local)


def attempt_counter(redis_url: str | None, window_seconds: float) -> AttemptCounter:
    local = MemoryAttempts(window_seconds)
    if redis_url is None:
        return local
    return FallingBackAttempts(RedisAttempts(redis_url, window_seconds), local)
