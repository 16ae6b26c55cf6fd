"""Chats loaded through their snapshots: the same aggregate their events make, sealed like the
events, and never a way around erasure."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from eventsourcing.application import project_aggregate

from application.chats import commands as c
from application.chats import copy_commands as cc
from application.chats.reply_commands import StartReply
from application.chats.service import Chats
from application.identity.commands import ChangeTimezone, ForgetPerson
from application.identity.service import Identity
from domain.chats.chat import Chat
from domain.chats.citations import Citation
from domain.chats.message import Message
from domain.chats.tags import tag_id
from domain.identity.user import User
from domain.privacy.personal_fields import ERASED
from infrastructure.container import Container
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.key_encryption import DEFAULT_NAME as KEK_FILE
from infrastructure.key_encryption import load_or_create as load_keks
from infrastructure.person_keys import create_person_keys
from tests.integration.workload import founding_admin, sign_up
from tests.unit.builders import message, snapshot

SECRET_TITLE, SECRET_TAG = "Plans for the surprise party", "Cake Shop Friday"
INTERVAL = Chats.snapshotting_intervals[Chat]
QUOTED = str(uuid.uuid4())
GRANTS = [{"principal_type": "user", "principal_id": "reader-1", "permission": "read"}]


def thread(first: int, count: int, parent: str | None) -> list[Message]:
    ids = [f"m{i}" for i in range(first, first + count)]
    return [message(m, p) for m, p in zip(ids, [parent, *ids[:-1]], strict=True)]


def long_chat(container: Container, owner: str) -> uuid.UUID:
    """A chat past a snapshot taken with a reply running, citing someone, and its share's grants set."""
    chat_id, opening = uuid.uuid4(), thread(0, 10, None)
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner,
                                             state=snapshot(*opening, title=SECRET_TITLE)))
    container.chats.tag_chat(c.TagChat(chat_id=chat_id, actor_id=owner, name=SECRET_TAG))
    container.chats.share_chat(c.ShareChat(chat_id=chat_id, actor_id=owner, share_id=str(uuid.uuid4())))
    container.chats.change_share_access(c.ChangeShareAccess(chat_id=chat_id, actor_id=owner, grants=GRANTS))
    container.chats.start_reply(StartReply(chat_id=chat_id, actor_id=owner, reply_id="r1", model="m",
                                           citations=[Citation(QUOTED, {"document": ["Their passage"]})]))
    version = version_of(container.chats, chat_id)
    more = thread(10, INTERVAL - version % INTERVAL + 3, "r1")
    container.chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=snapshot(*opening, *more)))
    return chat_id


def version_of(chats: Chats, chat_id: uuid.UUID) -> int:
    chat = chats.find(chat_id)
    assert isinstance(chat, Chat)
    return chat.version


def reloaded(container: Container) -> Chats:
    """The chats context as another process opens it: no aggregate and no key of this one's in memory."""
    keks = load_keks(Path(container.settings.data_dir) / KEK_FILE)
    return Chats(event_store_env(container.settings, "Chats"), lambda *_: None,
                 EventSealing(create_person_keys(container.settings, keks)))


def loaded_and_replayed(chats: Chats, chat_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, Any]]:
    loaded = chats.repository.get(chat_id)
    replayed = project_aggregate(None, chats.events.get(chat_id))
    return vars(loaded), vars(replayed)


def snapshot_versions(chats: Chats, chat_id: uuid.UUID) -> list[int]:
    assert chats.snapshots is not None
    return [s.originator_version for s in chats.snapshots.get(chat_id)]


def test_a_chat_loaded_through_its_snapshot_equals_its_replay(container: Container) -> None:
    chat_id = long_chat(container, str(uuid.uuid4()))
    fresh = reloaded(container)
    assert snapshot_versions(fresh, chat_id) == [INTERVAL]
    loaded, replayed = loaded_and_replayed(fresh, chat_id)
    assert loaded == replayed
    assert loaded["replying"] == frozenset({"r1"}) and loaded["share_grants"] == tuple(GRANTS)
    assert loaded["citing"] == {"r1": frozenset({QUOTED})} and loaded["drawn_on"] == frozenset({QUOTED})
    assert loaded["title"] == SECRET_TITLE and loaded["tags"] == {tag_id(SECRET_TAG): SECRET_TAG}
    fresh.close()


def test_a_snapshot_is_stored_sealed(container: Container) -> None:
    chat_id = long_chat(container, str(uuid.uuid4()))
    assert container.chats.snapshots is not None
    raw = b"".join(bytes(s.state) for s in container.chats.snapshots.recorder.select_events(chat_id))
    assert raw
    assert SECRET_TITLE.encode() not in raw and SECRET_TAG.encode() not in raw
    assert tag_id(SECRET_TAG).encode() not in raw


def test_a_forgotten_owners_chat_loads_erased_as_its_events_say(container: Container) -> None:
    owner = str(uuid.uuid4())
    chat_id = long_chat(container, owner)
    container.person_keys.destroy(owner)
    fresh = reloaded(container)
    assert snapshot_versions(fresh, chat_id) == []
    loaded, replayed = loaded_and_replayed(fresh, chat_id)
    assert loaded == replayed
    assert loaded["title"] == ERASED and loaded["tags"] == {ERASED: ERASED}
    fresh.close()


def test_a_deleted_chats_snapshot_cannot_be_read_back(container: Container) -> None:
    owner = sign_up(container, "owner@example.org")
    chat_id = long_chat(container, str(owner))
    container.chats.delete_chat(c.DeleteChat(chat_id=chat_id, actor_id=str(owner)))
    container.runner.catch_up_all()
    fresh = reloaded(container)
    assert snapshot_versions(fresh, chat_id) == []
    loaded, replayed = loaded_and_replayed(fresh, chat_id)
    assert loaded == replayed and loaded["title"] == ERASED
    fresh.close()


def test_no_snapshot_is_taken_of_a_forgotten_owners_chat(container: Container) -> None:
    """Nothing of theirs is sealed again: a late snapshot would be one nobody can open."""
    owner = str(uuid.uuid4())
    chat_id = long_chat(container, owner)
    container.person_keys.destroy(owner)
    assert container.chats.snapshots is not None
    stored = len(list(container.chats.snapshots.recorder.select_events(chat_id)))
    more = thread(1000, INTERVAL, None)
    container.chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=snapshot(*more)))
    assert len(list(container.chats.snapshots.recorder.select_events(chat_id))) == stored


def test_an_account_loaded_through_its_snapshot_equals_its_replay_and_erases_with_it(container: Container) -> None:
    user_id = sign_up(container, "traveller@example.org")
    identity = container.identity
    interval = Identity.snapshotting_intervals[User]
    for hour in range(interval):
        identity.change_timezone(ChangeTimezone(user_id=user_id, timezone=f"Etc/GMT+{hour % 12}"))
    assert identity.snapshots is not None and list(identity.snapshots.get(user_id))
    identity.repository.cache = None  # loaded as another process loads it
    assert vars(identity.repository.get(user_id)) == vars(project_aggregate(None, identity.events.get(user_id)))
    container.person_keys.destroy(str(user_id))
    assert list(identity.snapshots.get(user_id)) == []
    erased = identity.repository.get(user_id)
    assert vars(erased) == vars(project_aggregate(None, identity.events.get(user_id)))
    assert erased.email == ERASED


def test_a_chat_created_long_is_snapshotted_under_the_key_its_save_made(container: Container) -> None:
    """An import brings a long chat in one save: its key, made by that save, seals the snapshot."""
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=str(uuid.uuid4()),
                                             state=snapshot(*thread(0, INTERVAL + 5, None), title=SECRET_TITLE)))
    fresh = reloaded(container)
    assert snapshot_versions(fresh, chat_id) == [INTERVAL]
    loaded, replayed = loaded_and_replayed(fresh, chat_id)
    assert loaded == replayed and loaded["title"] == SECRET_TITLE
    fresh.close()


def test_only_the_newest_snapshot_is_kept(container: Container) -> None:
    """Each holds the whole state: kept, they would grow with the square of the chat's length."""
    chat_id, owner, first = uuid.uuid4(), str(uuid.uuid4()), thread(0, INTERVAL + 5, None)
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(*first)))
    grown = [*first, *thread(INTERVAL + 5, INTERVAL, first[-1].id)]
    container.chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=owner, state=snapshot(*grown)))
    fresh = reloaded(container)
    assert snapshot_versions(fresh, chat_id) == [2 * INTERVAL]
    loaded, replayed = loaded_and_replayed(fresh, chat_id)
    assert loaded == replayed
    fresh.close()


def test_forgetting_someone_drops_the_snapshots_that_may_quote_them(container: Container) -> None:
    """A copy of their chat holds their title in its state, sealed under the copier's key: the
    snapshot goes, and the copy loads with the title its events now read."""
    founder = founding_admin(container, "founder@example.org")
    author, copier = (sign_up(container, f"{name}@example.org") for name in ("author", "copier"))
    source, copy_id = uuid.uuid4(), uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=source, owner_id=str(author), state=snapshot(title=SECRET_TITLE)))
    container.chats.share_chat(c.ShareChat(chat_id=source, actor_id=str(author), share_id="link"))
    container.chats.copy_chat(cc.CopyChat(chat_id=copy_id, owner_id=str(copier), source_id=source, share_id="link",
                                          copy=cc.ChatCopy(state=snapshot(*thread(0, INTERVAL, None),
                                                                          title=SECRET_TITLE),
                                                           quoted_user_id=str(author))))
    assert snapshot_versions(container.chats, copy_id) == [INTERVAL]
    container.identity.forget_person(ForgetPerson(actor_id=founder, user_id=author))
    container.runner.catch_up_all()
    assert snapshot_versions(container.chats, copy_id) == []
    fresh = reloaded(container)
    loaded, replayed = loaded_and_replayed(fresh, copy_id)
    assert loaded == replayed and loaded["title"] == ERASED
    fresh.close()
