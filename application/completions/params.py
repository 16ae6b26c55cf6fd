"""What a completion asks the model with besides the conversation, ranked as Open WebUI 0.12.4 ranks
it for a chat's reply: the admin's defaults for every chat (DEFAULT_MODEL_PARAMS), then the model's
preset over them a parameter at a time, then the caller's own over both. Only the parameters in
``PASSED`` reach the upstream; the others are Open WebUI's own or Ollama's, which Annals does not
apply yet.

The system prompt is ranked the same way: the preset's when it has one, else the admin's default.
Open WebUI 0.12.4 reads a default system prompt only when its tool loop rebuilds the prompt after
a tool call; Annals has no tool loop, and asks with it from the start.

A task's question (a title, tags...) is asked without the defaults, as in Open WebUI, which applies
them only to replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
PASSED = ("temperature", "top_p", "min_p", "max_tokens", "frequency_penalty", "presence_penalty",
          "reasoning_effort", "seed", "stop", "logit_bias", "response_format")


@dataclass(frozen=True)
class Asked:
    system: str | None
    params: Json


def asked(defaults: Json, preset: Json, request: Json) -> Asked:
    """A parameter the preset sets to null is not sent, even if a default is set: Open WebUI's merge
    lets the preset's value win before it drops nulls."""
    model = {**defaults, **preset}
    system = model.get("system")
    params = {k: v for k, v in model.items() if k in PASSED and v is not None}
    return Asked(system=system if isinstance(system, str) and system.strip() else None,
                 params={**params, **request})
