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
from litestar.params import FromPath

from application.audit.commands import RecordDisclosure
from application.audit.person_export import PersonArchives
from application.audit.service import Audit
from infrastructure.settings import Settings
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser

POLICY_OFF = ("Admins may not read others' data here (ENABLE_ADMIN_CHAT_ACCESS is off); the operator can "
              "make this archive with `annals export-person`.")


@get("/api/v1/users/{user_id:str}/export", guards=[admins])
async def person_archive(request: Request[Any, Any, Any], user_id: FromPath[str], user: NamedDependency[SessionUser],
                         settings: NamedDependency[Settings], audit: NamedDependency[Audit],
                         person_archives: NamedDependency[PersonArchives]) -> Response[bytes]:
    if user_id != user.id and not settings.admin_chat_access:
        raise NotAuthorizedException(POLICY_OFF)
    archive = await anyio.to_thread.run_sync(_archive, user_id, person_archives)
    if user_id != user.id:
        await anyio.to_thread.run_sync(lambda: audit.record_disclosure(RecordDisclosure(
            user_id=user.id, owners=[user_id], resource="person archive", path=request.url.path)))
    return Response(archive, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="person-{user_id}.zip"'})


def _archive(user_id: str, person_archives: PersonArchives) -> bytes:
    out = io.BytesIO()
    person_archives.export(user_id, out)
    return out.getvalue()


ROUTES = [person_archive]
