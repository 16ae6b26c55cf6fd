"""Members' chat and feature permissions (Open WebUI's USER_PERMISSIONS_CHAT_* and
USER_PERMISSIONS_FEATURES_FOLDERS): the app is told them, and the server holds members to them (a
refusal says why and changes nothing), while admins may do everything. One server turns the chat
permissions off (folders on), the other leaves them on (folders off)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.documents import conversation
from tests.e2e.people import Person, founder, member, sign_in
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import tab
from tests.e2e.spa_turns import send, turn_body, until_inactive
from tests.e2e.uploads import upload
from tests.e2e.upstreams import QUICK, annals
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

CHAT_OFF = ("CONTROLS", "SYSTEM_PROMPT", "PARAMS", "DELETE", "DELETE_MESSAGE", "CONTINUE_RESPONSE",
            "REGENERATE_RESPONSE", "EDIT", "SHARE", "EXPORT", "MULTIPLE_MODELS", "FILE_UPLOAD")
OPEN = {"BYPASS_MODEL_ACCESS_CONTROL": "true", **QUICK}
SYSTEM = {"role": "system", "content": "one two three four five"}


def _server(upstream: UpstreamProcess, factory: pytest.TempPathFactory, env: dict[str, str]):
    return annals("embedded", factory.mktemp("annals"), {"OPENAI_API_BASE_URLS": upstream.openai_url, **OPEN, **env})


@pytest.fixture(scope="module")
def strict(fake_upstream: UpstreamProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    with _server(fake_upstream, tmp_path_factory,
                 {f"USER_PERMISSIONS_CHAT_{name}": "false" for name in CHAT_OFF}) as process:
        yield process


@pytest.fixture(scope="module")
def lenient(fake_upstream: UpstreamProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    with _server(fake_upstream, tmp_path_factory, {"USER_PERMISSIONS_FEATURES_FOLDERS": "false"}) as process:
        yield process


@pytest.fixture(scope="module")
def strict_admin(strict: AnnalsProcess) -> Person:
    return founder(strict)


@pytest.fixture(scope="module")
def strict_member(strict: AnnalsProcess, strict_admin: Person) -> Person:
    return member(strict, strict_admin, "ada")


@pytest.fixture(scope="module")
def lenient_admin(lenient: AnnalsProcess) -> Person:
    return founder(lenient)


@pytest.fixture(scope="module")
def lenient_member(lenient: AnnalsProcess, lenient_admin: Person) -> Person:
    return member(lenient, lenient_admin, "bob")


def _chat(person: Person) -> dict[str, Any]:
    response = person.http.post("/api/v1/chats/new", json=conversation())
    response.raise_for_status()
    return response.json()


def _refused(response, status: int = 401) -> None:
    assert response.status_code == status, response.text
    assert "is off" in response.json()["detail"]


# --- What the app is told -------------------------------------------------------------------

def test_the_app_is_told_the_members_permissions_at_sign_in_and_after(strict: AnnalsProcess,
                                                                      strict_member: Person) -> None:
    told = [sign_in(strict, strict_member.email).account["permissions"],
            strict_member.http.get("/api/v1/auths/").json()["permissions"],
            strict_member.http.get("/api/v1/users/permissions").json()]
    for permissions in told:
        assert not any(permissions["chat"][name.lower()] for name in CHAT_OFF)
        assert permissions["chat"]["stt"] is True and permissions["features"]["folders"] is True


def test_the_admins_page_shows_the_defaults_in_force(lenient_admin: Person) -> None:
    for path in ("/api/v1/users/default/permissions", "/api/v1/users/default/permissions/defaults"):
        permissions = lenient_admin.http.get(path).json()
        assert permissions["chat"]["delete"] is True and permissions["features"]["folders"] is False
        assert permissions["chat"]["temporary"] is False and permissions["features"]["notes"] is False


# --- Files ------------------------------------------------------------------------------------

def test_a_member_may_not_upload_when_chat_file_upload_is_off(strict_member: Person, strict_admin: Person,
                                                              lenient_member: Person) -> None:
    _refused(upload(strict_member, "notes.txt", b"kept to myself", "text/plain"))
    assert strict_member.http.get("/api/v1/files/").json()["total"] == 0
    assert upload(strict_admin, "notes.txt", b"an admin's", "text/plain").status_code == 200
    assert upload(lenient_member, "notes.txt", b"a member's", "text/plain").status_code == 200


# --- Chats ------------------------------------------------------------------------------------

def test_a_member_may_not_delete_a_chat_when_chat_delete_is_off(strict_member: Person) -> None:
    chat_id = _chat(strict_member)["id"]
    _refused(strict_member.http.delete(f"/api/v1/chats/{chat_id}"))
    assert strict_member.http.get(f"/api/v1/chats/{chat_id}").status_code == 200


def test_admins_delete_their_chats_whatever_the_members_may(strict_admin: Person) -> None:
    chat_id = _chat(strict_admin)["id"]
    assert strict_admin.http.delete(f"/api/v1/chats/{chat_id}").status_code == 200
    assert strict_admin.http.get(f"/api/v1/chats/{chat_id}").status_code == 404


def test_a_member_deletes_a_chat_when_chat_delete_is_on(lenient_member: Person) -> None:
    chat_id = _chat(lenient_member)["id"]
    assert lenient_member.http.delete(f"/api/v1/chats/{chat_id}").status_code == 200


def test_a_member_may_not_share_when_chat_share_is_off(strict_member: Person, strict_admin: Person,
                                                       lenient_member: Person) -> None:
    chat_id = _chat(strict_member)["id"]
    _refused(strict_member.http.post(f"/api/v1/chats/{chat_id}/share"))
    assert strict_member.http.get(f"/api/v1/chats/{chat_id}").json()["share_id"] is None
    assert strict_admin.http.post(f"/api/v1/chats/{_chat(strict_admin)['id']}/share").json()["share_id"]
    assert lenient_member.http.post(f"/api/v1/chats/{_chat(lenient_member)['id']}/share").json()["share_id"]


def test_a_refusal_is_recorded_with_the_permission_that_is_off(strict_member: Person,
                                                               strict_admin: Person) -> None:
    path = f"/api/v1/chats/{_chat(strict_member)['id']}/share"
    strict_member.http.post(path)

    def recorded() -> list[dict[str, Any]]:
        events = strict_admin.http.get("/api/v1/events", params={
            "context": "audit", "type": "Refusal.Recorded", "limit": 1000}).json()["events"]
        return [e["data"] for e in events if e["data"]["path"] == path]

    wait_for(lambda: bool(recorded()), timeout=10, what="the refusal's record")
    [refusal] = recorded()
    assert (refusal["user_id"], refusal["status"]) == (strict_member.id, 401)
    assert refusal["reason"] == "members' permission chat.share is off"


def test_a_member_may_not_edit_a_message_when_chat_edit_is_off(strict_member: Person, strict_admin: Person,
                                                               lenient_member: Person) -> None:
    chat_id = _chat(strict_member)["id"]
    _refused(strict_member.http.post(f"/api/v1/chats/{chat_id}/messages/q1", json={"content": "Changed"}))
    assert _content(strict_member, chat_id, "q1") == "What is an event log?"
    for person in (strict_admin, lenient_member):
        chat_id = _chat(person)["id"]
        assert person.http.post(f"/api/v1/chats/{chat_id}/messages/q1", json={"content": "Changed"}).status_code == 200
        assert _content(person, chat_id, "q1") == "Changed"


def test_a_member_may_not_delete_a_message_when_chat_delete_message_is_off(
        strict_member: Person, strict_admin: Person, lenient_member: Person) -> None:
    chat_id = _chat(strict_member)["id"]
    _refused(strict_member.http.delete(f"/api/v1/chats/{chat_id}/messages/a1"))
    assert _content(strict_member, chat_id, "a1")
    for person in (strict_admin, lenient_member):
        chat_id = _chat(person)["id"]
        assert person.http.delete(f"/api/v1/chats/{chat_id}/messages/a1").status_code == 200


def _content(person: Person, chat_id: str, message_id: str) -> str:
    return person.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["history"]["messages"][message_id]["content"]


# --- Folders ----------------------------------------------------------------------------------

def test_a_member_may_not_use_folders_when_features_folders_is_off(lenient_member: Person,
                                                                   lenient_admin: Person) -> None:
    _refused(lenient_member.http.get("/api/v1/folders/"), 403)
    _refused(lenient_member.http.post("/api/v1/folders/", json={"name": "Mine"}), 403)
    assert lenient_admin.http.post("/api/v1/folders/", json={"name": "Admin's"}).status_code == 200


def test_a_folder_with_chats_is_not_deleted_with_them_when_chat_delete_is_off(strict_member: Person) -> None:
    folder = strict_member.http.post("/api/v1/folders/", json={"name": "Full"}).json()
    chat_id = _chat(strict_member)["id"]
    strict_member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder["id"]}).raise_for_status()
    _refused(strict_member.http.delete(f"/api/v1/folders/{folder['id']}"), 403)
    assert strict_member.http.get(f"/api/v1/folders/{folder['id']}").status_code == 200
    assert strict_member.http.get(f"/api/v1/chats/{chat_id}").status_code == 200
    empty = strict_member.http.post("/api/v1/folders/", json={"name": "Empty"}).json()
    assert strict_member.http.delete(f"/api/v1/folders/{empty['id']}").status_code == 200


# --- Turns: several models, continuing, regenerating ----------------------------------------

def _two_models(chat_id: str | None = None) -> dict[str, Any]:
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    slots = [{"model_id": model, "message_id": i, "modelIdx": n}
             for n, (model, i) in enumerate(zip(("echo", "echo@delay=0.01"), ids, strict=True))]
    return {"id": ids[0], "message_ids": slots}


def test_a_member_may_not_ask_several_models_when_chat_multiple_models_is_off(strict_member: Person) -> None:
    before = strict_member.http.get("/api/v1/chats/").json()
    with tab(_server_of(strict_member), strict_member.token) as opened:
        _refused(strict_member.http.post("/api/chat/completions", json=turn_body(opened, "hi", **_two_models())))
    assert strict_member.http.get("/api/v1/chats/").json() == before


def test_a_member_asks_several_models_when_chat_multiple_models_is_on(lenient_member: Person) -> None:
    with tab(_server_of(lenient_member), lenient_member.token) as opened:
        answer = send(lenient_member, turn_body(opened, "hi", **_two_models()))
        until_inactive(opened, answer["chat_id"])
    assert len(answer["task_ids"]) == 2


def test_a_member_may_not_regenerate_or_continue_when_those_are_off(strict_member: Person) -> None:
    chat = _chat(strict_member)
    with tab(_server_of(strict_member), strict_member.token) as opened:
        again = turn_body(opened, "What is an event log?", chat_id=chat["id"], first=False)
        again["user_message"]["id"] = "q1"
        _refused(strict_member.http.post("/api/chat/completions", json=again))
        carry_on = turn_body(opened, "", chat_id=chat["id"], first=False, id="a1", assistant_message_id="a1",
                             message_ids=[{"model_id": "echo", "message_id": "a1", "modelIdx": 0}])
        _refused(strict_member.http.post("/api/chat/completions", json=carry_on))
    assert strict_member.http.get(f"/api/v1/chats/{chat['id']}").json()["chat"]["history"] == chat["chat"]["history"]


def test_a_member_may_still_send_a_new_message_when_regenerating_is_off(strict_member: Person) -> None:
    chat = _chat(strict_member)
    with tab(_server_of(strict_member), strict_member.token) as opened:
        answer = send(strict_member, turn_body(opened, "Next", chat_id=chat["id"], parent_id="a1", first=False))
        until_inactive(opened, answer["chat_id"])


def test_admins_and_allowed_members_regenerate(strict_admin: Person, lenient_member: Person) -> None:
    for person in (strict_admin, lenient_member):
        chat = _chat(person)
        with tab(_server_of(person), person.token) as opened:
            again = turn_body(opened, "What is an event log?", chat_id=chat["id"], first=False)
            again["user_message"]["id"] = "q1"
            until_inactive(opened, send(person, again)["chat_id"])


def _server_of(person: Person) -> str:
    return str(person.http.base_url).rstrip("/")


# --- System prompts and parameters ------------------------------------------------------------

def _prompt_tokens(person: Person) -> int:
    response = person.http.post("/api/chat/completions", json={
        "model": "echo", "messages": [SYSTEM, {"role": "user", "content": "hi"}]})
    assert response.status_code == 200, response.text
    return response.json()["usage"]["prompt_tokens"]


def test_a_members_system_prompt_is_left_out_when_chat_system_prompt_is_off(strict_member: Person) -> None:
    assert _prompt_tokens(strict_member) == 1


def test_the_system_prompt_reaches_the_model_for_admins_and_allowed_members(strict_admin: Person,
                                                                          lenient_member: Person) -> None:
    assert _prompt_tokens(strict_admin) == _prompt_tokens(lenient_member) == 6


def test_a_member_may_not_keep_a_system_prompt_in_settings_when_it_is_off(strict_member: Person,
                                                                          lenient_member: Person) -> None:
    sent = {"ui": {"system": "Talk like a pirate.", "theme": "dark"}}
    assert strict_member.http.post("/api/v1/users/user/settings/update", json=sent).json() == {"ui": {"theme": "dark"}}
    assert strict_member.http.get("/api/v1/users/user/settings").json() == {"ui": {"theme": "dark"}}
    assert lenient_member.http.post("/api/v1/users/user/settings/update", json=sent).json() == sent
