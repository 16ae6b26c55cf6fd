"""The admin's defaults for everyone's model list (Open WebUI's "models" config): which models a new
chat starts with and which are pinned, the order of the list, the metadata (capabilities...) every
model has unless it says otherwise, the parameters every chat's reply is asked with unless its
model's preset or the chat says otherwise, and the prompts a new chat suggests."""

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
    "PROMPT_SUGGESTIONS": None,
    "PROMPT_SUGGESTIONS_I18N": {},
}
"""Comma-separated model ids for the first two, as Open WebUI keeps them. Prompt suggestions: None
lets the app offer its own (in the reader's language), an empty list offers none."""
SUGGESTIONS = ("PROMPT_SUGGESTIONS", "PROMPT_SUGGESTIONS_I18N")


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
        if name not in NO_MODEL_DEFAULTS or not _of_its_kind(name, value):
            raise InvalidModelDefaultError(name, value)
        if name == "DEFAULT_MODEL_PARAMS":
            check_params(value)

    class Changed(Aggregate.Event):
        changes: dict[str, Any]

    @event(Changed)
    def _change(self, *, changes: dict[str, Any]) -> None:
        self.settings = {**self.settings, **changes}


def _of_its_kind(name: str, value: Any) -> bool:
    if name == "MODEL_ORDER_LIST":
        return isinstance(value, list) and all(isinstance(i, str) for i in value)
    if name == "PROMPT_SUGGESTIONS":
        return value is None or (isinstance(value, list) and all(map(_is_suggestion, value)))
    return type(value) is type(NO_MODEL_DEFAULTS[name])


def _is_suggestion(value: Any) -> bool:
    """Open WebUI's shape: a title of one or two lines, and the prompt it puts in the composer."""
    return (isinstance(value, dict) and value.keys() == {"title", "content"} and isinstance(value["content"], str)
            and isinstance(value["title"], list) and all(isinstance(line, str) for line in value["title"]))
