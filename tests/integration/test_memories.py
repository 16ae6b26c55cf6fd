"""Memories in the vector index, on each store: the indexing reaction puts a memory in its owner's
collection, replaces it when it changes, takes it out when it goes, and can act on an event again
without a duplicate; forgetting the owner leaves none of their memory texts readable in the log."""

from __future__ import annotations

import uuid
from pathlib import Path

from application.event_log import read_log
from application.identity.commands import ForgetPerson
from application.memories import commands as m
from application.memories.index import collection_of
from application.memories.service import Memories
from domain.memories.memory import Memory
from domain.privacy.personal_fields import ERASED
from infrastructure.container import Container
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.key_encryption import DEFAULT_NAME as KEK_FILE
from infrastructure.key_encryption import load_or_create as load_keks
from infrastructure.person_keys import create_person_keys
from tests.integration.workload import founding_admin, sign_up

SECRET = "My passport number is X1234567."


def added(container: Container, owner: uuid.UUID, content: str = SECRET) -> uuid.UUID:
    memory_id = uuid.uuid4()
    container.memories.add_memory(m.AddMemory(memory_id=memory_id, owner_id=str(owner), content=content))
    container.runner.catch_up_all()
    return memory_id


def indexed(container: Container, owner: uuid.UUID) -> int:
    return container.retrieval.vectors.count(collection_of(str(owner)))


def recalled(container: Container, owner: uuid.UUID, question: str) -> list[str]:
    return [r.memory["content"] for r in container.memory_index.recall(str(owner), question, 5)]


def test_a_memory_is_indexed_replaced_and_removed_in_its_owners_collection(container: Container) -> None:
    owner = sign_up(container, "owner@example.org")
    memory_id = added(container, owner)
    assert indexed(container, owner) == 1 and recalled(container, owner, "passport") == [SECRET]
    container.memories.update_memory(m.UpdateMemory(memory_id=memory_id, actor_id=str(owner),
                                                    content="I renewed my passport."))
    container.runner.catch_up_all()
    assert indexed(container, owner) == 1 and recalled(container, owner, "passport") == ["I renewed my passport."]
    container.memories.delete_memory(m.DeleteMemory(memory_id=memory_id, actor_id=str(owner)))
    container.runner.catch_up_all()
    assert indexed(container, owner) == 0


def test_acting_on_an_event_again_duplicates_nothing(container: Container) -> None:
    owner = sign_up(container, "owner@example.org")
    memory_id = added(container, owner)
    reaction = container.runner.reactions["memory_indexing"].reaction
    for event in container.memories.repository.event_store.get(memory_id):
        reaction.react(event)
    assert indexed(container, owner) == 1


def test_an_older_content_is_not_indexed_once_a_newer_one_is_recorded(container: Container) -> None:
    owner = sign_up(container, "owner@example.org")
    memory_id = added(container, owner)
    container.memories.update_memory(m.UpdateMemory(memory_id=memory_id, actor_id=str(owner), content="Now this."))
    container.runner.catch_up_all()
    first = next(iter(container.memories.repository.event_store.get(memory_id)))
    container.runner.reactions["memory_indexing"].reaction.react(first)
    assert recalled(container, owner, "passport") == ["Now this."]


def test_a_forgotten_persons_memories_are_erased_from_the_log_the_view_and_the_index(container: Container) -> None:
    admin, owner = founding_admin(container, "admin@example.org"), sign_up(container, "owner@example.org")
    memory_id = added(container, owner)
    kept = added(container, admin, "I keep bees.")
    container.identity.forget_person(ForgetPerson(actor_id=admin, user_id=owner))
    container.runner.catch_up_all()
    assert contents_read_afresh(container, memory_id) == [ERASED]
    assert SECRET.encode() not in b"".join(bytes(n.state) for n in read_log(container.memories, 1, 10_000))
    assert container.memory_views.list_memories(str(owner)) == [] and indexed(container, owner) == 0
    assert contents_read_afresh(container, kept) == ["I keep bees."]


def contents_read_afresh(container: Container, memory_id: uuid.UUID) -> list[str]:
    """The memory's contents, as a process that never read them reads the log."""
    keks = load_keks(Path(container.settings.data_dir) / KEK_FILE)
    memories = Memories(event_store_env(container.settings, "Memories"), lambda *_: None,
                        EventSealing(create_person_keys(container.settings, keks)))
    events = list(memories.repository.event_store.get(memory_id))
    memories.close()
    return [e.content for e in events if isinstance(e, Memory.Added | Memory.Updated)]
