"""A deleted person's chats and files go after the account: a reaction with a position of its own,
so a deletion cut short (a crash between the account and its chats) finishes when run again."""

from __future__ import annotations

import uuid
from uuid import UUID

from application.chats.commands import CreateChat, DeleteChatsOf
from application.files.commands import UploadFile
from application.identity.commands import DeleteUser
from application.identity.person_deletion import PersonDeletion
from infrastructure.container import Container
from tests.integration.workload import founding_admin, sign_up
from tests.unit.builders import message, snapshot


def belongings(container: Container, owner: UUID) -> tuple[list[UUID], list[UUID]]:
    chat_ids, file_ids = [uuid.uuid4() for _ in range(3)], [uuid.uuid4() for _ in range(2)]
    for chat_id in chat_ids:
        container.chats.create_chat(CreateChat(chat_id=chat_id, owner_id=str(owner), state=snapshot(message("q"))))
    for file_id in file_ids:
        container.files.upload_file(UploadFile(file_id=file_id, owner_id=str(owner), name="a.txt",
                                               content_type="text/plain", data=b"bytes", metadata={}, process=False))
    return chat_ids, file_ids


def left(container: Container, owner: UUID, chat_ids: list[UUID], file_ids: list[UUID]) -> tuple[int, int]:
    chats = container.chats.alive_chats_of(str(owner), chat_ids)
    files = [f for f in file_ids if not getattr(container.files.find(f), "deleted", True)]
    return len(chats), len(files)


class TestPersonDeletion:
    def test_the_reaction_deletes_a_deleted_persons_chats_and_files(self, container: Container):
        founder, leaving = founding_admin(container, "founder@example.org"), sign_up(container, "leaving@example.org")
        chat_ids, file_ids = belongings(container, leaving)
        container.identity.delete_user(DeleteUser(actor_id=founder, user_id=leaving))
        assert left(container, leaving, chat_ids, file_ids) == (3, 2)  # nothing ran it yet
        container.runner.catch_up_context("Identity")
        assert left(container, leaving, chat_ids, file_ids) == (0, 0)

    def test_a_deletion_cut_short_is_finished_by_the_next_run(self, container: Container):
        founder, leaving = founding_admin(container, "founder@example.org"), sign_up(container, "leaving@example.org")
        chat_ids, file_ids = belongings(container, leaving)
        container.identity.delete_user(DeleteUser(actor_id=founder, user_id=leaving))
        container.chats.delete_chats_of(DeleteChatsOf(owner_id=str(leaving), chat_ids=chat_ids[:1]))  # then a crash
        container.runner.catch_up_context("Identity")
        assert left(container, leaving, chat_ids, file_ids) == (0, 0)

    def test_running_it_again_changes_nothing(self, container: Container):
        founder, leaving = founding_admin(container, "founder@example.org"), sign_up(container, "leaving@example.org")
        belongings(container, leaving)
        container.identity.delete_user(DeleteUser(actor_id=founder, user_id=leaving))
        container.runner.catch_up_context("Identity")
        positions = container.chats.position, container.files.position
        container.runner.reactions[PersonDeletion.name].run()
        assert (container.chats.position, container.files.position) == positions

    def test_its_position_follows_its_context_and_everyone_elses_things_stay(self, container: Container):
        founder = founding_admin(container, "founder@example.org")
        leaving, staying = (sign_up(container, f"{n}@example.org") for n in ("leaving", "staying"))
        kept = belongings(container, staying)
        belongings(container, leaving)
        container.identity.delete_user(DeleteUser(actor_id=founder, user_id=leaving))
        container.runner.catch_up_context("Identity")
        assert container.runner.reactions[PersonDeletion.name].position() == container.identity.position
        assert left(container, staying, *kept) == (3, 2)
