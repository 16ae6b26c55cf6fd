"""The connections as the application sees them: keys in clear, for calling upstreams only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["openai", "ollama"]
DEFAULT_OPTIONS = {"ENABLE_DIRECT_CONNECTIONS": False, "ENABLE_DIRECT_INTEGRATIONS": False,
                   "ENABLE_BASE_MODELS_CACHE": False}


@dataclass(frozen=True)
class Upstream:
    """One configured server: its place in its list (Open WebUI's ``urlIdx``), URL, key, config."""

    kind: Kind
    index: int
    url: str
    key: str = field(repr=False)
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(self.config.get("enable", True))

    @property
    def prefix_id(self) -> str | None:
        prefix = self.config.get("prefix_id")
        return prefix if isinstance(prefix, str) and prefix else None

    @property
    def connection_type(self) -> str:
        return str(self.config.get("connection_type") or ("external" if self.kind == "openai" else "local"))

    @property
    def model_ids(self) -> list[str]:
        return [m for m in _listed(self.config.get("model_ids")) if isinstance(m, str) and m]

    @property
    def tags(self) -> list[Any]:
        return _listed(self.config.get("tags"))


def _listed(value: Any) -> list[Any]:
    """A config's list as the admin gave it; anything else (kept before configs were checked) as none."""
    return list(value) if isinstance(value, list) else []


@dataclass(frozen=True)
class ConnectionSettings:
    openai_enabled: bool
    openai: list[Upstream]
    ollama_enabled: bool
    ollama: list[Upstream]
    options: dict[str, Any]

    def upstream(self, kind: Kind, index: int) -> Upstream | None:
        upstreams = self.openai if kind == "openai" else self.ollama
        return upstreams[index] if 0 <= index < len(upstreams) else None


@dataclass(frozen=True)
class ConnectionSeed:
    """What the environment says, until an admin first changes the connections."""

    openai_enabled: bool = True
    openai_urls: tuple[str, ...] = ()
    openai_keys: tuple[str, ...] = ()
    ollama_enabled: bool = True
    ollama_urls: tuple[str, ...] = ()


def mask(key: str) -> str:
    """What an admin is shown of a key: enough to recognise it, never enough to use it."""
    if not key:
        return ""
    if len(key) < 16:
        return "*" * 8
    return f"{key[:3]}...{key[-4:]}"
