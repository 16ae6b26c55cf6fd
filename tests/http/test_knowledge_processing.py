"""A file added to a knowledge base is chunked, embedded (the real MiniLM, loaded once by the
session's server) and indexed in the base's collection; its status says how far that came, and
retrieval finds its chunks for those who may read the base, and for nobody else."""

from __future__ import annotations

from typing import Any

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.knowledge import a_file, add_file, create_base, may_make_knowledge
from tests.waiting import wait_for

DONE = ("completed", "failed")


def processed(person: Person, base: dict[str, Any], file: dict[str, Any]) -> dict[str, Any]:
    """The file's ``data`` in the base's listing, once its processing has ended."""
    found: dict[str, Any] = {}

    def ended() -> bool:
        items = person.http.get(f"/api/v1/knowledge/{base['id']}/files").json()["items"]
        found.update(next(item["data"] for item in items if item["id"] == file["id"]))
        return found["status"] in DONE

    wait_for(ended, timeout=60, what=f"{file['filename']} to be processed")
    return found


def processed_base(admin: Person, member: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    may_make_knowledge(admin, member)
    base, file = create_base(member), a_file(member, "notes.md")
    add_file(member, base, file)
    assert processed(member, base, file) == {"status": "completed"}
    return base, file


def test_an_added_text_file_is_processed(admin: Person, member: Person) -> None:
    processed_base(admin, member)


def test_a_file_without_text_fails_and_says_why(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, file = create_base(member), uploaded(member, "data.bin", b"\x00\x01", "application/octet-stream")
    add_file(member, base, file)
    outcome = processed(member, base, file)
    assert outcome["status"] == "failed" and ".bin files" in outcome["error"]


def test_updating_a_file_processes_it_again(admin: Person, member: Person) -> None:
    base, file = processed_base(admin, member)
    again = member.http.post(f"/api/v1/knowledge/{base['id']}/file/update", json={"file_id": file["id"]})
    assert again.status_code == 200
    assert processed(member, base, file) == {"status": "completed"}
