"""The SPA's Socket.IO endpoint: signing in a connection, chat rooms only for their readers, the
sidebar's refresh events, and revocation that takes the socket away at once."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.documents import form
from tests.e2e.people import Person, sign_in
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import TIMEOUT, Tab, chat_list_for, tab


@pytest.fixture
def person(server: AnnalsProcess, admin: Person) -> Person:
    """Someone whose account the test may revoke."""
    return people.member(server, admin, "socket")


def _new_chat(person: Person, title: str = "Live") -> str:
    response = person.http.post("/api/v1/chats/new", json=form(title))
    response.raise_for_status()
    return response.json()["id"]


def _typing(sender: Tab, chat_id: str) -> object:
    return sender.call("events:chat", {"chat_id": chat_id, "data": {"type": "typing", "data": {"typing": True}}})


def _still_signed_in(socket: Tab, person: Person) -> bool:
    chat_id = _new_chat(person, "Proof of life")
    return socket.join_chat(chat_id) is True


# --- Signing a connection in ----------------------------------------------------------------------

def test_user_join_answers_who_the_token_belongs_to(server: AnnalsProcess, member: Person) -> None:
    with tab(server, None) as socket:
        answer = socket.call("user-join", {"auth": {"token": member.token}})
    assert answer == {"id": member.id, "name": member.account["name"]}


def test_a_token_given_on_connect_signs_the_connection_in(server: AnnalsProcess, member: Person) -> None:
    with tab(server, member.token) as socket:
        assert socket.join_chat(_new_chat(member)) is True


def test_the_spas_fallback_of_polling_then_websocket_works(server: AnnalsProcess, member: Person) -> None:
    """What the SPA asks for when websockets are off: a polling handshake, then the upgrade."""
    with tab(server, member.token, transports=("polling", "websocket")) as socket:
        assert socket.join_chat(_new_chat(member)) is True


def test_a_bad_token_is_refused_and_the_connection_belongs_to_nobody(server: AnnalsProcess,
                                                                     member: Person) -> None:
    """As in Open WebUI the connection itself stays open (the SPA opens its socket before anyone
    signs in, then sends ``user-join``), but the token gets it nothing."""
    chat_id = _new_chat(member)
    with tab(server, "not-a-token") as socket:
        assert socket.call("user-join", {"auth": {"token": "not-a-token"}}) is None
        assert socket.join_chat(chat_id) is False


def test_a_connection_without_a_token_is_refused_every_chat(server: AnnalsProcess, member: Person) -> None:
    with tab(server, None) as socket:
        assert socket.join_chat(_new_chat(member)) is False


def test_a_pending_account_is_not_signed_in(server: AnnalsProcess, member: Person) -> None:
    pending = people.sign_up(server, "waiting")
    with tab(server, None) as socket:
        assert socket.call("user-join", {"auth": {"token": pending.token}}) is None


# --- Rooms ----------------------------------------------------------------------------------------

def test_joining_someone_elses_chat_room_is_refused(server: AnnalsProcess, member: Person,
                                                    person: Person) -> None:
    chat_id = _new_chat(member, "Private")
    with tab(server, member.token) as owner, tab(server, person.token) as intruder:
        assert owner.join_chat(chat_id) is True
        assert intruder.join_chat(chat_id) is False
        assert _typing(intruder, chat_id) is False
        assert _typing(owner, chat_id) is True
        assert _still_signed_in(intruder, person)  # its own events come after anything sent before
        assert not [e for e in intruder.received() if e.get("chat_id") == chat_id]


def test_an_admin_cannot_join_a_members_chat_room(server: AnnalsProcess, admin: Person, member: Person) -> None:
    """Open WebUI's admin chat access is off here, over HTTP and so over Socket.IO."""
    with tab(server, admin.token) as socket:
        assert socket.join_chat(_new_chat(member)) is False


def test_typing_reaches_the_other_tabs_in_the_chat(server: AnnalsProcess, member: Person) -> None:
    chat_id = _new_chat(member)
    with tab(server, member.token) as typist, tab(server, member.token) as reader:
        assert typist.join_chat(chat_id) is True and reader.join_chat(chat_id) is True
        assert _typing(typist, chat_id) is True
        event = reader.next_event(lambda e: e["data"]["type"] == "typing")
    assert event["user"] == {"id": member.id, "name": member.account["name"]}
    assert (event["chat_id"], event["shared"], event["data"]["data"]) == (chat_id, True, {"typing": True})


def test_a_left_chat_room_hears_no_more_typing(server: AnnalsProcess, member: Person) -> None:
    chat_id = _new_chat(member)
    with tab(server, member.token) as typist, tab(server, member.token) as reader:
        typist.join_chat(chat_id), reader.join_chat(chat_id)
        assert reader.call("events:chat", {"chat_id": chat_id, "data": {"type": "leave"}}) is True
        _typing(typist, chat_id)
        assert _still_signed_in(reader, member)
        assert not [e for e in reader.received() if e["data"]["type"] == "typing"]


# --- The sidebar's refresh events -----------------------------------------------------------------

def test_a_new_chat_refreshes_the_owners_chat_list(server: AnnalsProcess, member: Person) -> None:
    with tab(server, member.token) as socket:
        chat_id = _new_chat(member)
        event = socket.next_event(chat_list_for(chat_id))
    assert event["data"] == {"type": "chat:list", "data": {"chat_id": chat_id, "folder_id": None}}


def test_filing_a_chat_names_its_folder(server: AnnalsProcess, member: Person) -> None:
    chat_id = _new_chat(member)
    folder = member.http.post("/api/v1/folders/", json={"name": "Filed"}).json()
    with tab(server, member.token) as socket:
        member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder["id"]}).raise_for_status()
        event = socket.next_event(lambda e: chat_list_for(chat_id)(e) and e["data"]["data"]["folder_id"])
    assert event["data"]["data"]["folder_id"] == folder["id"]


def test_someone_elses_chats_never_reach_my_socket(server: AnnalsProcess, member: Person,
                                                   person: Person) -> None:
    with tab(server, member.token) as owner, tab(server, person.token) as other:
        chat_id = _new_chat(member)
        owner.next_event(chat_list_for(chat_id))
        own_chat = _new_chat(person)
        heard = other.until(chat_list_for(own_chat)) + other.received()
        assert not [e for e in heard if e.get("chat_id") == chat_id]


def test_reading_a_chat_marks_it_read_in_the_other_tabs(server: AnnalsProcess, member: Person) -> None:
    chat_id = _new_chat(member)
    with tab(server, member.token) as reading, tab(server, member.token) as other:
        reading.call("events:chat", {"chat_id": chat_id, "data": {"type": "last_read_at"}})
        event = other.next_event(lambda e: "last_read_at" in e["data"].get("data", {}))
    assert event["chat_id"] == chat_id and isinstance(event["data"]["data"]["last_read_at"], int)


# --- Revocation -----------------------------------------------------------------------------------

def test_signing_out_disconnects_the_socket(server: AnnalsProcess, person: Person) -> None:
    with tab(server, person.token) as socket:
        person.http.post("/api/v1/auths/signout").raise_for_status()
        assert socket.disconnected.wait(TIMEOUT)


def test_signing_out_leaves_the_other_sessions_sockets(server: AnnalsProcess, person: Person) -> None:
    elsewhere = sign_in(server, person.email, password=person.password)
    with tab(server, person.token) as signed_out, tab(server, elsewhere.token) as kept:
        person.http.post("/api/v1/auths/signout").raise_for_status()
        assert signed_out.disconnected.wait(TIMEOUT)
        assert _still_signed_in(kept, elsewhere)


def test_a_demoted_users_socket_is_dropped(server: AnnalsProcess, admin: Person, person: Person) -> None:
    admin.http.post(f"/api/v1/users/{person.id}/update", json={"role": "admin"}).raise_for_status()
    deputy = sign_in(server, person.email, password=person.password)
    with tab(server, deputy.token) as socket:
        admin.http.post(f"/api/v1/users/{person.id}/update", json={"role": "user"}).raise_for_status()
        assert socket.disconnected.wait(TIMEOUT)


def test_a_password_change_drops_every_socket(server: AnnalsProcess, person: Person) -> None:
    elsewhere = sign_in(server, person.email, password=person.password)
    with tab(server, person.token) as here, tab(server, elsewhere.token) as there:
        person.http.post("/api/v1/auths/update/password",
                         json={"password": person.password, "new_password": "another secret"}).raise_for_status()
        assert here.disconnected.wait(TIMEOUT) and there.disconnected.wait(TIMEOUT)


def test_a_deleted_users_socket_is_dropped(server: AnnalsProcess, admin: Person, person: Person) -> None:
    with tab(server, person.token) as socket:
        admin.http.delete(f"/api/v1/users/{person.id}").raise_for_status()
        assert socket.disconnected.wait(TIMEOUT)


def test_a_revoked_token_cannot_sign_a_connection_in_again(server: AnnalsProcess, person: Person) -> None:
    person.http.post("/api/v1/auths/signout").raise_for_status()
    with tab(server, person.token) as socket:
        assert socket.call("user-join", {"auth": {"token": person.token}}) is None
