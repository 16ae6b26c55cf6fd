"""/api/v1/retention (admins): the workspace's retention policy, applied by the sweep
(``application/retention/purge.py``)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.retention.commands import SetRetentionPolicy
from application.retention.policies import RetentionPolicies
from domain.retention.policy import MOST_DAYS, RetentionPolicy
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form
from projections.runtime.settling import reads

Days = Annotated[int, msgspec.Meta(ge=0, le=MOST_DAYS)] | None | msgspec.UnsetType
"""Whole days; 0 or null keeps forever; left out, unchanged."""


class RetentionForm(Form):
    chat_days: Days = msgspec.UNSET
    """Chats nobody updated for so many days."""
    file_days: Days = msgspec.UNSET
    """Files uploaded so many days ago."""
    audit_days: Days = msgspec.UNSET
    """The audit log's records (refusals, token uses, admins' reads) so old lose their texts."""


@get("/api/v1/retention", sync_to_thread=True, guards=[admins])
def get_retention(retention: NamedDependency[RetentionPolicies]) -> dict[str, Any]:
    return _shown(retention.current())


@post("/api/v1/retention", sync_to_thread=True, status_code=200, guards=[admins], opt=reads())
def set_retention(data: JSONBody[RetentionForm], user: NamedDependency[SessionUser],
                  retention: NamedDependency[RetentionPolicies]) -> dict[str, Any]:
    """Applied by the next sweep: what is due then is purged, and the purge proven in the audit trail."""
    days = {kind: getattr(data, f"{kind.rstrip('s')}_days") for kind in ("chats", "files", "audit")}
    retention.set_policy(SetRetentionPolicy(actor_id=user.id, days={
        kind: value for kind, value in days.items() if value is not msgspec.UNSET}))
    return _shown(retention.current())


def _shown(policy: RetentionPolicy | None) -> dict[str, Any]:
    """Days per kind, 0 meaning forever; ``revision`` counts the policy's changes, ``runs`` its purges."""
    days = policy.days if policy else {"chats": 0, "files": 0, "audit": 0}
    return {"chat_days": days["chats"], "file_days": days["files"], "audit_days": days["audit"],
            "revision": policy.revision if policy else 0, "changed_by": policy.changed_by if policy else None,
            "runs": policy.runs if policy else 0}


ROUTES = [get_retention, set_retention]
