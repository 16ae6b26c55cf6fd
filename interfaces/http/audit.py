"""/api/v1/audit: what an auditor asks of the log itself."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import MediaType, get

from application.audit.verification import verify
from infrastructure.bootstrap import Container
from interfaces.http.access import admins, public


@get("/api/v1/audit/verify", sync_to_thread=True, guards=[admins])
def verify_logs(container: Container) -> dict[str, Any]:
    """Each context's log checked against its hash chain: ``intact`` false names the first position
    where they disagree. It reads the whole log: seconds for a million events."""
    verdicts = verify(container.contexts, container.audit_key)
    return {"intact": all(v.intact for v in verdicts),
            "contexts": [{**msgspec.structs.asdict(v), "intact": v.intact} for v in verdicts]}


@get("/api/v1/audit/checkpoints/key", sync_to_thread=False, guards=[public], media_type=MediaType.TEXT)
def checkpoint_key(container: Container) -> str:
    """The public half of the key that signs the logs' checkpoints (PEM), for anyone to check them with."""
    return container.audit_key.public_pem


ROUTES = [verify_logs, checkpoint_key]
