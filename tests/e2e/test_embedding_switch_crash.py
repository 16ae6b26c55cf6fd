"""A rebuild for a new embedding model cut short by a crash (the server killed while the new
model embeds the files) is done by the next server to start, on both stores: the reaction that
builds keeps the choice's position unrecorded until the new indexes are in force."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.e2e import people
from tests.e2e.server import AnnalsProcess
from tests.e2e.uploads import uploaded
from tests.http.knowledge import add_file, create_base, may_make_knowledge, processed
from tests.services import REDIS_TEST_URL, ensure_running, fresh_database
from tests.stores import STORES
from tests.upstream.embeddings import PROBE, EmbeddingsServer
from tests.upstream.threaded import serving
from tests.waiting import wait_for

EMBEDDING = "/api/v1/retrieval/embedding"


@pytest.fixture
def embeddings() -> EmbeddingsServer:
    return EmbeddingsServer()


@pytest.fixture
def embeddings_url(embeddings: EmbeddingsServer) -> Iterator[str]:
    with serving(embeddings, "the embeddings server") as url:
        yield url


@pytest.fixture(params=STORES)
def env(request: pytest.FixtureRequest, tmp_path: Path, embeddings_url: str) -> Iterator[dict[str, str]]:
    alpha = {"ANNALS_DATA_DIR": str(tmp_path), "RAG_EMBEDDING_ENGINE": "openai", "RAG_EMBEDDING_MODEL": "alpha",
             "RAG_OPENAI_API_BASE_URL": f"{embeddings_url}/v1"}
    if request.param == "embedded":
        yield alpha
        return
    ensure_running(6379)
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    with fresh_database() as database_url:
        yield {**alpha, "DATABASE_URL": database_url, "REDIS_URL": REDIS_TEST_URL,
               "WEBUI_SECRET_KEY": "test-secret-key-for-embedding-switch-crashes"}


def rebuilding(embeddings: EmbeddingsServer) -> bool:
    return any(r["body"]["model"] == "beta" and r["body"]["input"] != PROBE for r in embeddings.requests)


def test_a_rebuild_cut_short_by_a_crash_finishes_after_the_restart(env: dict[str, str], tmp_path: Path,
                                                                   embeddings: EmbeddingsServer,
                                                                   embeddings_url: str):
    worker = "DATABASE_URL" in env
    server = AnnalsProcess(env, tmp_path).start(worker=worker)
    admin = people.founder(server)
    member = people.member(server, admin, "member")
    may_make_knowledge(admin, member)
    base = create_base(member)
    handbook = uploaded(member, "handbook.md", b"Refunds take fourteen days.", "text/markdown")
    add_file(member, base, handbook)
    assert processed(member, base, handbook)["status"] == "completed"
    embeddings.holding.add("beta")
    chosen = admin.http.post(f"{EMBEDDING}/update", json={
        **admin.http.get(EMBEDDING).json(), "RAG_EMBEDDING_ENGINE": "ollama", "RAG_EMBEDDING_MODEL": "beta",
        "ollama_config": {"url": embeddings_url, "key": ""}})
    assert chosen.status_code == 200 and chosen.json()["rebuild"]["status"] == "running", chosen.text
    wait_for(lambda: rebuilding(embeddings), timeout=30, what="the rebuild to embed with beta")
    server.kill()
    embeddings.holding.discard("beta")
    restarted = AnnalsProcess(env, tmp_path).start(worker=worker)
    try:
        admin, member = people.sign_in(restarted, admin.email), people.sign_in(restarted, member.email)
        wait_for(lambda: admin.http.get(EMBEDDING).json()["rebuild"] is None, timeout=60,
                 what="the rebuild to finish after the restart")
        answer = member.http.post("/api/v1/retrieval/query/doc",
                                  json={"collection_name": base["id"], "query": "refunds"})
        assert answer.status_code == 200 and answer.json()["documents"] == [["Refunds take fourteen days."]]
        assert embeddings.requests[-1]["body"] == {"model": "beta", "input": ["refunds"]}
        retrieval = tmp_path / "retrieval"  # the half build the crash left is gone, as is the old one
        assert sorted(p.name for p in retrieval.iterdir()) == sorted([(retrieval / "in-force").read_text(), "in-force"])
    finally:
        restarted.stop()
