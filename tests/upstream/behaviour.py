"""What the fake upstream does for one request: its reply, its pace and how it fails.

Everything is derived from the request, so a test steers the fake through Annals by the model it
names: ``echo@ttft=2,delay=0.01,fail=500,break=3`` (any subset, in any order). ``X-Fake-TTFT``,
``X-Fake-Delay``, ``X-Fake-Fail`` and ``X-Fake-Break`` headers override the model's settings for
clients that call the fake directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

_TOKENS = re.compile(r"\s*\S+")
_SAID = re.compile(r"say:([^\n]*)")
_SETTINGS = {"ttft": float, "delay": float, "fail": int, "break": int}


@dataclass(frozen=True)
class Behaviour:
    ttft: float = 0.0
    """Seconds before the first token (and, unstreamed, before the answer)."""
    delay: float = 0.0
    """Seconds between tokens."""
    fail: int | None = None
    """Answer this HTTP status (an OpenAI-style error) instead of a reply."""
    break_after: int | None = None
    """Streamed: drop the connection after this many tokens, without ``[DONE]``."""

    @classmethod
    def of(cls, model: str, headers: dict[str, str]) -> Behaviour:
        settings: dict[str, Any] = {}
        _, _, spec = model.partition("@")
        for part in filter(None, spec.split(":")[0].split(",")):
            name, _, value = part.partition("=")
            if name in _SETTINGS:
                settings[name] = _SETTINGS[name](value)
        for name, kind in _SETTINGS.items():
            if (value := headers.get(f"x-fake-{name}")) is not None:
                settings[name] = kind(value)
        behaviour = cls(ttft=settings.get("ttft", 0.0), delay=settings.get("delay", 0.0),
                        fail=settings.get("fail"))
        return replace(behaviour, break_after=settings.get("break"))


def text_of(content: Any) -> str:
    """A message's text: a string, or the text parts of a multimodal list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def reply_to(messages: list[dict[str, Any]]) -> str:
    """``echo: <the last user message>``, deterministic for any conversation. A message that holds
    ``say: <text>`` is answered with that text (the last such line's), so that a test can dictate
    the JSON a title, tag or follow-up request gets back, wherever the conversation is quoted."""
    last = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    text = text_of(last.get("content")) if last else ""
    said = _SAID.findall(text)
    return said[-1].strip() if said else f"echo: {text}"


def tokens(text: str) -> list[str]:
    """Words with their leading spaces: joined again, they give the text back."""
    return _TOKENS.findall(text) or [text]


def usage(messages: list[dict[str, Any]], completion: list[str]) -> dict[str, int]:
    prompt = sum(len(tokens(text_of(m.get("content")))) for m in messages)
    return {"prompt_tokens": prompt, "completion_tokens": len(completion),
            "total_tokens": prompt + len(completion)}
