"""The admin's defaults for everyone's model list, in the models context."""

from __future__ import annotations

import pytest

from application.models.commands import ConfigureModelDefaults
from application.models.connections import ConnectionSeed
from application.models.service import Models
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits, topics


@pytest.fixture
def models() -> Models:
    return Models(POPO, Commits(), sealer=AesGcmSealer(["the secret key"]), seed=ConnectionSeed())


def test_until_the_admin_sets_them_there_are_none(models: Models):
    assert models.model_defaults() == {"DEFAULT_MODELS": "", "DEFAULT_PINNED_MODELS": "", "MODEL_ORDER_LIST": [],
                                       "DEFAULT_MODEL_METADATA": {}, "DEFAULT_MODEL_PARAMS": {},
                                       "PROMPT_SUGGESTIONS": None, "PROMPT_SUGGESTIONS_I18N": {}}


def test_model_defaults_are_recorded_once_and_restating_them_records_nothing(models: Models):
    command = ConfigureModelDefaults(actor_id="root", changes={"DEFAULT_MODELS": "echo", "MODEL_ORDER_LIST": []})
    assert models.configure_model_defaults(command) is not None
    assert models.configure_model_defaults(command) is None
    assert models.model_defaults()["DEFAULT_MODELS"] == "echo"
    assert topics(models) == ["ModelDefaults.Founded", "ModelDefaults.Changed"]
