"""A task prompt filled in with the conversation. The placeholders are Open WebUI's, so that a
template an admin wrote for it works here unchanged:

- ``{{MESSAGES}}``, or some of them: ``{{MESSAGES:START:n}}``, ``{{MESSAGES:END:n}}``,
  ``{{MESSAGES:MIDDLETRUNCATE:n}}`` (the first and last ones, n in all); each may end with
  ``|start:c``, ``|end:c`` or ``|middletruncate:c`` to cut every message to c characters.
- ``{{prompt}}``, the person's last message, or a piece of it: ``{{prompt:start:c}}``,
  ``{{prompt:end:c}}``, ``{{prompt:middletruncate:c}}`` (any case).
- ``{{CURRENT_DATE}}``, ``{{CURRENT_TIME}}``, ``{{CURRENT_DATETIME}}``, ``{{CURRENT_WEEKDAY}}``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_PLACEHOLDER = re.compile(
    r"\{\{(?:(?P<messages>MESSAGES(?::(?P<which>START|END|MIDDLETRUNCATE):(?P<count>\d+))?"
    r"(?:\|(?P<mode>\w+):(?P<limit>\d+))?)"
    r"|(?P<prompt>(?i:prompt)(?::(?P<part>(?i:start|end|middletruncate)):(?P<length>\d+))?)"
    r"|(?P<clock>CURRENT_DATE|CURRENT_TIME|CURRENT_DATETIME|CURRENT_WEEKDAY))\}\}")


def fill(template: str, conversation: list[dict[str, Any]], now: datetime) -> str:
    """One pass: what the conversation brings in is never read for placeholders itself."""
    last_user = next((m for m in reversed(conversation) if m.get("role") == "user"), None)
    prompt, clock = text_of(last_user) if last_user else "", clock_of(now)

    def value(found: re.Match[str]) -> str:
        if found["messages"]:
            return _quoted(conversation, found["which"], int(found["count"] or 0), found["mode"], found["limit"])
        if found["prompt"]:
            return _cut(prompt, found["part"], found["length"])
        return clock[found["clock"]]

    return _PLACEHOLDER.sub(value, template)


def text_of(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "\n".join(p["text"] for p in content
                         if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str))
    return content if isinstance(content, str) else ""


def _quoted(conversation: list[dict[str, Any]], which: str | None, count: int, mode: str | None,
            limit: str | None) -> str:
    chosen = _chosen(conversation, which, count)
    return "\n".join(f"{str(m.get('role', 'user')).upper()}: {_cut(text_of(m), mode, limit)}" for m in chosen)


def _chosen(messages: list[dict[str, Any]], which: str | None, count: int) -> list[dict[str, Any]]:
    if which == "START":
        return messages[:count]
    if which == "END":
        return messages[len(messages) - count:] if count else []
    if which == "MIDDLETRUNCATE" and len(messages) > count:
        return messages[:count // 2] + messages[len(messages) - (count - count // 2):]
    return messages


def _cut(text: str, mode: str | None, limit: str | None) -> str:
    """The text, or a piece of it at most ``limit`` characters long (plus the ``...`` of a cut middle)."""
    if mode is None or limit is None or len(text) <= int(limit):
        return text
    size, mode = int(limit), mode.lower()
    if mode == "start":
        return text[:size]
    if mode == "end":
        return text[len(text) - size:]
    if mode == "middletruncate":
        return f"{text[:size - size // 2]}...{text[len(text) - size // 2:]}"
    return text


def clock_of(now: datetime) -> dict[str, str]:
    date, time = now.strftime("%Y-%m-%d"), now.strftime("%I:%M:%S %p")
    return {"CURRENT_DATE": date, "CURRENT_TIME": time, "CURRENT_DATETIME": f"{date} {time}",
            "CURRENT_WEEKDAY": now.strftime("%A")}
