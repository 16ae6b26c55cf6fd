"""A group's default models that name model presets keep those ids apart, each under its creator's
key (``Group.PresetsNamed``): the group's settings are the workspace's, so every preset named is
someone else's; the group itself still knows them, to merge the next change."""

from __future__ import annotations

import uuid

from domain.groups.group import Group
from tests.unit.domain.given import names, recorded

CREATORS = {"bobs-helper": "bob", "carols-helper": "carol"}.get


def a_group(models: list[str]) -> Group:
    return Group.create(group_id=uuid.uuid4(), actor_id="admin", name="Team", description="", permissions=None,
                        data={"config": {"default_models": models}}, creator_of=CREATORS)


def test_a_new_groups_default_models_name_each_creators_presets_apart():
    group = a_group(["gpt-4o", "bobs-helper", "carols-helper"])
    created, bobs, carols = recorded(group)
    assert created.data["config"]["default_models"] == ["gpt-4o", "", ""]
    assert [(e.quoted_user_id, e.places, e.models) for e in (bobs, carols)] == [
        ("bob", [1], ["bobs-helper"]), ("carol", [2], ["carols-helper"])]
    assert group.data["config"]["default_models"] == ["gpt-4o", "bobs-helper", "carols-helper"]


def test_a_change_names_the_presets_of_the_merged_settings_and_the_same_settings_record_nothing():
    group = a_group(["gpt-4o"])
    recorded(group)
    group.configure(actor_id="admin", data={"config": {"share": True}}, creator_of=CREATORS)
    group.configure(actor_id="admin", data={"config": {"default_models": ["bobs-helper"]}}, creator_of=CREATORS)
    group.configure(actor_id="admin", data={"config": {"default_models": ["bobs-helper"]}}, creator_of=CREATORS)
    events = recorded(group)
    assert names(events) == ["Configured", "Configured", "PresetsNamed"]
    assert events[1].data["config"] == {"share": True, "default_models": [""]}
    assert group.data["config"] == {"share": True, "default_models": ["bobs-helper"]}
