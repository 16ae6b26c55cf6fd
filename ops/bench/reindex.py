"""(m) Retrieval through the server: files uploaded into a knowledge base and processed by
``annals serve`` (extraction, chunking, embedding, indexing: the processing reaction), then the
vector and BM25 indexes built anew from the log's views by ``annals reindex`` with the server
stopped; each against the raw embedding rate of the same model on the same chunk texts, measured
in this process between the two, within the same run.

The files are those of ``ops.bench.retrieval`` (~4 KB of standard-library docstrings each), cut
with the same splitting (``RAG_TEXT_SPLITTER=token_transformers``, 200 tokens, overlap 20), so the
chunk texts embedded alone are the ones the server embeds. Uploads are sent as Open WebUI's app
sends them into a base (``POST /api/v1/files/`` with the base in its metadata), one at a time, and
the clock stops when the last file's processing has ended.

Both sides are timed warm, as a steady rate is: the raw side embeds a few texts first (the model
loads), and the server processes one file of its own first (the model and the counting tokenizer
load on first use: ~5 s here, mostly transformers' import), in a base of its own; that first
file's seconds are reported beside (``warm_up_s``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from infrastructure.chunking.text import TextChunker
from infrastructure.embeddings.minilm import MiniLM
from ops.bench import callers, deployments, harness, reporting
from ops.bench.retrieval import SPLITTING, docstring_files
from tests.e2e.server import ANNALS_MODULE, AnnalsProcess
from tests.waiting import wait_for

FILES = 100
PROCESSING_TIMEOUT = 3600.0
POLL_SECONDS = 1.0
"""How often a file's status is asked while it waits; the clock reads at most this late."""
INDEXED = re.compile(r"indexed (\d+) files \((\d+) chunks\)")


def _run(args: Any) -> dict[str, Any]:
    files = docstring_files(args.files)
    minilm = MiniLM()
    chunker = TextChunker(lambda: SPLITTING, lambda: minilm.tokenizer)
    texts = [c.text for n, text in enumerate(files) for c in chunker.chunks(f"file-{n}", "kb", text)]
    minilm.embed(texts[:8])  # loads the model
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        env = {**deployments.annals_env(root / "embedded"), "RAG_TEXT_SPLITTER": SPLITTING.text_splitter,
               "CHUNK_SIZE": str(SPLITTING.chunk_size), "CHUNK_OVERLAP": str(SPLITTING.chunk_overlap)}
        (root / "embedded").mkdir(parents=True, exist_ok=True)
        server = AnnalsProcess(env, root / "embedded")
        stack.callback(server.stop)
        server.start()
        warm_up_s, processed_s = _upload_and_process(server, files)
        server.stop()
        raw_s = _timed(lambda: minilm.embed(texts))
        reindex_s, indexed = _reindex(server.env, root / "embedded")
    raw = len(texts) / raw_s
    processing, rebuilding = len(texts) / processed_s, indexed["chunks"] / reindex_s
    return {"benchmark": "reindex", "environment": reporting.environment(), "files": len(files),
            "chunks": len(texts), "reindexed": indexed, "raw_chunks_per_s": round(raw, 2),
            "raw_s": round(raw_s, 2), "warm_up_s": round(warm_up_s, 2),
            "processing_s": round(processed_s, 2), "processing_chunks_per_s": round(processing, 2),
            "processing_files_per_s": round(len(files) / processed_s, 2),
            "processing_over_raw": reporting.ratio(processing, raw),
            "reindex_s": round(reindex_s, 2), "reindex_chunks_per_s": round(rebuilding, 2),
            "reindex_over_raw": reporting.ratio(rebuilding, raw)}


def _timed(work: Any) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def _upload_and_process(server: AnnalsProcess, files: list[str]) -> tuple[float, float]:
    """Seconds to process one file on a cold server (the warm-up), then seconds from the first
    upload until every file's processing has ended (``completed``)."""
    admin = callers.sign_up(server, "admin")
    token = admin.headers["Authorization"]
    with httpx.Client(base_url=server.base_url, timeout=callers.TIMEOUT, headers={"Authorization": token}) as http:
        warm_up_s = _timed(lambda: _process(http, _base(http, "Warm-up"), files[:1], interval=0.1))
        base_id = _base(http, "Bench")
        return warm_up_s, _timed(lambda: _process(http, base_id, files, interval=POLL_SECONDS))


def _base(http: httpx.Client, name: str) -> str:
    base = http.post("/api/v1/knowledge/create", json={"name": name, "description": "", "access_grants": []})
    return str(base.raise_for_status().json()["id"])


def _process(http: httpx.Client, base_id: str, files: list[str], *, interval: float) -> None:
    uploaded = [_upload(http, n, text, base_id) for n, text in enumerate(files)]
    for file_id in uploaded:  # asked once a second: each question costs the server what it embeds with
        wait_for(functools.partial(_ended, http, file_id), timeout=PROCESSING_TIMEOUT, interval=interval,
                 what=f"file {file_id} to be processed")


def _upload(http: httpx.Client, n: int, text: str, base_id: str) -> str:
    answer = callers.busy_retrying(lambda: http.post(
        "/api/v1/files/", params={"process": "true"}, files={"file": (f"notes-{n}.txt", text.encode(), "text/plain")},
        data={"metadata": json.dumps({"knowledge_id": base_id, "directory_id": None})}))
    return str(answer.raise_for_status().json()["id"])


def _ended(http: httpx.Client, file_id: str) -> bool:
    status = http.get(f"/api/v1/files/{file_id}/process/status").raise_for_status().json()["status"]
    if status == "failed":
        raise RuntimeError(f"file {file_id} failed to process")
    return bool(status == "completed")


def _reindex(env: dict[str, str], data_dir: Path) -> tuple[float, dict[str, int]]:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", ANNALS_MODULE, "reindex"], env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - began
    (data_dir / "annals-reindex.log").write_text(done.stdout + done.stderr)
    found = INDEXED.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"annals reindex failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, {"files": int(found[1]), "chunks": int(found[2])}


def _show(result: dict[str, Any]) -> None:
    reporting.print_table(
        f"{result['files']} files of ~4 KB ({result['chunks']} chunks) through annals serve, then annals reindex",
        ["raw embedding chunks/s", "first file s (cold)", "processing chunks/s", "processing files/s",
         "processing / raw", "reindex chunks/s", "reindex / raw"],
        [(result["raw_chunks_per_s"], result["warm_up_s"], result["processing_chunks_per_s"],
          result["processing_files_per_s"], result["processing_over_raw"], result["reindex_chunks_per_s"],
          result["reindex_over_raw"])])


def _options(parser: Any) -> None:
    parser.add_argument("--files", type=int, default=FILES, help=f"files uploaded (default {FILES})")


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show, extra=_options))
