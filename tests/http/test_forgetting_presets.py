"""Forgetting the creator of a model preset: its id is theirs as much as its name (the app makes
the id from the name they gave), and their chats repeat it. Afterwards the id is nowhere, the
preset is gone from the workspace, and everyone else's presets and chats are kept."""

from __future__ import annotations

from projections.runtime.rebuild import rebuild
from tests.e2e.documents import form, message
from tests.e2e.people import Person, member
from tests.http.app import InProcessServer
from tests.http.groups import create_group
from tests.http.test_forgetting import everything_written, forget, hits, holders, marker
from tests.http.test_models_presets import BASE, PUBLIC, _connections
from tests.http.workspaces import own_workspace

server, admin = own_workspace("forgetting-presets", _connections)


def preset_and_chat(server: InProcessServer, admin: Person, mark: str) -> tuple[Person, str]:
    """A member who makes a preset named after ``mark`` (on the base model, which the admin shares)
    and chats with it; and the preset's id."""
    admin.http.post("/api/v1/models/model/access/update",
                    json={"id": BASE, "name": "Base", "access_grants": PUBLIC}).raise_for_status()
    person = member(server, admin, f"{mark}-person")
    model_id = f"{mark}-model"
    created = person.http.post("/api/v1/models/create", json={
        "id": model_id, "base_model_id": BASE, "name": f"{mark} Model", "access_grants": PUBLIC,
        "meta": {"description": f"{mark} description"}, "params": {"system": f"{mark} system prompt"}})
    assert created.status_code == 200, created.text
    chat = person.http.post("/api/v1/chats/new", json=form(
        "A title", message("q1", "A question", models=[model_id]),
        message("a1", "An answer", "q1", "assistant", model=model_id)))
    assert chat.status_code == 200, chat.text
    return person, model_id


def listed(person: Person) -> set[str]:
    return {model["id"] for model in person.http.get("/api/v1/models/list").json()["items"]}


def test_a_forgotten_persons_preset_ids_are_nowhere_and_others_presets_are_kept(
        server: InProcessServer, admin: Person) -> None:
    gone, kept = marker(), marker()
    (person, _), (other, _) = preset_and_chat(server, admin, gone), preset_and_chat(server, admin, kept)
    assert {f"{gone}-model", f"{kept}-model"} <= listed(admin)
    forget(admin, person)
    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    assert f"{gone}-model" not in listed(admin) and f"{kept}-model" in listed(other)
    chats = other.http.get("/api/v1/chats/").json()
    history = other.http.get(f"/api/v1/chats/{chats[0]['id']}").json()["chat"]["history"]
    assert len(chats) == 1 and history["messages"]["a1"]["model"] == f"{kept}-model"
    for view in ("model_presets", "chats"):
        report = rebuild(server.container.runner, view)
        assert report.equal and not report.faults, (view, report.differences)


def test_a_forgotten_persons_presets_are_erased_from_the_chats_of_others_who_used_them(
        server: InProcessServer, admin: Person) -> None:
    """Someone else's chat with the preset keeps its id and name under its creator's key
    (``Chat.PresetsNamed``): forgotten, they read ``[erased]`` there; the chat's own texts stay."""
    gone, kept = marker(), marker()
    creator, model_id = preset_and_chat(server, admin, gone)
    user = member(server, admin, "user-of-presets")
    chat = user.http.post("/api/v1/chats/new", json=form(
        "Asking a preset", message("q1", f"A question {kept}", models=[model_id, BASE]),
        message("a1", f"An answer {kept}", "q1", "assistant", model=model_id, modelName=f"{gone} Model"),
        models=[model_id]))
    assert chat.status_code == 200, chat.text
    shown = user.http.get(f"/api/v1/chats/{chat.json()['id']}").json()["chat"]
    assert shown["models"] == [model_id] and shown["history"]["messages"]["q1"]["models"] == [model_id, BASE]
    assert shown["history"]["messages"]["a1"]["modelName"] == f"{gone} Model"
    rating = user.http.post("/api/v1/evaluations/feedback", json={
        "type": "rating", "meta": {"chat_id": chat.json()["id"], "message_id": "a1"},
        "data": {"rating": 1, "model_id": model_id, "sibling_model_ids": [BASE, model_id], "comment": kept}})
    assert rating.status_code == 200, rating.text
    assert rating.json()["data"]["model_id"] == model_id

    forget(admin, creator)

    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    shown = user.http.get(f"/api/v1/chats/{chat.json()['id']}").json()["chat"]
    messages = shown["history"]["messages"]
    assert shown["models"] == ["[erased]"] and messages["q1"]["models"] == ["[erased]", BASE]
    assert (messages["a1"]["model"], messages["a1"]["modelName"]) == ("[erased]", "[erased]")
    assert (messages["q1"]["content"], messages["a1"]["content"]) == (f"A question {kept}", f"An answer {kept}")
    [rated] = user.http.get("/api/v1/evaluations/feedbacks/user").json()["items"]
    assert (rated["data"]["model_id"], rated["data"]["sibling_model_ids"]) == ("[erased]", [BASE, "[erased]"])
    assert rated["data"]["comment"] == kept
    for view in ("chats", "usage", "feedbacks"):
        report = rebuild(server.container.runner, view)
        assert report.equal and not report.faults, (view, report.differences)


def test_a_forgotten_persons_presets_are_erased_from_others_settings_folders_and_groups(
        server: InProcessServer, admin: Person) -> None:
    """Someone else's settings that make the preset their default or pin it, their folder and a
    group that list it, keep its id under its creator's key (``User.PresetsNamed``,
    ``Folder.PresetsNamed``, ``Group.PresetsNamed``): forgotten, it reads ``[erased]`` there; the
    rest of their settings, folder and group, and their session, stay."""
    gone, kept = marker(), marker()
    creator, model_id = preset_and_chat(server, admin, gone)
    user = member(server, admin, "chooser-of-presets")
    settings = {"ui": {"models": [BASE, model_id], "pinnedModels": [model_id], "system": f"Be brief {kept}"}}
    user.http.post("/api/v1/users/user/settings/update", json=settings).raise_for_status()
    assert user.http.get("/api/v1/users/user/settings").json() == settings
    data = {"model_ids": [model_id, BASE], "system_prompt": f"Folder prompt {kept}"}
    folder = user.http.post("/api/v1/folders/", json={"name": "Preset folder", "data": data})
    assert folder.status_code == 200, folder.text
    assert user.http.get(f"/api/v1/folders/{folder.json()['id']}").json()["data"] == data
    group = create_group(admin, f"Preset group {kept}", data={"config": {"default_models": [BASE, model_id]}})
    assert group["data"]["config"]["default_models"] == [BASE, model_id]

    forget(admin, creator)

    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    assert user.http.get("/api/v1/users/user/settings").json() == {
        "ui": {"models": [BASE, "[erased]"], "pinnedModels": ["[erased]"], "system": f"Be brief {kept}"}}
    assert user.http.get(f"/api/v1/folders/{folder.json()['id']}").json()["data"] == {
        "model_ids": ["[erased]", BASE], "system_prompt": f"Folder prompt {kept}"}
    [shown] = [g for g in admin.http.get("/api/v1/groups/").json() if g["id"] == group["id"]]
    assert (shown["name"], shown["data"]["config"]["default_models"]) == (f"Preset group {kept}", [BASE, "[erased]"])
    for view in ("users", "folders", "groups"):
        report = rebuild(server.container.runner, view)
        assert report.equal and not report.faults, (view, report.differences)


def test_a_forgotten_persons_deleted_preset_is_erased_where_it_was_named_after_its_deletion(
        server: InProcessServer, admin: Person) -> None:
    """The app sends the ids it kept (an open chat's models, the settings), so a preset may be named
    after it was deleted: its id is still its creator's text, and goes with them."""
    gone, kept = marker(), marker()
    creator, model_id = preset_and_chat(server, admin, gone)
    creator.http.post("/api/v1/models/model/delete", json={"id": model_id}).raise_for_status()
    user = member(server, admin, "late-user-of-presets")
    chat = user.http.post("/api/v1/chats/new", json=form(
        "Asking a deleted preset", message("q1", f"A question {kept}", models=[model_id])))
    assert chat.status_code == 200, chat.text
    user.http.post("/api/v1/users/user/settings/update",
                   json={"ui": {"pinnedModels": [model_id]}}).raise_for_status()

    forget(admin, creator)

    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    messages = user.http.get(f"/api/v1/chats/{chat.json()['id']}").json()["chat"]["history"]["messages"]
    assert messages["q1"]["models"] == ["[erased]"]
    assert user.http.get("/api/v1/users/user/settings").json() == {"ui": {"pinnedModels": ["[erased]"]}}
    for view in ("model_presets", "chats", "users"):
        report = rebuild(server.container.runner, view)
        assert report.equal and not report.faults, (view, report.differences)


def test_a_forgotten_persons_own_ratings_and_folders_that_list_their_presets_keep_no_id(
        server: InProcessServer, admin: Person) -> None:
    """Lists of model ids (a rating's ``sibling_model_ids``, a folder's ``data.model_ids``) are
    named like ids, but a preset's id is a text its creator typed."""
    gone = marker()
    creator, model_id = preset_and_chat(server, admin, gone)
    [chat] = creator.http.get("/api/v1/chats/").json()
    rating = creator.http.post("/api/v1/evaluations/feedback", json={
        "type": "rating", "meta": {"chat_id": chat["id"], "message_id": "a1"},
        "data": {"rating": 1, "model_id": model_id, "sibling_model_ids": [BASE, model_id]}})
    assert rating.status_code == 200, rating.text
    folder = creator.http.post("/api/v1/folders/", json={"name": "Models", "data": {"model_ids": [model_id]}})
    assert folder.status_code == 200, folder.text

    forget(admin, creator)

    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
