"""The admin's task settings: only what differs from the settings in force is recorded, and only
settings Open WebUI knows, of their own type."""

from __future__ import annotations

import pytest

from domain.models.errors import InvalidTaskSettingError
from domain.models.tasks import DEFAULT_TASK_SETTINGS, TaskSettings
from tests.unit.domain.given import new_events, recorded


def founded() -> TaskSettings:
    settings = TaskSettings(settings=dict(DEFAULT_TASK_SETTINGS))
    recorded(settings)
    return settings


def test_a_change_records_only_the_settings_that_differ():
    settings = founded()
    assert settings.change({"ENABLE_TITLE_GENERATION": True, "TASK_MODEL_EXTERNAL": "small"})
    [changed] = recorded(settings)
    assert changed.changes == {"TASK_MODEL_EXTERNAL": "small"}
    assert settings.current() == {**DEFAULT_TASK_SETTINGS, "TASK_MODEL_EXTERNAL": "small"}


def test_restating_the_settings_in_force_records_nothing():
    settings = founded()
    assert not settings.change(dict(DEFAULT_TASK_SETTINGS))
    assert new_events(settings) == []


@pytest.mark.parametrize(("name", "value"), [("ENABLE_TITLE_GENERATION", "yes"), ("TASK_MODEL", None),
                                             ("AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH", True),
                                             ("TASK_MODEL_PARAMS", []), ("ENABLE_MIND_READING", True)])
def test_a_setting_of_the_wrong_type_or_unknown_is_refused(name: str, value: object):
    settings = founded()
    with pytest.raises(InvalidTaskSettingError, match=name):
        settings.change({"TASK_MODEL": "small", name: value})
    assert new_events(settings) == []


def test_settings_added_to_the_defaults_later_reach_settings_founded_before():
    settings = TaskSettings(settings={"TASK_MODEL": "local-small"})
    assert settings.current() == {**DEFAULT_TASK_SETTINGS, "TASK_MODEL": "local-small"}
