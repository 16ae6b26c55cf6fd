"""What the evaluations context needs from the outside: to know whose replies are whose."""

from __future__ import annotations

from typing import Protocol


class Replies(Protocol):
    def check_reply(self, chat_id: str, message_id: str, owner_id: str) -> None:
        """Nothing if ``message_id`` is a message of ``owner_id``'s chat ``chat_id``; otherwise
        the chats context's not-found errors (someone else's chat is one it records as a refusal)."""
