"""docling's HybridChunker, merging small neighbours only within a page. It merges neighbours
under the same headings, and a PDF's text layer has none: its pages would run together, and a
passage from page 2 would be cited as page 1 (the page of a chunk's first item). Imported on
first use, as docling is."""

from __future__ import annotations

from itertools import groupby

from docling_core.transforms.chunker.doc_chunk import DocChunk
from docling_core.transforms.chunker.hybrid_chunker import HybridChunker
from docling_core.transforms.serializer.base import BaseDocSerializer


class PageBoundHybridChunker(HybridChunker):
    def _merge_chunks_with_matching_metadata(self, chunks: list[DocChunk]) -> list[DocChunk]:
        merge = super()._merge_chunks_with_matching_metadata
        return [merged for _, run in groupby(chunks, key=first_page) for merged in merge(list(run))]

    def _split_using_plain_text(self, doc_chunk: DocChunk, doc_serializer: BaseDocSerializer) -> list[DocChunk]:
        """A chunk that fits, kept as it is: docling would copy it through a dump and a validation
        of all its items, which made up a quarter of a 200-page PDF's chunking (CPU time, measured),
        to give the same chunk."""
        if self._count_chunk_tokens(doc_chunk) <= self.max_tokens:
            return [doc_chunk]
        return super()._split_using_plain_text(doc_chunk, doc_serializer)


def first_page(chunk: DocChunk) -> int | None:
    """The first page the chunk is on (1-based, as docling counts); None in a document without
    pages (Word, HTML)."""
    return min((place.page_no for item in chunk.meta.doc_items for place in item.prov), default=None)
