"""The data key of each aggregate (a chat, a file, an account...), wrapped by the key of the person
it belongs to, kept in its context's database beside its events (``infrastructure/keyed_recorders``).

Two ways to erase: destroy the resource's key (a deleted chat, after ``ANNALS_ERASURE_GRACE``), or
the person's (forgotten: every resource of theirs at once).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from infrastructure.expiring_cache import ExpiringCache
from infrastructure.key_encryption import KEY_BYTES, UnwrapError, unwrap, wrap
from infrastructure.person_keys import CACHE_SECONDS, DESTROYED, WORKSPACE, Destroyed, PersonKeys

CACHE_SIZE = 100_000
"""Resources whose keys a process keeps open (32 bytes each, plus the map's own)."""


@dataclass(frozen=True)
class NewKey:
    """A resource's key made while sealing its event; stored in the same transaction as the event."""
    resource_id: str
    person_id: str
    wrapped: bytes
    secret: bytes


class KeyRows(Protocol):
    """Where a context keeps its resources' keys (its recorder)."""

    def select_resource_key(self, resource_id: str) -> tuple[str, bytes | None] | None:
        """(person id, wrapped key, None once destroyed), or None if the resource has no key."""

    def select_resource_keys(self, resource_ids: Sequence[str]) -> dict[str, tuple[str, bytes | None]]:
        """``select_resource_key`` of each that has a key, in one query."""

    def schedule_erasure(self, resource_ids: Sequence[str], after: float) -> None: ...

    def erasures_due(self, now: float) -> list[tuple[str, str]]: ...

    def destroy_resource_keys(self, resource_ids: Sequence[str]) -> None: ...


class ResourceKeys:
    def __init__(self, people: PersonKeys) -> None:
        self._people = people
        self._rows: KeyRows | None = None
        self._cache: ExpiringCache[tuple[str, bytes | Destroyed]] = ExpiringCache(CACHE_SECONDS, CACHE_SIZE)
        """Each key with the person whose key wraps it: forgetting them here erases it here at once."""
        self._saving = threading.local()
        """Keys made by the save under way in each thread, for that save's later events only, until
        it is over. Another thread never sees them: a losing concurrent create of the same resource
        (an idempotent retry) makes a key its insert never stores, and that key must not open the
        winner's events meanwhile, nor outlive the save that failed."""

    def bind(self, rows: KeyRows) -> None:
        self._rows = rows

    def key_of(self, resource_id: str) -> bytes | Destroyed | NewKey | None:
        """Its key; DESTROYED if erased; a NewKey made but not yet known committed; None: it has none."""
        pending = self._pending().get(resource_id)
        if pending is not None:  # made by this thread's save, which is not over yet
            return pending
        cached = self._cache.get(resource_id)
        if cached is not None:
            person_id, cached_key = cached
            return DESTROYED if isinstance(self._people.key_of(person_id), Destroyed) else cached_key
        row = self._bound().select_resource_key(resource_id)
        return None if row is None else self._opened(resource_id, *row)

    def prefetch(self, resource_ids: Sequence[str]) -> None:
        """Opens at once the keys of these that are neither cached nor being made here (a page of
        events about to be read): one query for the page."""
        pending = self._pending()
        missing = {r for r in resource_ids if r not in pending and self._cache.get(r) is None}
        if missing:
            for resource_id, row in self._bound().select_resource_keys(sorted(missing)).items():
                self._opened(resource_id, *row)

    def _opened(self, resource_id: str, person_id: str, wrapped: bytes | None) -> bytes | Destroyed:
        person_key = self._people.key_of(person_id)
        if wrapped is None or person_key is None or isinstance(person_key, Destroyed):
            key: bytes | Destroyed = DESTROYED
        else:
            try:
                key = unwrap(person_key, wrapped, resource_id)
            except UnwrapError:
                key = DESTROYED  # a key row altered by hand opens nothing, as if erased
        self._cache.put(resource_id, (person_id, key))
        return key

    def person_of(self, resource_id: str) -> str | None:
        """Whose key wraps the resource's (a message's key is wrapped by its chat's owner's)."""
        pending = self._pending().get(resource_id)
        if pending is not None:
            return pending.person_id
        cached = self._cache.get(resource_id)
        if cached is not None:
            return cached[0]
        row = self._bound().select_resource_key(resource_id)
        return None if row is None else row[0]

    def new_key(self, resource_id: str, person_id: str | None) -> NewKey | Destroyed:
        """A key for a resource that has none; DESTROYED if its person was forgotten (nothing of
        theirs is sealed again: what a late event says of them is stored erased)."""
        person_key = self._people.key_for(person_id or WORKSPACE)
        if isinstance(person_key, Destroyed):
            return DESTROYED
        secret = os.urandom(KEY_BYTES)
        made = NewKey(resource_id, person_id or WORKSPACE, wrap(person_key, secret, resource_id), secret)
        self._pending()[resource_id] = made
        return made

    def abandoned(self, keys: list[NewKey]) -> None:
        """The insert that brought these failed: they were never stored, and another writer may
        have stored the resource's key meanwhile."""
        self.save_over()

    def committed(self, keys: list[NewKey]) -> None:
        """The recorder stored these with their events."""
        for key in keys:
            self._cache.put(key.resource_id, (key.person_id, key.secret))
        self.save_over()

    def save_over(self) -> None:
        """This thread's save is over, stored or not (an event it could not seal never reaches the
        recorder): what it made and did not store is forgotten."""
        self._pending().clear()

    def schedule_erasure(self, resource_ids: Sequence[str], after: float) -> None:
        self._bound().schedule_erasure(resource_ids, after)

    def erasures_due(self, now: float) -> list[tuple[str, str]]:
        """(resource id, person id) of each key to destroy by now."""
        return self._bound().erasures_due(now)

    def destroy(self, resource_ids: Sequence[str]) -> None:
        self._bound().destroy_resource_keys(resource_ids)
        for resource_id in resource_ids:
            self._cache.put(resource_id, (WORKSPACE, DESTROYED))

    def _pending(self) -> dict[str, NewKey]:
        made: dict[str, NewKey] | None = getattr(self._saving, "keys", None)
        if made is None:
            made = self._saving.keys = {}
        return made

    def _bound(self) -> KeyRows:
        assert self._rows is not None, "ResourceKeys.bind(recorder) first"
        return self._rows
