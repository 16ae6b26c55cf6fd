"""/api/v1/files as the app uses it, on both stores: uploads kept as events with their bytes (and
their extracted text) in the blob store, read back by their owner (and admins) only, deleted with
their bytes; empty, oddly named uploads handled before anything is kept."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import PNG, blob_path, text_path, upload, uploaded
from tests.http.app import InProcessServer
from tests.sample_documents import pdf

NOTES = b"# Shopping\n- eggs\n- flour\n"


@pytest.fixture(scope="module")
def bob(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "bob")


def data_dir(server: InProcessServer) -> Path:
    return server.settings.data_dir


def test_an_upload_answers_open_webuis_file_with_its_text_extracted(member: Person):
    file = uploaded(member, "notes.md", NOTES, "text/markdown")
    assert (file["status"], file["user_id"], file["filename"]) == (True, member.id, "notes.md")
    assert file["meta"] == {"name": "notes.md", "content_type": "text/markdown", "size": len(NOTES), "data": {}}
    assert file["hash"] == hashlib.sha256(NOTES).hexdigest()
    assert file["data"] == {"status": "completed"}
    assert member.http.get(f"/api/v1/files/{file['id']}").json() == {k: v for k, v in file.items() if k != "status"}


def test_a_file_reads_back_as_it_was_sent(member: Person):
    file = uploaded(member, "notes.txt", NOTES, "text/plain")
    response = member.http.get(f"/api/v1/files/{file['id']}/content")
    assert response.content == NOTES
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"].startswith("inline;")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_picture_is_shown_in_place_and_asked_for_as_a_download(member: Person):
    file = uploaded(member, "dot.png", PNG, "image/png", process=False)
    assert file["data"] == {} and "status" not in file
    shown = member.http.get(f"/api/v1/files/{file['id']}/content")
    assert (shown.content, shown.headers["content-type"]) == (PNG, "image/png")
    downloaded = member.http.get(f"/api/v1/files/{file['id']}/content", params={"attachment": "true"})
    assert downloaded.headers["content-disposition"] == "attachment; filename=\"dot.png\"; filename*=UTF-8''dot.png"


def test_the_upload_status_is_final_when_the_upload_is_answered(member: Person):
    file = uploaded(member, "notes.txt", NOTES, "text/plain")
    streamed = member.http.get(f"/api/v1/files/{file['id']}/process/status", params={"stream": "true"})
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert streamed.text == 'data: {"status": "completed"}\n\n'
    assert member.http.get(f"/api/v1/files/{file['id']}/process/status").json() == {"status": "completed"}


def test_a_pdfs_text_is_extracted_and_kept_beside_it(server: InProcessServer, member: Person):
    file = uploaded(member, "report.pdf", pdf("Revenue grew 12%."), "application/pdf")
    assert file["data"] == {"status": "completed"}
    assert text_path(data_dir(server), file["id"]).read_text() == "Revenue grew 12%."


def test_a_files_indexed_text_is_the_text_extracted_from_it(member: Person):
    """What the app's knowledge file viewer shows in its Indexed text tab; none for a file unread."""
    read = uploaded(member, "report.pdf", pdf("Revenue grew 12%."), "application/pdf")
    unread = uploaded(member, "minutes.doc", b"\xd0\xcf\x11\xe0 old Word", "application/msword")
    assert member.http.get(f"/api/v1/files/{read['id']}/data/content").json() == {"content": "Revenue grew 12%."}
    assert member.http.get(f"/api/v1/files/{unread['id']}/data/content").json() == {"content": ""}


def test_a_damaged_pdf_is_kept_with_a_status_saying_it_could_not_be_read(member: Person):
    file = uploaded(member, "report.pdf", b"%PDF-1.4 not really", "application/pdf")
    assert file["data"]["status"] == "failed" and "could not be read as a .pdf document" in file["data"]["error"]
    streamed = member.http.get(f"/api/v1/files/{file['id']}/process/status", params={"stream": "true"})
    assert '"status": "failed"' in streamed.text and ".pdf" in streamed.text
    assert member.http.get(f"/api/v1/files/{file['id']}/content").content == b"%PDF-1.4 not really"


def test_a_document_whose_text_is_not_read_is_kept_with_a_status_saying_so(member: Person):
    file = uploaded(member, "minutes.doc", b"\xd0\xcf\x11\xe0 old Word", "application/msword")
    assert file["data"]["status"] == "failed" and "not extracted from .doc files" in file["data"]["error"]


def test_a_persons_list_holds_their_own_files_and_an_admins_everyones(member: Person, bob: Person, admin: Person):
    mine = uploaded(member, "mine.txt", b"the member's", "text/plain")
    theirs = uploaded(bob, "theirs.txt", b"bob's", "text/plain")
    listed = member.http.get("/api/v1/files/").json()
    assert mine["id"] in [f["id"] for f in listed["items"]] and theirs["id"] not in [f["id"] for f in listed["items"]]
    assert {f["user_id"] for f in listed["items"]} == {member.id} and listed["total"] == len(listed["items"])
    everyone = {f["id"] for f in admin.http.get("/api/v1/files/").json()["items"]}
    assert {mine["id"], theirs["id"]} <= everyone


def test_someone_elses_file_does_not_exist_for_them(member: Person, bob: Person):
    file = uploaded(member, "private.txt", b"secret", "text/plain")
    for path in ("", "/content", "/data/content", "/process/status"):
        assert bob.http.get(f"/api/v1/files/{file['id']}{path}").status_code == 404
    assert bob.http.delete(f"/api/v1/files/{file['id']}").status_code == 404
    assert member.http.get(f"/api/v1/files/{file['id']}/content").content == b"secret"


def test_an_admin_reads_anyones_file(member: Person, admin: Person):
    file = uploaded(member, "shared.txt", b"for the admin too", "text/plain")
    assert admin.http.get(f"/api/v1/files/{file['id']}/content").content == b"for the admin too"


def test_deleting_a_file_forgets_it_and_destroys_its_bytes_and_text(server: InProcessServer, member: Person):
    file = uploaded(member, "gone.txt", b"soon gone", "text/plain")
    assert blob_path(data_dir(server), file["id"]).read_bytes() == b"soon gone"
    assert text_path(data_dir(server), file["id"]).read_bytes() == b"soon gone"
    assert member.http.delete(f"/api/v1/files/{file['id']}").json() == {"message": "File deleted successfully"}
    assert not blob_path(data_dir(server), file["id"]).exists()
    assert not text_path(data_dir(server), file["id"]).exists()
    assert member.http.get(f"/api/v1/files/{file['id']}").status_code == 404
    assert file["id"] not in [f["id"] for f in member.http.get("/api/v1/files/").json()["items"]]


def test_an_empty_file_is_refused(member: Person):
    response = upload(member, "empty.txt", b"", "text/plain")
    assert response.status_code == 400 and "empty" in response.json()["detail"]


def test_a_path_in_a_file_name_is_dropped_and_never_reaches_the_disk(server: InProcessServer, member: Person):
    file = uploaded(member, "../../escape.txt", b"stays put", "text/plain")
    assert file["filename"] == "escape.txt"
    assert blob_path(data_dir(server), file["id"]).read_bytes() == b"stays put"
    assert not (data_dir(server).parent / "escape.txt").exists() and not (data_dir(server) / "escape.txt").exists()


def test_metadata_that_is_not_a_json_object_is_refused(member: Person):
    response = member.http.post("/api/v1/files/", files={"file": ("a.txt", b"a", "text/plain")},
                             data={"metadata": "not json"})
    assert response.status_code == 400
