"""The task settings in the models context: kept as events, read back whole, and what they turn
off of the SPA's after-reply tasks."""

from __future__ import annotations

import pytest

from application.completions.after_reply import Wanted
from application.models.commands import ConfigureTasks
from application.models.connections import ConnectionSeed
from application.models.service import Models
from application.models.tasks import TaskConfig
from domain.models.tasks import DEFAULT_TASK_SETTINGS
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits, topics


@pytest.fixture
def models() -> Models:
    return Models(POPO, Commits(), sealer=AesGcmSealer(["the secret key"]), seed=ConnectionSeed())


def configure(models: Models, **changes: object) -> int | None:
    return models.configure_tasks(ConfigureTasks(actor_id="admin", changes=changes))


def config(**changes: object) -> TaskConfig:
    return TaskConfig({**DEFAULT_TASK_SETTINGS, **changes})


def test_until_an_admin_changes_them_the_settings_are_open_webuis_defaults(models: Models):
    assert models.task_config().settings == DEFAULT_TASK_SETTINGS


def test_restating_the_defaults_records_nothing_not_even_a_founding(models: Models):
    assert configure(models, **DEFAULT_TASK_SETTINGS) is None
    assert models.position == 0


def test_a_change_is_recorded_once_and_read_back(models: Models):
    assert configure(models, ENABLE_TAGS_GENERATION=False, TASK_MODEL="small") is not None
    assert configure(models, ENABLE_TAGS_GENERATION=False) is None
    assert topics(models) == ["TaskSettings.Founded", "TaskSettings.Changed"]
    assert models.task_config().settings == {**DEFAULT_TASK_SETTINGS, "ENABLE_TAGS_GENERATION": False,
                                             "TASK_MODEL": "small"}


def test_an_empty_or_blank_template_means_the_built_in_one():
    assert config(TITLE_GENERATION_PROMPT_TEMPLATE=" \n").template("title") is None
    assert config(TAGS_GENERATION_PROMPT_TEMPLATE="Tag: {{MESSAGES}}").template("tags") == "Tag: {{MESSAGES}}"


def test_task_parameters_left_empty_are_not_parameters():
    assert config(TASK_MODEL_PARAMS={"temperature": 0.2, "top_p": None, "seed": ""}).params == {"temperature": 0.2}


def test_a_task_turned_off_is_not_asked_and_an_untitled_chat_takes_its_first_message():
    off = config(ENABLE_TITLE_GENERATION=False, ENABLE_TAGS_GENERATION=False, ENABLE_FOLLOW_UP_GENERATION=False)
    assert Wanted(title=True, tags=True, follow_ups=True).allowed_by(off) == Wanted(title=False)
    assert Wanted(follow_ups=True).allowed_by(config()) == Wanted(follow_ups=True)
