"""(l) Retrieval: ingestion against the raw embedding rate, and query latency at many chunks.

Ingestion: the standard library's docstrings joined into files of ~4 KB (tests/docstring_corpus.py),
chunked (TEXT_SPLITTER token_transformers, 200 tokens, overlap 20: under the model's 256), then
(a) the chunks' texts only embedded by the built-in MiniLM, and (b) the whole pipeline: chunking,
embedding, and writing the chunks into the embedded vector index and the BM25 index. Rounds
alternate which goes first; the ratio (b)/(a) is what the pipeline keeps of the model's rate
(issue 13's goal: at least 0.9). The same for one long PDF, read by docling and cut along its
pages (``ops.bench.retrieval_pdf``).

Query latency: ``--chunks`` chunks (default 20,000; issue 13 asks about 100,000) in one collection
of the embedded vector index (HNSW, as every collection above 20k is searched; and exact) and the
BM25 index. Their vectors are made from real MiniLM embeddings of ~2,000 chunks, each new one a
normalised mix of two real ones and a little noise (embedding 100k chunks would take hours here;
HNSW on random vectors would flatter nothing and mislead on recall, which the tests measure on real
embeddings). 200 docstring queries, embedded beforehand, are then retrieved: dense search, exact
dense search, and hybrid search (BM25, fusion and the similarities), p50 and p99, without the
model call, which is reported on its own (the median of 20 queries embedded one by one); and the HNSW graph's recall@10
against exact search for those queries."""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from application.knowledge.file_indexing import write_chunks
from application.retrieval.hybrid import RetrievalSettings, Retriever
from application.retrieval.ports import Chunk, EmbeddingModel, Vectors
from infrastructure.chunking.text import Splitting, TextChunker
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.lexical_index import Bm25Index
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from ops.bench import deployments, harness, reporting, retrieval_pdf
from tests.docstring_corpus import docstring_pairs

SPLITTING = Splitting(text_splitter="token_transformers", chunk_size=200, chunk_overlap=20)
FILE_BYTES = 4000
REAL_VECTORS = 2000
QUERIES = 200
BATCH = 512
CASES = ("files", "pdf", "latency")


def docstring_files(count: int) -> list[str]:
    """``count`` files of ~4 KB of docstrings (repeated when the docstrings run out)."""
    texts = [f"{pair.query}\n\n{pair.document}" for pair in docstring_pairs(10_000)]
    files: list[str] = []
    current, n = "", 0
    while len(files) < count:
        current += texts[n % len(texts)] + "\n\n"
        n += 1
        if len(current) >= FILE_BYTES:
            files.append(current)
            current = ""
    return files


def _ingest(minilm: MiniLM, chunker: TextChunker, files: list[str], rounds: int) -> dict[str, Any]:
    chunks = [c for n, text in enumerate(files) for c in chunker.chunks(f"file-{n}", "kb", text)]
    texts = [c.text for c in chunks]
    spent = {"raw": 0.0, "pipeline": 0.0}
    for round_ in range(rounds):
        for kind in (("raw", "pipeline") if round_ % 2 == 0 else ("pipeline", "raw")):
            with tempfile.TemporaryDirectory(prefix="annals-bench-retrieval-") as scratch:
                began = time.perf_counter()
                if kind == "raw":
                    minilm.embed(texts)
                else:
                    _pipeline(minilm, chunker, files, Path(scratch))
                spent[kind] += time.perf_counter() - began
    raw, pipeline = len(chunks) * rounds / spent["raw"], len(chunks) * rounds / spent["pipeline"]
    return {"files": len(files), "chunks": len(chunks), "rounds": rounds, "raw_chunks_per_s": round(raw, 2),
            "pipeline_chunks_per_s": round(pipeline, 2), "pipeline_over_raw": reporting.ratio(pipeline, raw),
            "pipeline_files_per_s": round(len(files) * rounds / spent["pipeline"], 2)}


def _pipeline(minilm: MiniLM, chunker: TextChunker, files: list[str], directory: Path) -> None:
    """Files chunked, embedded and indexed one by one, as processing a knowledge base's files does
    (``write_chunks``: a file's chunks alone make its batches, which on this CPU keeps the rate of
    one big batch)."""
    with retrieval_pdf.fresh_indexes(minilm, directory) as indexes:
        for n, text in enumerate(files):
            write_chunks(indexes, chunker.chunks(f"file-{n}", "kb", text))


def _synthetic(real: Vectors, count: int, seed: int = 13) -> Vectors:
    """``count`` unit vectors, each a mix of two real ones plus a little noise."""
    rng = np.random.default_rng(seed)
    first, second = rng.integers(0, len(real), count), rng.integers(0, len(real), count)
    weight = np.asarray(rng.uniform(0.5, 1.0, (count, 1)), dtype=np.float32)
    mixed = weight * real[first] + (1 - weight) * real[second]
    mixed += np.asarray(rng.normal(0, 0.01, mixed.shape), dtype=np.float32)
    return (mixed / np.linalg.norm(mixed, axis=1, keepdims=True)).astype(np.float32)


class _Embedded:
    """The queries' vectors, computed before the clock starts."""

    def __init__(self, model: EmbeddingModel, known: dict[str, np.ndarray]) -> None:
        self._model = model
        self._known = known

    def model(self) -> EmbeddingModel:
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.stack([self._known[t] for t in texts])


def _latency(minilm: MiniLM, chunker: TextChunker, count: int, directory: Path) -> dict[str, Any]:
    real_chunks = [c for n, text in enumerate(docstring_files(REAL_VECTORS // 4))
                   for c in chunker.chunks(f"r{n}", "kb", text)]
    real_chunks = real_chunks[:REAL_VECTORS]
    real = minilm.embed([c.text for c in real_chunks])
    queries = [pair.query for pair in docstring_pairs(QUERIES)]
    one_query_s = []
    for query in queries[:20]:
        embedding_began = time.perf_counter()
        minilm.embed([query])
        one_query_s.append(time.perf_counter() - embedding_began)
    known = dict(zip(queries, minilm.embed(queries), strict=True))
    query_vectors = [known[queries[0]]]
    built = time.perf_counter()
    graph = EmbeddedVectorIndex(directory / "graph", minilm.model())
    exact = EmbeddedVectorIndex(directory / "exact", minilm.model(), exact_below=count + 1)
    lexical = Bm25Index(directory / "lexical.sqlite3")
    try:
        for start in range(0, count, BATCH):
            chunks = [Chunk(id=f"c{n}", collection="kb", text=real_chunks[n % len(real_chunks)].text)
                      for n in range(start, min(start + BATCH, count))]
            vectors = _synthetic(real, len(chunks), seed=start)
            graph.upsert(chunks, vectors)
            exact.upsert(chunks, vectors)
            lexical.upsert(chunks)
        stored_s = time.perf_counter() - built
        warmed = time.perf_counter()
        for index in (graph, exact):
            index.search(query_vectors[0], 1, ["kb"])
        lexical.search(queries[0], 1, ["kb"])
        warm_s = time.perf_counter() - warmed
        figures: dict[str, Any] = {"chunks": count, "store_s": round(stored_s, 1), "first_search_s": round(warm_s, 1),
                   "query_embedding_ms": round(reporting.percentile(one_query_s, 50) * 1000, 1)}
        for name, index, hybrid in (("dense_hnsw", graph, False), ("dense_exact", exact, False),
                                    ("hybrid_hnsw", graph, True)):
            retriever = Retriever(_Embedded(minilm.model(), known), index, lexical)
            settings = RetrievalSettings(top_k=10, top_k_reranker=10, hybrid=hybrid)
            seconds = []
            for query in queries:
                began = time.perf_counter()
                retriever.retrieve(query, ["kb"], settings)
                seconds.append(time.perf_counter() - began)
            figures[name] = reporting.summary_ms(seconds)
        figures["recall_at_10_hnsw"] = _recall(graph, exact, [known[q] for q in queries])
        return figures
    finally:
        for closable in (graph, exact, lexical):
            closable.close()


def _recall(graph: EmbeddedVectorIndex, exact: EmbeddedVectorIndex, queries: list[np.ndarray]) -> float:
    """How many of exact search's top 10 the HNSW graph finds, over all the queries."""
    found = [len({h.chunk.id for h in graph.search(q, 10)} & {h.chunk.id for h in exact.search(q, 10)})
             for q in queries]
    return round(sum(found) / (10 * len(queries)), 3)


def _run(args: Any) -> dict[str, Any]:
    minilm = MiniLM()
    chunker = TextChunker(lambda: SPLITTING, lambda: minilm.tokenizer)
    minilm.embed(["warm up"])
    result: dict[str, Any] = {"environment": reporting.environment()}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        if "files" in args.cases:
            result["ingestion"] = _ingest(minilm, chunker, docstring_files(args.files), args.rounds)
        if "pdf" in args.cases:
            result["pdf_ingestion"] = retrieval_pdf.ingest(minilm, args.pages, args.rounds)
        if "latency" in args.cases:
            result["latency"] = _latency(minilm, chunker, args.chunks, root)
    return result


def _show(result: dict[str, Any]) -> None:
    if "ingestion" in result:
        _show_files(result["ingestion"])
    if "pdf_ingestion" in result:
        retrieval_pdf.show(result["pdf_ingestion"])
    if "latency" in result:
        _show_latency(result["latency"])


def _show_files(ingest: dict[str, Any]) -> None:
    reporting.print_table(
        f"ingestion: {ingest['files']} files of ~4 KB, {ingest['chunks']} chunks, {ingest['rounds']} rounds "
        "alternating", ["raw embedding chunks/s", "pipeline chunks/s", "pipeline / raw", "files/s"],
        [(ingest["raw_chunks_per_s"], ingest["pipeline_chunks_per_s"], ingest["pipeline_over_raw"],
          ingest["pipeline_files_per_s"])])


def _show_latency(latency: dict[str, Any]) -> None:
    reporting.print_table(f"retrieval at {latency['chunks']:,} chunks, top 10, without the model call "
                          f"(a query embedded: {latency['query_embedding_ms']} ms, median; "
                          f"storing took {latency['store_s']} s, "
                          f"the first search {latency['first_search_s']} s; HNSW recall@10 against exact search "
                          f"{latency['recall_at_10_hnsw']})", ["search", "p50 ms", "p99 ms"],
                          [(name, latency[name]["median_ms"], latency[name]["p99_ms"])
                           for name in ("dense_hnsw", "dense_exact", "hybrid_hnsw")])


def _options(parser: Any) -> None:
    parser.add_argument("--chunks", type=int, default=20_000, help="chunks indexed for the latency figures")
    parser.add_argument("--files", type=int, default=16, help="files ingested per round")
    parser.add_argument("--pages", type=int, default=200, help="pages of the PDF ingested per round")
    parser.add_argument("--rounds", type=int, default=2, help="ingestion rounds (raw and pipeline alternate)")
    parser.add_argument("--cases", type=_cases, default=CASES,
                        help=f"comma-separated subset of {', '.join(CASES)}")


def _cases(value: str) -> tuple[str, ...]:
    chosen = tuple(case for case in value.split(",") if case)
    if unknown := set(chosen) - set(CASES):
        raise argparse.ArgumentTypeError(f"unknown cases: {', '.join(sorted(unknown))}")
    return chosen


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show, extra=_options))
