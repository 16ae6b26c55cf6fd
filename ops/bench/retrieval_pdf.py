"""Issue 13's long PDF: a document of ``--pages`` pages (default 200), each ~300 words of the
standard library's docstrings in its text layer, read by docling (``DoclingReader``: the native PDF
pipeline), cut along its structure (``DocumentChunker``: pages, 256 tokens) and embedded and
indexed by file indexing's own ``write_chunks``, against the same model embedding the same chunk texts
alone. Rounds alternate which goes first; each stage of the pipeline is timed on its own, so the
figures say where the time goes: reading (pages/s), chunking (chunks/s, and its share of the time
embedding alone takes), and the whole (read + chunk + embed + index) over embedding alone."""

from __future__ import annotations

import contextlib
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from application.knowledge.file_indexing import write_chunks
from infrastructure.chunking.documents import DocumentChunker
from infrastructure.documents import DoclingReader
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.lexical_index import Bm25Index
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from ops.bench import reporting
from tests.docstring_corpus import docstring_pairs
from tests.sample_documents import pdf

WORDS_PER_PAGE = 300
LINE_CHARACTERS = 80
"""A line of 12 pt Helvetica that stays within the page's margins."""
STAGES = ("read", "chunk", "embed_and_index")


def document(pages: int) -> bytes:
    """A PDF of ``pages`` pages, each a different run of docstring words (ASCII: the hand-written
    PDF's built-in font encodes no more), in lines as a page would set them."""
    words = _words()
    return pdf(*("\n".join(textwrap.wrap(" ".join(islice(words, WORDS_PER_PAGE)), LINE_CHARACTERS))
                 for _ in range(pages)))


def _words() -> Iterator[str]:
    texts = [f"{pair.query} {pair.document}" for pair in docstring_pairs(10_000)]
    ascii_only = " ".join(texts).encode("ascii", "ignore").decode()
    return cycle(ascii_only.split())


def ingest(minilm: MiniLM, pages: int, rounds: int) -> dict[str, Any]:
    data = document(pages)
    reader = DoclingReader(max_pages=pages)
    chunker = DocumentChunker(lambda: minilm.tokenizer)
    texts = [chunk.text for chunk in chunker.chunks("long-pdf", "kb", _structure(reader, data))]  # warms up
    spent = dict.fromkeys(("raw", *STAGES), 0.0)
    for round_ in range(rounds):
        for kind in (("raw", "pipeline") if round_ % 2 == 0 else ("pipeline", "raw")):
            if kind == "raw":
                began = time.perf_counter()
                minilm.embed(texts)
                spent["raw"] += time.perf_counter() - began
            else:
                for stage, seconds in _pipeline(minilm, reader, chunker, data).items():
                    spent[stage] += seconds
    return _figures(pages, len(texts), rounds, spent)


def _structure(reader: DoclingReader, data: bytes) -> bytes:
    structure = reader.read("pdf", data).structure
    if structure is None:
        raise RuntimeError("docling kept no structure of the PDF")
    return structure


def _pipeline(minilm: MiniLM, reader: DoclingReader, chunker: DocumentChunker, data: bytes) -> dict[str, float]:
    """What processing the uploaded PDF does, stage by stage, into fresh indexes."""
    with tempfile.TemporaryDirectory(prefix="annals-bench-pdf-") as scratch, \
            fresh_indexes(minilm, Path(scratch)) as indexes:
        began = time.perf_counter()
        structure = _structure(reader, data)
        read = time.perf_counter()
        chunks = chunker.chunks("long-pdf", "kb", structure)
        chunked = time.perf_counter()
        write_chunks(indexes, chunks)
        indexed = time.perf_counter()
    return {"read": read - began, "chunk": chunked - read, "embed_and_index": indexed - chunked}


@dataclass(frozen=True)
class FreshIndexes:
    """What file indexing writes into (``application.knowledge.file_indexing.Indexes``)."""

    embedder: MiniLM
    vectors: EmbeddedVectorIndex
    lexical: Bm25Index


@contextlib.contextmanager
def fresh_indexes(minilm: MiniLM, directory: Path) -> Iterator[FreshIndexes]:
    """An empty embedded vector index and BM25 index in ``directory``."""
    vectors = EmbeddedVectorIndex(directory / "vectors", minilm.model())
    lexical = Bm25Index(directory / "lexical.sqlite3")
    try:
        yield FreshIndexes(minilm, vectors, lexical)
    finally:
        vectors.close()
        lexical.close()


def _figures(pages: int, chunks: int, rounds: int, spent: dict[str, float]) -> dict[str, Any]:
    pipeline_s = sum(spent[stage] for stage in STAGES)
    raw, pipeline = chunks * rounds / spent["raw"], chunks * rounds / pipeline_s
    return {"pages": pages, "chunks": chunks, "rounds": rounds,
            "read_pages_per_s": round(pages * rounds / spent["read"], 2),
            "chunk_chunks_per_s": round(chunks * rounds / spent["chunk"], 2),
            "chunking_over_raw_time": reporting.ratio(spent["chunk"], spent["raw"]),
            "raw_chunks_per_s": round(raw, 2), "pipeline_chunks_per_s": round(pipeline, 2),
            "pipeline_pages_per_s": round(pages * rounds / pipeline_s, 2),
            "pipeline_over_raw": reporting.ratio(pipeline, raw),
            "seconds": {kind: round(value, 2) for kind, value in spent.items()}}


def show(figures: dict[str, Any]) -> None:
    reporting.print_table(
        f"ingestion: one PDF of {figures['pages']} pages, {figures['chunks']} chunks, {figures['rounds']} rounds "
        "alternating", ["reading pages/s", "chunking chunks/s", "chunking / raw time", "raw embedding chunks/s",
                        "pipeline chunks/s", "pipeline pages/s", "pipeline / raw"],
        [(figures["read_pages_per_s"], figures["chunk_chunks_per_s"], figures["chunking_over_raw_time"],
          figures["raw_chunks_per_s"], figures["pipeline_chunks_per_s"], figures["pipeline_pages_per_s"],
          figures["pipeline_over_raw"])])
