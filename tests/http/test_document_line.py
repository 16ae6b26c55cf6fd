"""Uploads whose documents wait to be read are bounded (``ANNALS_DOCUMENT_READING_PLACES``): one
more is answered 503 with Retry-After and a reason, at once, and nothing of it is kept; sent again
once the line has room, it is taken."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests import sample_documents
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import in_process

LONG_PDF = sample_documents.pdf(*(f"Page {n} of the annual report.\n" * 40 for n in range(120)))


@pytest.fixture
def uploader(tmp_path: Path) -> Iterator[Person]:
    """Files are read, not indexed (full context): the line is about reading."""
    env = {"ANNALS_DOCUMENT_READING_PLACES": "1", "BYPASS_EMBEDDING_AND_RETRIEVAL": "true"}
    with in_process("embedded", tmp_path, env=env) as server:
        yield people.founder(server)


def upload(person: Person, name: str, data: bytes) -> httpx.Response:
    return person.http.post("/api/v1/files/", params={"process": "true"},
                            files={"file": (name, data, "application/pdf")})


def test_an_upload_past_the_reading_line_is_refused_whole_and_taken_when_sent_again(uploader: Person):
    """A long document and short ones sent beside it: whichever finds the line's one place taken is
    refused (the long one, if a short one got there first)."""
    memos: list[httpx.Response] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        long_upload = pool.submit(upload, uploader, "annual.pdf", LONG_PDF)
        while not long_upload.done() and all(memo.status_code == 200 for memo in memos):
            memos.append(upload(uploader, "memo.pdf", sample_documents.pdf("A short memo.")))
        answers = {"annual.pdf": long_upload.result(), "memo.pdf": memos[-1]}
    refused = {name: answer for name, answer in answers.items() if answer.status_code == 503}
    assert refused, "no upload found the line full"
    for name, answer in refused.items():
        assert int(answer.headers["Retry-After"]) > 0
        assert "nothing of this file was stored" in answer.json()["detail"]
        kept = [file["meta"]["name"] for file in uploader.http.get("/api/v1/files/").json()["items"]]
        assert kept.count(name) == sum(memo.status_code == 200 for memo in memos if name == "memo.pdf")
        again = upload(uploader, name, LONG_PDF if name == "annual.pdf" else sample_documents.pdf("A short memo."))
        assert again.status_code == 200
