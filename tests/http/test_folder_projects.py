"""A folder as a project (Open WebUI's folder "Project"): the system prompt and the knowledge bases
its owner set in its settings reach every turn of a chat in it, and only while the chat is in it;
a folder someone may not read lends them nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.asking import assert_base_cited, last_prompt, turn
from tests.http.knowledge import collection, grant, processed_base
from tests.http.presets import preset_with
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

CHUNK = "We ship on Fridays."
PIRATE = "Answer as a pirate would."


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}


server, admin = own_workspace("folder-projects", _connections)


def _project(person: Person, **data: Any) -> dict[str, Any]:
    response = person.http.post("/api/v1/folders/", json={"name": "Project", "data": data})
    assert response.status_code == 200, response.text
    return response.json()


def _full_project(admin: Person, person: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    """A base of ``person``'s, and a folder of theirs with a system prompt and that base."""
    base, _ = processed_base(admin, person)
    return base, _project(person, system_prompt=PIRATE, files=[collection(base)])


def _unprompted(upstream: UpstreamProcess) -> bool:
    """Whether the model's last request went without the folder's system prompt."""
    return all(PIRATE not in str(message["content"]) for message in _sent(upstream))


def _sent(upstream: UpstreamProcess) -> list[dict[str, Any]]:
    """The messages of the model's last request."""
    return list(upstream.requests()[-1]["body"]["messages"])


def _api_turn(person: Person, **more: Any) -> dict[str, Any]:
    answer = person.http.post("/api/chat/completions", json={
        "model": "echo", "messages": [{"role": "user", "content": "When do we ship?"}], **more})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_a_folders_system_prompt_reaches_the_model_for_a_chat_in_it(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "captain")
    folder = _project(person, system_prompt=PIRATE)
    turn(person, "Hello", folder_id=folder["id"])
    assert _sent(fake_upstream)[0] == {"role": "system", "content": PIRATE}
    turn(person, "Hello")
    assert _unprompted(fake_upstream)


def test_the_folders_system_prompt_comes_after_the_presets_and_before_the_persons_own(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "layered")
    folder = _project(person, system_prompt=PIRATE)
    model = preset_with(admin, params={"system": "Be brief."})
    turn(person, "Hello", model=model, folder_id=folder["id"], messages=[{"role": "system", "content": "Mine."}])
    assert _sent(fake_upstream)[0] == {"role": "system", "content": f"Be brief.\n{PIRATE}\nMine."}


def test_a_folders_system_prompt_has_its_variables_filled_in(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "Ada")
    folder = _project(person, system_prompt="You help {{USER_NAME}} on {{CURRENT_WEEKDAY}}.")
    turn(person, "Hello", folder_id=folder["id"])
    system = _sent(fake_upstream)[0]["content"]
    assert system.startswith("You help Ada on ") and "{{" not in system


def test_a_folders_base_reaches_the_prompt_and_the_reply_cites_it(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "researcher")
    base, file = processed_base(admin, person)
    folder = _project(person, files=[collection(base)])
    _, reply = turn(person, "When do we ship?", folder_id=folder["id"])
    assert_base_cited(reply, fake_upstream, CHUNK, "When do we ship?", base, file)


def test_a_chat_moved_out_of_the_folder_no_longer_gets_its_project(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "mover")
    _, folder = _full_project(admin, person)
    chat_id, first = turn(person, "When do we ship?", folder_id=folder["id"])
    assert first["sources"] and CHUNK in last_prompt(fake_upstream)
    person.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": None}).raise_for_status()
    _, reply = turn(person, "When do we ship?", chat_id=chat_id, parent_id=first["id"])
    assert "sources" not in reply and CHUNK not in last_prompt(fake_upstream)
    assert _unprompted(fake_upstream)


def test_an_api_caller_gets_their_chats_folder_project(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "scripter")
    base, folder = _full_project(admin, person)
    chat_id, _ = turn(person, "Hello", folder_id=folder["id"])
    answer = _api_turn(person, chat_id=chat_id)
    assert _sent(fake_upstream)[0] == {"role": "system", "content": PIRATE}
    assert CHUNK in last_prompt(fake_upstream) and answer["sources"][0]["source"]["id"] == base["id"]


def test_another_persons_folder_named_in_a_request_lends_nothing(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    owner, stranger = people.member(server, admin, "keeper"), people.member(server, admin, "stranger")
    _, folder = _full_project(admin, owner)
    answer = _api_turn(stranger, folder_id=folder["id"])
    assert "sources" not in answer and CHUNK not in last_prompt(fake_upstream)
    assert _unprompted(fake_upstream)
    _api_turn(owner, folder_id=folder["id"])  # the same request from its owner does get it
    assert _sent(fake_upstream)[0] == {"role": "system", "content": PIRATE}


def test_a_base_deleted_since_it_was_attached_is_skipped(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    person = people.member(server, admin, "tidy")
    base, folder = _full_project(admin, person)
    person.http.delete(f"/api/v1/knowledge/{base['id']}/delete").raise_for_status()
    _, reply = turn(person, "When do we ship?", folder_id=folder["id"])
    assert reply["content"] and "error" not in reply and "sources" not in reply
    assert CHUNK not in last_prompt(fake_upstream) and _sent(fake_upstream)[0]["content"] == PIRATE



def test_a_base_its_owner_may_no_longer_read_is_skipped_even_for_an_admin(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    librarian, owner = people.member(server, admin, "lender"), people.member(server, admin, "borrower")
    base, _ = processed_base(admin, librarian)
    access = f"/api/v1/knowledge/{base['id']}/access/update"
    librarian.http.post(access, json={"access_grants": [grant("user", owner.id)]}).raise_for_status()
    folder = _project(owner, system_prompt=PIRATE, files=[collection(base)])
    librarian.http.post(access, json={"access_grants": []}).raise_for_status()
    _, reply = turn(owner, "When do we ship?", folder_id=folder["id"])
    assert "sources" not in reply and CHUNK not in last_prompt(fake_upstream)
    answer = _api_turn(admin, folder_id=folder["id"])  # admins read every base, but the folder lends its owner's
    assert "sources" not in answer and CHUNK not in last_prompt(fake_upstream)
    assert _sent(fake_upstream)[0] == {"role": "system", "content": PIRATE}
