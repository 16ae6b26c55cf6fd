"""The models context as every completion and model list reads it (connections, presets, task
settings, the admin's model defaults), kept between changes: a use asks only for the context's log
position, and reads again when it moved.

Building it afresh cost about a millisecond on each request (unsealing keys, loading the
settings aggregates, reading every preset), which the time to first token paid in full.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from application.log_positions import request_position
from application.models.connections import ConnectionSettings
from application.models.service import Models
from application.models.tasks import TaskConfig

Json = dict[str, Any]


class PresetSource(Protocol):
    def list_presets(self) -> list[Json]:
        """Every preset as Open WebUI's ModelModel, inactive ones included."""
        ...

    def preset_creators(self) -> dict[str, str]:
        """Who made the preset of each model id, deleted presets included."""
        ...


@dataclass(frozen=True)
class ModelsState:
    position: int
    """The models context's log position this state includes (at least)."""
    connections: ConnectionSettings
    presets: tuple[Json, ...]
    tasks: TaskConfig
    defaults: Json
    """The admin's model defaults under Open WebUI's names; shared by every reader, never changed."""
    creators: dict[str, str]
    """Who made the preset of each model id, those deleted too: a chat, a rating or settings may
    still name a deleted preset (the app sends the ids it kept), and its id is its creator's text."""


class CurrentModelsState:
    """Called from a worker thread. Consistent with the log: the presets are read once their view
    has caught up with the position, so a change is in the next state read after it commits, in
    every process (the position is the shared event store's, as the current request read it when
    it began, or as asked now outside a request)."""

    def __init__(self, models: Models, presets: PresetSource, caught_up: Callable[[int], None]) -> None:
        self._models = models
        self._presets = presets
        self._caught_up = caught_up
        self._state: ModelsState | None = None

    def held(self) -> ModelsState | None:
        """The state kept for the log where the current request found it, if it looked: no thread needed."""
        as_of = request_position(self._models.name)
        return None if as_of is None else self._kept(as_of)

    def __call__(self) -> ModelsState:
        position = request_position(self._models.name)
        if position is None:
            position = self._models.position
        state = self._kept(position)
        if state is None:
            self._caught_up(position)
            state = self._state = ModelsState(
                position=position, connections=self._models.connections(),
                presets=tuple(self._presets.list_presets()), tasks=self._models.task_config(),
                defaults=self._models.model_defaults(), creators=self._presets.preset_creators())
        return state

    def preset_creator(self, model_id: str) -> str | None:
        """Who made the preset of ``model_id`` (deleted or not); None for a model that is no preset."""
        return self().creators.get(model_id)

    def _kept(self, as_of: int) -> ModelsState | None:
        state = self._state
        return state if state is not None and state.position >= as_of else None
