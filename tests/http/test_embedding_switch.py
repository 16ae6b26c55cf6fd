"""An admin changes the embedding engine and model on the Documents page: a choice that cannot
embed is refused saying why, and nothing is kept; one that can is kept and the indexes are rebuilt
with it in the background, searches going on with the model in force until the new indexes are
swapped in. The server starts embedding with the fake's ``alpha`` (OpenAI's protocol); ``beta``
(Ollama's protocol, the same fake) is the new model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.knowledge import add_file, create_base, may_make_knowledge, processed
from tests.http.workspaces import own_workspace
from tests.upstream.embeddings import EmbeddingsServer
from tests.upstream.threaded import serving
from tests.waiting import wait_for

EMBEDDING = "/api/v1/retrieval/embedding"
REFUNDS = "Refunds take fourteen days."


@pytest.fixture(scope="module")
def embeddings() -> EmbeddingsServer:
    return EmbeddingsServer()


@pytest.fixture(scope="module")
def embeddings_url(embeddings: EmbeddingsServer) -> Iterator[str]:
    with serving(embeddings, "the embeddings server") as url:
        yield url


def _alpha(request: pytest.FixtureRequest) -> dict[str, str]:
    url = request.getfixturevalue("embeddings_url")
    return {"RAG_EMBEDDING_ENGINE": "openai", "RAG_EMBEDDING_MODEL": "alpha", "RAG_OPENAI_API_BASE_URL": f"{url}/v1"}


server, admin = own_workspace("embedding-switch", _alpha)


def choose(admin: Person, **changes: Any) -> Any:
    """The page's save: what it read, with ``changes``."""
    return admin.http.post(f"{EMBEDDING}/update", json={**admin.http.get(EMBEDDING).json(), **changes})


def query(person: Person, base: dict[str, Any], text: str) -> list[str]:
    answer = person.http.post("/api/v1/retrieval/query/doc", json={"collection_name": base["id"], "query": text})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["documents"][0])


@pytest.fixture
def unchanged(admin: Person) -> Iterator[None]:
    before = admin.http.get(EMBEDDING).json()
    yield
    assert admin.http.get(EMBEDDING).json() == before


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(("changes", "reason"), [
    ({"RAG_EMBEDDING_ENGINE": "azure_openai"}, "RAG_EMBEDDING_ENGINE: must be one of"),
    ({"RAG_EMBEDDING_ENGINE": "", "RAG_EMBEDDING_MODEL": "nomic-embed-text"}, "the built-in engine has"),
    ({"RAG_EMBEDDING_ENGINE": "ollama", "RAG_EMBEDDING_MODEL": "beta",
      "ollama_config": {"url": "http://127.0.0.1:9", "key": ""}}, "could not be reached"),
    ({"RAG_EMBEDDING_MODEL": " "}, "RAG_EMBEDDING_MODEL: must be a model's name"),
    ({"RAG_EMBEDDING_BATCH_SIZE": "many"}, "RAG_EMBEDDING_BATCH_SIZE"),
], ids=["unknown-engine", "model-not-installed", "server-unreachable", "no-model", "batch-not-a-number"])
def test_a_choice_that_cannot_embed_is_refused_saying_why(admin: Person, changes: dict[str, Any],
                                                          reason: str) -> None:
    refused = choose(admin, **changes)
    assert refused.status_code == 400 and reason in refused.json()["detail"], refused.text


def test_restating_the_model_in_force_keeps_it(admin: Person) -> None:
    embedding = admin.http.get(EMBEDDING).json()
    restated = admin.http.post(f"{EMBEDDING}/update", json=embedding)
    assert restated.status_code == 200 and restated.json() == embedding


def test_members_may_not_choose_the_model(member: Person) -> None:
    assert member.http.get(EMBEDDING).status_code == 401
    assert member.http.post(f"{EMBEDDING}/update", json={"RAG_EMBEDDING_ENGINE": "",
                                                         "RAG_EMBEDDING_MODEL": "x"}).status_code == 401


def handbook_base(admin: Person, member: Person) -> dict[str, Any]:
    """The member's base holding a processed file that says ``REFUNDS``."""
    may_make_knowledge(admin, member)
    base = create_base(member)
    file = uploaded(member, "handbook.md", REFUNDS.encode(), "text/markdown")
    add_file(member, base, file)
    assert processed(member, base, file)["status"] == "completed"
    return base


def in_force(admin: Person) -> dict[str, str]:
    embedding = admin.http.get(EMBEDDING).json()
    return {name: embedding[name] for name in ("RAG_EMBEDDING_ENGINE", "RAG_EMBEDDING_MODEL")}


def chosen(admin: Person, engine: str, model: str, url: str) -> dict[str, Any]:
    """The page saved with the engine and model (and its server's address) changed: the answer."""
    answer = choose(admin, RAG_EMBEDDING_ENGINE=engine, RAG_EMBEDDING_MODEL=model,
                    **{f"{engine}_config": {"url": url, "key": ""}})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["RAG_EMBEDDING_ENGINE"], answer.json()["RAG_EMBEDDING_MODEL"]) == (engine, model)
    return dict(answer.json())


def test_a_new_model_takes_over_through_a_rebuild_and_searches_go_on_meanwhile(
        admin: Person, member: Person, embeddings: EmbeddingsServer, embeddings_url: str) -> None:
    base, before = handbook_base(admin, member), in_force(admin)
    embeddings.holding.add("beta")
    try:
        answer = chosen(admin, "ollama", "beta", embeddings_url)
        assert answer["rebuild"] == {"status": "running", "last_error": None, "searching_with": before}
        assert query(member, base, "refunds") == [REFUNDS]
        assert embeddings.requests[-1]["body"]["model"] == before["RAG_EMBEDDING_MODEL"]
        shipping = uploaded(member, "shipping.md", b"Shipping takes three days.", "text/markdown")
        add_file(member, base, shipping)
        assert processed(member, base, shipping)["status"] == "completed"
    finally:
        embeddings.holding.discard("beta")
    wait_for(lambda: admin.http.get(EMBEDDING).json()["rebuild"] is None, timeout=30, what="the rebuild")
    assert query(member, base, "shipping")[0] == "Shipping takes three days."
    assert embeddings.requests[-1]["path"] == "/api/embed" and embeddings.requests[-1]["body"]["model"] == "beta"


def test_a_rebuild_the_engine_fails_says_why_and_is_tried_again_until_it_succeeds(
        admin: Person, member: Person, embeddings: EmbeddingsServer, embeddings_url: str) -> None:
    base, before = handbook_base(admin, member), in_force(admin)
    embeddings.refusing_models.add("gamma")
    try:
        chosen(admin, "openai", "gamma", f"{embeddings_url}/v1")
        wait_for(lambda: admin.http.get(EMBEDDING).json()["rebuild"]["last_error"], timeout=30,
                 what="the rebuild to fail")
        rebuild = admin.http.get(EMBEDDING).json()["rebuild"]
        assert "the model is not loaded" in rebuild["last_error"] and rebuild["searching_with"] == before
        assert query(member, base, "refunds") == [REFUNDS]
    finally:
        embeddings.refusing_models.discard("gamma")
    create_base(member, "Another")  # a write to knowledge: its catch-up tries the rebuild again
    wait_for(lambda: admin.http.get(EMBEDDING).json()["rebuild"] is None, timeout=30, what="the rebuild")
    assert query(member, base, "refunds") == [REFUNDS]
    assert embeddings.requests[-1]["body"] == {"model": "gamma", "input": ["refunds"]}


def test_a_new_key_rebuilds_nothing_is_shown_masked_and_kept_when_sent_back_so(
        admin: Person, member: Person, embeddings: EmbeddingsServer) -> None:
    base, before = handbook_base(admin, member), admin.http.get(EMBEDDING).json()
    server = f"{before['RAG_EMBEDDING_ENGINE']}_config"
    answer = choose(admin, **{server: {"url": before[server]["url"], "key": "sk-embedding-key-0042"}})
    assert answer.status_code == 200 and answer.json()[server]["key"] == "sk-...0042"
    assert answer.json()["rebuild"] is None and answer.json()["RAG_EMBEDDING_MODEL"] == before["RAG_EMBEDDING_MODEL"]
    assert admin.http.post(f"{EMBEDDING}/update", json=answer.json()).json() == answer.json()
    assert query(member, base, "refunds") == [REFUNDS]
    assert embeddings.requests[-1]["headers"]["authorization"] == "Bearer sk-embedding-key-0042"
