"""The Documents settings an admin saves take effect where the work is done: on Postgres + Redis
the worker cuts the next file by them, and the API searches by them."""

from __future__ import annotations

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.knowledge import add_file, create_base, may_make_knowledge, processed

CONFIG = "/api/v1/retrieval/config"
TEXT = " ".join(f"Rule {n}: refunds of order {n} are paid in {n + 3} days." for n in range(12))


def test_the_worker_cuts_the_next_file_as_the_admin_saved(admin: Person, member: Person) -> None:
    page = admin.http.get(CONFIG).json()
    admin.http.post(f"{CONFIG}/update", json={**page, "TEXT_SPLITTER": "character", "CHUNK_SIZE": 60,
                                              "CHUNK_OVERLAP": 0, "TOP_K": 2}).raise_for_status()
    may_make_knowledge(admin, member)
    base, file = create_base(member), uploaded(member, "rules.txt", TEXT.encode(), "text/plain")
    add_file(member, base, file)
    assert processed(member, base, file)["status"] == "completed"
    answer = member.http.post("/api/v1/retrieval/query/collection",
                              json={"collection_names": [base["id"]], "query": "refunds of order 7"}).json()
    assert len(answer["documents"][0]) == 2 and all(len(text) <= 60 for text in answer["documents"][0])
