"""The admin's defaults for everyone's model list (Open WebUI's "models" config): which models a new
chat starts with and which are pinned, the order of the list, the metadata (capabilities...) every
model has unless it says otherwise, and the parameters every chat's reply is asked with unless its
model's preset or the chat says otherwise."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.models.errors import InvalidModelDefaultError
from domain.models.params import check_params
from domain.models.settings import KeptSettings

MODEL_DEFAULTS_ID = uuid5(NAMESPACE_URL, "annals:model-defaults")

NO_MODEL_DEFAULTS: dict[str, Any] = {
    "DEFAULT_MODELS": "",
    "DEFAULT_PINNED_MODELS": "",
    "MODEL_ORDER_LIST": [],
    "DEFAULT_MODEL_METADATA": {},
    "DEFAULT_MODEL_PARAMS": {},
}
"""Comma-separated model ids for the first two, as Open WebUI keeps them."""


class ModelDefaults(KeptSettings, Aggregate):
    """A singleton (fixed id), founded by the first change that differs from none."""

    DEFAULTS = NO_MODEL_DEFAULTS

    @staticmethod
    def create_id() -> UUID:
        return MODEL_DEFAULTS_ID

    class Founded(Aggregate.Created):
        pass

    @event(Founded)
    def __init__(self) -> None:
        self.settings: dict[str, Any] = {}

    def check(self, name: str, value: Any) -> None:
        if name not in NO_MODEL_DEFAULTS or type(value) is not type(NO_MODEL_DEFAULTS[name]) \
                or (name == "MODEL_ORDER_LIST" and not all(isinstance(i, str) for i in value)):
            raise InvalidModelDefaultError(name, value)
        if name == "DEFAULT_MODEL_PARAMS":
            check_params(value)

    class Changed(Aggregate.Event):
        changes: dict[str, Any]

    @event(Changed)
    def _change(self, *, changes: dict[str, Any]) -> None:
        self.settings = {**self.settings, **changes}
