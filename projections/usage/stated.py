"""What a message states of itself, read as Open WebUI reads it: its usage as input and output
tokens, its time. Clients state anything, so whatever cannot be read counts as unstated."""

from __future__ import annotations

from typing import Any

EARLIEST = 1577836800
"""2020-01-01: Open WebUI takes a message time before it as a mistake."""
SKEW = 86400
LARGEST = 2**53
INPUT_KEYS = ("input_tokens", "prompt_tokens", "prompt_eval_count")
OUTPUT_KEYS = ("output_tokens", "completion_tokens", "eval_count", "predicted_n")


def stated_usage(fields: dict[str, Any]) -> Any:
    """A message's ``usage``, or its ``info.usage`` as older replies kept it."""
    info = fields.get("info")
    return fields.get("usage") or (info.get("usage") if isinstance(info, dict) else None)


def token_counts(usage: Any) -> tuple[int, int] | None:
    """``(input, output)`` from OpenAI's, Ollama's or llama.cpp's names; None when no usage is stated.
    The first non-zero name counts; llama.cpp's input is its prompt and cached tokens together."""
    if not usage or not isinstance(usage, dict):
        return None
    stated_input = _first(usage, INPUT_KEYS)
    if stated_input is None:
        stated_input = _number(usage.get("prompt_n")) + _number(usage.get("cache_n"))
    return _number(stated_input), _number(_first(usage, OUTPUT_KEYS) or 0)


def message_time(stated: Any, recorded: int) -> int:
    """The message's own ``timestamp`` (milliseconds taken as such), unless it is missing or
    implausible: before 2020 or more than a day after it was recorded."""
    if not isinstance(stated, int | float) or isinstance(stated, bool):
        return recorded
    seconds = stated / 1000 if stated > 10_000_000_000 else stated
    return int(seconds) if EARLIEST <= seconds <= recorded + SKEW else recorded


def _first(usage: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """Like ``a or b or c``: the first truthy value, else the last one."""
    value = None
    for key in keys:
        value = usage.get(key)
        if value:
            return value
    return value


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0
    try:
        return min(max(int(float(value)), 0), LARGEST)
    except (ValueError, OverflowError):
        return 0
