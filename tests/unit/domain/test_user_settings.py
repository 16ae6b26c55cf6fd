"""A person's settings that choose model presets someone else made (their default models, those
pinned in the sidebar) keep those ids apart, for the creator's key (``User.PresetsNamed``); the
rest of the settings, their own presets and plain models stay as sent."""

from __future__ import annotations

import uuid

from domain.identity.user import User
from tests.unit.domain.given import names, recorded

ANN = uuid.uuid4()
CREATORS = {"bobs-helper": "bob", "carols-helper": "carol", "anns-helper": str(ANN)}.get


def ann() -> User:
    user = User(id=ANN, email="ann@example.org", name="Ann", password_hash="hash", role="user",
                profile_image_url="/user.png")
    recorded(user)
    return user


def test_default_and_pinned_models_of_others_presets_are_named_apart_by_creator_and_list():
    user = ann()
    user.update_settings({"ui": {"models": ["bobs-helper", "gpt-4o"], "pinnedModels": ["carols-helper", "bobs-helper"],
                                 "system": "Be brief"}}, CREATORS)
    updated, bobs, carols = recorded(user)
    assert updated.settings == {"ui": {"models": ["", "gpt-4o"], "pinnedModels": ["", ""], "system": "Be brief"}}
    assert (bobs.quoted_user_id, bobs.places, bobs.models) == (
        "bob", {"models": [0], "pinnedModels": [1]}, {"models": ["bobs-helper"], "pinnedModels": ["bobs-helper"]})
    assert (carols.quoted_user_id, carols.places, carols.models) == (
        "carol", {"pinnedModels": [0]}, {"pinnedModels": ["carols-helper"]})


def test_ones_own_presets_plain_models_and_settings_without_lists_stay_as_sent():
    user = ann()
    user.update_settings({"ui": {"models": ["anns-helper", "gpt-4o"]}}, CREATORS)
    user.update_settings({"ui": {"models": "bobs-helper", "pinnedModels": None}}, CREATORS)
    user.update_settings({"ui": "bobs-helper"}, CREATORS)
    events = recorded(user)
    assert names(events) == ["SettingsUpdated"] * 3
    assert [e.settings for e in events] == [{"ui": {"models": ["anns-helper", "gpt-4o"]}},
                                            {"ui": {"models": "bobs-helper", "pinnedModels": None}},
                                            {"ui": "bobs-helper"}]


def test_without_a_lookup_nothing_is_named_apart():
    user = ann()
    user.update_settings({"ui": {"models": ["bobs-helper"]}})
    assert names(recorded(user)) == ["SettingsUpdated"]
