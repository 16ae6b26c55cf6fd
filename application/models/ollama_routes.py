"""Where a request for Ollama's own API goes (Open WebUI's routers/ollama.py): to which server,
under which name, and, for a chat, with which preset. A member reaches only the models that
``/api/models`` shows them, and names a server (``url_idx``) only among those serving the model."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from application.models.catalog import Caller, ModelCatalog
from application.models.connections import Upstream
from domain.models.errors import ModelNotFoundError

Json = dict[str, Any]


class NoSuchConnectionError(LookupError):
    def __init__(self, index: int) -> None:
        super().__init__(f"there is no Ollama connection {index}")
        self.index = index


class NotServedThereError(PermissionError):
    def __init__(self, model_id: str, index: int) -> None:
        super().__init__(f"model {model_id!r} is not served by Ollama connection {index}")
        self.model_id, self.index = model_id, index


@dataclass(frozen=True)
class OllamaRoute:
    upstream: Upstream
    model: str
    """The name the server knows it by: the connection's ``prefix_id`` taken off."""
    params: Json = field(default_factory=dict)
    """The preset's, system prompt among them (chats only)."""


async def ollama_route(catalog: ModelCatalog, model_id: str, caller: Caller, url_idx: int | None = None,
                       *, with_preset: bool = False) -> OllamaRoute:
    """A chat may name a preset, whose base model is asked; the other routes name the server's model."""
    choice = await catalog.choose(model_id, caller)
    preset = choice.preset if with_preset else None
    base_id = choice.base_id if with_preset else model_id
    settings, base = choice.state.connections, choice.base
    served = next((m["urls"] for m in base.ollama if m["model"] == base_id), None)
    if served is None:
        raise ModelNotFoundError(model_id)
    if url_idx is not None and url_idx not in served and not caller.is_admin:
        raise NotServedThereError(model_id, url_idx)
    index = random.choice(served) if url_idx is None else url_idx  # spreads the load, as Open WebUI does
    upstream = settings.upstream("ollama", index)
    if upstream is None:
        raise NoSuchConnectionError(index)
    name = base_id.removeprefix(f"{upstream.prefix_id}.") if upstream.prefix_id else base_id
    return OllamaRoute(upstream=upstream, model=name, params=dict((preset or {}).get("params") or {}))
