"""The admin's defaults for everyone's model list: only what differs from those in force is
recorded, and only Open WebUI's names, of their own type."""

from __future__ import annotations

import pytest

from domain.models.defaults import NO_MODEL_DEFAULTS, ModelDefaults
from domain.models.errors import InvalidModelDefaultError
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
                                             ("DEFAULT_MODEL_PARAMS", {"temperature": 1})])
def test_a_default_of_the_wrong_type_or_unknown_is_refused(name: str, value: object):
    defaults = founded()
    with pytest.raises(InvalidModelDefaultError, match=name):
        defaults.change({"DEFAULT_MODELS": "echo", name: value})
    assert new_events(defaults) == []
