"""Forgetting a person whose texts are in other people's chats: their passages, quoted in a reply
(its ``sources``) from a knowledge base they shared, in that chat's copies and shared snapshot, and
their messages and title in copies of a chat they shared, are erased everywhere, as a rebuild reads
them, while the other people's own texts stay. What is quoted is stored under the key of the person
it quotes (``Chat.SourcesCited``, ``Chat.MessageCopied``, ``Chat.TitleQuoted``), and the chats that
quote them are replayed once the key is gone."""

from __future__ import annotations

import json
from typing import Any

from projections.runtime.rebuild import rebuild
from tests.e2e import people
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.app import InProcessServer
from tests.http.asking import open_upstream, turn
from tests.http.knowledge import add_file, collection, create_base, grant, may_make_knowledge, processed
from tests.http.sharing import person, shared_with
from tests.http.test_forgetting import everything_written, forget, hits, holders, marker
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

server, admin = own_workspace("forgetting-quoted", open_upstream)


def quoted_base(admin: Person, author: Person, reader: Person, mark: str) -> dict[str, Any]:
    """``author``'s base, which ``reader`` may read, named with ``mark`` and holding a file whose name
    and text carry it."""
    may_make_knowledge(admin, author)
    base = create_base(author, f"Shipping {mark}", grant("user", reader.id))
    file = uploaded(author, f"{mark}.md", f"# Shipping\nParcels go by {mark} courier within three days.".encode(),
                    "text/markdown")
    add_file(author, base, file)
    assert processed(author, base, file) == {"status": "completed"}
    return base


def picked(reader: Person, base: dict[str, Any]) -> dict[str, Any]:
    """The base as the app's ``#`` picker puts it into a message: as listed, whole (its owner's
    name and e-mail too), as a collection."""
    listed = reader.http.get("/api/v1/knowledge/").json()["items"]
    return {**next(item for item in listed if item["id"] == base["id"]), "type": "collection"}


def chat(person: Person, chat_id: str) -> dict[str, Any]:
    answer = person.http.get(f"/api/v1/chats/{chat_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()["chat"]


def reply_of(document: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in document["history"]["messages"].values() if m["role"] == "assistant")


def test_a_forgotten_persons_passages_are_erased_from_the_chats_that_quote_them(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    gone, kept = marker(), marker()
    author, reader = people.member(server, admin, f"{gone}-author"), people.member(server, admin, "reader")
    base = quoted_base(admin, author, reader, gone)
    item = picked(reader, base)
    assert item["user"]["name"] == f"{gone}-author"
    chat_id, reply = turn(reader, f"How are parcels shipped, {kept}? say: noted", item)
    [source] = reply["sources"]
    assert gone in source["document"][0] and source["metadata"][0]["name"] == f"{gone}.md"
    saved = reader.http.post(f"/api/v1/chats/{chat_id}", json={"chat": chat(reader, chat_id)})  # as the app saves
    assert saved.status_code == 200, saved.text
    clone = reader.http.post(f"/api/v1/chats/{chat_id}/clone", json={})
    assert clone.status_code == 200, clone.text
    share = reader.http.post(f"/api/v1/chats/{chat_id}/share")
    assert share.status_code == 200, share.text
    assert reply_of(chat(reader, clone.json()["id"]))["sources"] == reply["sources"]

    forget(admin, author)

    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    for chat_id_now in (chat_id, clone.json()["id"]):
        now = reply_of(chat(reader, chat_id_now))
        assert now["content"] == "[erased]" and now["done"] is True  # written from the author's passages
        [erased] = now["sources"]
        assert erased["document"] == ["[erased]"] and erased["metadata"][0]["name"] == "[erased]"
        [question] = [m for m in chat(reader, chat_id_now)["history"]["messages"].values() if m["role"] == "user"]
        [named] = question["files"]
        assert (named["id"], named["name"], named["user"]["name"]) == (base["id"], "[erased]", "[erased]")
    snapshot = reader.http.get(f"/api/v1/chats/share/{share.json()['share_id']}").json()["chat"]
    assert reply_of(snapshot)["sources"][0]["document"] == ["[erased]"]
    assert rebuild(server.container.runner, "chats").equal


def test_a_reply_written_from_a_forgotten_persons_passages_is_erased_and_the_question_kept(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    """The model repeats what it was given (the test's model echoes the whole prompt, passages and
    all): the reply is the chat owner's, written from the author's texts, so it goes with either."""
    gone, kept = marker(), marker()
    author, reader = people.member(server, admin, "author"), people.member(server, admin, "reader")
    chat_id, reply = turn(reader, f"How are parcels shipped, {kept}?", picked(reader, quoted_base(
        admin, author, reader, gone)))
    assert gone in reply["content"] and kept in reply["content"]
    saved = reader.http.post(f"/api/v1/chats/{chat_id}", json={"chat": chat(reader, chat_id)})  # restates it
    assert saved.status_code == 200, saved.text
    later_id, later = turn(reader, f"And abroad, {kept}? say: by sea", chat_id=chat_id, parent_id=reply["id"])
    assert later_id == chat_id and later["content"] == "by sea"

    forget(admin, author)

    assert hits(everything_written(server), gone) == [], holders(server, gone)
    messages = chat(reader, chat_id)["history"]["messages"]
    assert [messages[reply["id"]]["content"], messages[later["id"]]["content"]] == ["[erased]", "[erased]"]
    assert sorted(m["content"] for m in messages.values() if m["role"] == "user") == sorted([
        f"How are parcels shipped, {kept}?", f"And abroad, {kept}? say: by sea"])
    assert rebuild(server.container.runner, "chats").equal


def test_a_title_and_tags_a_model_chose_from_a_forgotten_persons_passages_are_erased(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    """The app asks a model for a title and tags once a reply is done, from the conversation: the
    passages' author's words may be in them (here the passage dictates them)."""
    gone = marker()
    author, reader = people.member(server, admin, "author"), people.member(server, admin, "reader")
    may_make_knowledge(admin, author)
    base = create_base(author, "Shipping", grant("user", reader.id))
    dictated = json.dumps({"title": f"Parcels by {gone}", "tags": [f"{gone} courier", "shipping"]})
    file = uploaded(author, "shipping.md", f"# Shipping\nsay: say: {dictated}".encode(), "text/markdown")
    add_file(author, base, file)
    assert processed(author, base, file) == {"status": "completed"}
    chat_id, _ = turn(reader, "How are parcels shipped?", picked(reader, base),
                      background_tasks={"title_generation": True, "tags_generation": True})
    wait_for(lambda: chat(reader, chat_id)["title"] == f"Parcels by {gone}", timeout=30, what="the written title")
    wait_for(lambda: len(reader.http.get(f"/api/v1/chats/{chat_id}/tags").json()) == 2, timeout=30,
             what="the written tags")

    forget(admin, author)

    assert hits(everything_written(server), gone) == [], holders(server, gone)
    assert reader.http.get(f"/api/v1/chats/{chat_id}").json()["title"] == "[erased]"
    assert [tag["name"] for tag in reader.http.get(f"/api/v1/chats/{chat_id}/tags").json()] == []
    assert rebuild(server.container.runner, "chats").equal


def test_a_title_the_model_chose_from_ones_own_texts_is_kept_when_someone_else_is_forgotten(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    kept, stranger = marker(), people.member(server, admin, "stranger")
    reader = people.member(server, admin, "reader")
    said = json.dumps({"title": f"Parcels by {kept}"})
    chat_id, _ = turn(reader, f"say: say: {said}", background_tasks={"title_generation": True})
    wait_for(lambda: chat(reader, chat_id)["title"] == f"Parcels by {kept}", timeout=30, what="the written title")

    forget(admin, stranger)

    assert chat(reader, chat_id)["title"] == f"Parcels by {kept}"


def test_a_reply_from_ones_own_passages_is_kept_when_someone_else_is_forgotten(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    mine, stranger = marker(), people.member(server, admin, "stranger")
    reader = people.member(server, admin, "reader")
    chat_id, reply = turn(reader, "How are parcels shipped?", picked(reader, quoted_base(admin, reader, reader, mine)))
    assert mine in reply["content"]

    forget(admin, stranger)

    assert chat(reader, chat_id)["history"]["messages"][reply["id"]]["content"] == reply["content"]


def test_a_reply_quoting_several_people_loses_only_the_forgotten_ones_passages(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    gone, kept = marker(), marker()
    author, other = people.member(server, admin, "author"), people.member(server, admin, "colleague")
    reader = people.member(server, admin, "reader")
    theirs, ours = quoted_base(admin, author, reader, gone), quoted_base(admin, other, reader, kept)
    chat_id, reply = turn(reader, "How are parcels shipped? say: noted", picked(reader, theirs), picked(reader, ours))
    assert [gone in s["document"][0] for s in reply["sources"]] == [True, False]

    forget(admin, author)

    sources = reply_of(chat(reader, chat_id))["sources"]
    assert [s["document"][0] for s in sources] == ["[erased]", reply["sources"][1]["document"][0]]
    assert hits(everything_written(server), gone) == [], holders(server, gone)


def test_a_collaborators_passages_from_a_forgotten_persons_base_keep_none_of_its_owners_texts(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    gone, kept = marker(), marker()
    owner = people.member(server, admin, f"{gone}-owner")
    collaborator, reader = people.member(server, admin, "collaborator"), people.member(server, admin, "reader")
    may_make_knowledge(admin, owner)
    base = create_base(owner, f"Shipping {gone}", grant("user", collaborator.id, "write"),
                       grant("user", collaborator.id), grant("user", reader.id))
    file = uploaded(collaborator, f"{kept}.md", f"# Shipping\nParcels go by {kept} courier.".encode(), "text/markdown")
    add_file(collaborator, base, file)
    assert processed(collaborator, base, file) == {"status": "completed"}
    chat_id, reply = turn(reader, "How are parcels shipped? say: noted", picked(reader, base))
    [source] = reply["sources"]
    assert kept in source["document"][0] and source["metadata"][0]["name"] == f"{kept}.md"
    assert source["source"] == {"type": "collection", "id": base["id"]}

    forget(admin, owner)

    assert hits(everything_written(server), gone) == [], holders(server, gone)
    assert reply_of(chat(reader, chat_id))["sources"] == reply["sources"]
    assert rebuild(server.container.runner, "chats").equal


def test_a_client_never_rewrites_the_sources_the_server_cited(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    author, reader = people.member(server, admin, "author"), people.member(server, admin, "reader")
    base = quoted_base(admin, author, reader, marker())
    chat_id, reply = turn(reader, "How are parcels shipped? say: noted", collection(base))
    document = chat(reader, chat_id)
    reply_of(document)["sources"] = [{"source": {"name": "made up"}, "document": ["forged passage"]}]
    reply_of(document)["content"] = "noted, and edited"
    assert reader.http.post(f"/api/v1/chats/{chat_id}", json={"chat": document}).status_code == 200
    now = reply_of(chat(reader, chat_id))
    assert now["content"] == "noted, and edited" and now["sources"] == reply["sources"]


def test_an_imported_chats_sources_are_the_importers_own(server: InProcessServer, admin: Person) -> None:
    reader = people.member(server, admin, "importer")
    answer = message("a1", "noted", "q1", "assistant", model="m")
    answer["sources"] = [{"source": {"name": "mine"}, "document": ["my own passage"]}]
    made = reader.http.post("/api/v1/chats/new", json=form("Imported", message("q1", "question"), answer))
    assert made.status_code == 200, made.text
    assert reply_of(chat(reader, made.json()["id"]))["sources"] == answer["sources"]


def test_copies_of_a_forgotten_persons_shared_chat_lose_their_texts_and_keep_the_copiers(
        server: InProcessServer, admin: Person, fake_upstream: UpstreamProcess) -> None:
    gone, kept = marker(), marker()
    author, reader = people.member(server, admin, "author"), people.member(server, admin, "reader")
    _, share_id = shared_with(author, person(reader), form(
        f"{gone} title", message("q1", f"{gone} question"), message("a1", f"{gone} answer", "q1", "assistant",
                                                                     model="m")))
    clone = reader.http.post(f"/api/v1/chats/{share_id}/clone/shared")
    fork = reader.http.post(f"/api/v1/chats/{share_id}/fork", json={"message_id": "a1"})
    assert clone.status_code == fork.status_code == 200, (clone.text, fork.text)
    assert clone.json()["title"] == f"Clone of {gone} title"
    turn(reader, f"{kept} say: noted", chat_id=clone.json()["id"], parent_id="a1")

    forget(admin, author)

    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    for copy in (clone.json(), fork.json()):
        document = chat(reader, copy["id"])
        assert document["title"] == "[erased]"
        assert {m["id"]: m["content"] for m in document["history"]["messages"].values()
                if m["id"] in ("q1", "a1")} == {"q1": "[erased]", "a1": "[erased]"}
    mine = {m["role"]: m["content"] for m in chat(reader, clone.json()["id"])["history"]["messages"].values()
            if m["id"] not in ("q1", "a1")}
    assert mine == {"user": f"{kept} say: noted", "assistant": "[erased]"}  # the model was given the author's
    assert rebuild(server.container.runner, "chats").equal
