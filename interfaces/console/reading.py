"""What an admin's reading of the log shows of other people, and its record in the audit trail:
the console discloses exactly what the events API would, and records it the same way (no record,
no page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException

from application.audit.commands import RecordDisclosure
from application.audit.service import Audit
from application.context import BoundedContext
from infrastructure.settings import Settings
from interfaces.http.auth import SessionUser
from projections.event_catalog.disclosure import Viewer, reveals_content
from projections.event_catalog.queries import EventQueries
from projections.runtime.runner import ProjectionRunner


class LogReading:
    """The console's pages' reading of the log: who reads, which context, caught up, recorded."""

    def __init__(self, settings: Settings, audit: Audit, events: EventQueries, runner: ProjectionRunner,
                 contexts: Mapping[str, BoundedContext]) -> None:
        self._settings, self._audit, self._events = settings, audit, events
        self._runner, self._contexts = runner, contexts

    def viewer(self, user: SessionUser) -> Viewer:
        return Viewer(user.id, may_read_content=self._settings.admin_chat_access)

    def record(self, request: Request[Any, Any, Any], reader: Viewer, shown: list[tuple[str, str | None]]) -> None:
        """``shown``: the (context, person) of each thing shown whole; those of others are recorded."""
        owners = sorted({owner for context, owner in shown if owner and reveals_content(context, owner, reader)})
        if owners and reader.may_read_content:
            self._audit.record_disclosure(RecordDisclosure(
                user_id=reader.user_id, owners=owners, resource="console", path=request.url.path))

    def record_accounts(self, request: Request[Any, Any, Any], reader: Viewer, shown: list[str]) -> None:
        """People's accounts shown (names, e-mails, a hold's reason): what an admin manages whatever
        the content policy, and still a read of others' data, so recorded whenever it is someone else's."""
        owners = sorted(set(shown) - {reader.user_id})
        if owners:
            self._audit.record_disclosure(RecordDisclosure(
                user_id=reader.user_id, owners=owners, resource="console accounts", path=request.url.path))

    def known_context(self, context: str | None) -> str:
        """The context a page names (the events API's default when it names none)."""
        name = (context or "chats").lower()
        if name not in self._events.context_names:
            raise ValidationException(f"context must be one of {', '.join(self._events.context_names)}")
        return name

    def caught_up(self, context: str) -> None:
        """The context's catalog holds everything committed before the request."""
        name = context.title()
        self._runner.wait(name, self._contexts[name].position)


def log_reading(settings: NamedDependency[Settings], audit: NamedDependency[Audit],
                events: NamedDependency[EventQueries], runner: NamedDependency[ProjectionRunner],
                contexts: NamedDependency[dict[str, BoundedContext]]) -> LogReading:
    """Provided to the console's pages, from the services the application provides."""
    return LogReading(settings, audit, events, runner, contexts)
