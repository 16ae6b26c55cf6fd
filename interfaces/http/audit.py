"""/api/v1/audit: what an auditor asks of the log itself."""

from __future__ import annotations

import base64
import time
from typing import Any, Literal

import anyio
import msgspec
from litestar import MediaType, Response, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import FromQuery, Parameter

from application.audit.exports import MEDIA_TYPES, export_trail
from application.audit.service import Audit
from application.audit.trail import TrailFilter, checked_context, format_cursor, parse_cursor
from application.audit.verification import recording, verify_log
from application.context import BoundedContext
from infrastructure.audit_keys import AuditKey
from interfaces.http.access import admins, public
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import UNIX_TIME
from projections.event_catalog.trail import AuditTrail, trail_caught_up
from projections.runtime.runner import ProjectionRunner


@get("/api/v1/audit/verify", sync_to_thread=True, guards=[admins])
def verify_logs(user: NamedDependency[SessionUser], audit_key: NamedDependency[AuditKey],
                audit: NamedDependency[Audit], contexts: NamedDependency[dict[str, BoundedContext]],
                context: str | None = Parameter(default=None, max_length=50)) -> dict[str, Any]:
    """Each context's log (or the one ``context`` names) checked against its hash chain: ``intact``
    false names the first position where they disagree. It reads the whole log: seconds for a
    million events (the console asks one context at a time, to show its progress). Each result is
    recorded in the audit log, who asked with it."""
    verdicts = [verify_log(name, contexts[name], audit_key) for name in _chosen(contexts, context)]
    for verdict in verdicts:
        audit.record_verification(recording(verdict, user.id))
    return {"intact": all(v.intact for v in verdicts),
            "contexts": [{**msgspec.structs.asdict(v), "intact": v.intact} for v in verdicts]}


def _chosen(contexts: dict[str, BoundedContext], context: str | None) -> list[str]:
    if context is None:
        return list(contexts)
    if context.title() not in contexts:
        raise ValidationException(f"context must be one of {', '.join(n.lower() for n in contexts)}")
    return [context.title()]


@get("/api/v1/audit/checkpoints/key", sync_to_thread=False, guards=[public], media_type=MediaType.TEXT)
def checkpoint_key(audit_key: NamedDependency[AuditKey]) -> str:
    """The public half of the key that signs the logs' checkpoints (PEM), for anyone to check them with."""
    return audit_key.public_pem


def trail_filter(
    trail: NamedDependency[AuditTrail], person: str | None = Parameter(default=None, max_length=36),
    resource: str | None = Parameter(default=None, max_length=36),
    type: str | None = Parameter(default=None, max_length=200),
    context: str | None = Parameter(default=None, max_length=50),
    since: float | None = Parameter(default=None, **UNIX_TIME),
    until: float | None = Parameter(default=None, **UNIX_TIME),
) -> TrailFilter:
    """The trail's filters, as its listing and its export take them from the query string."""
    return checked_context(TrailFilter(person=person, resource=resource, type=type, context=context, since=since,
                                       until=until), trail.context_names)


FILTERED = {"filters": Provide(trail_filter, sync_to_thread=False)}


def _caught_up(runner: ProjectionRunner, contexts: dict[str, BoundedContext]) -> None:
    """The trail holds everything committed before the request (it reads every context's catalog)."""
    caught_up = trail_caught_up(runner)
    for name, context in contexts.items():
        caught_up(name, context.position)


@get("/api/v1/audit/entries", sync_to_thread=True, guards=[admins], dependencies=FILTERED)
def list_entries(runner: NamedDependency[ProjectionRunner], trail: NamedDependency[AuditTrail],
                 contexts: NamedDependency[dict[str, BoundedContext]], filters: NamedDependency[TrailFilter],
                 after: str | None = Parameter(default=None, max_length=2000),
                 limit: int = Parameter(default=100, ge=1, le=1000)) -> dict[str, Any]:
    """Who did what, when, from where: every context's events with sign-ins, refusals and admins'
    reads of others' data, merged by time. Page on with ``after=next_after`` (null: the last page)."""
    cursor = parse_cursor(after, trail.context_names)
    _caught_up(runner, contexts)
    page = trail.page(filters, cursor, limit)
    return {"entries": page.entries, "next_after": format_cursor(page.after) if page.more else None}


@get("/api/v1/audit/export", guards=[admins], dependencies=FILTERED)
async def export_entries(runner: NamedDependency[ProjectionRunner], audit_key: NamedDependency[AuditKey],
                         trail: NamedDependency[AuditTrail], contexts: NamedDependency[dict[str, BoundedContext]],
                         filters: NamedDependency[TrailFilter],
                         format: FromQuery[Literal["jsonl", "csv"]] = "jsonl") -> Response[bytes]:
    """The entries the filters choose, up to a signed checkpoint of each log (the export's last rows),
    signed whole: the Ed25519 signature of the body's exact bytes is in ``X-Annals-Signature``
    (base64), checked with the key at ``/api/v1/audit/checkpoints/key``."""
    exported = await anyio.to_thread.run_sync(lambda: export_trail(
        trail, contexts, audit_key, filters, format, caught_up=trail_caught_up(runner)))
    name = f"audit-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.{format}"
    return Response(exported.data, media_type=MEDIA_TYPES[format], headers={
        "X-Annals-Signature": base64.b64encode(exported.signature).decode(),
        "X-Annals-Checkpoints": ",".join(f"{n.lower()}:{c.position}" for n, c in exported.checkpoints.items()),
        "Content-Disposition": f'attachment; filename="{name}"'})


ROUTES = [verify_logs, checkpoint_key, list_entries, export_entries]
