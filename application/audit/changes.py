"""What an event changed in its aggregate's state, field by field.

A change is ``{"before": ..., "after": ...}``, without ``before`` for a field that appeared and
without ``after`` for one that went. A field holding a map shows only the keys that changed, each
as a change of its own, so a message added to a long chat is one key, not the whole map twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec
from eventsourcing.domain import Aggregate, CanMutateAggregate

Json = dict[str, Any]


def state_of(aggregate: Aggregate) -> Json:
    """The aggregate's own fields as JSON values (the library's bookkeeping left out)."""
    return msgspec.to_builtins({k: v for k, v in vars(aggregate).items() if not k.startswith("_")},
                               str_keys=True)


def changes(before: Json, after: Json, depth: int = 1) -> Json:
    """The fields that differ; maps ``depth`` levels down by key."""
    return {key: changes(before[key], after[key], depth - 1) if depth and _both_maps(before, after, key)
            else _change(before, after, key)
            for key in _keys(before, after) if before.get(key, _ABSENT) != after.get(key, _ABSENT)}


def changes_by_version(events: Iterable[CanMutateAggregate[Any]]) -> dict[int, Json]:
    """Each event's change, replayed from the first event of the aggregate."""
    aggregate: Aggregate | None = None
    before: Json = {}
    found: dict[int, Json] = {}
    for event in events:
        aggregate = event.mutate(aggregate)
        after = state_of(aggregate) if aggregate is not None else {}
        found[event.originator_version] = changes(before, after)
        before = after
    return found


_ABSENT = object()


def _change(before: Json, after: Json, key: str) -> Json:
    return {**({"before": before[key]} if key in before else {}), **({"after": after[key]} if key in after else {})}


def _both_maps(before: Json, after: Json, key: str) -> bool:
    return isinstance(before.get(key), dict) and isinstance(after.get(key), dict)


def _keys(before: Json, after: Json) -> list[str]:
    return [*before, *(key for key in after if key not in before)]
