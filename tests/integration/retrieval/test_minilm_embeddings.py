"""The built-in embedding model, for real: unit vectors, related texts closer than unrelated ones,
and the same vector for a text whatever batch it is embedded in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from infrastructure.embeddings.minilm import DIMENSION, MiniLM


def test_every_text_becomes_one_unit_float32_vector_in_order(minilm: MiniLM):
    vectors = minilm.embed(["a cat", "the stock market fell", "a kitten"])
    assert vectors.shape == (3, DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[1] + 0.2


def test_a_text_gets_the_same_vector_alone_or_batched_with_longer_ones(minilm: MiniLM):
    alone = minilm.embed(["refunds are paid within 14 days"])[0]
    batched = minilm.embed(["word " * 300, "refunds are paid within 14 days", "short"])[1]
    assert float(alone @ batched) > 0.9999


def test_nothing_to_embed_is_an_empty_matrix(minilm: MiniLM):
    assert minilm.embed([]).shape == (0, DIMENSION)


def test_the_model_names_its_engine_and_dimension(minilm: MiniLM):
    model = minilm.model()
    assert (model.name, model.dimension) == ("local:sentence-transformers/all-MiniLM-L6-v2", DIMENSION)


def test_threads_asking_first_at_once_share_one_load():
    fresh = MiniLM()
    with ThreadPoolExecutor(max_workers=4) as pool:
        tokenizers = list(pool.map(lambda _: fresh.tokenizer, range(4)))
    assert all(tokenizer is tokenizers[0] for tokenizer in tokenizers)
