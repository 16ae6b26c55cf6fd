"""A file's name as people see it. It is only ever shown, never used as a storage path (the
store names blobs by file id), yet it is cleaned so that a download never suggests a path either."""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 255
UNNAMED = "file"


def sanitised_name(name: str | None) -> str:
    """The last segment of ``name`` (after ``/`` or ``\\``), without control characters, leading
    dots or surrounding spaces, at most 255 characters with its extension kept; ``file`` if nothing is left."""
    last = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    visible = "".join(c for c in last if unicodedata.category(c)[0] != "C")
    cleaned = visible.strip().lstrip(".").strip()
    if len(cleaned) > MAX_NAME_LENGTH:
        _, dot, tail = cleaned.rpartition(".")
        keep = dot + tail if dot and len(tail) < 16 else ""
        cleaned = cleaned[:MAX_NAME_LENGTH - len(keep)] + keep
    return cleaned or UNNAMED
