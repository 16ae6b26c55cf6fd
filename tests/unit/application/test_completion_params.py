"""What a reply is asked with, ranked as Open WebUI 0.12.4 ranks it: the admin's default parameters,
the preset's over them a parameter at a time, the caller's over both."""

from __future__ import annotations

from application.completions.params import asked

DEFAULTS = {"temperature": 0.3, "max_tokens": 64, "seed": 7, "system": "Be kind."}


def test_the_admins_defaults_are_asked_with_when_nothing_else_sets_them():
    assert asked(DEFAULTS, {}, {}).params == {"temperature": 0.3, "max_tokens": 64, "seed": 7}


def test_the_preset_overrides_a_default_and_the_caller_overrides_both():
    model = asked(DEFAULTS, {"temperature": 0.9, "max_tokens": 32}, {"max_tokens": 16})
    assert model.params == {"temperature": 0.9, "max_tokens": 16, "seed": 7}


def test_a_parameter_the_preset_sets_to_null_is_not_sent_even_with_a_default():
    assert "seed" not in asked(DEFAULTS, {"seed": None}, {}).params


def test_parameters_an_upstream_is_not_asked_with_stay_behind():
    model = asked({"top_k": 40, "stream_response": True, "custom_params": {"x": 1}}, {"num_ctx": 2048}, {})
    assert model.params == {}


def test_the_presets_system_prompt_replaces_the_default_one():
    assert asked(DEFAULTS, {}, {}).system == "Be kind."
    assert asked(DEFAULTS, {"system": "Be brief."}, {}).system == "Be brief."
    assert asked({"system": "  "}, {}, {}).system is None
