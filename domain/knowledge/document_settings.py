"""The admin's Documents settings (Open WebUI's Documents page) that Annals keeps: how files are
cut into chunks, how many chunks a search returns and how they are found, whether the files and
bases chats name are given whole instead (full context, or retrieval bypassed), the template that
puts them before the model, and which model embeds them. A singleton with a fixed id, recording
only the values that differ from those in force; what it never held comes from the server's
environment."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.knowledge.errors import InvalidDocumentSettingError

DOCUMENT_SETTINGS_ID = uuid5(NAMESPACE_URL, "annals:document-settings")
TEXT_SPLITTERS = ("", "character", "token", "token_transformers")
EMBEDDING_ENGINES = ("", "openai", "ollama")
MAX_TEMPLATE, MAX_TOP_K, MAX_CHUNK_SIZE = 100_000, 1000, 100_000
MAX_MODEL_NAME, MAX_EMBEDDING_BATCH = 300, 2048

KEPT: dict[str, tuple[type, ...]] = {
    "RAG_TEMPLATE": (str,), "TOP_K": (int,), "TOP_K_RERANKER": (int,), "RELEVANCE_THRESHOLD": (float,),
    "HYBRID_BM25_WEIGHT": (float,), "ENABLE_RAG_HYBRID_SEARCH": (bool,), "TEXT_SPLITTER": (str,),
    "CHUNK_SIZE": (int,), "CHUNK_OVERLAP": (int,), "RAG_FULL_CONTEXT": (bool,),
    "BYPASS_EMBEDDING_AND_RETRIEVAL": (bool,),
}
"""The settings kept, by Open WebUI's names, and the type of each."""


class DocumentSettings(Aggregate):
    @staticmethod
    def create_id() -> UUID:
        return DOCUMENT_SETTINGS_ID

    class Founded(Aggregate.Created):
        actor_id: str

    @event(Founded)
    def __init__(self, *, actor_id: str) -> None:
        self.settings: dict[str, Any] = {}
        self.embedding: dict[str, Any] | None = None
        """The admin's embedding choice (engine, model, base_url, sealed key, batch_size)."""

    def change(self, *, actor_id: str, changes: dict[str, Any], in_force: dict[str, Any]) -> bool:
        """Records the values of ``changes`` that differ from those in force (``in_force``: the
        environment's, under what was kept before); False when none do. All are checked first,
        together, so nothing is half kept."""
        current = {**in_force, **self.settings}
        for name, value in changes.items():
            _check_type(name, value)
        _check_values({**current, **changes})
        changed = {name: value for name, value in changes.items() if current.get(name) != value}
        if changed:
            self._change(actor_id=actor_id, changes=changed)
        return bool(changed)

    class Changed(Aggregate.Event):
        actor_id: str
        changes: dict[str, Any]

    @event(Changed)
    def _change(self, *, actor_id: str, changes: dict[str, Any]) -> None:
        self.settings = {**self.settings, **changes}

    def choose_embedding(self, *, actor_id: str, choice: dict[str, Any]) -> None:
        """``choice``: engine, model, base_url, key (sealed: the caller, who can unseal, knows
        whether it is a change) and batch_size. Every vector is then made anew by that model."""
        check_embedding(choice)
        self._choose_embedding(actor_id=actor_id, **choice)

    class EmbeddingChosen(Aggregate.Event):
        actor_id: str
        engine: str
        model: str
        base_url: str
        key: str
        """Sealed with the server's secret."""
        batch_size: int

    @event(EmbeddingChosen)
    def _choose_embedding(self, *, actor_id: str, engine: str, model: str, base_url: str, key: str,
                          batch_size: int) -> None:
        self.embedding = {"engine": engine, "model": model, "base_url": base_url, "key": key,
                          "batch_size": batch_size}


def check_embedding(choice: dict[str, Any]) -> None:
    engine, model, base_url = choice["engine"], choice["model"], choice["base_url"]
    rules = (
        ("RAG_EMBEDDING_ENGINE", engine in EMBEDDING_ENGINES,
         f"must be one of {EMBEDDING_ENGINES} (empty: the built-in model), not {engine!r}"),
        ("RAG_EMBEDDING_MODEL", 0 < len(model.strip()) <= MAX_MODEL_NAME and model == model.strip(),
         f"must be a model's name (1 to {MAX_MODEL_NAME} characters, no surrounding spaces)"),
        ("RAG_EMBEDDING_BATCH_SIZE", 1 <= choice["batch_size"] <= MAX_EMBEDDING_BATCH,
         f"must be 1 to {MAX_EMBEDDING_BATCH}"),
        (f"{engine}_config.url", not engine or base_url.startswith(("http://", "https://")),
         "must be the server's http(s) address"),
    )
    for name, holds, why in rules:
        if not holds:
            raise InvalidDocumentSettingError(name, why)


def _check_type(name: str, value: Any) -> None:
    if name not in KEPT:
        raise InvalidDocumentSettingError(name, "Annals does not keep this setting")
    if type(value) not in KEPT[name]:
        raise InvalidDocumentSettingError(name, f"must be a {KEPT[name][0].__name__}, not {value!r}")


def _check_values(settings: dict[str, Any]) -> None:
    rules = (
        ("TOP_K", 1 <= settings["TOP_K"] <= MAX_TOP_K, f"must be 1 to {MAX_TOP_K}"),
        ("TOP_K_RERANKER", 1 <= settings["TOP_K_RERANKER"] <= MAX_TOP_K, f"must be 1 to {MAX_TOP_K}"),
        ("RELEVANCE_THRESHOLD", 0 <= settings["RELEVANCE_THRESHOLD"] <= 1, "must be 0 to 1"),
        ("HYBRID_BM25_WEIGHT", 0 <= settings["HYBRID_BM25_WEIGHT"] <= 1, "must be 0 to 1"),
        ("TEXT_SPLITTER", settings["TEXT_SPLITTER"] in TEXT_SPLITTERS, f"must be one of {TEXT_SPLITTERS}"),
        ("CHUNK_SIZE", 1 <= settings["CHUNK_SIZE"] <= MAX_CHUNK_SIZE, f"must be 1 to {MAX_CHUNK_SIZE}"),
        ("CHUNK_OVERLAP", 0 <= settings["CHUNK_OVERLAP"] < settings["CHUNK_SIZE"],
         "must be at least 0 and less than CHUNK_SIZE"),
        ("RAG_TEMPLATE", len(settings["RAG_TEMPLATE"]) <= MAX_TEMPLATE, f"may be at most {MAX_TEMPLATE} characters"),
    )
    for name, holds, why in rules:
        if not holds:
            raise InvalidDocumentSettingError(name, why)
