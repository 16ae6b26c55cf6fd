"""The models context: connections seeded from the environment, keys sealed at rest and kept when
sent back masked; presets changed only by their owner, a writer, or an admin."""

from __future__ import annotations

import pytest

from application.models.commands import (
    ConfigureOllama,
    ConfigureOpenAI,
    CreatePreset,
    DeletePreset,
    TogglePreset,
)
from application.models.connections import ConnectionSeed, mask
from application.models.service import Models
from domain.models.errors import ModelAccessDeniedError, ModelIdTakenError, ModelNotFoundError
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits

KEY = "sk-a-real-looking-key-0001"
SEED = ConnectionSeed(openai_urls=("http://a/v1", "http://b/v1"), openai_keys=(KEY,),
                      ollama_urls=("http://ollama:11434",))


@pytest.fixture
def models() -> Models:
    return Models(POPO, Commits(), sealer=AesGcmSealer(["the secret key"]), seed=SEED)


def stored_events(models: Models) -> str:
    return " ".join(n.state.decode() for n in models.recorder.select_notifications(start=1, limit=100))


def configure(models: Models, keys: list[str], urls=("http://a/v1", "http://b/v1")) -> None:
    models.configure_openai(ConfigureOpenAI(actor_id="admin", enabled=True, base_urls=list(urls), keys=keys,
                                            configs={}))


def test_until_an_admin_changes_them_the_connections_are_the_environments(models: Models):
    settings = models.connections()
    assert [(u.url, u.key) for u in settings.openai] == [("http://a/v1", KEY), ("http://b/v1", "")]
    assert [u.url for u in settings.ollama] == ["http://ollama:11434"] and models.position == 0


def test_keys_are_sealed_in_the_log_and_open_again(models: Models):
    configure(models, [KEY, "sk-second-key-of-the-admin"])
    assert KEY not in stored_events(models) and "sk-second-key-of-the-admin" not in stored_events(models)
    assert [u.key for u in models.connections().openai] == [KEY, "sk-second-key-of-the-admin"]


def test_a_key_sent_back_as_it_was_shown_keeps_its_value(models: Models):
    configure(models, [KEY, ""])
    position = models.position
    configure(models, [mask(KEY), ""])
    assert models.connections().openai[0].key == KEY and models.position == position  # nothing changed


def test_a_masked_key_follows_its_connection_when_the_list_is_reordered(models: Models):
    configure(models, [KEY, "sk-second-key-of-the-admin"])
    configure(models, [mask("sk-second-key-of-the-admin"), mask(KEY)], urls=("http://b/v1", "http://a/v1"))
    assert [u.key for u in models.connections().openai] == ["sk-second-key-of-the-admin", KEY]


def test_ollama_keys_live_in_their_configs_and_are_sealed_too(models: Models):
    models.configure_ollama(ConfigureOllama(actor_id="admin", enabled=True, base_urls=["http://o:11434"],
                                            configs={"0": {"key": "ollama-secret-key-42", "prefix_id": "o"}}))
    [upstream] = models.connections().ollama
    assert (upstream.key, upstream.prefix_id) == ("ollama-secret-key-42", "o")
    assert "ollama-secret-key-42" not in stored_events(models)


def test_keys_sealed_under_a_secret_we_no_longer_hold_read_as_empty(tmp_path):
    log = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "models.sqlite3")}
    configure(Models(log, Commits(), sealer=AesGcmSealer(["the secret key"]), seed=SEED), [KEY, ""])
    other = Models(log, Commits(), sealer=AesGcmSealer(["another secret"]), seed=SEED)
    assert [u.key for u in other.connections().openai] == ["", ""]


def test_keys_open_under_a_previous_secret_after_a_rotation(tmp_path):
    log = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "models.sqlite3")}
    configure(Models(log, Commits(), sealer=AesGcmSealer(["the secret key"]), seed=SEED), [KEY, ""])
    rotated = Models(log, Commits(), sealer=AesGcmSealer(["a new secret", "the secret key"]), seed=SEED)
    assert rotated.connections().openai[0].key == KEY


def preset(models: Models, model_id: str = "helper", owner: str = "alice", grants=()) -> None:
    models.create_preset(CreatePreset(actor_id=owner, actor_is_admin=False, model_id=model_id, base_model_id="echo",
                                      name="Helper", params={}, meta={}, access_grants=list(grants)))


def test_a_model_id_is_taken_once(models: Models):
    preset(models)
    with pytest.raises(ModelIdTakenError):
        preset(models, owner="bob")


def test_a_deleted_presets_id_can_be_taken_again(models: Models):
    preset(models)
    models.delete_preset(DeletePreset(actor_id="alice", actor_is_admin=False, model_id="helper"))
    preset(models, owner="bob")
    assert models.preset("helper").owner_id == "bob"


def test_someone_who_cannot_see_a_preset_finds_nothing_to_change(models: Models):
    preset(models)
    with pytest.raises(ModelNotFoundError):
        models.toggle_preset(TogglePreset(actor_id="mallory", actor_is_admin=False, model_id="helper"))


def test_a_reader_may_not_change_a_preset_but_an_admin_may(models: Models):
    preset(models, grants=[{"principal_type": "user", "principal_id": "*", "permission": "read"}])
    with pytest.raises(ModelAccessDeniedError):
        models.delete_preset(DeletePreset(actor_id="bob", actor_is_admin=False, model_id="helper"))
    models.delete_preset(DeletePreset(actor_id="root", actor_is_admin=True, model_id="helper"))
    assert models.preset("helper") is None
