"""What the app's file pages and knowledge file viewer change of a file: its name (sealed in the log
as an upload's name is, shown everywhere the file is listed), its indexed text (kept beside it,
indexed anew in its own collection and in the bases holding it), its bytes under any name the
browser asks for, and an admin's deletion of every file."""

from __future__ import annotations

from typing import Any

from application.event_log import read_log
from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import text_path, uploaded
from tests.http.app import InProcessServer
from tests.http.knowledge import add_file, create_base, may_make_knowledge, processed
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

server, admin = own_workspace("file-changes")
NOTES = b"# Notes\nWe ship on Fridays."


def notes(person: Person, name: str = "notes.md") -> dict[str, Any]:
    return uploaded(person, name, NOTES, "text/markdown")


def renamed(person: Person, file: dict[str, Any], name: str) -> Any:
    return person.http.post(f"/api/v1/files/{file['id']}/rename", json={"filename": name})


def edited(person: Person, file: dict[str, Any], text: str) -> Any:
    return person.http.post(f"/api/v1/files/{file['id']}/data/content/update", json={"content": text})


def indexed_texts(server: InProcessServer, collection: str, file: dict[str, Any]) -> list[str]:
    """The file's chunks in ``collection`` that mention shipping (every one of its texts does)."""
    hits = server.container.retrieval.lexical.search("ship", 10, [collection])
    return [hit.chunk.text for hit in hits if hit.chunk.metadata.get("file_id") == file["id"]]


def test_a_renamed_file_answers_and_reads_back_under_its_new_name(member: Person) -> None:
    file = notes(member)
    answer = renamed(member, file, "minutes.md")
    assert answer.status_code == 200, answer.text
    assert (answer.json()["filename"], answer.json()["meta"]["name"]) == ("minutes.md", "minutes.md")
    assert member.http.get(f"/api/v1/files/{file['id']}").json()["filename"] == "minutes.md"


def test_a_new_name_is_cleaned_as_an_uploads_name_is(member: Person) -> None:
    answer = renamed(member, notes(member), "../../etc/..passwd\x07.md")
    assert answer.status_code == 200 and answer.json()["filename"] == "passwd.md"


def test_a_blank_name_is_refused_saying_why(member: Person) -> None:
    answer = renamed(member, notes(member), "   ")
    assert answer.status_code == 400 and "name cannot be empty" in answer.text
    assert member.http.post(f"/api/v1/files/{notes(member)['id']}/rename", json={}).status_code == 422


def test_only_its_owner_and_admins_rename_a_file(server: InProcessServer, admin: Person, member: Person) -> None:
    file, other = notes(member), people.member(server, admin, "renamer")
    assert renamed(other, file, "mine.md").status_code == 404
    assert renamed(admin, file, "filed.md").json()["filename"] == "filed.md"


def test_the_new_name_is_sealed_in_the_log(server: InProcessServer, member: Person) -> None:
    renamed(member, notes(member), "Quarterly plan for Zanzibar.md")
    raw = b"".join(bytes(n.state) for n in read_log(server.container.files, 1, 100_000))
    assert b"Zanzibar" not in raw


def test_a_knowledge_base_lists_its_file_under_the_new_name(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, file = create_base(member), notes(member)
    add_file(member, base, file)
    renamed(member, file, "handbook.md")
    items = member.http.get(f"/api/v1/knowledge/{base['id']}/files").json()["items"]
    assert [item["filename"] for item in items] == ["handbook.md"]


def test_the_bytes_are_served_under_any_name_the_browser_asks(member: Person) -> None:
    file = uploaded(member, "page.html", b"<script>alert(1)</script>", "text/html")
    answer = member.http.get(f"/api/v1/files/{file['id']}/content/whatever.html")
    assert answer.status_code == 200 and answer.content == b"<script>alert(1)</script>"
    assert answer.headers["content-type"] == "application/octet-stream"
    assert answer.headers["content-disposition"].startswith('attachment; filename="page.html"')


def test_an_edited_text_is_kept_beside_the_file_and_read_back(server: InProcessServer, member: Person) -> None:
    file = uploaded(member, "minutes.doc", b"\xd0\xcf\x11\xe0 old Word", "application/msword")
    answer = edited(member, file, "Minutes: we ship on Mondays.")
    assert answer.status_code == 200 and answer.json() == {"content": "Minutes: we ship on Mondays."}
    assert member.http.get(f"/api/v1/files/{file['id']}/data/content").json()["content"] == answer.json()["content"]
    assert member.http.get(f"/api/v1/files/{file['id']}").json()["data"] == {"status": "completed"}
    assert text_path(server.settings.data_dir, file["id"]).read_text() == "Minutes: we ship on Mondays."


def test_an_empty_text_is_refused_saying_why(member: Person) -> None:
    file = notes(member)
    answer = edited(member, file, " \n ")
    assert answer.status_code == 400 and "empty" in answer.text
    assert member.http.get(f"/api/v1/files/{file['id']}/data/content").json()["content"] == NOTES.decode()


def test_someone_elses_text_cannot_be_edited(server: InProcessServer, admin: Person, member: Person) -> None:
    file = notes(member)
    assert edited(people.member(server, admin, "editor"), file, "Mine now.").status_code == 404
    assert member.http.get(f"/api/v1/files/{file['id']}/data/content").json()["content"] == NOTES.decode()


def test_an_edited_text_is_indexed_anew_in_the_files_own_collection(server: InProcessServer,
                                                                    member: Person) -> None:
    file = notes(member)
    collection = f"file-{file['id']}"
    wait_for(lambda: indexed_texts(server, collection, file) != [], timeout=60, what="the file to be indexed")
    edited(member, file, "We ship on Mondays now.")
    wait_for(lambda: indexed_texts(server, collection, file) == ["We ship on Mondays now."], timeout=60,
             what="the edited text to be indexed")


def test_an_edited_text_is_indexed_anew_in_every_base_holding_it(server: InProcessServer, admin: Person,
                                                                 member: Person) -> None:
    may_make_knowledge(admin, member)
    first, second, file = create_base(member, "One"), create_base(member, "Two"), notes(member)
    for base in (first, second):
        add_file(member, base, file)
        processed(member, base, file)
    edited(member, file, "We ship on Mondays now.")
    for base in (first, second):
        wait_for(lambda base=base: indexed_texts(server, base["id"], file) == ["We ship on Mondays now."],
                 timeout=60, what="the edited text to be indexed in the base")
        assert processed(member, base, file)["status"] == "completed"


def test_only_admins_delete_every_file(member: Person) -> None:
    file = notes(member)
    assert member.http.delete("/api/v1/files/all").status_code == 401  # as Open WebUI refuses a non-admin
    assert member.http.get(f"/api/v1/files/{file['id']}").status_code == 200


def test_deleting_every_file_deletes_each_with_its_bytes(server: InProcessServer, admin: Person,
                                                         member: Person) -> None:
    files = [notes(member), notes(admin, "admins.md")]
    answer = admin.http.delete("/api/v1/files/all")
    assert answer.status_code == 200, answer.text
    assert admin.http.get("/api/v1/files/").json() == {"items": [], "total": 0}
    for file in files:
        assert admin.http.get(f"/api/v1/files/{file['id']}/content").status_code == 404
        assert not text_path(server.settings.data_dir, file["id"]).exists()
