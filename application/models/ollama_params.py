"""A preset's parameters in an Ollama chat request, as Open WebUI 0.12.4 puts them there
(utils/payload.py): Open WebUI's own are dropped, ``custom_params`` merged in, ``max_tokens``
becomes ``num_predict``; ``format``, ``keep_alive`` and ``think`` go at the request's root (the
preset's win), the rest into ``options`` where the caller did not set them (the caller's win).
The system prompt leads the conversation, before the caller's own system message."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from application.completions.service import with_system

Json = dict[str, Any]
OPEN_WEBUI_OWN = frozenset({"stream_response", "stream_delta_chunk_size", "function_calling", "reasoning_tags",
                            "compact_token_threshold", "system", "note_id", "tool_approval_mode", "model_controls"})
AT_ROOT = ("format", "keep_alive", "think")
CASTS: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(("temperature", "top_p", "mirostat_eta", "mirostat_tau", "min_p", "repeat_penalty",
                     "presence_penalty", "frequency_penalty"), float),
    **dict.fromkeys(("mirostat", "num_ctx", "num_batch", "num_keep", "num_predict", "repeat_last_n", "top_k",
                     "num_gpu", "num_thread"), int),
    **dict.fromkeys(("use_mmap", "use_mlock"), bool),
}


def with_preset_params(params: Json, body: Json) -> Json:
    system = params.get("system")
    asked = {k: v for k, v in params.items() if k not in OPEN_WEBUI_OWN and v is not None}
    asked = _merged(asked, {k: _parsed(v) for k, v in (asked.pop("custom_params", None) or {}).items()})
    if "max_tokens" in asked:
        asked["num_predict"] = asked.pop("max_tokens")
    body = {**body, **{k: _parsed(asked.pop(k)) for k in AT_ROOT if k in asked}}
    options = dict(body.get("options") or {})
    body["options"] = {**{k: _cast(k, v) for k, v in asked.items()}, **options}
    if isinstance(system, str) and system.strip():
        body["messages"] = with_system(system, list(body.get("messages") or []))
    return body


def _cast(key: str, value: Any) -> Any:
    if key == "stop" and isinstance(value, list):
        return [s.encode().decode("unicode_escape") if isinstance(s, str) else s for s in value]
    try:
        return CASTS.get(key, lambda v: v)(value)
    except (TypeError, ValueError):
        return value


def _parsed(value: Any) -> Any:
    """A string holding JSON is that JSON; any other string is itself."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _merged(base: Json, more: Json) -> Json:
    merged = dict(base)
    for key, value in more.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else value
    return merged
