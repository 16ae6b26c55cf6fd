"""Read marks as the SPA sets them over the socket: a chat read tells every tab of its reader (and
the folders' counts), and nobody else's is touched; the marks read the same after ``annals
rebuild``. (The HTTP side of read marks: tests/http/test_chat_read_state.py.)"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.read_marks import (
    is_unread,
    listed_chats,
    mark_unread,
    new_chat,
    new_folder,
    news,
    unread_counts,
)
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import Tab, tab


@pytest.fixture
def person(server: AnnalsProcess, admin: Person) -> Person:
    """Someone with no chats or folders yet, so lists and counts are theirs alone."""
    return people.member(server, admin, "reader")


def _read(socket: Tab, chat_id: str) -> dict[str, Any]:
    """Report the read as the SPA does; what the person's tabs are told."""
    socket.call("events:chat", {"chat_id": chat_id, "data": {"type": "last_read_at"}})
    return socket.next_event(lambda e: e.get("chat_id") == chat_id and "last_read_at" in e["data"]["data"])


# --- Over the socket --------------------------------------------------------------------------------

def test_reading_a_chat_over_the_socket_tells_every_tab_of_the_person(server: AnnalsProcess, person: Person) -> None:
    chat_id = new_chat(person)
    mark_unread(person, chat_id)
    with tab(server, person.token) as reading, tab(server, person.token) as other:
        _read(reading, chat_id)
        told = other.next_event(lambda e: e.get("chat_id") == chat_id and "last_read_at" in e["data"]["data"])
    assert told["data"]["type"] == "chat:list"
    assert told["data"]["data"]["last_read_at"] >= listed_chats(person)[chat_id]["updated_at"]
    assert not is_unread(listed_chats(person)[chat_id])


def test_reading_an_unread_chat_tells_the_folders_counts(server: AnnalsProcess, person: Person) -> None:
    folder_id = new_folder(person, "Inbox")
    chat_id = new_chat(person, folder_id)
    mark_unread(person, chat_id)
    with tab(server, person.token) as socket:
        told = _read(socket, chat_id)["data"]["data"]
    assert told["folder_unread_counts"] == {folder_id: 0}


def test_reading_again_with_nothing_new_tells_no_counts(server: AnnalsProcess, person: Person) -> None:
    chat_id = new_chat(person)
    with tab(server, person.token) as socket:
        first = _read(socket, chat_id)["data"]["data"]
        again = _read(socket, chat_id)["data"]["data"]
    assert "folder_unread_counts" not in again and again["last_read_at"] == first["last_read_at"]


def test_a_chat_changed_after_it_was_read_is_unread(server: AnnalsProcess, person: Person) -> None:
    chat_id = new_chat(person)
    with tab(server, person.token) as socket:
        _read(socket, chat_id)
    news(person, chat_id)
    assert is_unread(listed_chats(person)[chat_id])


def test_reading_someone_elses_chat_over_the_socket_changes_and_tells_nothing(
        server: AnnalsProcess, person: Person, member: Person) -> None:
    chat_id = new_chat(member)
    mark_unread(member, chat_id)
    with tab(server, person.token) as socket:
        socket.call("events:chat", {"chat_id": chat_id, "data": {"type": "last_read_at"}})
        own = new_chat(person)
        heard = socket.until(lambda e: e.get("chat_id") == own) + socket.received()
    assert not [e for e in heard if e.get("chat_id") == chat_id]
    assert listed_chats(member)[chat_id]["last_read_at"] == 0


# --- Replay -----------------------------------------------------------------------------------------

def test_read_marks_read_the_same_after_a_rebuild(server: AnnalsProcess, person: Person) -> None:
    folder_id = new_folder(person, "Replayed")
    mark_unread(person, new_chat(person, folder_id))
    with tab(server, person.token) as socket:
        _read(socket, new_chat(person))
    before = (listed_chats(person, include_folders="true"), unread_counts(person))
    result = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chat_reads:" in result.stdout and "DIFFERENT" not in result.stdout
    assert (listed_chats(person, include_folders="true"), unread_counts(person)) == before

