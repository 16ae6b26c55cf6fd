"""A file added to a knowledge base is chunked, embedded (the real MiniLM, loaded once by the
session's server) and indexed in the base's collection; its status says how far that came, and
retrieval finds its chunks for those who may read the base, and for nobody else."""

from __future__ import annotations

from typing import Any

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.app import InProcessServer
from tests.http.knowledge import (
    add_file,
    create_base,
    grant,
    may_make_knowledge,
    processed,
    processed_base,
)
from tests.waiting import wait_for


def query(person: Person, base: dict[str, Any], question: str = "When do we ship?") -> Any:
    return person.http.post("/api/v1/retrieval/query/collection",
                            json={"collection_names": [base["id"]], "query": question, "k": 10})


def test_an_added_file_is_found_in_its_base_with_where_it_came_from(admin: Person, member: Person) -> None:
    base, file = processed_base(admin, member)
    answer = query(member, base).json()
    [[text]], [[metadata]], [[similarity]] = answer["documents"], answer["metadatas"], answer["distances"]
    assert text == "# Notes\nWe ship on Fridays." and 0.3 < similarity <= 1
    assert {key: metadata[key] for key in ("file_id", "name", "source", "created_by")} == {
        "file_id": file["id"], "name": "notes.md", "source": "notes.md", "created_by": member.id}
    doc = member.http.post("/api/v1/retrieval/query/doc", json={"collection_name": base["id"], "query": "ship"})
    assert doc.status_code == 200 and doc.json()["documents"] == [[text]] and len(doc.json()["ids"][0]) == 1


def test_someone_who_may_not_read_the_base_gets_none_of_its_chunks(server: InProcessServer, admin: Person,
                                                                   member: Person) -> None:
    base, _ = processed_base(admin, member)
    stranger = people.member(server, admin, "stranger")
    assert query(stranger, base).status_code == 404
    doc = stranger.http.post("/api/v1/retrieval/query/doc", json={"collection_name": base["id"], "query": "ship"})
    assert doc.status_code == 404
    shared = member.http.post(f"/api/v1/knowledge/{base['id']}/access/update",
                              json={"access_grants": [grant("user", stranger.id)]})
    assert shared.status_code == 200 and len(query(stranger, base).json()["documents"][0]) == 1


def test_a_file_without_text_fails_and_says_why(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, file = create_base(member), uploaded(member, "data.bin", b"\x00\x01", "application/octet-stream")
    add_file(member, base, file)
    outcome = processed(member, base, file)
    assert outcome["status"] == "failed" and ".bin files" in outcome["error"]


def test_a_removed_file_leaves_no_chunks_behind(admin: Person, member: Person) -> None:
    base, file = processed_base(admin, member)
    removed = member.http.post(f"/api/v1/knowledge/{base['id']}/file/remove", json={"file_id": file["id"]})
    assert removed.status_code == 200
    wait_for(lambda: query(member, base).json()["documents"] == [[]], timeout=30, what="its chunks to go")


def test_a_reset_base_leaves_no_chunks_behind(admin: Person, member: Person) -> None:
    base, _ = processed_base(admin, member)
    assert member.http.post(f"/api/v1/knowledge/{base['id']}/reset").status_code == 200
    wait_for(lambda: query(member, base).json()["documents"] == [[]], timeout=30, what="its chunks to go")


def test_updating_a_file_processes_it_again_without_duplicating_its_chunks(admin: Person, member: Person) -> None:
    base, file = processed_base(admin, member)
    again = member.http.post(f"/api/v1/knowledge/{base['id']}/file/update", json={"file_id": file["id"]})
    assert again.status_code == 200
    assert processed(member, base, file) == {"status": "completed"}
    assert len(query(member, base).json()["documents"][0]) == 1
