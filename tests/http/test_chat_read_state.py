"""Read marks as the SPA sets and shows them over HTTP: chats marked unread, folders and everything
marked read; unread chats listed first and counted per folder; nobody else's touched. (Chats read
over the socket, and the marks after a rebuild: tests/e2e/test_chat_read_state.py.)"""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.documents import CHAT_TITLE_ID_FIELDS
from tests.e2e.people import Person
from tests.e2e.read_marks import (
    is_unread,
    listed_chats,
    mark_unread,
    new_chat,
    new_folder,
    unread_counts,
)
from tests.http.app import InProcessServer

UNREAD_ANSWER_FIELDS = {"chat_id", "last_read_at", "folder_id", "folder_unread_counts"}


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """Someone with no chats or folders yet, so lists and counts are theirs alone."""
    return people.member(server, admin, "reader")


# --- One chat ---------------------------------------------------------------------------------------

def test_a_new_chat_is_listed_read(person: Person) -> None:
    chat_id = new_chat(person)
    listed = listed_chats(person)[chat_id]
    assert listed.keys() == CHAT_TITLE_ID_FIELDS and not is_unread(listed)


def test_marking_a_chat_unread_answers_open_webuis_fields(person: Person) -> None:
    chat_id = new_chat(person)
    answer = mark_unread(person, chat_id)
    assert answer.keys() == UNREAD_ANSWER_FIELDS
    assert (answer["chat_id"], answer["last_read_at"], answer["folder_id"]) == (chat_id, 0, None)


def test_a_chat_marked_unread_is_listed_unread(person: Person) -> None:
    chat_id = new_chat(person)
    mark_unread(person, chat_id)
    assert listed_chats(person)[chat_id]["last_read_at"] == 0


# --- Folders and everything -----------------------------------------------------------------------

def test_a_folder_counts_its_unread_chats_and_its_subfolders(person: Person) -> None:
    top = new_folder(person, "Top")
    below = new_folder(person, "Below", top)
    for folder_id in (top, below):
        mark_unread(person, new_chat(person, folder_id))
    assert unread_counts(person) == {top: 2, below: 1}


def test_marking_a_folder_read_reads_its_chats_and_its_subfolders(person: Person) -> None:
    top = new_folder(person, "Top")
    below = new_folder(person, "Below", top)
    chats = [new_chat(person, top), new_chat(person, below)]
    for chat_id in chats:
        mark_unread(person, chat_id)
    answer = person.http.post(f"/api/v1/folders/{top}/read").json()
    assert (answer["folder_id"], set(answer["folder_ids"]), answer["updated_count"]) == (top, {top, below}, 2)
    assert answer["folder_unread_counts"] == unread_counts(person) == {top: 0, below: 0}


def test_marking_everything_read_leaves_no_chat_unread(person: Person) -> None:
    folder_id = new_folder(person, "Filed")
    chats = [new_chat(person), new_chat(person, folder_id)]
    for chat_id in chats:
        mark_unread(person, chat_id)
    answer = person.http.post("/api/v1/chats/read").json()
    assert answer == {"updated_count": 2, "folder_unread_counts": {folder_id: 0}}
    listed = listed_chats(person, include_folders="true")
    assert not any(is_unread(listed[chat_id]) for chat_id in chats)


def test_a_folders_list_shows_its_unread_chats_first(person: Person) -> None:
    folder_id = new_folder(person, "Sorted")
    older, newer = new_chat(person, folder_id), new_chat(person, folder_id)
    mark_unread(person, older)
    listed = list(listed_chats(person, f"/api/v1/chats/folder/{folder_id}/list", page=1))
    assert listed == [older, newer]


def test_the_chat_list_shows_unread_chats_first_when_asked(person: Person) -> None:
    older, newer = new_chat(person), new_chat(person)
    mark_unread(person, older)
    assert list(listed_chats(person)) == [newer, older]
    assert list(listed_chats(person, sort_by="unread_updated_at")) == [older, newer]


def test_an_order_open_webui_lacks_is_refused_with_its_reason(person: Person) -> None:
    response = person.http.get("/api/v1/chats/", params={"sort_by": "unread"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"message": "Invalid enum value 'unread'", "key": "sort_by",
                                          "source": "query"}]


# --- Nobody else's ----------------------------------------------------------------------------------

def test_marking_someone_elses_chat_unread_answers_404(person: Person, member: Person) -> None:
    chat_id = new_chat(member)
    assert person.http.post(f"/api/v1/chats/{chat_id}/unread").status_code == 404
    assert not is_unread(listed_chats(member)[chat_id])


def test_marking_someone_elses_folder_read_answers_404(person: Person, member: Person) -> None:
    folder_id = new_folder(member, "Private")
    mark_unread(member, new_chat(member, folder_id))
    assert person.http.post(f"/api/v1/folders/{folder_id}/read").status_code == 404
    assert unread_counts(member)[folder_id] == 1


def test_ids_that_are_no_chat_or_folder_answer_404(person: Person) -> None:
    assert person.http.post("/api/v1/chats/not-a-chat/unread").status_code == 404
    assert person.http.post("/api/v1/folders/not-a-folder/read").status_code == 404
