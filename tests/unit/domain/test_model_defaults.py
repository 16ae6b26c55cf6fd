"""The admin's defaults for everyone's model list: only what differs from those in force is
recorded, and only Open WebUI's names, of their own type."""

from __future__ import annotations

import pytest

from domain.models.defaults import NO_MODEL_DEFAULTS, ModelDefaults
from domain.models.errors import InvalidModelDefaultError, InvalidModelParamError
from tests.unit.domain.given import new_events, recorded


def founded() -> ModelDefaults:
    defaults = ModelDefaults()
    recorded(defaults)
    return defaults


def test_a_change_records_only_the_defaults_that_differ():
    defaults = founded()
    assert defaults.change({"DEFAULT_MODELS": "echo", "MODEL_ORDER_LIST": []})
    [changed] = recorded(defaults)
    assert changed.changes == {"DEFAULT_MODELS": "echo"}
    assert defaults.current() == {**NO_MODEL_DEFAULTS, "DEFAULT_MODELS": "echo"}


def test_restating_the_defaults_in_force_records_nothing():
    defaults = founded()
    assert not defaults.change(dict(NO_MODEL_DEFAULTS))
    assert new_events(defaults) == []


@pytest.mark.parametrize(("name", "value"), [("DEFAULT_MODELS", ["echo"]), ("MODEL_ORDER_LIST", "echo"),
                                             ("MODEL_ORDER_LIST", [1, 2]), ("DEFAULT_MODEL_METADATA", None),
                                             ("DEFAULT_MODEL_PARAMS", []), ("PROMPT_SUGGESTIONS", {}),
                                             ("PROMPT_SUGGESTIONS", [{"title": "A", "content": "B"}]),
                                             ("PROMPT_SUGGESTIONS", [{"title": ["A"]}]),
                                             ("PROMPT_SUGGESTIONS_I18N", None)])
def test_a_default_of_the_wrong_type_or_unknown_is_refused(name: str, value: object):
    defaults = founded()
    with pytest.raises(InvalidModelDefaultError, match=name):
        defaults.change({"DEFAULT_MODELS": "echo", name: value})
    assert new_events(defaults) == []


def test_default_parameters_are_recorded_whole_each_of_its_kind():
    defaults = founded()
    params = {"temperature": 1, "max_tokens": 128, "stop": "END", "logit_bias": {"42": -100}, "think": "medium",
              "reasoning_tags": ["<t>", "</t>"], "custom_params": {"x": "1"}, "system": "Be brief."}
    assert defaults.change({"DEFAULT_MODEL_PARAMS": params})
    assert defaults.change({"DEFAULT_MODEL_PARAMS": {"seed": 7}})
    assert defaults.current()["DEFAULT_MODEL_PARAMS"] == {"seed": 7}


@pytest.mark.parametrize(("param", "value"), [("temperature", "hot"), ("temperature", True), ("max_tokens", 1.5),
                                              ("stop", ["END", 1]), ("logit_bias", 3), ("warp_speed", 9)])
def test_a_default_parameter_of_the_wrong_kind_or_unknown_is_refused_with_its_name(param: str, value: object):
    defaults = founded()
    with pytest.raises(InvalidModelParamError, match=param):
        defaults.change({"DEFAULT_MODELS": "echo", "DEFAULT_MODEL_PARAMS": {"seed": 1, param: value}})
    assert new_events(defaults) == []


def test_prompt_suggestions_are_none_for_the_apps_own_or_a_list_of_titled_prompts():
    defaults = founded()
    suggestion = {"title": ["Plan", "a trip"], "content": "Plan a trip."}
    assert defaults.change({"PROMPT_SUGGESTIONS": [suggestion]})
    assert defaults.current()["PROMPT_SUGGESTIONS"] == [suggestion]
    assert defaults.change({"PROMPT_SUGGESTIONS": None})
    assert defaults.current()["PROMPT_SUGGESTIONS"] is None
