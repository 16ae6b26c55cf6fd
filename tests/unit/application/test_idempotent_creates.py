"""A create sent with an idempotency key: a retry creates nothing, another request with the key is
refused, and of two racing with one key only one commits."""

from __future__ import annotations

import pytest

from application.chats.commands import CreateChat
from application.chats.service import Chats
from application.files.commands import UploadFile
from application.files.service import Files
from application.idempotency import Once
from domain.idempotency import IdempotencyKeyReusedError
from tests.unit.application.file_fakes import MemoryBlobs, extraction
from tests.unit.application.given import Commits, topics
from tests.unit.application.racing import RACING, RacingRecorder
from tests.unit.builders import message, snapshot


def _create(chats: Chats, once: Once, title: str = "keyed") -> int | None:
    return chats.create_chat(CreateChat(chat_id=once.created_id(), owner_id=once.person_id,
                                        state=snapshot(message("q"), title=title), once=once))


def _once(digest: str = "d1") -> Once:
    return Once(person_id="alice", key="k1", operation="chats.new", digest=digest)


def test_the_key_is_saved_with_the_chat_it_created(chats: Chats):
    _create(chats, _once())
    assert topics(chats) == ["Chat.Created", "Chat.MessageAppended", "RequestKey.Used"]


def test_a_retry_creates_nothing_and_answers_a_position_that_includes_the_first(chats: Chats):
    first = _create(chats, _once())
    again = _create(chats, _once())
    assert again == chats.position == first
    assert len(topics(chats)) == 3


def test_the_key_with_another_request_is_refused(chats: Chats):
    _create(chats, _once())
    with pytest.raises(IdempotencyKeyReusedError):
        _create(chats, _once(digest="d2"), title="another")


def test_a_request_that_loses_the_race_for_its_key_answers_as_the_winner(chats: Chats):
    recorder = chats.recorder
    assert isinstance(recorder, RacingRecorder)
    recorder.rivals.append(lambda: _create(chats, _once()))
    assert _create(chats, _once()) == chats.position
    assert topics(chats).count("Chat.Created") == 1


def test_an_upload_that_loses_the_race_for_its_key_leaves_the_winners_bytes(commits: Commits):
    blobs = MemoryBlobs()
    files = Files(RACING, commits, blobs=blobs, extraction=extraction(), max_size=1024)
    once = Once(person_id="ada", key="k1", operation="files.upload", digest="d1")

    def upload() -> int | None:
        return files.upload_file(UploadFile(file_id=once.created_id(), owner_id="ada", name="a.txt",
                                            content_type="text/plain", data=b"bytes", once=once))

    recorder = files.recorder
    assert isinstance(recorder, RacingRecorder)
    recorder.rivals.append(upload)
    assert upload() == files.position
    assert blobs.kept[str(once.created_id())] == b"bytes"
