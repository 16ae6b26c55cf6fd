"""Reactions: work that follows from an event in another context (a person deleted, so their chats
and files go), run by the projection runtime with a tracked position of its own.

A reaction reads its context's log in order and issues commands. It is run at least once per event:
a crash after its commands and before its position is recorded runs them again, so each command it
issues must be idempotent (those of a deletion skip what is already gone). Its work on an event
is done when it is visible: it waits for the views of what it changed before it returns.
"""

from __future__ import annotations

from typing import Any, Protocol


class Reaction(Protocol):
    @property
    def name(self) -> str:
        """Its tracking name (and its name in the event API)."""

    @property
    def context(self) -> str:
        """The context whose log it reads."""

    @property
    def reacts_to(self) -> tuple[type, ...]:
        """The event types it acts on; the others only move its position on."""

    def react(self, event: Any) -> None: ...


class Postponed(Exception):
    """A reaction cannot finish its work on an event now (its process is stopping, or an engine it
    needs is away): its position stays before the event, which is acted on again at the next
    catch-up, on this process or after a restart. Nothing is recorded as a fault."""
