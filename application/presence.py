"""The port that answers whether a person is here now: has a Socket.IO connection open to any API
process (Open WebUI's ``/api/v1/users/{id}/active`` and the ``is_active`` of a person's info)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class LocalSockets(Protocol):
    """The connections signed in to this process, by person (``interfaces.socketio.sessions``)."""

    def sids_of(self, user_id: str) -> list[str]: ...

    def users(self) -> list[str]: ...


@runtime_checkable
class Presence(Protocol):
    """Checkable at run time, as Litestar checks every dependency a handler declares."""

    async def changed(self, user_id: str, sid: str) -> None:
        """``sid`` of ``user_id`` was signed in to this process or left it: tell the other processes.
        The adapter reads what is true now from the local sockets, so calls may overlap freely."""
        ...

    async def is_here(self, user_id: str) -> bool:
        """Whether a connection of the person is open to any process. Never raises, and never waits
        on a shared store longer than its command timeout: it falls back to this process's sockets."""
        ...
