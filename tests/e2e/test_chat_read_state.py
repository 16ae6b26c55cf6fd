"""Read marks as the SPA sets and shows them: chats read over the socket, marked unread, folders and
everything marked read; unread chats listed first and counted per folder; nobody else's touched."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import CHAT_TITLE_ID_FIELDS, form, message
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import Tab, tab

UNREAD_ANSWER_FIELDS = {"chat_id", "last_read_at", "folder_id", "folder_unread_counts"}


@pytest.fixture
def person(server: AnnalsProcess, admin: Person) -> Person:
    """Someone with no chats or folders yet, so lists and counts are theirs alone."""
    return people.member(server, admin, "reader")


def _chat(person: Person, folder_id: str | None = None) -> str:
    body = {**form("Unread?", message("q1", "Anything new?")), "folder_id": folder_id}
    response = person.http.post("/api/v1/chats/new", json=body)
    response.raise_for_status()
    return response.json()["id"]


def _folder(person: Person, name: str, parent_id: str | None = None) -> str:
    response = person.http.post("/api/v1/folders/", json={"name": name, "parent_id": parent_id})
    response.raise_for_status()
    return response.json()["id"]


def _news(person: Person, chat_id: str) -> None:
    """A new message in the chat, as the SPA saves one."""
    body = form("Unread?", message("q1", "Anything new?"), message("a1", "Yes.", "q1", "assistant"))
    person.http.post(f"/api/v1/chats/{chat_id}", json=body).raise_for_status()


def _unread(person: Person, chat_id: str) -> dict[str, Any]:
    response = person.http.post(f"/api/v1/chats/{chat_id}/unread")
    response.raise_for_status()
    return response.json()


def _read(socket: Tab, chat_id: str) -> dict[str, Any]:
    """Report the read as the SPA does; what the person's tabs are told."""
    socket.call("events:chat", {"chat_id": chat_id, "data": {"type": "last_read_at"}})
    return socket.next_event(lambda e: e.get("chat_id") == chat_id and "last_read_at" in e["data"]["data"])


def _listed(person: Person, path: str = "/api/v1/chats/", **params: Any) -> dict[str, dict[str, Any]]:
    response = person.http.get(path, params=params)
    response.raise_for_status()
    return {chat["id"]: chat for chat in response.json()}


def _is_unread(chat: dict[str, Any]) -> bool:
    """The SPA's test."""
    return chat["last_read_at"] is None or chat["updated_at"] > chat["last_read_at"]


def _counts(person: Person) -> dict[str, int]:
    return {f["id"]: f["unread_count"] for f in person.http.get("/api/v1/folders/").json()}


# --- One chat ---------------------------------------------------------------------------------------

def test_a_new_chat_is_listed_read(person: Person) -> None:
    chat_id = _chat(person)
    listed = _listed(person)[chat_id]
    assert listed.keys() == CHAT_TITLE_ID_FIELDS and not _is_unread(listed)


def test_marking_a_chat_unread_answers_open_webuis_fields(person: Person) -> None:
    chat_id = _chat(person)
    answer = _unread(person, chat_id)
    assert answer.keys() == UNREAD_ANSWER_FIELDS
    assert (answer["chat_id"], answer["last_read_at"], answer["folder_id"]) == (chat_id, 0, None)


def test_a_chat_marked_unread_is_listed_unread(person: Person) -> None:
    chat_id = _chat(person)
    _unread(person, chat_id)
    assert _listed(person)[chat_id]["last_read_at"] == 0


def test_reading_a_chat_over_the_socket_tells_every_tab_of_the_person(server: AnnalsProcess, person: Person) -> None:
    chat_id = _chat(person)
    _unread(person, chat_id)
    with tab(server, person.token) as reading, tab(server, person.token) as other:
        _read(reading, chat_id)
        told = other.next_event(lambda e: e.get("chat_id") == chat_id and "last_read_at" in e["data"]["data"])
    assert told["data"]["type"] == "chat:list"
    assert told["data"]["data"]["last_read_at"] >= _listed(person)[chat_id]["updated_at"]
    assert not _is_unread(_listed(person)[chat_id])


def test_reading_an_unread_chat_tells_the_folders_counts(server: AnnalsProcess, person: Person) -> None:
    folder_id = _folder(person, "Inbox")
    chat_id = _chat(person, folder_id)
    _unread(person, chat_id)
    with tab(server, person.token) as socket:
        told = _read(socket, chat_id)["data"]["data"]
    assert told["folder_unread_counts"] == {folder_id: 0}


def test_reading_again_with_nothing_new_tells_no_counts(server: AnnalsProcess, person: Person) -> None:
    chat_id = _chat(person)
    with tab(server, person.token) as socket:
        first = _read(socket, chat_id)["data"]["data"]
        again = _read(socket, chat_id)["data"]["data"]
    assert "folder_unread_counts" not in again and again["last_read_at"] == first["last_read_at"]


def test_a_chat_changed_after_it_was_read_is_unread(server: AnnalsProcess, person: Person) -> None:
    chat_id = _chat(person)
    with tab(server, person.token) as socket:
        _read(socket, chat_id)
    _news(person, chat_id)
    assert _is_unread(_listed(person)[chat_id])


# --- Folders and everything -----------------------------------------------------------------------

def test_a_folder_counts_its_unread_chats_and_its_subfolders(person: Person) -> None:
    top = _folder(person, "Top")
    below = _folder(person, "Below", top)
    for folder_id in (top, below):
        _unread(person, _chat(person, folder_id))
    assert _counts(person) == {top: 2, below: 1}


def test_marking_a_folder_read_reads_its_chats_and_its_subfolders(person: Person) -> None:
    top = _folder(person, "Top")
    below = _folder(person, "Below", top)
    chats = [_chat(person, top), _chat(person, below)]
    for chat_id in chats:
        _unread(person, chat_id)
    answer = person.http.post(f"/api/v1/folders/{top}/read").json()
    assert (answer["folder_id"], set(answer["folder_ids"]), answer["updated_count"]) == (top, {top, below}, 2)
    assert answer["folder_unread_counts"] == _counts(person) == {top: 0, below: 0}


def test_marking_everything_read_leaves_no_chat_unread(person: Person) -> None:
    folder_id = _folder(person, "Filed")
    chats = [_chat(person), _chat(person, folder_id)]
    for chat_id in chats:
        _unread(person, chat_id)
    answer = person.http.post("/api/v1/chats/read").json()
    assert answer == {"updated_count": 2, "folder_unread_counts": {folder_id: 0}}
    listed = _listed(person, include_folders="true")
    assert not any(_is_unread(listed[chat_id]) for chat_id in chats)


def test_a_folders_list_shows_its_unread_chats_first(person: Person) -> None:
    folder_id = _folder(person, "Sorted")
    older, newer = _chat(person, folder_id), _chat(person, folder_id)
    _unread(person, older)
    listed = list(_listed(person, f"/api/v1/chats/folder/{folder_id}/list", page=1))
    assert listed == [older, newer]


def test_the_chat_list_shows_unread_chats_first_when_asked(person: Person) -> None:
    older, newer = _chat(person), _chat(person)
    _unread(person, older)
    assert list(_listed(person)) == [newer, older]
    assert list(_listed(person, sort_by="unread_updated_at")) == [older, newer]


def test_an_order_open_webui_lacks_is_refused_with_its_reason(person: Person) -> None:
    response = person.http.get("/api/v1/chats/", params={"sort_by": "unread"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"message": "Invalid enum value 'unread'", "key": "sort_by",
                                          "source": "query"}]


# --- Nobody else's ----------------------------------------------------------------------------------

def test_marking_someone_elses_chat_unread_answers_404(person: Person, member: Person) -> None:
    chat_id = _chat(member)
    assert person.http.post(f"/api/v1/chats/{chat_id}/unread").status_code == 404
    assert not _is_unread(_listed(member)[chat_id])


def test_marking_someone_elses_folder_read_answers_404(person: Person, member: Person) -> None:
    folder_id = _folder(member, "Private")
    _unread(member, _chat(member, folder_id))
    assert person.http.post(f"/api/v1/folders/{folder_id}/read").status_code == 404
    assert _counts(member)[folder_id] == 1


def test_ids_that_are_no_chat_or_folder_answer_404(person: Person) -> None:
    assert person.http.post("/api/v1/chats/not-a-chat/unread").status_code == 404
    assert person.http.post("/api/v1/folders/not-a-folder/read").status_code == 404


def test_reading_someone_elses_chat_over_the_socket_changes_and_tells_nothing(
        server: AnnalsProcess, person: Person, member: Person) -> None:
    chat_id = _chat(member)
    _unread(member, chat_id)
    with tab(server, person.token) as socket:
        socket.call("events:chat", {"chat_id": chat_id, "data": {"type": "last_read_at"}})
        own = _chat(person)
        heard = socket.until(lambda e: e.get("chat_id") == own) + socket.received()
    assert not [e for e in heard if e.get("chat_id") == chat_id]
    assert _listed(member)[chat_id]["last_read_at"] == 0


# --- Replay -----------------------------------------------------------------------------------------

def test_read_marks_read_the_same_after_a_rebuild(server: AnnalsProcess, person: Person) -> None:
    folder_id = _folder(person, "Replayed")
    _unread(person, _chat(person, folder_id))
    with tab(server, person.token) as socket:
        _read(socket, _chat(person))
    before = (_listed(person, include_folders="true"), _counts(person))
    result = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chat_reads:" in result.stdout and "DIFFERENT" not in result.stdout
    assert (_listed(person, include_folders="true"), _counts(person)) == before
