"""A model preset's knowledge (``info.meta.knowledge``, attached in the model editor) is retrieved
for every turn with that preset, as a base named in the composer is: its chunks nearest the
question reach the model, and the reply cites them. Whoever may use the preset gets it, with or
without a grant of their own on the base; a base deleted since is skipped."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.asking import ask, assert_base_cited, last_prompt
from tests.http.knowledge import a_file, collection, processed_base
from tests.http.presets import preset_with
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

CHUNK = "We ship on Fridays."


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}


server, admin = own_workspace("preset-knowledge", _connections)


def test_a_presets_base_reaches_the_model_and_the_reply_cites_it(admin: Person, server: InProcessServer,
                                                                 fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "asker")
    base, file = processed_base(admin, member)
    reply = ask(member, "When do we ship?", model=preset_with(admin, collection(base)))
    assert_base_cited(reply, fake_upstream, CHUNK, "When do we ship?", base, file)


def test_a_member_without_a_grant_on_the_base_gets_it_through_the_preset(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    base, _ = processed_base(admin, people.member(server, admin, "librarian"))
    visitor = people.member(server, admin, "visitor")
    assert visitor.http.get(f"/api/v1/knowledge/{base['id']}").status_code == 404
    reply = ask(visitor, "When do we ship?", model=preset_with(admin, collection(base)))
    assert CHUNK in last_prompt(fake_upstream) and reply["sources"][0]["source"]["id"] == base["id"]


def test_a_base_named_by_the_preset_and_the_composer_is_cited_once(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "twice")
    base, _ = processed_base(admin, member)
    reply = ask(member, "When do we ship?", collection(base), model=preset_with(admin, collection(base)))
    assert [source["source"]["id"] for source in reply["sources"]] == [base["id"]]
    assert last_prompt(fake_upstream).count(CHUNK) == 1


def test_a_deleted_base_of_a_preset_is_skipped(admin: Person, server: InProcessServer,
                                               fake_upstream: UpstreamProcess) -> None:
    owner = people.member(server, admin, "tidier")
    base, _ = processed_base(admin, owner)
    model_id = preset_with(admin, collection(base))
    owner.http.delete(f"/api/v1/knowledge/{base['id']}/delete").raise_for_status()
    reply = ask(owner, "When do we ship?", model=model_id)
    assert reply["content"] and "error" not in reply and "sources" not in reply
    assert CHUNK not in last_prompt(fake_upstream)


def test_an_api_caller_gets_the_presets_base_cited(admin: Person, server: InProcessServer,
                                                   fake_upstream: UpstreamProcess) -> None:
    base, _ = processed_base(admin, people.member(server, admin, "curator"))
    scripter = people.member(server, admin, "script")
    answer = scripter.http.post("/api/chat/completions", json={
        "model": preset_with(admin, collection(base)), "messages": [{"role": "user", "content": "When do we ship?"}]})
    assert answer.status_code == 200, answer.text
    assert CHUNK in last_prompt(fake_upstream) and answer.json()["sources"][0]["source"]["id"] == base["id"]


def test_a_presets_file_reaches_whoever_uses_it(admin: Person, server: InProcessServer,
                                              fake_upstream: UpstreamProcess) -> None:
    file = a_file(people.member(server, admin, "filer"), "facts.md")
    wait_for(lambda: server.container.retrieval.lexical.ids_of(f"file-{file['id']}", file["id"]), timeout=60,
             what="the file's chunks to be indexed")
    reply = ask(people.member(server, admin, "guest"), "When do we ship?",
                model=preset_with(admin, {"type": "file", "id": file["id"], "name": "facts.md"}))
    assert CHUNK in last_prompt(fake_upstream) and reply["sources"][0]["source"]["id"] == file["id"]
