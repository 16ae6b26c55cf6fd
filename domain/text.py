"""Text the event store and the read models can hold.

Postgres refuses NUL (U+0000) in text, and UTF-8 has no encoding for a lone surrogate. An event
carrying either could be written to the log (as escaped JSON) yet never applied to a view, so
what people send is refused at the boundary, and what upstreams send is made storable.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class UnstorableTextError(ValueError):
    """Text with a character no store can keep; the reason says which."""


def unstorable_reason(text: str) -> str | None:
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "text may not contain the NUL character (U+0000)"
    return "text may not contain a lone surrogate (invalid Unicode)"


def storable(text: str) -> str:
    """Text from outside our control (a model's reply), kept as near as it can be: NULs dropped,
    lone surrogates replaced."""
    if _UNSTORABLE.search(text) is None:
        return text
    return _UNSTORABLE.sub(lambda c: "" if c.group() == "\x00" else REPLACEMENT, text)


def storable_json(value: object) -> object:
    """``storable`` applied to every text in decoded JSON, keys included."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable_json(k): storable_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable_json(v) for v in value]
    return value
