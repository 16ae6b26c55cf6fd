from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.models.errors import InvalidConnectionConfigError
from domain.models.urls import checked_url

CONNECTIONS_ID = uuid5(NAMESPACE_URL, "annals:connections")

Config = dict[str, Any]


class Connections(Aggregate):
    """The upstream servers the workspace's models come from, as the admin configured them.

    Connections are positional, as in Open WebUI: key ``i`` and config ``"i"`` belong to URL ``i``.
    Keys arrive sealed and stay sealed: this aggregate never holds a key in clear. Its fixed id
    makes it a singleton; it is founded from the environment's settings by the first change.
    """

    @staticmethod
    def create_id() -> UUID:
        return CONNECTIONS_ID

    class Seeded(Aggregate.Created):
        openai: Config
        ollama: Config
        options: Config

    @event(Seeded)
    def __init__(self, *, openai: Config, ollama: Config, options: Config) -> None:
        self.openai = openai
        self.ollama = ollama
        self.options = options

    def configure_openai(self, *, enabled: bool, base_urls: list[str], keys: list[str],
                         configs: dict[str, Config]) -> None:
        state = openai_state(enabled=enabled, base_urls=base_urls, keys=keys, configs=configs)
        if state != self.openai:
            self._configure_openai(**state)

    class OpenAIConfigured(Aggregate.Event):
        enabled: bool
        base_urls: list[str]
        keys: list[str]
        configs: dict[str, Config]

    @event(OpenAIConfigured)
    def _configure_openai(self, *, enabled: bool, base_urls: list[str], keys: list[str],
                          configs: dict[str, Config]) -> None:
        self.openai = {"enabled": enabled, "base_urls": base_urls, "keys": keys, "configs": configs}

    def configure_ollama(self, *, enabled: bool, base_urls: list[str], configs: dict[str, Config]) -> None:
        state = ollama_state(enabled=enabled, base_urls=base_urls, configs=configs)
        if state != self.ollama:
            self._configure_ollama(**state)

    class OllamaConfigured(Aggregate.Event):
        enabled: bool
        base_urls: list[str]
        configs: dict[str, Config]

    @event(OllamaConfigured)
    def _configure_ollama(self, *, enabled: bool, base_urls: list[str], configs: dict[str, Config]) -> None:
        self.ollama = {"enabled": enabled, "base_urls": base_urls, "configs": configs}

    def change_options(self, changes: Config) -> None:
        changed = {k: v for k, v in changes.items() if self.options.get(k) != v}
        if changed:
            self._change_options(changes=changed)

    class OptionsChanged(Aggregate.Event):
        changes: Config

    @event(OptionsChanged)
    def _change_options(self, *, changes: Config) -> None:
        self.options = {**self.options, **changes}


def openai_state(*, enabled: bool, base_urls: list[str], keys: list[str], configs: dict[str, Config]) -> Config:
    """Open WebUI's rules: keys padded or cut to one per URL, configs only for URLs that exist."""
    urls = _checked(base_urls)
    keys = [*keys[: len(urls)], *[""] * (len(urls) - len(keys))]
    return {"enabled": enabled, "base_urls": urls, "keys": keys, "configs": _per_url(configs, urls)}


def ollama_state(*, enabled: bool, base_urls: list[str], configs: dict[str, Config]) -> Config:
    urls = _checked(base_urls)
    return {"enabled": enabled, "base_urls": urls, "configs": _per_url(configs, urls)}


def _checked(base_urls: list[str]) -> list[str]:
    return [checked_url(url) for url in base_urls]


def _per_url(configs: dict[str, Config], urls: list[str]) -> dict[str, Config]:
    return {str(i): _checked_config(i, configs[str(i)]) for i in range(len(urls))
            if isinstance(configs.get(str(i)), dict)}


CONFIG_TYPES: dict[str, type | tuple[type, ...]] = {
    "enable": bool, "prefix_id": str, "connection_type": str, "key": str, "auth_type": str, "model_ids": list,
    "tags": list}
"""The settings of a connection that Annals reads, and their types (null is unset); others are kept as sent."""


def _checked_config(index: int, config: Config) -> Config:
    for name, kind in CONFIG_TYPES.items():
        if config.get(name) is not None and not isinstance(config[name], kind):
            raise InvalidConnectionConfigError(index, name, config[name])
    return dict(config)
