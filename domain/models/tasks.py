"""What the workspace's models are asked besides replies (a chat's title, its tags, follow-up
suggestions, and the tasks Annals does not run yet), and by which model: the admin's settings,
under Open WebUI's names so that its admin page reads and writes them unchanged."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.models.errors import InvalidTaskSettingError
from domain.models.settings import KeptSettings

TASK_SETTINGS_ID = uuid5(NAMESPACE_URL, "annals:task-settings")

DEFAULT_TASK_SETTINGS: dict[str, Any] = {
    "TASK_MODEL": "",
    "TASK_MODEL_EXTERNAL": "",
    "TASK_MODEL_PARAMS": {},
    "ENABLE_TITLE_GENERATION": True,
    "TITLE_GENERATION_PROMPT_TEMPLATE": "",
    "ENABLE_TAGS_GENERATION": True,
    "TAGS_GENERATION_PROMPT_TEMPLATE": "",
    "ENABLE_FOLLOW_UP_GENERATION": True,
    "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE": "",
    "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE": "",
    "ENABLE_AUTOCOMPLETE_GENERATION": False,
    "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": -1,
    "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE": "",
    "ENABLE_SEARCH_QUERY_GENERATION": True,
    "ENABLE_RETRIEVAL_QUERY_GENERATION": True,
    "QUERY_GENERATION_PROMPT_TEMPLATE": "",
    "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE": "",
    "ENABLE_VOICE_MODE_PROMPT": True,
    "VOICE_MODE_PROMPT_TEMPLATE": "",
}
"""Open WebUI's defaults. An empty model means the chat's own model; an empty template, ours."""


class TaskSettings(KeptSettings, Aggregate):
    """A singleton (fixed id), founded with the defaults in force by the first change that differs
    from them; later defaults reach it only for settings it has never held."""

    DEFAULTS = DEFAULT_TASK_SETTINGS

    @staticmethod
    def create_id() -> UUID:
        return TASK_SETTINGS_ID

    class Founded(Aggregate.Created):
        settings: dict[str, Any]

    @event(Founded)
    def __init__(self, *, settings: dict[str, Any]) -> None:
        self.settings = settings

    def check(self, name: str, value: Any) -> None:
        if name not in DEFAULT_TASK_SETTINGS or type(value) is not type(DEFAULT_TASK_SETTINGS[name]):
            raise InvalidTaskSettingError(name, value)

    class Changed(Aggregate.Event):
        changes: dict[str, Any]

    @event(Changed)
    def _change(self, *, changes: dict[str, Any]) -> None:
        self.settings = {**self.settings, **changes}
