"""GET /api/v1/users/{id}/export: a person's subject-access archive, for admins."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.app import InProcessServer
from tests.http.knowledge import create_base, may_make_knowledge
from tests.http.test_audit_trail import entries


@pytest.fixture(scope="module")
def subject(open_policy: InProcessServer, open_admin: Person) -> Person:
    person = people.member(open_policy, open_admin, "subject")
    person.http.post("/api/v1/chats/new", json={"chat": {"title": "my diary"}}).raise_for_status()
    person.http.post("/api/v1/folders/", json={"name": "Private"}).raise_for_status()
    uploaded(person, "notes.txt", b"what I wrote", "text/plain", process=False)
    person.http.post("/api/v1/users/user/info/update", json={"location": "Lyon"}).raise_for_status()
    person.http.post("/api/v1/users/user/variables/update", json={"variables": {"pet": "Rex"}}).raise_for_status()
    may_make_knowledge(open_admin, person)
    create_base(person, "My recipes")
    person.http.post("/api/v1/memories/add", json={"content": "I keep bees"}).raise_for_status()
    return person


@pytest.fixture(scope="module")
def archive(open_admin: Person, subject: Person) -> zipfile.ZipFile:
    answer = open_admin.http.get(f"/api/v1/users/{subject.id}/export")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(answer.content))


def lines(archive: zipfile.ZipFile, path: str) -> list[dict]:
    return [json.loads(line) for line in archive.read(path).splitlines()]


def test_the_archive_holds_their_events_decoded(archive: zipfile.ZipFile):
    chats = lines(archive, "events/chats.jsonl")
    assert [e["data"]["title"] for e in chats if e["topic"].endswith("Chat.Created")] == ["my diary"]
    assert any(e["topic"].endswith("User.SignedIn") for e in lines(archive, "events/identity.jsonl"))
    created = [e for e in lines(archive, "events/knowledge.jsonl") if e["topic"].endswith("KnowledgeBase.Created")]
    assert [e["data"]["name"] for e in created] == ["My recipes"]
    assert [e["data"]["content"] for e in lines(archive, "events/memories.jsonl")
            if e["topic"].endswith("Memory.Added")] == ["I keep bees"]


def test_the_archive_holds_their_views_and_files(archive: zipfile.ZipFile, subject: Person):
    profile = json.loads(archive.read("views/profile.json"))
    assert (profile["id"], profile["info"], profile["variables"]) == (subject.id, {"location": "Lyon"}, {"pet": "Rex"})
    assert [c["title"] for c in lines(archive, "views/chats.jsonl")] == ["my diary"]
    assert [f["name"] for f in lines(archive, "views/folders.jsonl")] == ["Private"]
    assert [b["name"] for b in lines(archive, "views/knowledge.jsonl")] == ["My recipes"]
    assert [m["content"] for m in lines(archive, "views/memories.jsonl")] == ["I keep bees"]
    groups = [g["name"] for g in lines(archive, "views/groups.jsonl")]
    assert len(groups) == 1 and groups[0].startswith("Knowledge ")
    assert lines(archive, "views/models.jsonl") == []
    records = [n for n in archive.namelist() if n.startswith("files/") and n.endswith(".json")]
    assert len(records) == 1 and archive.read(records[0].removesuffix(".json") + ".bin") == b"what I wrote"


def test_the_archive_holds_the_audit_entries_about_them(archive: zipfile.ZipFile, subject: Person):
    audit = lines(archive, "audit/entries.jsonl")
    assert {"User.SignedIn", "Chat.Created"} <= {e["type"] for e in audit}
    assert all(e["actor_id"] == subject.id or subject.id in e["subjects"] for e in audit)


def test_the_manifest_names_every_part_with_its_count_and_checksum(archive: zipfile.ZipFile, subject: Person):
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["person"] == subject.id and manifest["as_of"]["Chats"] > 0
    parts = {p["path"]: p for p in manifest["parts"]}
    assert set(parts) == set(archive.namelist()) - {"manifest.json", "README.txt"}
    for path, part in parts.items():
        assert hashlib.sha256(archive.read(path)).hexdigest() == part["sha256"], path
    assert parts["views/chats.jsonl"]["count"] == 1
    assert "subject-access" in archive.read("README.txt").decode()


def test_exporting_someones_archive_is_recorded_about_them(open_admin: Person, subject: Person,
                                                           archive: zipfile.ZipFile):
    read = entries(open_admin, person=subject.id, type="Disclosure.Recorded")
    assert (open_admin.id, "person archive") in [(e["actor_id"], e["detail"]["resource"]) for e in read]


def test_an_unknown_person_has_no_archive(open_admin: Person):
    assert open_admin.http.get("/api/v1/users/00000000-0000-0000-0000-000000000000/export").status_code == 404


def test_a_member_may_not_export_anyones_archive(member: Person):
    assert member.http.get(f"/api/v1/users/{member.id}/export").status_code == 401


def test_without_the_policy_an_admin_may_not_export_someone_elses_archive(admin: Person, member: Person):
    answer = admin.http.get(f"/api/v1/users/{member.id}/export")
    assert answer.status_code == 401 and "annals export-person" in answer.text
