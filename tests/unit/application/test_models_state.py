"""The models context's state is read once per change of its log, and is never older than the log."""

from __future__ import annotations

from typing import Any

from application.models.commands import ConfigureModelDefaults, ConfigureOpenAI, ConfigureTasks
from application.models.connections import ConnectionSeed
from application.models.service import Models
from application.models.state import CurrentModelsState
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits


class CountedPresets:
    def __init__(self) -> None:
        self.reads = 0

    def list_presets(self) -> list[dict[str, Any]]:
        self.reads += 1
        return []

    def preset_creators(self) -> dict[str, str]:
        return {}


def context() -> tuple[Models, CountedPresets, list[int], CurrentModelsState]:
    models = Models(POPO, Commits(), sealer=AesGcmSealer(["s"]), seed=ConnectionSeed(openai_urls=("http://a/v1",)))
    presets, waited = CountedPresets(), []
    return models, presets, waited, CurrentModelsState(models, presets, caught_up=waited.append)


def test_an_unchanged_log_is_read_once():
    _, presets, _, current = context()
    first = current()
    assert current() is first and presets.reads == 1


def test_a_change_is_in_the_next_read_after_the_views_caught_up_with_it():
    models, presets, waited, current = context()
    current()
    models.configure_openai(ConfigureOpenAI(actor_id="admin", enabled=True, base_urls=["http://b/v1"], keys=["k"],
                                            configs={}))
    models.configure_tasks(ConfigureTasks(actor_id="admin", changes={"ENABLE_TITLE_GENERATION": False}))
    state = current()
    assert [u.url for u in state.connections.openai] == ["http://b/v1"]
    assert state.tasks.enabled("title") is False
    assert presets.reads == 2 and waited == [0, models.position] and state.position == models.position


def test_the_admins_model_defaults_are_kept_with_the_state_and_read_again_after_a_change():
    models, presets, _, current = context()
    assert current().defaults["DEFAULT_MODELS"] == ""
    models.configure_model_defaults(ConfigureModelDefaults(actor_id="admin", changes={"DEFAULT_MODELS": "echo"}))
    state = current()
    assert state.defaults["DEFAULT_MODELS"] == "echo" and current() is state and presets.reads == 2
