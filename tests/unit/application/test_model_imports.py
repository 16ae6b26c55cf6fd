"""Presets brought in from an export, all or nothing in one save, under the rules of creating and
changing them by hand; and the admin's reset."""

from __future__ import annotations

import pytest

from application.models.commands import (
    CreatePreset,
    DeleteAllPresets,
    ImportedPreset,
    ImportPresets,
)
from application.models.connections import ConnectionSeed
from application.models.service import Models
from domain.models.errors import ModelAccessDeniedError, ModelIdTakenError
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits, topics

PUBLIC_READ = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


@pytest.fixture
def commits() -> Commits:
    return Commits()


@pytest.fixture
def models(commits: Commits) -> Models:
    return Models(POPO, commits, sealer=AesGcmSealer(["the secret key"]), seed=ConnectionSeed())


def create(models: Models, model_id: str, owner: str = "ada", grants: list | None = None) -> None:
    models.create_preset(CreatePreset(actor_id=owner, actor_is_admin=False, model_id=model_id, base_model_id="echo",
                                      name=model_id, params={}, meta={}, access_grants=grants or []))


def bring_in(models: Models, actor: str, *items: ImportedPreset, admin: bool = False) -> int | None:
    return models.import_presets(ImportPresets(actor_id=actor, actor_is_admin=admin, presets=list(items),
                                               upstream_model_ids=frozenset({"echo"})))


def item(model_id: str, **more: object) -> ImportedPreset:
    return ImportedPreset(model_id=model_id, name=model_id.title(), **more)  # type: ignore[arg-type]


def test_an_import_creates_its_presets_in_one_save(models: Models, commits: Commits):
    position = bring_in(models, "ada", item("one", base_model_id="echo"), item("two", base_model_id="echo"))
    assert commits == [("Models", position)] and topics(models) == ["ModelPreset.Created"] * 2
    assert (models.preset("one").owner_id, models.preset("two").base_model_id) == ("ada", "echo")


def test_an_import_changes_a_preset_its_importer_may_change_and_keeps_what_it_leaves_out(models: Models):
    create(models, "mine")
    bring_in(models, "ada", item("mine", is_active=False))
    preset = models.preset("mine")
    assert (preset.base_model_id, preset.is_active) == ("echo", False)
    assert topics(models)[-1] == "ModelPreset.Updated"


def test_an_import_touching_someone_elses_preset_changes_nothing(models: Models):
    create(models, "adas", grants=PUBLIC_READ)
    position = models.position
    with pytest.raises(ModelAccessDeniedError):
        bring_in(models, "bob", item("new-of-bob", base_model_id="echo"), item("adas", base_model_id="echo"))
    assert models.position == position and models.preset("new-of-bob") is None


def test_a_members_import_needs_base_models_and_never_takes_an_upstream_models_id(models: Models):
    with pytest.raises(ModelAccessDeniedError):
        bring_in(models, "ada", item("bare"))
    with pytest.raises(ModelIdTakenError):
        bring_in(models, "ada", item("echo", base_model_id="llama"))
    assert models.position == 0


def test_an_admins_import_may_override_a_base_model(models: Models):
    bring_in(models, "root", item("echo", base_model_id=None), admin=True)
    assert models.preset("echo").base_model_id is None


def test_an_import_brings_back_a_deleted_preset(models: Models):
    create(models, "phoenix")
    models.delete_all_presets(DeleteAllPresets(actor_id="root", model_ids=["phoenix"]))
    bring_in(models, "bob", item("phoenix", base_model_id="echo"))
    assert models.preset("phoenix").owner_id == "bob"


def test_the_reset_deletes_every_preset_named_in_one_save(models: Models):
    create(models, "a")
    create(models, "b")
    before = len(topics(models))
    models.delete_all_presets(DeleteAllPresets(actor_id="root", model_ids=["a", "b", "gone"]))
    assert topics(models)[before:] == ["ModelPreset.Deleted", "ModelPreset.Deleted"]
    assert (models.preset("a"), models.preset("b")) == (None, None)
