"""How the built-in model samples, from the parameters an OpenAI or Ollama client sends, kept
within bounds a small CPU can afford; and stop sequences cut out of the streamed text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_TOKENS = 1024
MAX_STOPS = 4


@dataclass(frozen=True)
class Sampling:
    """SmolLM2's recommended defaults; a temperature of 0 means greedy decoding."""

    max_tokens: int = 512
    temperature: float = 0.2
    top_p: float = 0.9
    top_k: int = 50
    repetition_penalty: float = 1.1
    stop: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Sampling:
        """Unusable values fall back to the defaults rather than refuse the request."""
        default = cls()
        limit = _number(params, ("max_tokens", "max_completion_tokens", "num_predict"), int)
        return cls(
            max_tokens=min(limit, MAX_TOKENS) if limit and limit > 0 else default.max_tokens,
            temperature=_bounded(params, ("temperature",), float, 0.0, 2.0, default.temperature),
            top_p=_bounded(params, ("top_p",), float, 0.01, 1.0, default.top_p),
            top_k=_bounded(params, ("top_k",), int, 1, 1000, default.top_k),
            repetition_penalty=_bounded(params, ("repeat_penalty", "repetition_penalty"), float, 1.0, 2.0,
                                        default.repetition_penalty),
            stop=_stops(params.get("stop")),
        )


def _number(params: dict[str, Any], names: tuple[str, ...], kind: type) -> Any:
    for name in names:
        value = params.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return kind(value)
    return None


def _bounded(params: dict[str, Any], names: tuple[str, ...], kind: type, low: Any, high: Any, default: Any) -> Any:
    value = _number(params, names, kind)
    return default if value is None else min(max(value, low), high)


def _stops(stop: Any) -> tuple[str, ...]:
    stops = [stop] if isinstance(stop, str) else stop if isinstance(stop, list) else []
    return tuple(s for s in stops if isinstance(s, str) and s)[:MAX_STOPS]


class StopScanner:
    """Holds back text that might begin a stop sequence, so that no part of one is ever sent."""

    def __init__(self, stops: tuple[str, ...]) -> None:
        self._stops = stops
        self._held = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """What may be sent now, and whether a stop sequence was met (nothing after it counts)."""
        text = self._held + text
        found = [text.find(stop) for stop in self._stops if stop in text]
        if found:
            self._held = ""
            return text[:min(found)], True
        held = max((n for stop in self._stops for n in range(1, len(stop)) if text.endswith(stop[:n])), default=0)
        self._held = text[len(text) - held:] if held else ""
        return text[:len(text) - held], False

    def rest(self) -> str:
        """At the end of the reply, what was held back was no stop sequence after all."""
        held, self._held = self._held, ""
        return held
