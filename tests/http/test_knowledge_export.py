"""A knowledge base exported by an admin (the Workspace's Knowledge list, Export): a zip of its files'
indexed texts, safe to unpack, and recorded in the audit trail when the texts are someone else's."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any

import httpx

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.knowledge import a_file, add_file, create_base, may_make_knowledge, processed
from tests.http.test_audit_trail import entries


def export(person: Person, base: dict[str, Any]) -> httpx.Response:
    return person.http.get(f"/api/v1/knowledge/{base['id']}/export")


def unpacked(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def with_files(person: Person, base: dict[str, Any], *files: dict[str, Any]) -> dict[str, Any]:
    for file in files:
        add_file(person, base, file)
        processed(person, base, file)
    return base


def indexed_text(person: Person, file: dict[str, Any]) -> str:
    text: str = person.http.get(f"/api/v1/files/{file['id']}/data/content").json()["content"]
    return text


def test_each_files_indexed_text_is_an_entry_named_after_it(admin: Person) -> None:
    notes = a_file(admin, "notes.md")
    plan = uploaded(admin, "plan.txt", b"Ship on Friday.\nTest on Thursday.", "text/plain")
    base = with_files(admin, create_base(admin, "Handbook"), notes, plan)
    answer = export(admin, base)
    assert unpacked(answer) == {"notes.md.txt": indexed_text(admin, notes), "plan.txt": indexed_text(admin, plan)}
    assert "We ship on Fridays." in unpacked(answer)["notes.md.txt"]
    assert answer.headers["content-disposition"] == "attachment; filename*=UTF-8''Handbook.zip"


def test_names_that_would_repeat_are_numbered_and_none_leaves_the_archive(admin: Person) -> None:
    files = [a_file(admin, "notes.md"), a_file(admin, "notes.md"), a_file(admin, "NOTES.md"),
             a_file(admin, "../../etc/cron.d/evil")]
    base = with_files(admin, create_base(admin, "Plans: Q3/Q4 ü"), *files)
    answer = export(admin, base)
    names = list(unpacked(answer))  # which of the three comes first is the listing's order
    assert sorted(n.casefold() for n in names) == ["evil.txt", "notes.md (2).txt", "notes.md (3).txt", "notes.md.txt"]
    assert answer.headers["content-disposition"] == "attachment; filename*=UTF-8''Plans_%20Q3_Q4%20%C3%BC.zip"


def test_a_file_without_text_is_left_out(admin: Person) -> None:
    binary = uploaded(admin, "data.bin", b"\x00\x01", "application/octet-stream")
    base = with_files(admin, create_base(admin), a_file(admin, "notes.md"), binary)
    assert list(unpacked(export(admin, base))) == ["notes.md.txt"]
    assert unpacked(export(admin, create_base(admin, "Empty"))) == {}


def test_only_admins_export_and_a_base_that_does_not_exist_is_not_found(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    theirs = with_files(member, create_base(member), a_file(member))
    assert export(member, theirs).status_code == 401
    assert export(admin, {"id": str(uuid.uuid4())}).status_code == 404
    assert export(admin, {"id": "not-an-id"}).status_code == 404


def test_an_admins_export_of_someones_texts_is_recorded_about_them(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    theirs = with_files(member, create_base(member), a_file(member))
    assert list(unpacked(export(admin, theirs))) == ["notes.md.txt"]
    read = entries(admin, person=member.id, type="Disclosure.Recorded")
    assert [(e["actor_id"], e["subjects"], e["detail"]["resource"], e["detail"]["path"]) for e in read] == [
        (admin.id, [member.id], f"knowledge {theirs['id']}", f"/api/v1/knowledge/{theirs['id']}/export")]


def test_an_admins_export_of_their_own_texts_records_nothing(admin: Person) -> None:
    own = with_files(admin, create_base(admin), a_file(admin))
    unpacked(export(admin, own))
    assert [e for e in entries(admin, type="Disclosure.Recorded") if own["id"] in e["detail"]["resource"]] == []
