"""The admin's task settings as the rest of the application reads them: which tasks are on, with
which prompt, and which model answers them for a given chat model."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from domain.models.errors import UnknownTaskModelError

if TYPE_CHECKING:  # the catalog reads the models context, which reads these settings
    from application.models.catalog import Caller, ModelCatalog

Task = Literal["title", "tags", "follow_ups"]
_SWITCHES: dict[Task, str] = {"title": "ENABLE_TITLE_GENERATION", "tags": "ENABLE_TAGS_GENERATION",
                              "follow_ups": "ENABLE_FOLLOW_UP_GENERATION"}
_TEMPLATES: dict[Task, str] = {"title": "TITLE_GENERATION_PROMPT_TEMPLATE",
                               "tags": "TAGS_GENERATION_PROMPT_TEMPLATE",
                               "follow_ups": "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE"}
MODEL_SETTINGS = ("TASK_MODEL", "TASK_MODEL_EXTERNAL")


@dataclass(frozen=True)
class TaskConfig:
    settings: dict[str, Any]
    """Every setting, under Open WebUI's name."""

    def enabled(self, task: Task) -> bool:
        return bool(self.settings[_SWITCHES[task]])

    def template(self, task: Task) -> str | None:
        """The admin's prompt for the task; None for our own (an empty template means ours)."""
        template = self.settings[_TEMPLATES[task]]
        return template if template.strip() else None

    @property
    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.settings["TASK_MODEL_PARAMS"].items() if v is not None and v != ""}

    def model_for(self, model_id: str, usable: dict[str, dict[str, Any]]) -> str:
        """Open WebUI's choice: a local model's tasks go to TASK_MODEL, any other's to
        TASK_MODEL_EXTERNAL; the chat's own model answers when that is unset, or is not among the
        models the person may use (``usable``, by id)."""
        local = (usable.get(model_id) or {}).get("connection_type") == "local"
        chosen = self.settings["TASK_MODEL" if local else "TASK_MODEL_EXTERNAL"]
        return chosen if chosen in usable else model_id


async def check_task_models(catalog: ModelCatalog, admin: Caller, model_ids: Collection[str]) -> None:
    """Newly chosen task models must exist; an empty one means the chat's own model."""
    wanted = {m for m in model_ids if m}
    if not wanted:
        return
    unknown = wanted - {m["id"] for m in await catalog.available(admin)}
    if unknown:
        raise UnknownTaskModelError(min(unknown))
