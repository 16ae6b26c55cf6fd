from __future__ import annotations

from pathlib import Path

from infrastructure.embeddings.minilm import MiniLM
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings


def test_opening_the_indexes_does_not_load_the_model(tmp_path: Path) -> None:
    layer = RetrievalLayer(Settings(data_dir=tmp_path))
    try:
        assert layer.retriever.vectors.count("nothing") == 0
        assert isinstance(layer.embedder, MiniLM) and layer.embedder._loaded is None
    finally:
        layer.close()


def test_closing_what_was_never_opened_opens_nothing(tmp_path: Path) -> None:
    RetrievalLayer(Settings(data_dir=tmp_path)).close()
    assert not (tmp_path / "retrieval").exists()
