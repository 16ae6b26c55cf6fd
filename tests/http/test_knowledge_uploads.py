"""A file uploaded from a knowledge base's page, as Open WebUI 0.12.4's app uploads it: the upload's
metadata names the base, the app never calls ``file/add``, and it waits on the file's processing
status stream before it lists the base again."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import upload
from tests.http.app import InProcessServer
from tests.http.knowledge import create_base, grant, may_make_knowledge

NOTES = b"# Notes\nWe ship on Fridays."


def upload_into(person: Person, base_id: str, data: bytes = NOTES, name: str = "notes.md") -> Any:
    return upload(person, name, data, "text/markdown", metadata={"knowledge_id": base_id, "directory_id": None})


def status_events(person: Person, file_id: str) -> list[dict[str, Any]]:
    """The stream as the app reads it, to its end."""
    streamed = person.http.get(f"/api/v1/files/{file_id}/process/status", params={"stream": "true"}, timeout=90)
    assert streamed.status_code == 200 and streamed.headers["content-type"].startswith("text/event-stream")
    return [json.loads(line.removeprefix("data: ")) for line in streamed.text.splitlines() if line]


def listed(person: Person, base_id: str) -> dict[str, dict[str, Any]]:
    items = person.http.get(f"/api/v1/knowledge/{base_id}/files").json()["items"]
    return {item["id"]: item["data"] for item in items}


def test_an_upload_naming_a_base_joins_it_and_its_status_ends_when_it_is_processed(admin: Person,
                                                                                   member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    response = upload_into(member, base["id"])
    assert response.status_code == 200, response.text
    file_id = response.json()["id"]
    events = status_events(member, file_id)
    assert events[-1] == {"status": "completed"}
    assert {event["status"] for event in events} <= {"pending", "processing", "completed"}
    assert listed(member, base["id"]) == {file_id: {"status": "completed"}}
    polled = member.http.get(f"/api/v1/files/{file_id}/process/status")
    assert polled.status_code == 200 and polled.json() == {"status": "completed"}


def test_an_upload_without_text_ends_failed_with_the_reason(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    response = upload(member, "data.bin", b"\x00\x01", "application/octet-stream",
                      metadata={"knowledge_id": base["id"]})
    assert response.status_code == 200, response.text
    [*_, last] = status_events(member, response.json()["id"])
    assert last["status"] == "failed" and ".bin files" in last["error"]


def test_a_base_the_uploader_may_only_read_refuses_the_upload_and_keeps_nothing(
        server: InProcessServer, admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    reader = people.member(server, admin, "reader")
    base = create_base(member, "Handbook", grant("user", reader.id, "read"))
    refused = upload_into(reader, base["id"])
    assert refused.status_code == 403, refused.text
    assert reader.http.get("/api/v1/files/").json()["total"] == 0
    assert listed(member, base["id"]) == {}


def test_an_unknown_or_unseen_base_is_not_found(server: InProcessServer, admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    stranger = people.member(server, admin, "stranger")
    private = create_base(member)
    for base_id in (str(uuid.uuid4()), private["id"]):
        assert upload_into(stranger, base_id).status_code == 404
    assert stranger.http.get("/api/v1/files/").json()["total"] == 0


def test_an_upload_with_no_base_keeps_its_one_event_stream(member: Person) -> None:
    response = upload(member, "notes.md", NOTES, "text/markdown")
    assert status_events(member, response.json()["id"]) == [{"status": "completed"}]
