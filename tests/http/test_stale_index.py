"""Indexes another embedding model built are stale: the retrieval query routes answer 503 with
the reason (``annals reindex``) rather than compare vectors of two models."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.retrieval.ports import EmbeddingModel
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from tests.e2e import people
from tests.http.app import InProcessServer, in_process
from tests.http.knowledge import create_base, may_make_knowledge
from tests.stores import STORES

ANOTHER_MODEL = EmbeddingModel("openai:text-embedding-3-small", 1536)


@pytest.fixture(scope="module", params=STORES)
def built_by_another_model(request: pytest.FixtureRequest,
                           tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    data_dir = tmp_path_factory.mktemp("stale-index")
    EmbeddedVectorIndex(data_dir / "retrieval" / "vectors", ANOTHER_MODEL).close()
    with in_process(request.param, data_dir) as server:
        yield server


def test_the_retrieval_query_routes_answer_503_saying_to_reindex(built_by_another_model: InProcessServer) -> None:
    admin = people.founder(built_by_another_model)
    member = people.member(built_by_another_model, admin, "member")
    may_make_knowledge(admin, member)
    base = create_base(member)
    for path, body in (("/api/v1/retrieval/query/doc", {"collection_name": base["id"], "query": "ship"}),
                       ("/api/v1/retrieval/query/collection", {"collection_names": [base["id"]], "query": "ship"})):
        answer = member.http.post(path, json=body)
        assert answer.status_code == 503 and ANOTHER_MODEL.name in answer.json()["detail"], answer.text
