"""/api/v1/users/permissions (what the app offers a person) and the admin's default permissions:
the members' defaults, kept as events of the groups context once an admin saves them, the
environment's (``USER_PERMISSIONS_*``) until then."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.audit.past_reads import PastReads
from application.groups.commands import SetDefaultPermissions
from application.groups.service import Groups
from domain.groups.permissions import SECTIONS, Permissions, filled, switch
from interfaces.http.access import admins, members
from interfaces.http.as_of import AS_OF, as_it_was
from interfaces.http.auth import SessionUser
from interfaces.http.permissions import Json, told
from projections.groups.projector import GroupViews
from projections.groups.standings import Standings
from projections.runtime.settling import reads


@get("/api/v1/users/permissions", sync_to_thread=False, guards=[members])
def own_permissions(user: NamedDependency[SessionUser]) -> Json:
    return told(user.permissions)


@get("/api/v1/users/default/permissions", sync_to_thread=True, guards=[admins])
def default_permissions(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                        standings: NamedDependency[Standings], groups: NamedDependency[Groups],
                        past_reads: NamedDependency[PastReads], as_of: str | None = AS_OF) -> Json:
    """As saved (``as_of``: as they were saved then), every switch Open WebUI has filled in from
    the environment's."""
    saved = standings.defaults() if as_of is None else as_it_was(
        request, past_reads, user, "permissions", "defaults", as_of, lambda *_: None)
    return whole(filled(saved, groups.initial_defaults))


@get("/api/v1/users/default/permissions/defaults", sync_to_thread=False, guards=[admins])
def initial_default_permissions(groups: NamedDependency[Groups]) -> Json:
    """The environment's: what the admin page's reset goes back to."""
    return whole(groups.initial_defaults)


@post("/api/v1/users/default/permissions", status_code=200, sync_to_thread=True, guards=[admins],
      opt=reads(GroupViews))
def set_default_permissions(data: JSONBody[Json], user: NamedDependency[SessionUser],
                            groups: NamedDependency[Groups]) -> Json:
    groups.set_default_permissions(SetDefaultPermissions(actor_id=user.id, permissions=data))
    return data


def whole(permissions: Permissions) -> Json:
    """Open WebUI's ``UserPermissions`` shape: every section, every switch, nothing else."""
    return {section: {name: switch(permissions, f"{section}.{name}") for name in names}
            for section, names in SECTIONS.items()}


ROUTES = [own_permissions, default_permissions, initial_default_permissions, set_default_permissions]
