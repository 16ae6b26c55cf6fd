"""A chat naming a model preset someone else made keeps the preset's id and name apart, for its
creator's key (``Chat.PresetsNamed``); its own presets and plain models stay in the message."""

from __future__ import annotations

import uuid

from domain.chats.chat import Chat
from tests.unit.builders import message, snapshot
from tests.unit.domain.given import OWNER, a_chat, names, recorded

CREATORS = {"bobs-helper": "bob", "carols-helper": "carol", "own-helper": OWNER}.get


def test_a_reply_of_someone_elses_preset_names_it_apart_under_its_creator():
    chat = a_chat(message("q"))
    chat.merge(snapshot(message("q"), message("a", "q", role="assistant", model="bobs-helper",
                                               modelName="Bob's Helper", modelIdx=0)), creator_of=CREATORS)
    appended, named = recorded(chat)
    assert (appended.model, appended.extra) == ("", {"modelName": "", "modelIdx": 0})
    assert (type(named).__name__, named.message_id, named.quoted_user_id) == ("PresetsNamed", "a", "bob")
    assert (named.fields, named.places, named.models) == ({"model": "bobs-helper", "modelName": "Bob's Helper"},
                                                           [], [])


def test_a_question_to_several_models_names_each_creators_presets_apart_in_their_places():
    chat = a_chat()
    chat.append_message(message("q", models=["own-helper", "carols-helper", "gpt-4o", "bobs-helper"]), CREATORS)
    appended, carols, bobs = recorded(chat)
    assert appended.extra["models"] == ["own-helper", "", "gpt-4o", ""]
    assert [(e.quoted_user_id, e.places, e.models) for e in (carols, bobs)] == [
        ("carol", [1], ["carols-helper"]), ("bob", [3], ["bobs-helper"])]


def test_ones_own_presets_and_plain_models_stay_in_the_message():
    chat = a_chat()
    chat.append_message(message("a", role="assistant", model="own-helper", modelName="Mine"), CREATORS)
    chat.append_message(message("b", "a", role="assistant", model="gpt-4o", modelName="GPT"), CREATORS)
    assert names(events := recorded(chat)) == ["MessageAppended", "MessageAppended"]
    assert [e.model for e in events] == ["own-helper", "gpt-4o"]


def test_a_new_chat_that_chooses_someone_elses_preset_names_it_apart():
    state = snapshot(models=["bobs-helper", "gpt-4o"])
    chat = Chat.start(id=uuid.uuid4(), owner_id=OWNER, title="New Chat", state=state, folder_id=None,
                      creator_of=CREATORS)
    created, named = recorded(chat)
    assert created.properties == {"models": ["", "gpt-4o"]}
    assert (named.message_id, named.quoted_user_id, named.places, named.models) == (
        None, "bob", [0], ["bobs-helper"])


def test_choosing_someone_elses_preset_later_names_it_apart():
    chat = a_chat(models=["gpt-4o"])
    chat.merge(snapshot(models=["carols-helper"]), creator_of=CREATORS)
    changed, named = recorded(chat)
    assert changed.changes == {"models": [""]} and (named.quoted_user_id, named.models) == ("carol", ["carols-helper"])


def test_a_reply_the_server_starts_with_someone_elses_preset_names_it_apart():
    chat = a_chat(message("q"))
    chat.start_reply(message_id="r", parent_id="q", model="bobs-helper", extra={"modelName": "Bob's Helper"},
                     creator_of=CREATORS)
    started, named = recorded(chat)
    assert (started.model, started.extra["modelName"]) == ("", "")
    assert (named.message_id, named.fields["model"]) == ("r", "bobs-helper")


def test_a_copied_message_keeps_its_authors_own_preset_and_names_a_third_persons_apart():
    chat = a_chat()
    chat.copy_message(message("a", role="assistant", model="bobs-helper"), "bob", CREATORS)
    chat.copy_message(message("b", "a", role="assistant", model="carols-helper"), "bob", CREATORS)
    first, second, named = recorded(chat)
    assert (first.model, second.model, named.quoted_user_id) == ("bobs-helper", "", "carol")


def test_an_edit_naming_someone_elses_preset_names_it_apart_again():
    chat = a_chat(message("a", role="assistant", model="gpt-4o"))
    chat.edit_message(message("a", role="assistant", model="bobs-helper"), CREATORS)
    edited, named = recorded(chat)
    assert (type(edited).__name__, edited.model, named.fields) == ("MessageEdited", "", {"model": "bobs-helper"})
