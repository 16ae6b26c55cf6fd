"""Documents wait in a bounded line to be read: past it an upload is refused at once, whole, so
that a burst of large uploads never holds more than the line's worker threads."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest

from application.files.commands import UploadFile
from application.files.extraction import Extraction
from application.files.ports import Extracted
from application.files.reading_line import DocumentsBusyError, ReadingLine
from application.files.service import Files
from domain.files.errors import NoSuchFileError
from tests.unit.application.file_fakes import MemoryBlobs
from tests.unit.application.given import Commits
from tests.unit.application.racing import RACING


class SlowDocuments:
    """A reader that holds each document until let go, as a long PDF holds docling."""

    def __init__(self) -> None:
        self.reading = threading.Semaphore(0)
        self.let_go = threading.Event()

    def read(self, kind: str, data: bytes) -> Extracted:
        self.reading.release()
        self.let_go.wait(5)
        return Extracted(data.decode())


@pytest.fixture
def documents() -> Iterator[SlowDocuments]:
    documents = SlowDocuments()
    yield documents
    documents.let_go.set()


def reading(line: ReadingLine, documents: SlowDocuments, count: int) -> list[threading.Thread]:
    """``count`` documents taken into the line and being read or waiting, each in a thread of its own."""
    threads = [threading.Thread(target=line.read, args=("pdf", b"long")) for _ in range(count)]
    for thread in threads:
        thread.start()
        assert documents.reading.acquire(timeout=5)
    return threads


def test_a_document_past_the_lines_places_is_refused_at_once_saying_when_to_retry(documents: SlowDocuments):
    line = ReadingLine(documents, places=2)
    held = reading(line, documents, 2)
    with pytest.raises(DocumentsBusyError, match="2 documents are being read") as refused:
        line.read("pdf", b"one more")
    assert refused.value.retry_after > 0
    documents.let_go.set()
    for thread in held:
        thread.join()
    assert line.read("pdf", b"taken now").text == "taken now"


def test_a_line_has_at_least_one_place(documents: SlowDocuments):
    with pytest.raises(ValueError, match="at least one place"):
        ReadingLine(documents, places=0)


def test_an_upload_refused_by_a_full_line_stores_and_records_nothing(commits: Commits, documents: SlowDocuments):
    blobs = MemoryBlobs()
    line = ReadingLine(documents, places=1)
    files = Files(RACING, commits, blobs=blobs, extraction=Extraction(line, max_characters=100), max_size=1024)
    held = reading(line, documents, 1)
    file_id = uuid.uuid4()
    with pytest.raises(DocumentsBusyError):
        files.upload_file(UploadFile(file_id=file_id, owner_id="ada", name="report.pdf",
                                     content_type="application/pdf", data=b"refused"))
    assert blobs.kept == {}
    with pytest.raises(NoSuchFileError):
        files.file(file_id)
    documents.let_go.set()
    held[0].join()
