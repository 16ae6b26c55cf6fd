"""What an admin's reading of the log shows of other people, and its record in the audit trail:
the console discloses exactly what the events API would, and records it the same way (no record,
no page)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import ValidationException

from application.audit.commands import RecordDisclosure
from infrastructure.bootstrap import Container
from interfaces.http.auth import SessionUser
from projections.event_catalog.disclosure import Viewer, reveals_content


def viewer(container: Container, user: SessionUser) -> Viewer:
    return Viewer(user.id, may_read_content=container.settings.admin_chat_access)


def record_reading(request: Request[Any, Any, Any], container: Container, reader: Viewer,
                   shown: list[tuple[str, str | None]]) -> None:
    """``shown``: the (context, person) of each thing shown whole; those of others are recorded."""
    owners = sorted({owner for context, owner in shown if owner and reveals_content(context, owner, reader)})
    if owners and reader.may_read_content:
        container.audit.record_disclosure(RecordDisclosure(
            user_id=reader.user_id, owners=owners, resource="console", path=request.url.path))


def known_context(container: Container, context: str | None) -> str:
    """The context a page names (the events API's default when it names none)."""
    name = (context or "chats").lower()
    if name not in container.events.context_names:
        raise ValidationException(f"context must be one of {', '.join(container.events.context_names)}")
    return name


def caught_up(container: Container, context: str) -> None:
    """The context's catalog holds everything committed before the request."""
    name = context.title()
    container.runner.wait(name, container.contexts[name].position)
