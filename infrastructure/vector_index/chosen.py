"""Which indexes the settings choose: Weaviate's when ``WEAVIATE_URL`` is set, else the embedded
one, under the data directory; BM25 always embedded, beside either.

The indexes are derived data, built anew by ``annals reindex`` beside those in force: each build
has a name, and ``retrieval/in-force`` names the one searched (written by an atomic rename, so
every process sees either the old build or the new one). No name is the first build, where the
indexes always lived (``retrieval/vectors``, ``retrieval/lexical.sqlite3``, Weaviate's
``AnnalsChunks``); a named one lives in ``retrieval/<name>/`` and ``AnnalsChunks_<name>``.

A build records the embedding choice it was made with (``embedding.json`` in its directory,
readable by the server's user only: it holds the server's key), so that it is searched with that
model until another build replaces it. The first build may have none: the environment's made it."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import msgspec

from application.retrieval.ports import EmbeddingChoice, EmbeddingModel, VectorIndex
from infrastructure.lexical_index import Bm25Index
from infrastructure.settings import Settings
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from infrastructure.vector_index.weaviate import WeaviateVectorIndex, connected

FIRST = ""
WEAVIATE_COLLECTION = "AnnalsChunks"
EMBEDDING_RECORD = "embedding.json"


def retrieval_directory(settings: Settings) -> Path:
    return Path(settings.data_dir) / "retrieval"


def build_in_force(settings: Settings) -> str:
    marker = retrieval_directory(settings) / "in-force"
    return marker.read_text().strip() if marker.exists() else FIRST


def new_build() -> str:
    return secrets.token_hex(8)


def chosen_vector_index(settings: Settings, model: EmbeddingModel, build: str = FIRST) -> VectorIndex:
    """Opened for ``model``'s vectors; ``EmbeddingModelMismatchError`` if it holds another's."""
    rag = settings.rag
    if rag.weaviate_url:
        return WeaviateVectorIndex(rag.weaviate_url, model, grpc_port=rag.weaviate_grpc_port,
                                   api_key=rag.weaviate_api_key, name=_weaviate_name(build))
    return EmbeddedVectorIndex(_directory(settings, build) / "vectors", model)


def vector_index_exists(settings: Settings, build: str) -> bool:
    rag = settings.rag
    if not rag.weaviate_url:
        return (_directory(settings, build) / "vectors" / "chunks.sqlite3").exists()
    client = connected(rag.weaviate_url, rag.weaviate_grpc_port, rag.weaviate_api_key)
    try:
        return bool(client.collections.exists(_weaviate_name(build)))
    finally:
        client.close()


def lexical_index(settings: Settings, build: str = FIRST) -> Bm25Index:
    return Bm25Index(_directory(settings, build) / "lexical.sqlite3")


def record_embedding(settings: Settings, build: str, choice: EmbeddingChoice) -> None:
    directory = _directory(settings, build)
    directory.mkdir(parents=True, exist_ok=True)
    written = directory / f"{EMBEDDING_RECORD}.next"
    written.write_bytes(msgspec.json.encode(choice))
    written.chmod(0o600)
    os.replace(written, directory / EMBEDDING_RECORD)


def embedding_of(settings: Settings, build: str) -> EmbeddingChoice | None:
    """The choice ``build`` was made with; None if it recorded none (the first build, before)."""
    record = _directory(settings, build) / EMBEDDING_RECORD
    return msgspec.json.decode(record.read_bytes(), type=EmbeddingChoice) if record.exists() else None


def swap_in(settings: Settings, build: str) -> None:
    """``build`` in force from now on (one rename), then the one it replaces removed."""
    replaced, marker = build_in_force(settings), retrieval_directory(settings) / "in-force"
    written = marker.with_suffix(".next")
    written.write_text(build)
    os.replace(written, marker)
    remove(settings, replaced)


def remove(settings: Settings, build: str) -> None:
    """A build's indexes gone (an old one swapped out, or an interrupted one abandoned)."""
    if settings.rag.weaviate_url:
        client = connected(settings.rag.weaviate_url, settings.rag.weaviate_grpc_port, settings.rag.weaviate_api_key)
        try:
            client.collections.delete(_weaviate_name(build))
        finally:
            client.close()
    if build == FIRST:
        shutil.rmtree(_directory(settings, build) / "vectors", ignore_errors=True)
        for leftover in (*_directory(settings, build).glob("lexical.sqlite3*"),
                         _directory(settings, build) / EMBEDDING_RECORD):
            leftover.unlink(missing_ok=True)
    else:
        shutil.rmtree(_directory(settings, build), ignore_errors=True)


def abandoned_builds(settings: Settings, keep: str) -> list[str]:
    """Builds an interrupted reindex left behind on disk (their directories), all but ``keep``."""
    root = retrieval_directory(settings)
    return [d.name for d in root.iterdir() if d.is_dir() and d.name not in ("vectors", keep)] if root.exists() else []


def _directory(settings: Settings, build: str) -> Path:
    return retrieval_directory(settings) / build if build else retrieval_directory(settings)


def _weaviate_name(build: str) -> str:
    return f"{WEAVIATE_COLLECTION}_{build}" if build else WEAVIATE_COLLECTION
