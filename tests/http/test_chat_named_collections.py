"""Items naming the collections to search, in shapes Open WebUI 0.12.4 still accepts: a ``text``
item's ``collection_name``, and a legacy base item's ``collection_names``. A name is searched only
if the caller may read the base (its id) or the file (``file-{id}``) it names; another person's
gives nothing, and the reply does not mention it."""

from __future__ import annotations

from typing import Any

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.app import InProcessServer
from tests.http.asking import ask, last_prompt, open_upstream
from tests.http.knowledge import collection, processed_base
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

CHUNK = "We ship on Fridays."
SECRET = "The safe's code is written under the third drawer."
QUESTION = "When do we ship?"


server, admin = own_workspace("chat-named-collections", open_upstream)


def named(name: str) -> dict[str, Any]:
    """As Open WebUI's app names a web page's or a temporary upload's collection."""
    return {"type": "text", "name": "Named", "collection_name": name}


def legacy(base: dict[str, Any], *names: str) -> dict[str, Any]:
    return {**collection(base), "legacy": True, "collection_names": list(names)}


def secret_file(server: InProcessServer, person: Person) -> dict[str, Any]:
    """A file of ``person``'s dropped into a chat, indexed in its own collection."""
    file = uploaded(person, "secret.txt", SECRET.encode(), "text/plain")
    wait_for(lambda: server.container.retrieval.lexical.ids_of(f"file-{file['id']}", file["id"]), timeout=60,
             what="the file's chunks to be indexed")
    return file


def test_a_text_item_naming_a_readable_base_gets_its_chunks_cited(admin: Person, server: InProcessServer,
                                                                  fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "namer")
    base, file = processed_base(admin, member)
    reply = ask(member, QUESTION, named(base["id"]))
    assert CHUNK in last_prompt(fake_upstream)
    [source] = reply["sources"]
    assert source["source"] == named(base["id"]) and source["metadata"][0]["file_id"] == file["id"]


def test_a_text_item_naming_a_readable_files_collection_gets_its_chunks(admin: Person, server: InProcessServer,
                                                                        fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "filer")
    file = secret_file(server, member)
    reply = ask(member, "Where is the safe's code?", named(f"file-{file['id']}"))
    assert SECRET in last_prompt(fake_upstream) and reply["sources"][0]["document"] == [SECRET]


def test_collections_of_another_person_named_in_any_shape_give_nothing(admin: Person, server: InProcessServer,
                                                                        fake_upstream: UpstreamProcess) -> None:
    owner = people.member(server, admin, "victim")
    base, _ = processed_base(admin, owner)
    file = secret_file(server, owner)
    intruder = people.member(server, admin, "intruder")
    reply = ask(intruder, "Where is the safe's code, and when do we ship?", named(base["id"]),
                named(f"file-{file['id']}"), named("knowledge-bases"), {"collection_name": base["id"]},
                {"collection_names": [f"file-{file['id']}"]})
    prompt = last_prompt(fake_upstream)
    assert SECRET not in prompt and CHUNK not in prompt and "sources" not in reply


def test_a_legacy_base_item_searches_only_the_names_the_caller_may_read(admin: Person, server: InProcessServer,
                                                                        fake_upstream: UpstreamProcess) -> None:
    owner = people.member(server, admin, "keeper")
    file = secret_file(server, owner)
    member = people.member(server, admin, "legacy")
    own, _ = processed_base(admin, member)
    reply = ask(member, "Where is the safe's code, and when do we ship?", legacy(own, f"file-{file['id']}"))
    prompt = last_prompt(fake_upstream)
    assert SECRET not in prompt and CHUNK in prompt
    [source] = reply["sources"]
    assert source["source"]["id"] == own["id"]


def test_an_api_caller_naming_collections_gets_only_those_they_may_read(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    file = secret_file(server, people.member(server, admin, "holder"))
    scripter = people.member(server, admin, "scripter")
    base, _ = processed_base(admin, scripter)
    answer = scripter.http.post("/api/chat/completions", json={
        "model": "echo", "messages": [{"role": "user", "content": QUESTION}],
        "files": [named(f"file-{file['id']}"), named(base["id"])]})
    assert answer.status_code == 200 and [s["source"] for s in answer.json()["sources"]] == [named(base["id"])]
    assert CHUNK in last_prompt(fake_upstream) and SECRET not in last_prompt(fake_upstream)
