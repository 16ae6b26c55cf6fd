"""Values JSON would not give back as they were, written under a name and read back by it.

eventsourcing's transcoder reads any JSON object whose keys are ``_type_`` and ``_data_`` as a
value of a registered type. Someone's text can be such an object (a chat's properties, a message's
fields: whatever a client sends): read back, it became a date or a UUID, or stopped the event from
being read at all, and with it the aggregate and every view of its log. So a dict with a ``_type_``
key is written named (``escaped``), events and snapshots alike; snapshots name tuples and sets too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import Transcoding

TYPE_KEY = "_type_"
DATA_KEY = "_data_"


class Named:
    """A value with the name it is written under (``Restoring`` reads it back)."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: list[Any]) -> None:
        self.name, self.data = name, data

    def encoded(self) -> dict[str, Any]:
        return {TYPE_KEY: self.name, DATA_KEY: self.data}


class Restoring(Transcoding):
    """Reads a named value back; writing is the transcoder's (the names are no Python types)."""

    type = Named

    def __init__(self, name: str, restore: Callable[[list[Any]], Any]) -> None:
        self.name, self._restore = name, restore

    def encode(self, obj: Any) -> Any:
        raise NotImplementedError("named values are written by the transcoder")

    def decode(self, data: Any) -> Any:
        return self._restore(data)


DICT = Restoring("dict", lambda pairs: {key: value for key, value in pairs})


def named_dict(value: dict[Any, Any], inner: Callable[[Any], Any]) -> Named:
    return Named(DICT.name, [[inner(key), inner(item)] for key, item in value.items()])


def escaped(value: Any) -> Any:
    """``value`` with every dict that has a ``_type_`` key named, at any depth; ``value`` itself,
    not a copy, when there is none (nearly always: walked, never rebuilt)."""
    kind = type(value)
    if kind is dict:
        if TYPE_KEY in value:
            return named_dict(value, escaped)
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            if (new := escaped(item)) is not item:
                changed = changed if changed is not None else dict(value)
                changed[key] = new
        return value if changed is None else changed
    if kind is list or kind is tuple:
        items = [escaped(item) for item in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else kind(items)
    return value
