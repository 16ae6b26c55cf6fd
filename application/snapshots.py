"""Snapshots of aggregates: how their state is written, and why one that cannot be read is passed over.

A snapshot only saves replaying: an aggregate loaded through one must equal the aggregate its
events make. JSON alone would not give that back: a tuple returns as a list, a set cannot be
written, and a dict with keys ``_type_`` and ``_data_`` reads as some other type. So a snapshot's
state names each of those (``SnapshotTranscoder``), while events stay stored as they always were.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import EventStore, JSONTranscoder

from application.event_log import drop_all_snapshots
from application.transcoding import DICT, TYPE_KEY, Named, Restoring, named_dict


class NoKeyForSnapshotError(Exception):
    """An aggregate none of whose events had a text to seal, or whose key is destroyed: no snapshot
    is taken (one sealed under a key nobody stored, or that is gone, could never be read)."""


class UnreadableSnapshotError(Exception):
    """A snapshot that cannot be opened (its key destroyed, its bytes altered, a type gone): the
    aggregate is replayed from its events instead, which always gives what they say."""


class SnapshotStore(EventStore[Any]):
    """The library's store of snapshots, passing over one that cannot be read."""

    def get(self, originator_id: Any, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
            limit: int | None = None) -> Iterator[Any]:
        stored = self.recorder.select_events(originator_id=originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        return iter(list(self._readable(stored)))

    def _readable(self, stored: Any) -> Iterator[Any]:
        for stored_snapshot in stored:
            try:
                yield self.mapper.to_domain_event(stored_snapshot)
            except UnreadableSnapshotError:
                continue


_RESTORERS = (Restoring("tuple", tuple), Restoring("frozenset", frozenset), Restoring("set", set), DICT)


class SnapshotTranscoder(JSONTranscoder):
    """The context's transcoder (ids, times, decimals), plus tuples, sets and every dict as they were."""

    def __init__(self, registered: JSONTranscoder) -> None:
        super().__init__()
        for transcoding in registered.types.values():
            self.register(transcoding)
        for restoring in _RESTORERS:
            self.names[restoring.name] = restoring

    def encode(self, obj: Any) -> bytes:
        return super().encode(_named(obj))

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        return o.encoded() if isinstance(o, Named) else super()._encode_obj(o)


def _named(value: Any) -> Any:
    """The value with every tuple, set and ambiguous dict named, at any depth. Exact types only: a
    subclass (a named tuple) is refused by the encoder rather than read back as something else."""
    kind = type(value)
    if kind is list:
        return [_named(item) for item in value]
    if kind is dict:
        if TYPE_KEY in value or not all(type(key) is str for key in value):
            return named_dict(value, _named)
        return {key: _named(item) for key, item in value.items()}
    if kind in (tuple, frozenset, set):
        return Named(kind.__name__, [_named(item) for item in value])
    return value


class SnapshotsForgotten:
    """Forgetting a person (a ``Copies`` of ``Forgetting``) drops every snapshot: one of someone
    else's aggregate may hold what it quoted of them (a copy's title, in a chat's state), sealed
    under that aggregate's key, not theirs. Snapshots only save replaying: the next load replays the
    events, where those texts read ``[erased]``, and a later save snapshots again."""

    def __init__(self, contexts: Iterable[Application]) -> None:
        self._contexts = tuple(contexts)

    def forget_person(self, person_id: str) -> None:
        for context in self._contexts:
            if context.snapshots is not None:
                drop_all_snapshots(context.snapshots.recorder)
