"""GET /api/v1/users/{id}/export: a person's subject-access archive (a zip), for admins.

Someone else's archive holds their content, so it is given only while admins may read others'
content (``ENABLE_ADMIN_CHAT_ACCESS``; otherwise the operator's ``annals export-person``), and only
once the read is recorded in the audit trail."""

from __future__ import annotations

import io
from typing import Any

import anyio
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException

from application.audit.commands import RecordDisclosure
from application.audit.person_export import export_person
from application.audit.service import Audit
from application.context import BoundedContext
from infrastructure.person_views import ViewsOfPerson
from infrastructure.settings import Settings
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from projections.event_catalog.trail import AuditTrail
from projections.runtime.runner import ProjectionRunner

POLICY_OFF = ("Admins may not read others' data here (ENABLE_ADMIN_CHAT_ACCESS is off); the operator can "
              "make this archive with `annals export-person`.")


@get("/api/v1/users/{user_id:str}/export", guards=[admins])
async def person_archive(request: Request[Any, Any, Any], user_id: str, user: SessionUser,
                         settings: NamedDependency[Settings], audit: NamedDependency[Audit],
                         runner: NamedDependency[ProjectionRunner], trail: NamedDependency[AuditTrail],
                         person_views: NamedDependency[ViewsOfPerson],
                         contexts: NamedDependency[dict[str, BoundedContext]]) -> Response[bytes]:
    if user_id != user.id and not settings.admin_chat_access:
        raise NotAuthorizedException(POLICY_OFF)
    archive = await anyio.to_thread.run_sync(_archive, user_id, runner, trail, person_views, contexts)
    if user_id != user.id:
        await anyio.to_thread.run_sync(lambda: audit.record_disclosure(RecordDisclosure(
            user_id=user.id, owners=[user_id], resource="person archive", path=request.url.path)))
    return Response(archive, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="person-{user_id}.zip"'})


def _archive(user_id: str, runner: ProjectionRunner, trail: AuditTrail, person_views: ViewsOfPerson,
             contexts: dict[str, BoundedContext]) -> bytes:
    out = io.BytesIO()
    export_person(user_id, contexts, trail, person_views, out,
                  caught_up=runner.wait)
    return out.getvalue()


ROUTES = [person_archive]
