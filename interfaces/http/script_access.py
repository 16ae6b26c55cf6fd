"""Token use by scripts, for the audit trail: a request signed in by an ``Authorization: Bearer``
header, without the SPA's ``token`` cookie and without the ``Sec-Fetch-Mode`` header every current
browser adds to its requests, comes from a script (curl, a notebook, an integration). Its first use
of a session from an address and client in an hour is recorded (``application.audit.script_uses``).

A script that copies a browser's headers is taken for a browser: this tells honest scripts from
the app, it is no defence. API keys, when they exist, are scripts' own means and are recorded as such.
"""

from __future__ import annotations

from typing import Any

import anyio
import structlog
from eventsourcing.persistence import PersistenceError
from litestar.connection import ASGIConnection

from application.audit.commands import RecordTokenUse
from application.audit.service import Audit
from interfaces.http.addresses import client_address
from interfaces.http.auth import SessionUser, bearer_header

log = structlog.get_logger()


def by_script(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    return (bearer_header(connection) is not None and not connection.cookies.get("token")
            and "sec-fetch-mode" not in connection.headers)


async def note_script_use(connection: ASGIConnection[Any, Any, Any, Any], audit: Audit,
                          user: SessionUser) -> None:
    if not by_script(connection):
        return
    command = RecordTokenUse(user_id=user.id, session_id=user.session_id, address=client_address(connection),
                             client=connection.headers.get("user-agent", ""),
                             method=str(connection.scope.get("method", "")), path=connection.url.path)
    try:
        await anyio.to_thread.run_sync(audit.record_token_use, command)
    except PersistenceError as error:  # the request goes on; a lost record is logged, not raised
        log.warning("audit.token_use_not_recorded", error=repr(error), user_id=user.id)
