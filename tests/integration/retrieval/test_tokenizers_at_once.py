"""Embedding and chunking at once, from several threads, on the one built-in model: each gives what
it gives alone. The embedder truncates at 256 tokens and pads its batches; the chunkers count whole
texts, unpadded: neither may ever see the other's settings (nor fail on a tokenizer busy elsewhere)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from docling_core.types.doc import DocItemLabel, DoclingDocument

from infrastructure.chunking.documents import DocumentChunker
from infrastructure.chunking.text import Splitting, TextChunker
from infrastructure.embeddings.minilm import MiniLM

SENTENCE = "Refunds for damaged parcels are paid within fourteen days of the request. "
LONG = SENTENCE * 30
"""~450 tokens: truncated when embedded, cut in two by the structured chunker, in ten by the token one."""
ROUNDS = 4


def structure(heading: str, text: str) -> bytes:
    document = DoclingDocument(name=heading)
    document.add_heading(heading)
    document.add_text(label=DocItemLabel.TEXT, text=text)
    return document.model_dump_json().encode()


def test_embedding_and_chunking_from_several_threads_give_what_each_gives_alone(minilm: MiniLM):
    windows = TextChunker(lambda: Splitting(text_splitter="token", chunk_size=50, chunk_overlap=5),
                          lambda: minilm.tokenizer)
    jobs: list[tuple[Any, tuple[Any, ...]]] = [
        (minilm.embed, ([SENTENCE, LONG],)), (windows.spans, (LONG,)),
        (DocumentChunker(lambda: minilm.tokenizer).chunks, ("file-1", "kb", structure("Refunds", LONG)))]
    alone = [work(*arguments) for work, arguments in jobs]
    with ThreadPoolExecutor(max_workers=len(jobs) * 2) as pool:
        at_once = [(index, pool.submit(work, *arguments))
                   for _ in range(ROUNDS) for index, (work, arguments) in enumerate(jobs)]
    for index, future in at_once:
        assert _same(future.result(), alone[index])


def _same(result: Any, expected: Any) -> bool:
    if isinstance(expected, np.ndarray):
        return bool(np.allclose(result, expected, atol=1e-6))
    return bool(result == expected)
