"""A person's memories put before the model, as Open WebUI does when a chat's request asks for
them (``features.memory``): the three nearest the last thing they said, dated, appended to the
system message (one is added first if there is none)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from application.memories.index import Recalled

RECALLED = 3


def user_context(recalled: Sequence[Recalled]) -> str:
    """``User Context:`` and each memory numbered, with the day it was made (UTC); empty for none."""
    lines = [f"{n}. [{time.strftime('%Y-%m-%d', time.gmtime(r.memory['created_at']))}]. {r.memory['content']}"
             for n, r in enumerate(recalled, start=1)]
    return "User Context:\n" + "".join(f"{line}\n" for line in lines) if lines else ""


def with_user_context(messages: list[dict[str, Any]], context: str) -> list[dict[str, Any]]:
    if not context:
        return messages
    first = messages[0] if messages else None
    if first is not None and first.get("role") == "system" and isinstance(first.get("content"), str):
        return [{**first, "content": f"{first['content']}\n{context}"}, *messages[1:]]
    return [{"role": "system", "content": context}, *messages]


def last_said(messages: Sequence[dict[str, Any]]) -> str:
    """The text of the last user message (its text parts, when it has several)."""
    said = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), "")
    if isinstance(said, list):
        return " ".join(part.get("text", "") for part in said if isinstance(part, dict))
    return said if isinstance(said, str) else ""
