"""Documents converted by docling into chunks that follow their structure: docling's HybridChunker
cuts at headings, paragraphs, list items and table rows, merges small neighbours under the same
headings (and on the same page: ``page_bound``), and splits what exceeds the embedding model's
256 tokens, counted by that model's own tokenizer (its default tokenizer is downloaded from a
model hub, which these machines cannot reach). The text embedded is the chunk with its headings
before it, so a passage under "Refunds" is found by a question about refunds.

A chunk's ``page`` is 0-based, as Open WebUI's docling loader records it: its app links and shows
``page + 1``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from application.knowledge.file_indexing import UnreadableStructureError
from application.retrieval.ports import Chunk, MetadataValue
from infrastructure.chunking.ids import chunk_id
from infrastructure.embeddings.minilm import MAX_TOKENS


class DocumentChunker:
    def __init__(self, tokenizer: Callable[[], Any], max_tokens: int = MAX_TOKENS) -> None:
        self._tokenizer = tokenizer
        self.max_tokens = max_tokens

    def chunks(self, source_id: str, collection: str, structure: bytes,
               metadata: dict[str, MetadataValue] | None = None) -> list[Chunk]:
        """The chunks of a document kept as docling's JSON (``infrastructure.documents``)."""
        chunker = self._hybrid_chunker()
        texts = [(chunker.contextualize(piece), piece) for piece in chunker.chunk(_loaded(structure))]
        return [Chunk(id=chunk_id(source_id, index, text), collection=collection, text=text,
                      metadata={**(metadata or {}), **_located(piece), "source_id": source_id, "index": index})
                for index, (text, piece) in enumerate((t, p) for t, p in texts if t.strip())]

    def _hybrid_chunker(self) -> Any:
        """A chunker for one document (making one takes microseconds): its tokenizer remembers
        that document's token counts only."""
        from infrastructure.chunking.page_bound import PageBoundHybridChunker
        from infrastructure.chunking.token_counts import RememberingTokenizer

        tokenizer = RememberingTokenizer(tokenizer=self._tokenizer(), max_tokens=self.max_tokens)
        return PageBoundHybridChunker(tokenizer=tokenizer)


def _loaded(structure: bytes) -> Any:
    from docling_core.types.doc import DoclingDocument
    from pydantic import ValidationError

    try:
        return DoclingDocument.model_validate_json(structure)
    except ValidationError as why:
        raise UnreadableStructureError(f"not a document docling can read: {why.error_count()} errors") from None


def _located(piece: Any) -> dict[str, MetadataValue]:
    """Where the chunk is in its document: its headings and first page, for citations."""
    from infrastructure.chunking.page_bound import first_page

    located: dict[str, MetadataValue] = {}
    if piece.meta.headings:
        located["headings"] = " / ".join(piece.meta.headings)
    if (page := first_page(piece)) is not None:
        located["page"] = page - 1
    return located
