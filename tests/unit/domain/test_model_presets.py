"""Workspace model presets: one per model id, and who may use or change them."""

from __future__ import annotations

import pytest

from domain.grants import InvalidGrantError
from domain.models.errors import InvalidModelIdError, ModelIdTakenError
from domain.models.preset import ModelPreset
from tests.unit.domain.given import new_events, recorded

PUBLIC = {"principal_type": "user", "principal_id": "*", "permission": "read"}


def a_preset(model_id: str = "helper", *, base: str | None = "echo", grants=()) -> ModelPreset:
    preset = ModelPreset.new(model_id=model_id, owner_id="alice", base_model_id=base, name="Helper",
                             params={"system": "Be brief."}, meta={}, access_grants=list(grants), is_active=True)
    recorded(preset)
    return preset


def test_a_presets_id_derives_from_its_model_id():
    assert a_preset("helper").id == ModelPreset.create_id("helper") != ModelPreset.create_id("other")


@pytest.mark.parametrize("model_id", ["", "has space", "x" * 257])
def test_a_model_id_is_one_to_256_characters_without_spaces(model_id: str):
    with pytest.raises(InvalidModelIdError):
        a_preset(model_id)


def test_a_preset_based_on_itself_is_an_override_of_the_base_model():
    assert a_preset("echo", base="echo").base_model_id is None


@pytest.mark.parametrize("grant", [{"principal_type": "role", "principal_id": "admin", "permission": "read"},
                                   {"principal_type": "user", "principal_id": "", "permission": "read"},
                                   {"principal_type": "user", "principal_id": "bob", "permission": "own"},
                                   "user:bob"])
def test_a_malformed_grant_is_refused(grant):
    with pytest.raises(InvalidGrantError):
        a_preset(grants=[grant])


def test_granting_the_same_access_again_changes_nothing():
    preset = a_preset(grants=[PUBLIC])
    preset.change_access([dict(PUBLIC), dict(PUBLIC)])
    assert new_events(preset) == []


def test_a_deleted_groups_grants_are_withdrawn_and_the_others_kept():
    staff = [{"principal_type": "group", "principal_id": "staff", "permission": p} for p in ("read", "write")]
    preset = a_preset(grants=[*staff, PUBLIC])
    assert preset.withdraw_group("staff") is True
    assert new_events(preset) == ["AccessChanged"] and preset.grants == [PUBLIC]


def test_withdrawing_a_group_without_grants_changes_nothing():
    preset = a_preset(grants=[PUBLIC])
    assert preset.withdraw_group("staff") is False
    assert new_events(preset) == []


def test_toggling_deactivates_then_activates():
    preset = a_preset()
    preset.toggle()
    preset.toggle()
    assert new_events(preset) == ["Deactivated", "Activated"]


def test_a_live_presets_id_cannot_be_taken_but_a_deleted_ones_can():
    preset = a_preset()
    with pytest.raises(ModelIdTakenError):
        preset.recreate(owner_id="bob", base_model_id="echo", name="Mine", params={}, meta={}, access_grants=[],
                        is_active=True)
    preset.delete()
    preset.recreate(owner_id="bob", base_model_id="echo", name="Mine", params={}, meta={}, access_grants=[],
                    is_active=True)
    assert new_events(preset) == ["Deleted", "Recreated"] and preset.owner_id == "bob"
