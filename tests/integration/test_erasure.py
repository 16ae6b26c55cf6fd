"""What is deleted for good loses its key: its texts can no longer be read from the log by anyone,
after ``ANNALS_ERASURE_GRACE``, unless its owner is under legal hold."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from application.chats import commands as c
from application.chats.service import Chats
from application.identity.commands import LiftHold, PlaceHold
from application.privacy.erasure import Erasure
from domain.chats.chat import Chat
from domain.privacy.personal_fields import ERASED
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.key_encryption import DEFAULT_NAME as KEK_FILE
from infrastructure.key_encryption import load_or_create as load_keks
from infrastructure.person_keys import create_person_keys
from infrastructure.settings import Settings
from tests.integration.workload import founding_admin, sign_up
from tests.unit.builders import message, snapshot

DAY = 86400.0


def texts_as_read_afresh(container: Container, chat_id: uuid.UUID) -> dict[str, str]:
    """Each message's text and the title, as a process that never read them reads the log."""
    keks = load_keks(Path(container.settings.data_dir) / KEK_FILE)
    chats = Chats(event_store_env(container.settings, "Chats"), lambda *_: None,
                  EventSealing(create_person_keys(container.settings, keks)))
    events = list(chats.repository.event_store.get(chat_id))
    chats.close()
    texts = {e.message_id: e.content for e in events if isinstance(e, Chat.MessageAppended)}
    return {**texts, "title": next(e.title for e in events if isinstance(e, Chat.Created))}


def chat_of(container: Container, owner: uuid.UUID) -> uuid.UUID:
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=str(owner), state=snapshot(
        message("q1", content="first secret"), message("a1", "q1", content="second secret", role="assistant"),
        title="A secret title")))
    return chat_id


@pytest.fixture
def graceful(settings: Settings) -> Iterator[Container]:
    container = build_container(msgspec.structs.replace(settings, erasure_grace=DAY), role="cli")
    yield container
    container.close()


def test_a_deleted_chat_cannot_be_read_back(container: Container) -> None:
    owner = sign_up(container, "owner@example.org")
    gone, kept = chat_of(container, owner), chat_of(container, owner)
    container.chats.delete_chat(c.DeleteChat(chat_id=gone, actor_id=str(owner)))
    container.runner.catch_up_all()
    assert set(texts_as_read_afresh(container, gone).values()) == {ERASED}
    assert texts_as_read_afresh(container, kept)["title"] == "A secret title"


def test_a_deleted_message_cannot_be_read_back_and_the_rest_of_its_chat_can(container: Container) -> None:
    owner = sign_up(container, "owner@example.org")
    chat_id = chat_of(container, owner)
    container.chats.delete_message(c.DeleteMessage(chat_id=chat_id, actor_id=str(owner), message_id="a1"))
    container.runner.catch_up_all()
    assert texts_as_read_afresh(container, chat_id) == {"q1": "first secret", "a1": ERASED,
                                                        "title": "A secret title"}


def test_a_deleted_chat_stays_readable_until_its_grace_is_over(graceful: Container) -> None:
    owner = sign_up(graceful, "owner@example.org")
    chat_id = chat_of(graceful, owner)
    graceful.chats.delete_chat(c.DeleteChat(chat_id=chat_id, actor_id=str(owner)))
    graceful.runner.catch_up_all()
    assert texts_as_read_afresh(graceful, chat_id)["title"] == "A secret title"
    erasure = graceful.runner.reactions["erasure_chats"].reaction
    assert isinstance(erasure, Erasure)
    erasure.erase_due(now=time.time() + 2 * DAY)
    assert texts_as_read_afresh(graceful, chat_id)["title"] == ERASED


def test_a_held_persons_deleted_chat_keeps_its_key_until_the_hold_is_lifted(container: Container) -> None:
    admin = founding_admin(container, "admin@example.org")
    owner = sign_up(container, "owner@example.org")
    container.identity.place_hold(PlaceHold(actor_id=admin, user_id=owner, reason="case 2026-114"))
    chat_id = chat_of(container, owner)
    container.chats.delete_chat(c.DeleteChat(chat_id=chat_id, actor_id=str(owner)))
    container.runner.catch_up_all()
    assert texts_as_read_afresh(container, chat_id)["title"] == "A secret title"
    container.identity.lift_hold(LiftHold(actor_id=admin, user_id=owner))
    container.sweep()
    assert texts_as_read_afresh(container, chat_id)["title"] == ERASED
