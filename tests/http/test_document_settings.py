"""The admin's Documents page: what it saves of chunking, search and the RAG template is kept and
takes effect (the next file is cut by it, the next search returns as many chunks as it says, the
next memory query honours its threshold); what Annals does not have is refused if asked for, and
then nothing of the save is kept."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.knowledge import add_file, create_base, may_make_knowledge, processed
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

server, admin = own_workspace("document-settings")
CONFIG = "/api/v1/retrieval/config"
TEXT = " ".join(f"Rule {n}: refunds of order {n} are paid in {n + 3} days." for n in range(12))


def saved(admin: Person, **changes: Any) -> dict[str, Any]:
    """The page's save: everything it read, with ``changes``."""
    response = admin.http.post(f"{CONFIG}/update", json={**admin.http.get(CONFIG).json(), **changes})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def defaults(admin: Person):
    """The settings in force before the test, saved back after it."""
    before = admin.http.get(CONFIG).json()
    yield before
    admin.http.post(f"{CONFIG}/update", json=before).raise_for_status()


def test_the_settings_in_force_are_the_environments_until_saved(admin: Person) -> None:
    config = admin.http.get(CONFIG).json()
    assert {k: config[k] for k in ("TOP_K", "CHUNK_SIZE", "CHUNK_OVERLAP", "ENABLE_RAG_HYBRID_SEARCH",
                                   "RELEVANCE_THRESHOLD", "TEXT_SPLITTER", "RAG_TEMPLATE")} == {
        "TOP_K": 3, "CHUNK_SIZE": 1000, "CHUNK_OVERLAP": 100, "ENABLE_RAG_HYBRID_SEARCH": False,
        "RELEVANCE_THRESHOLD": 0.0, "TEXT_SPLITTER": "", "RAG_TEMPLATE": ""}
    assert config["web"]["ENABLE_WEB_SEARCH"] is False


def test_a_save_is_kept_and_read_back(admin: Person, defaults: dict[str, Any]) -> None:
    answer = saved(admin, TOP_K=5, CHUNK_SIZE=500, CHUNK_OVERLAP=50, ENABLE_RAG_HYBRID_SEARCH=True,
                   HYBRID_BM25_WEIGHT=0.3, RELEVANCE_THRESHOLD=0.2, RAG_TEMPLATE="{{CONTEXT}} / {{QUERY}}",
                   RAG_FULL_CONTEXT=True, BYPASS_EMBEDDING_AND_RETRIEVAL=True)
    assert answer == admin.http.get(CONFIG).json()
    assert (answer["TOP_K"], answer["CHUNK_SIZE"], answer["ENABLE_RAG_HYBRID_SEARCH"], answer["RAG_TEMPLATE"]) == (
        5, 500, True, "{{CONTEXT}} / {{QUERY}}")
    assert answer["RAG_FULL_CONTEXT"] is answer["BYPASS_EMBEDDING_AND_RETRIEVAL"] is True


def test_the_next_file_is_cut_and_searched_as_saved(admin: Person, member: Person,
                                                    defaults: dict[str, Any]) -> None:
    saved(admin, TEXT_SPLITTER="character", CHUNK_SIZE=60, CHUNK_OVERLAP=0, TOP_K=2)
    may_make_knowledge(admin, member)
    base, file = create_base(member), uploaded(member, "rules.txt", TEXT.encode(), "text/plain")
    add_file(member, base, file)
    assert processed(member, base, file)["status"] == "completed"
    answer = member.http.post("/api/v1/retrieval/query/collection",
                              json={"collection_names": [base["id"]], "query": "refunds of order 7"}).json()
    assert len(answer["documents"][0]) == 2 and all(len(text) <= 60 for text in answer["documents"][0])


def test_a_memory_query_honours_the_saved_relevance_threshold(admin: Person, member: Person,
                                                              defaults: dict[str, Any]) -> None:
    member.http.post("/api/v1/memories/add", json={"content": "I play chess on Sundays."}).raise_for_status()
    wait_for(lambda: member.http.post("/api/v1/memories/query", json={"content": "chess"}).json()["documents"]
             == [["I play chess on Sundays."]], timeout=60, what="the memory to be indexed")
    saved(admin, RELEVANCE_THRESHOLD=0.99)
    assert member.http.post("/api/v1/memories/query", json={"content": "chess"}).json()["documents"] == [[]]


@pytest.mark.parametrize("changes", [{"TOP_K": 0}, {"TOP_K": "5"}, {"CHUNK_SIZE": 100, "CHUNK_OVERLAP": 100},
                                     {"TEXT_SPLITTER": "magic"}, {"RELEVANCE_THRESHOLD": 1.5},
                                     {"RAG_TEMPLATE": None}, {"ENABLE_RAG_HYBRID_SEARCH": "yes"},
                                     {"RAG_FULL_CONTEXT": 1}, {"BYPASS_EMBEDDING_AND_RETRIEVAL": None}])
def test_a_value_a_setting_cannot_take_is_refused_and_nothing_is_kept(admin: Person, changes: dict[str, Any]) -> None:
    before = admin.http.get(CONFIG).json()
    response = admin.http.post(f"{CONFIG}/update", json={**before, "TOP_K": 7, **changes})
    assert response.status_code == 400 and "nothing was changed" in response.json()["detail"]
    assert admin.http.get(CONFIG).json() == before


@pytest.mark.parametrize("changes", [{"CONTENT_EXTRACTION_ENGINE": "tika"}, {"PDF_EXTRACT_IMAGES": True},
                                     {"RAG_RERANKING_MODEL": "bge"}, {"web": {"ENABLE_WEB_SEARCH": True}}])
def test_asking_for_what_annals_does_not_have_is_refused_and_nothing_is_kept(admin: Person,
                                                                            changes: dict[str, Any]) -> None:
    before = admin.http.get(CONFIG).json()
    response = admin.http.post(f"{CONFIG}/update", json={**before, "TOP_K": 7, **changes})
    assert response.status_code == 400 and "Annals does not have" in response.json()["detail"]
    assert admin.http.get(CONFIG).json() == before


def test_members_neither_read_nor_save_the_settings(member: Person) -> None:
    assert member.http.get(CONFIG).status_code == 401
    assert member.http.post(f"{CONFIG}/update", json={"TOP_K": 9}).status_code == 401


def test_the_embedding_model_in_force_is_shown_and_restating_it_keeps_it(admin: Person) -> None:
    embedding = admin.http.get("/api/v1/retrieval/embedding").json()
    assert (embedding["RAG_EMBEDDING_ENGINE"], embedding["RAG_EMBEDDING_MODEL"], embedding["rebuild"]) == (
        "", "sentence-transformers/all-MiniLM-L6-v2", None)
    restated = admin.http.post("/api/v1/retrieval/embedding/update", json=embedding)
    assert restated.status_code == 200 and restated.json() == embedding
