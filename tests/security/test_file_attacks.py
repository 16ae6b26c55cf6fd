"""Uploads cannot become our page or escape their storage (SECURITY.md, "Input and content" and
"Authorisation"): an uploaded HTML page or SVG is only ever a download of a type no browser runs
(CVE-2025-46571), every file is served with ``nosniff`` and a sandboxing CSP, names a person gives
never reach the filesystem (CVE-2024-7033/7034/7037), and someone else's file does not exist for
them, the attempt recorded (CVE-2026-45301)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import people
from tests.e2e.audit import recorded
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.e2e.uploads import blob_path, upload, uploaded

PAGE = b"<html><body><script>fetch('/api/v1/auths/').then(r => r.text()).then(alert)</script></body></html>"
SMALL_UPLOADS = {"RAG_FILE_MAX_SIZE": "1"}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.mark.parametrize(("name", "data", "declared"), [
    ("page.html", PAGE, "text/html"), ("drawing.svg", SVG, "image/svg+xml"),
    ("page.xhtml", PAGE, "application/xhtml+xml"),
])
def test_active_content_is_only_ever_a_download(member: Person, name: str, data: bytes, declared: str):
    file = uploaded(member, name, data, declared, process=False)
    response = member.http.get(f"/api/v1/files/{file['id']}/content")
    assert response.content == data
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


def test_a_page_posing_as_a_picture_is_not_sniffed(member: Person):
    file = uploaded(member, "cat.png", PAGE, "image/png", process=False)
    response = member.http.get(f"/api/v1/files/{file['id']}/content")
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


@pytest.mark.parametrize(("sent", "kept"), [
    ("../../../outside.txt", "outside.txt"), ("..\\..\\outside.txt", "outside.txt"), ("/etc/passwd", "passwd"),
    ("..", "file"),
])
def test_names_are_cleaned_and_bytes_are_stored_under_the_files_id(server: AnnalsProcess, member: Person,
                                                                   sent: str, kept: str):
    file = uploaded(member, sent, b"contained", "text/plain")
    assert file["filename"] == kept
    assert blob_path(Path(server.env["ANNALS_DATA_DIR"]), file["id"]).read_bytes() == b"contained"


def test_a_download_names_the_file_without_breaking_the_header(member: Person):
    file = uploaded(member, 'quote" ; evil=1.txt', b"x", "text/plain")
    disposition = member.http.get(f"/api/v1/files/{file['id']}/content",
                                  params={"attachment": "true"}).headers["content-disposition"]
    assert disposition == ("attachment; filename=\"quote_ _ evil_1.txt\"; "
                           "filename*=UTF-8''quote%22%20%3B%20evil%3D1.txt")


def test_reading_someone_elses_file_is_recorded_though_answered_as_not_found(
        server: AnnalsProcess, admin: Person, member: Person):
    file = uploaded(member, "private.txt", b"mine", "text/plain")
    snoop = people.member(server, admin, "file-snoop")
    path = f"/api/v1/files/{file['id']}/content"
    assert snoop.http.get(path).status_code == 404
    refusal = recorded(admin, kind="permission", user_id=snoop.id, path=path)
    assert (refusal["reason"], refusal["status"]) == ("someone else's file", 404)


@pytest.fixture(scope="module")
def small_uploads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Person]:
    """A server taking files of 1 MB at most, and its first account."""
    data_dir = tmp_path_factory.mktemp("small-uploads")
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), **SMALL_UPLOADS}, data_dir).start()
    yield people.sign_up(process, "uploader")
    process.stop()


def test_a_file_over_the_size_limit_is_refused_saying_the_limit(small_uploads: Person):
    response = upload(small_uploads, "big.txt", b"x" * (1024 * 1024 + 1), "text/plain")
    assert response.status_code == 413 and "at most 1.0 MB" in response.json()["detail"]


def test_a_body_far_over_the_size_limit_is_refused_before_it_is_read(small_uploads: Person):
    response = upload(small_uploads, "huge.txt", b"x" * (3 * 1024 * 1024), "text/plain")
    assert response.status_code == 413


def test_the_app_is_told_the_upload_limits(small_uploads: Person):
    assert small_uploads.http.get("/api/config").json()["file"] == {
        "max_size": 1, "max_count": None, "image_compression": {"width": None, "height": None}}
