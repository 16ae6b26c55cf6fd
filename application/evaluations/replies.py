"""The chats context answering the evaluations context's one question: is this a reply of theirs?"""

from __future__ import annotations

from uuid import UUID

from application.chats.service import Chats
from domain.chats.errors import ChatNotFoundError, MessageNotFoundError


class ChatReplies:
    def __init__(self, chats: Chats) -> None:
        self._chats = chats

    def check_reply(self, chat_id: str, message_id: str, owner_id: str) -> None:
        try:
            chat = self._chats.owned_chat(UUID(chat_id), owner_id)
        except ValueError:
            raise ChatNotFoundError(chat_id) from None
        if message_id not in chat.parents:
            raise MessageNotFoundError(chat.id, message_id)
