"""The port through which application code talks to the SPA's open Socket.IO connections."""

from __future__ import annotations

from typing import Any, Protocol


class LiveEmitter(Protocol):
    """Sends a Socket.IO event to every connection of a person, or of a chat's room, whichever
    API process holds it. Callable from any thread (and from the event loop); it neither waits for
    delivery nor raises: a live event is a courtesy, the event log is the truth. Events sent to
    one room arrive in the order they were sent."""

    def emit_to_user(self, user_id: str, event: str, data: Any) -> None: ...

    def emit_to_chat(self, chat_id: str, event: str, data: Any, *, skip_sid: str | None = None) -> None:
        """``skip_sid``: the connection that caused the event and already knows about it."""
        ...
