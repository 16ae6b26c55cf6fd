"""Documents converted by docling into chunks that follow their structure: docling's HybridChunker
cuts at headings, paragraphs, list items and table rows, merges small neighbours under the same
headings, and splits what exceeds the embedding model's 256 tokens, counted by that model's own
tokenizer (its default tokenizer is downloaded from a model hub, which these machines cannot
reach). The text embedded is the chunk with its headings before it, so a passage under
"Refunds" is found by a question about refunds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from application.retrieval.ports import Chunk, MetadataValue
from infrastructure.chunking.ids import chunk_id
from infrastructure.embeddings.minilm import MAX_TOKENS


class DocumentChunker:
    def __init__(self, tokenizer: Callable[[], Any], max_tokens: int = MAX_TOKENS) -> None:
        self._tokenizer = tokenizer
        self.max_tokens = max_tokens
        self._chunker: Any = None

    def chunks(self, source_id: str, collection: str, document: Any,
               metadata: dict[str, MetadataValue] | None = None) -> list[Chunk]:
        """The chunks of ``document`` (a ``DoclingDocument``)."""
        chunker = self._hybrid_chunker()
        texts = [(chunker.contextualize(piece), piece) for piece in chunker.chunk(document)]
        return [Chunk(id=chunk_id(source_id, index, text), collection=collection, text=text,
                      metadata={**(metadata or {}), **_located(piece), "source_id": source_id, "index": index})
                for index, (text, piece) in enumerate((t, p) for t, p in texts if t.strip())]

    def _hybrid_chunker(self) -> Any:
        if self._chunker is None:
            from docling.chunking import HybridChunker
            from docling_core.transforms.chunker.tokenizer.huggingface import HuggingFaceTokenizer

            tokenizer = HuggingFaceTokenizer(tokenizer=self._tokenizer(), max_tokens=self.max_tokens)
            self._chunker = HybridChunker(tokenizer=tokenizer)
        return self._chunker


def _located(piece: Any) -> dict[str, MetadataValue]:
    """Where the chunk is in its document: its headings and first page, for citations."""
    located: dict[str, MetadataValue] = {}
    if piece.meta.headings:
        located["headings"] = " / ".join(piece.meta.headings)
    pages = sorted({p.page_no for item in piece.meta.doc_items for p in item.prov})
    if pages:
        located["page"] = pages[0]
    return located
