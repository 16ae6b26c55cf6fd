"""The model parameters an admin may set for every chat (Open WebUI's DEFAULT_MODEL_PARAMS), each of
the kind Open WebUI's parameter editor gives it: a setting of the wrong kind is refused before it is
recorded, rather than sent to every upstream."""

from __future__ import annotations

from typing import Any

from domain.models.errors import InvalidModelParamError

NUMBER, WHOLE, TEXT, FLAG, TABLE = "a number", "a whole number", "text", "true or false", "an object"
TEXTS = "text or a list of texts"
PARAM_KINDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("temperature", "top_p", "min_p", "frequency_penalty", "presence_penalty", "mirostat_eta",
                     "mirostat_tau", "tfs_z", "repeat_penalty"), (NUMBER,)),
    **dict.fromkeys(("max_tokens", "seed", "top_k", "mirostat", "repeat_last_n", "num_keep", "num_ctx",
                     "num_batch", "num_thread", "num_gpu", "stream_delta_chunk_size", "compact_token_threshold"),
                    (WHOLE,)),
    **dict.fromkeys(("reasoning_effort", "function_calling", "system"), (TEXT,)),
    **dict.fromkeys(("stream_response", "use_mmap", "use_mlock"), (FLAG,)),
    **dict.fromkeys(("custom_params", "response_format"), (TABLE,)),
    "stop": (TEXTS,), "logit_bias": (TEXT, TABLE), "format": (TEXT, TABLE), "keep_alive": (TEXT, WHOLE),
    "think": (FLAG, TEXT), "reasoning_tags": (FLAG, TEXTS),
}
"""Every parameter the editor offers, with the kinds each may take."""


def check_params(params: dict[str, Any]) -> None:
    for name, value in params.items():
        kinds = PARAM_KINDS.get(name)
        if kinds is None or not any(_is(kind, value) for kind in kinds):
            raise InvalidModelParamError(name, value, " or ".join(kinds or ()))


def _is(kind: str, value: Any) -> bool:
    if kind == TEXTS:
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if kind == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == WHOLE:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, {TEXT: str, FLAG: bool, TABLE: dict}[kind])
