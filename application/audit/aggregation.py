"""Which refusals are recorded one by one, and how the rest are counted, so that no flood of bad
requests can flood the audit trail.

Refusals are grouped: those of requests without a valid identity (a bad token, a failed
sign-in) by kind and client address, those of a signed-in person by kind and person. In each
interval a group has its first few different refusals recorded as they happen (an identical one
is only counted); every other refusal of the group in that interval is counted, and when the
interval ends the last of them is recorded carrying that count (``folded``), so that every
refusal is accounted for: the records plus their ``folded`` counts add up to what was refused.

The bounds: per group and interval, ``PER_GROUP`` records and one that counts; per interval, at
most ``PER_INTERVAL`` records as they happen across all groups; and ``GROUPS`` groups followed one
by one, those beyond them counted together per kind (recorded without an address or a person).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import msgspec

from application.audit.commands import RecordRefusal

INTERVAL_SECONDS = 10.0
PER_GROUP = 5
PER_INTERVAL = 100
GROUPS = 200
ANONYMOUS_KINDS = frozenset({"sign_in", "token"})

Recording = tuple[RecordRefusal, int]
"""A refusal to record, and how many others it stands for (``folded``)."""
GroupKey = tuple[str, "str | _Many | None"]
"""A refusal's kind and who: its address (anonymous kinds) or its user; ``_MANY`` beyond ``GROUPS``."""


@dataclass
class _Group:
    started: float
    recorded: set[Hashable] = field(default_factory=set)
    counted: int = 0
    last: RecordRefusal | None = None


class RefusalAggregation:
    def __init__(self, interval: float = INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._interval = interval
        self._clock = clock
        self._groups: dict[GroupKey, _Group] = {}  # oldest first: each is replaced, never moved
        self._interval_started = clock()
        self._recorded_in_interval = 0
        self._lock = threading.Lock()

    def take(self, refusal: RecordRefusal) -> list[Recording]:
        """What to record now: the groups whose interval ended, and this refusal if it is one
        of its group's first few."""
        with self._lock:
            now = self._clock()
            due = self._ended(now)
            key, group = self._group_of(refusal, now)
            if self._records_now(key, group, refusal, now):
                return [*due, (refusal, 0)]
            group.counted, group.last = group.counted + 1, refusal
            return due

    def due(self) -> list[Recording]:
        """The counts of groups whose interval ended (for a timer: a flood that stopped)."""
        with self._lock:
            return self._ended(self._clock())

    def drain(self) -> list[Recording]:
        """Every count held (at shutdown)."""
        with self._lock:
            return self._ended(float("inf"))

    def _group_of(self, refusal: RecordRefusal, now: float) -> tuple[GroupKey, _Group]:
        who = refusal.address if refusal.kind in ANONYMOUS_KINDS else refusal.user_id
        key: GroupKey = (refusal.kind, who)
        if key not in self._groups and len(self._groups) >= GROUPS:
            key = (refusal.kind, _MANY)
        return key, self._groups.setdefault(key, _Group(started=now))

    def _records_now(self, key: GroupKey, group: _Group, refusal: RecordRefusal, now: float) -> bool:
        if now - self._interval_started >= self._interval:
            self._interval_started, self._recorded_in_interval = now, 0
        signature = (refusal.reason, refusal.method, refusal.path, refusal.status, refusal.email)
        if key[1] is _MANY or signature in group.recorded or len(group.recorded) >= PER_GROUP \
                or self._recorded_in_interval >= PER_INTERVAL:
            return False
        group.recorded.add(signature)
        self._recorded_in_interval += 1
        return True

    def _ended(self, now: float) -> list[Recording]:
        ended: list[Recording] = []
        while self._groups:
            key, group = next(iter(self._groups.items()))
            if now - group.started < self._interval:
                break
            del self._groups[key]
            if group.last is not None:
                last = group.last if key[1] is not _MANY else _anyone(group.last)
                ended.append((last, group.counted - 1))
        return ended


class _Many:
    """The group of whoever is beyond the ``GROUPS`` followed one by one."""


_MANY = _Many()


def _anyone(refusal: RecordRefusal) -> RecordRefusal:
    return msgspec.structs.replace(refusal, address=None, user_id=None, email=None)
