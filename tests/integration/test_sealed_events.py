"""Events as they are stored: every personal text sealed under its person's key, ids in clear, and
once the key is gone every reader sees ``[erased]`` in the same shape, never an error."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from eventsourcing.persistence import StoredEvent

from application.chats import commands as c
from application.chats import reply_commands as r
from application.chats.service import Chats
from application.event_log import decode_page, read_log
from domain.chats.chat import Chat
from domain.chats.citations import Citation
from domain.chats.folder import Folder
from domain.privacy.personal_fields import ERASED
from domain.text import UnstorableTextError
from infrastructure.container import Container
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.key_encryption import DEFAULT_NAME as KEK_FILE
from infrastructure.key_encryption import load_or_create as load_keks
from infrastructure.person_keys import create_person_keys
from infrastructure.sealing_mapper import SealingMapper
from tests.unit.builders import message, snapshot

SECRET_TITLE, SECRET_TEXT = "Plans for the surprise party", "Buy the cake on Friday"


def chat_of(container: Container, owner: str, content: str = SECRET_TEXT) -> uuid.UUID:
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(
        message("q1", content=content), title=SECRET_TITLE)))
    return chat_id


def stored(container: Container) -> bytes:
    return b"".join(bytes(n.state) for n in read_log(container.chats, 1, 10_000))


def test_texts_are_stored_sealed_and_ids_in_clear(container: Container) -> None:
    owner = str(uuid.uuid4())
    chat_id = chat_of(container, owner)
    raw = stored(container)
    assert SECRET_TITLE.encode() not in raw and SECRET_TEXT.encode() not in raw
    assert owner.encode() in raw and b'"role":"user"' in raw
    assert title_of(container.chats, chat_id) == SECRET_TITLE


def test_a_destroyed_persons_events_read_erased_in_the_same_shape(container: Container) -> None:
    owner = str(uuid.uuid4())
    chat_id = chat_of(container, owner)
    container.person_keys.destroy(owner)
    fresh = _reloaded(container)
    events = [fresh.mapper.to_domain_event(n) for n in read_log(fresh, 1, 10_000)]
    created = next(e for e in events if str(e.originator_id) == str(chat_id))
    assert created.title == ERASED and created.owner_id == owner
    assert title_of(fresh, chat_id) == ERASED
    fresh.close()


def test_someone_elses_texts_stay_readable_when_one_person_is_forgotten(container: Container) -> None:
    gone, kept = str(uuid.uuid4()), str(uuid.uuid4())
    chat_of(container, gone)
    kept_chat = chat_of(container, kept, content="still here")
    container.person_keys.destroy(gone)
    fresh = _reloaded(container)
    assert title_of(fresh, kept_chat) == SECRET_TITLE
    fresh.close()


def test_what_is_recorded_of_a_forgotten_person_later_is_stored_erased(container: Container) -> None:
    owner = str(uuid.uuid4())
    container.person_keys.destroy(owner)
    chat_id = chat_of(container, owner)
    assert SECRET_TITLE.encode() not in stored(container)
    assert title_of(container.chats, chat_id) == ERASED


def test_quoted_sources_are_sealed_under_the_quoted_persons_key_not_the_owners(container: Container) -> None:
    owner, quoted = str(uuid.uuid4()), str(uuid.uuid4())
    chat_id = chat_of(container, owner)
    source = {"source": {"name": "Their base"}, "document": ["Their passage"], "metadata": [{"file_id": "f"}]}
    container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=owner, reply_id="r1", model="m",
                                             citations=[Citation(quoted, source), Citation(owner, source)]))
    assert b"Their passage" not in stored(container)
    container.person_keys.destroy(quoted)
    fresh = _reloaded(container)
    events = map(fresh.mapper.to_domain_event, read_log(fresh, 1, 10_000))
    cited = [e for e in events if isinstance(e, Chat.SourcesCited)]
    assert [(e.quoted_user_id, e.places, e.sources[0]["document"]) for e in cited] == [
        (quoted, [0], [ERASED]), (owner, [1], ["Their passage"])]
    assert title_of(fresh, chat_id) == SECRET_TITLE
    fresh.close()


def test_a_reply_written_from_someones_passages_opens_only_while_both_keys_are_there(
        container: Container) -> None:
    """Sealed under the chat's key, then again under a key of the person quoted: forgetting them
    erases it (as forgetting the owner would); forgetting someone else changes nothing. A reply
    written once they are forgotten is sealed under the chat's key alone."""
    owner, quoted, stranger = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    chats = [chat_of(container, owner) for _ in range(2)]
    source = {"source": {"name": "Their base"}, "document": ["Their passage"], "metadata": [{"file_id": "f"}]}
    for chat_id in chats:
        container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=owner, reply_id="r1", model="m",
                                                 citations=[Citation(quoted, source)]))
        container.chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=owner, reply_id="r1",
                                                       content="Echoing Their passage"))
    assert b"Their passage" not in stored(container)

    def replies() -> list[str]:
        fresh = _reloaded(container)
        events = decode_page(fresh, read_log(fresh, 1, 10_000))  # the page's keys, layers too, opened at once
        fresh.close()
        assert {tuple(e.drawn_on_user_ids) for e in events if isinstance(e, Chat.ReplyCompleted)} == {(quoted,)}
        return [e.content for e in events if isinstance(e, Chat.ReplyCompleted)]

    container.person_keys.destroy(stranger)
    assert replies() == ["Echoing Their passage"] * 2
    container.person_keys.destroy(quoted)
    assert replies() == [ERASED, ERASED]
    container.chats.start_reply(r.StartReply(chat_id=chats[0], actor_id=owner, reply_id="r2", model="m"))
    container.chats.complete_reply(r.CompleteReply(chat_id=chats[0], actor_id=owner, reply_id="r2", content="Later"))
    assert replies() == [ERASED, ERASED, "Later"]  # nothing of theirs is left to repeat


def test_a_reply_under_way_when_its_passages_author_is_forgotten_is_stored_erased(
        container: Container) -> None:
    """Its prompt held their passages before their key went, so no layer of theirs can seal it any
    more: what it wrote is stored erased, and so are its restatement by the app, its follow-ups and
    the title and tags asked after it. A later reply, whose prompt holds nothing of theirs, is kept."""
    owner, quoted = str(uuid.uuid4()), str(uuid.uuid4())
    chat_id = chat_of(container, owner)
    source = {"source": {"name": "Their base"}, "document": ["Their passage"], "metadata": [{"file_id": "f"}]}
    container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=owner, reply_id="r1", model="m",
                                             citations=[Citation(quoted, source)]))
    container.chats.checkpoint_reply(r.CheckpointReply(chat_id=chat_id, actor_id=owner, reply_id="r1",
                                                       content="Echoing"))

    container.person_keys.destroy(quoted)

    written = "Echoing Their passage"
    container.chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=owner, reply_id="r1", content=written))
    restated = snapshot(message("q1", content=SECRET_TEXT), message("r1", "q1", role="assistant", content=written),
                        title=SECRET_TITLE)
    container.chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=restated))
    container.chats.suggest_follow_ups(r.SuggestFollowUps(chat_id=chat_id, actor_id=owner, message_id="r1",
                                                          follow_ups=[f"More on {written}?"]))
    container.chats.rename_chat(c.RenameChat(chat_id=chat_id, actor_id=owner, title=written, written_after="r1"))
    container.chats.retag_chat(c.RetagChat(chat_id=chat_id, actor_id=owner, names=[written], written_after="r1"))
    container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=owner, reply_id="r2", model="m"))
    container.chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=owner, reply_id="r2", content="Later"))

    assert b"Their passage" not in stored(container)
    fresh = _reloaded(container)
    events = decode_page(fresh, read_log(fresh, 1, 10_000))
    fresh.close()
    assert [e.content for e in events if isinstance(e, Chat.ReplyCompleted | Chat.ReplyEdited)] == [
        ERASED, ERASED, "Later"]
    assert [e.follow_ups for e in events if isinstance(e, Chat.FollowUpsSuggested)] == [[ERASED]]
    assert [e.title for e in events if isinstance(e, Chat.TitleWritten)] == [ERASED]
    assert [e.name for e in events if isinstance(e, Chat.TagWritten)] == [ERASED]


def test_a_page_read_at_once_reads_as_each_event_alone(container: Container) -> None:
    """As a projector reads a page in another process: its keys opened together, the erased
    ones erased, the rest in clear, exactly as reading them one by one."""
    gone, kept = str(uuid.uuid4()), str(uuid.uuid4())
    for n in range(3):
        chat_of(container, gone, content=f"gone {n}")
        chat_of(container, kept, content=f"kept {n}")
    container.person_keys.destroy(gone)
    together, alone = _reloaded(container), _reloaded(container)
    page = read_log(together, 1, 10_000)
    assert [vars(e) for e in decode_page(together, page)] == [vars(alone.mapper.to_domain_event(n)) for n in page]
    texts = {e.content for e in decode_page(together, page) if isinstance(e, Chat.MessageAppended)}
    assert texts == {ERASED, "kept 0", "kept 1", "kept 2"}
    together.close()
    alone.close()


def test_a_model_id_its_creator_typed_is_sealed_too(container: Container) -> None:
    """The app makes a preset's id from the name its creator gave, and every chat that uses it
    repeats the id: it is sealed as their texts are (since the second version of the policy;
    ``models``, under a message's other fields, always was)."""
    owner, model = str(uuid.uuid4()), "zqx-my-own-model"
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(
        message("q1", models=[model]), message("a1", "q1", role="assistant", model=model), title=SECRET_TITLE)))
    assert model.encode() not in stored(container)
    chat = container.chats.find(chat_id)
    assert isinstance(chat, Chat) and chat.title == SECRET_TITLE
    container.person_keys.destroy(owner)
    fresh = _reloaded(container)
    events = [fresh.mapper.to_domain_event(n) for n in read_log(fresh, 1, 10_000)]
    assert [e.model for e in events if isinstance(e, Chat.MessageAppended) and e.role == "assistant"] == [ERASED]
    fresh.close()


def test_events_split_by_the_first_version_of_the_policy_read_back_whole(container: Container) -> None:
    """Stored by a release that kept model ids in clear: read by this one, every text is in its place."""
    owner, model = str(uuid.uuid4()), "zqx-older-model"
    earlier = SealingMapper(container.chats.mapper.transcoder, container.chats.mapper.keys, split_version=1)
    chat = Chat(id=uuid.uuid4(), owner_id=owner, title=SECRET_TITLE, properties={}, property_digests={},
                folder_id=None)
    chat.append_message(message("a1", role="assistant", model=model, content=SECRET_TEXT))
    stored_events = [earlier.to_stored_event(event) for event in chat.collect_events()]
    assert model.encode() in b"".join(e.state for e in stored_events)
    read = [container.chats.mapper.to_domain_event(e) for e in stored_events]
    assert read[0].title == SECRET_TITLE
    assert (read[1].model, read[1].content) == (model, SECRET_TEXT)


def test_events_split_by_the_second_version_of_the_policy_read_back_whole(container: Container) -> None:
    """Stored by a release that kept lists of model ids in clear (a folder's ``data.model_ids``): read
    by this one, they are in their place; this one seals them."""
    owner, model = str(uuid.uuid4()), "zqx-listed-model"
    earlier = SealingMapper(container.chats.mapper.transcoder, container.chats.mapper.keys, split_version=2)

    def stored_by(mapper: SealingMapper) -> StoredEvent:
        folder = Folder(id=uuid.uuid4(), owner_id=owner, name=SECRET_TITLE, parent_id=None,
                        data={"model_ids": [model]}, meta=None)
        return mapper.to_stored_event(folder.collect_events()[0])

    stored_before, stored_now = stored_by(earlier), stored_by(container.chats.mapper)
    assert model.encode() in stored_before.state and model.encode() not in stored_now.state
    for stored_event in (stored_before, stored_now):
        read = container.chats.mapper.to_domain_event(stored_event)
        assert (read.name, read.data) == (SECRET_TITLE, {"model_ids": [model]})


def test_text_no_view_could_hold_is_still_refused_naming_its_field(container: Container) -> None:
    with pytest.raises(UnstorableTextError, match="title"):
        container.chats.create_chat(c.CreateChat(chat_id=uuid.uuid4(), owner_id=str(uuid.uuid4()), state=snapshot(
            message("q1"), title="nul\x00here")))


def test_a_losing_concurrent_creates_key_never_opens_the_winners_events(container: Container) -> None:
    """Two creates of one chat at once (a retry sent with the same idempotency key): the loser seals its
    copy under a key of its own, which its failed insert never stores. While it is under way, the
    winner's events still open, in every other thread, under the winner's key."""
    owner = str(uuid.uuid4())
    chat_id = chat_of(container, owner)
    keys = container.chats.mapper.keys
    sealed, failed = threading.Event(), threading.Event()

    def losing_save() -> None:
        keys.new_key(str(chat_id), owner)
        sealed.set()
        failed.wait(5)
        keys.abandoned([])

    loser = threading.Thread(target=losing_save)
    loser.start()
    sealed.wait(5)
    try:
        assert title_of(container.chats, chat_id) == SECRET_TITLE
    finally:
        failed.set()
        loser.join()


def test_a_key_made_by_a_save_that_failed_is_forgotten(container: Container) -> None:
    """A create refused while sealing (its second event unstorable) made its chat's key and never
    stored it; the same chat id, created later elsewhere, opens in this process under its own key."""
    owner, chat_id = str(uuid.uuid4()), uuid.uuid4()
    with pytest.raises(UnstorableTextError):
        container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(
            message("q1", content="nul\x00here"), title=SECRET_TITLE)))
    elsewhere = _reloaded(container)
    elsewhere.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(
        message("q1"), title=SECRET_TITLE)))
    elsewhere.close()
    assert title_of(container.chats, chat_id) == SECRET_TITLE


def _reloaded(container: Container) -> Chats:
    """The chats context as another process opens it: nothing of this one's keys or aggregates in memory."""
    keks = load_keks(Path(container.settings.data_dir) / KEK_FILE)
    return Chats(event_store_env(container.settings, "Chats"), lambda *_: None,
                 EventSealing(create_person_keys(container.settings, keks)))


def title_of(chats: Chats, chat_id: uuid.UUID) -> str:
    chat = chats.find(chat_id)
    assert isinstance(chat, Chat)
    return chat.title
