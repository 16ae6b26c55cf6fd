"""The embedding model, loaded once per test session (a few seconds on two cores)."""

from __future__ import annotations

import pytest

from infrastructure.embeddings.minilm import MiniLM


@pytest.fixture(scope="session")
def minilm() -> MiniLM:
    model = MiniLM()
    model.embed(["loaded"])
    return model
