"""The admin's embedding choice, an event of the Documents settings: checked before it is recorded."""

from __future__ import annotations

from typing import Any

import pytest

from domain.knowledge.document_settings import DocumentSettings
from domain.knowledge.errors import InvalidDocumentSettingError
from tests.unit.domain.given import new_events, recorded

OLLAMA: dict[str, Any] = {"engine": "ollama", "model": "nomic-embed-text", "base_url": "http://ollama:11434",
                          "key": "sealed", "batch_size": 8}


def settings() -> DocumentSettings:
    founded = DocumentSettings(actor_id="admin")
    recorded(founded)
    return founded


def test_a_choice_is_recorded_with_who_made_it():
    chosen = settings()
    chosen.choose_embedding(actor_id="admin", choice=OLLAMA)
    [event] = recorded(chosen)
    assert isinstance(event, DocumentSettings.EmbeddingChosen) and event.actor_id == "admin"
    assert chosen.embedding == OLLAMA


@pytest.mark.parametrize(("changes", "named"), [
    ({"engine": "azure_openai"}, "RAG_EMBEDDING_ENGINE"),
    ({"model": ""}, "RAG_EMBEDDING_MODEL"),
    ({"batch_size": 0}, "RAG_EMBEDDING_BATCH_SIZE"),
    ({"base_url": "ollama:11434"}, "ollama_config.url"),
])
def test_a_choice_that_names_no_model_a_server_could_run_is_refused(changes: dict[str, Any], named: str):
    refusing = settings()
    with pytest.raises(InvalidDocumentSettingError, match=named):
        refusing.choose_embedding(actor_id="admin", choice={**OLLAMA, **changes})
    assert new_events(refusing) == []
