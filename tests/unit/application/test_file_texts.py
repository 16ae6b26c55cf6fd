"""A file's text is extracted once, when it is uploaded, and kept beside its bytes: each turn reads
it from there instead of converting the document again. So is a document's structure, until its
text is edited by hand. Both go when the file goes."""

from __future__ import annotations

import uuid

import pytest

from application.files.commands import DeleteFile, EditFileText, EraseFiles, UploadFile
from application.files.service import Files
from domain.files.errors import NoSuchFileError
from tests.unit.application.file_fakes import DAMAGED, FakeDocuments, MemoryBlobs, extraction, structure_of
from tests.unit.application.given import Commits
from tests.unit.application.racing import RACING

PDF, HTML = "application/pdf", "text/html"


@pytest.fixture
def blobs() -> MemoryBlobs:
    return MemoryBlobs()


@pytest.fixture
def documents() -> FakeDocuments:
    return FakeDocuments()


@pytest.fixture
def files(commits: Commits, blobs: MemoryBlobs, documents: FakeDocuments) -> Files:
    return Files(RACING, commits, blobs=blobs, extraction=extraction(documents, max_characters=20), max_size=1024)


def upload(files: Files, name: str, data: bytes, kind: str | None, owner: str = "ada") -> uuid.UUID:
    file_id = uuid.uuid4()
    files.upload_file(UploadFile(file_id=file_id, owner_id=owner, name=name, content_type=kind, data=data))
    return file_id


def test_a_documents_text_is_read_once_and_kept_beside_its_bytes(files: Files, blobs: MemoryBlobs,
                                                                  documents: FakeDocuments):
    file_id = upload(files, "report.pdf", b"Revenue grew.", PDF)
    texts = [files.text(files.file(file_id)) for _ in range(3)]
    assert texts == ["Revenue grew."] * 3 and documents.kinds == ["pdf"]
    assert blobs.kept[f"{file_id}.txt"] == b"Revenue grew."


def test_an_unreadable_document_is_kept_and_its_failure_recorded_with_the_reason(files: Files, blobs: MemoryBlobs):
    stored = files.file(upload(files, "report.pdf", DAMAGED, PDF))
    assert (stored.text_status, stored.text_error) == ("failed", "The file could not be read as a .pdf document")
    assert files.text(stored) is None and set(blobs.kept) == {str(stored.id)}


def test_a_text_longer_than_the_limit_is_not_given_rather_than_cut(files: Files):
    stored = files.file(upload(files, "long.txt", b"x" * 21, "text/plain"))
    assert stored.text_status == "failed" and "21 characters long; at most 20" in str(stored.text_error)


def test_a_document_without_text_says_so(files: Files):
    stored = files.file(upload(files, "scan.pdf", b" \n ", PDF))
    assert stored.text_status == "failed" and "No text was found" in str(stored.text_error)


def test_html_is_read_as_a_document_and_markdown_as_the_text_it_is(files: Files, documents: FakeDocuments):
    upload(files, "page.htm", b"<p>hi</p>", None)
    upload(files, "notes.md", b"# hi", "text/markdown")
    upload(files, "page.txt", b"<p>hi</p>", HTML)
    assert documents.kinds == ["html"]


def test_deleting_a_file_destroys_its_text_too(files: Files, blobs: MemoryBlobs):
    file_id = upload(files, "report.pdf", b"Revenue grew.", PDF)
    files.delete_file(DeleteFile(file_id=file_id, actor_id="ada"))
    assert blobs.kept == {}


def test_erasing_a_persons_files_destroys_their_texts_and_keeps_everyone_elses(files: Files, blobs: MemoryBlobs):
    adas, bobs = upload(files, "a.pdf", b"ada's", PDF), upload(files, "b.pdf", b"bob's", PDF, owner="bob")
    files.erase_files(EraseFiles(owner_id="ada", file_ids=[adas, bobs], actor_id="root"))
    assert set(blobs.kept) == {str(bobs), f"{bobs}.txt", f"{bobs}.json"}


def test_a_text_file_extracted_before_texts_were_kept_is_read_from_its_bytes(files: Files, blobs: MemoryBlobs):
    file_id = upload(files, "old.txt", b"\xef\xbb\xbfold notes", "text/plain")
    del blobs.kept[f"{file_id}.txt"]
    assert files.text(files.file(file_id)) == "old notes"


def test_a_documents_structure_is_kept_beside_its_text_and_a_text_file_has_none(files: Files, blobs: MemoryBlobs):
    document, text = upload(files, "report.pdf", b"Revenue grew.", PDF), upload(files, "notes.txt", b"hi", None)
    assert files.structure(files.file(document)) == blobs.kept[f"{document}.json"] == structure_of(b"Revenue grew.")
    assert files.structure(files.file(text)) is None and f"{text}.json" not in blobs.kept


def test_a_text_edited_by_hand_drops_the_structure_it_no_longer_matches(files: Files, blobs: MemoryBlobs):
    file_id = upload(files, "report.pdf", b"Revenue grew.", PDF)
    files.edit_file_text(EditFileText(file_id=file_id, actor_id="ada", is_admin=False, text="Costs fell."))
    assert files.structure(files.file(file_id)) is None and f"{file_id}.json" not in blobs.kept
    assert files.text(files.file(file_id)) == "Costs fell."


def test_an_edit_losing_the_race_to_a_deletion_puts_nothing_back(files: Files, blobs: MemoryBlobs):
    file_id = upload(files, "report.pdf", b"Revenue grew.", PDF)
    files.recorder.rivals.append(lambda: files.delete_file(DeleteFile(file_id=file_id, actor_id="ada")))
    with pytest.raises(NoSuchFileError):
        files.edit_file_text(EditFileText(file_id=file_id, actor_id="ada", is_admin=False, text="Costs fell."))
    assert blobs.kept == {}
