"""The chat view agrees with the chat itself: the tree, the cursor and the flags the aggregate keeps."""

from __future__ import annotations

import uuid

from application.chats.commands import CreateChat, DeleteMessage
from infrastructure.container import Container
from projections.chats.document import plain
from tests.integration.workload import conversations
from tests.unit.builders import message, snapshot


def tree_of_view(container: Container, chat_id: uuid.UUID) -> dict[str, tuple[str | None, set[str]]]:
    history = plain(container.chat_views.get_chat(str(chat_id))["chat"])["history"]["messages"]
    return {key: (m["parentId"], set(m["childrenIds"])) for key, m in history.items()}


def tree_of_chat(container: Container, chat_id: uuid.UUID) -> dict[str, tuple[str | None, set[str]]]:
    parents = container.chats.repository.get(chat_id).parents
    return {m: (p, {c for c, q in parents.items() if q == m}) for m, p in parents.items()}


class TestChatViews:
    def test_the_view_of_a_chat_agrees_with_its_tree_after_edits_and_deletions(self, container: Container):
        [chat_id] = conversations(container, uuid.uuid4())
        container.runner.catch_up("chats")
        assert tree_of_view(container, chat_id) == tree_of_chat(container, chat_id)

    def test_deleting_a_root_leaves_the_view_with_the_same_roots_as_the_chat(self, container: Container):
        owner, chat_id = str(uuid.uuid4()), uuid.uuid4()
        tree = (message("r1"), message("x", "r1"), message("y", "x"), message("r2"), message("z", "r2"))
        container.chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(*tree)))
        container.chats.delete_message(DeleteMessage(chat_id=chat_id, actor_id=owner, message_id="r1"))
        container.runner.catch_up("chats")
        assert tree_of_view(container, chat_id) == tree_of_chat(container, chat_id)

    def test_the_view_follows_the_chats_cursor(self, container: Container):
        [chat_id] = conversations(container, uuid.uuid4())
        chat = container.chats.repository.get(chat_id)
        container.runner.catch_up("chats")
        assert container.chat_views.get_chat(str(chat_id))["current_message_id"] == chat.current_message_id

    def test_a_branch_is_read_from_its_root_down_to_the_message(self, container: Container):
        owner, chat_id = str(uuid.uuid4()), uuid.uuid4()
        tree = (message("q"), message("a", "q", role="assistant"), message("q2", "a"), message("other", "a"))
        container.chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(*tree)))
        container.runner.catch_up("chats")
        branch = container.chat_views.branch(str(chat_id), "q2")
        assert [(m.role, m.content) for m in branch] == [
            ("user", "text of q"), ("assistant", "text of a"), ("user", "text of q2")]
        assert container.chat_views.branch(str(chat_id), "missing") == []
