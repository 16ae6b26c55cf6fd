"""What the model is shown of a conversation's files: pictures as image parts read from the
store, documents' text before the latest question, nothing the caller may not read."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from application.files.attachments import Attachments
from application.files.commands import UploadFile
from application.files.service import Files
from application.models.catalog import Caller
from tests.unit.application.file_fakes import DAMAGED, MemoryBlobs, extraction
from tests.unit.application.given import Commits
from tests.unit.application.racing import RACING

ADA, ROOT = Caller(user_id="ada", is_admin=False), Caller(user_id="root", is_admin=True)


@pytest.fixture
def files(commits: Commits) -> Files:
    return Files(RACING, commits, blobs=MemoryBlobs(), extraction=extraction(), max_size=1024)


def upload(files: Files, name: str, data: bytes, kind: str, owner: str = "ada") -> dict[str, Any]:
    file_id = uuid.uuid4()
    files.upload_file(UploadFile(file_id=file_id, owner_id=owner, name=name, content_type=kind, data=data,
                                 process=not kind.startswith("image/")))
    return {"type": "file", "id": str(file_id), "url": str(file_id), "content_type": kind}


def said(text: str, *files: dict[str, Any]) -> dict[str, Any]:
    return {"role": "user", "content": text, "files": list(files)}


def test_a_picture_becomes_an_image_part_with_its_bytes(files: Files):
    picture = upload(files, "dot.png", b"\x89PNG", "image/png")
    [shown] = Attachments(files).shown([said("look", picture)], ADA).messages
    assert shown["content"] == [{"type": "text", "text": "look"},
                                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}}]


def test_documents_are_given_once_before_the_latest_question_through_the_template(files: Files):
    notes = upload(files, "a<b>.txt", b"alpha", "text/plain")
    history = [said("first", notes), {"role": "assistant", "content": "ok", "files": []}, said("second", notes)]
    shown = Attachments(files, lambda: "[context] | [query]").shown(history, ADA).messages
    assert [m["content"] for m in shown] == [
        "first", "ok", '<source id="1" name="a&lt;b&gt;.txt">alpha</source> | second\nsecond']


def test_a_document_without_text_is_left_out(files: Files):
    report = upload(files, "report.pdf", DAMAGED, "application/pdf")
    assert Attachments(files).shown([said("read it", report)], ADA).messages[0]["content"] == "read it"


def test_someone_elses_files_are_left_out_unless_the_caller_is_an_admin(files: Files):
    picture = upload(files, "b.png", b"x", "image/png", "bob")
    notes = upload(files, "b.txt", b"bobs plans", "text/plain", "bob")
    assert Attachments(files).shown([said("show", picture, notes)], ADA).messages[0]["content"] == "show"
    assert "bobs plans" in str(Attachments(files).shown([said("show", picture, notes)], ROOT).messages)


def test_a_picture_the_app_inlined_is_passed_on_and_other_urls_are_not(files: Files):
    inlined = {"type": "image", "url": "data:image/jpeg;base64,AAAA"}
    svg = {"type": "image", "url": "data:image/svg+xml;base64,AAAA"}
    elsewhere = {"type": "image", "url": "http://169.254.169.254/latest"}
    [shown] = Attachments(files).shown([said("these", inlined, svg, elsewhere)], ADA).messages
    assert shown["content"][1:] == [{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,AAAA"}}]
