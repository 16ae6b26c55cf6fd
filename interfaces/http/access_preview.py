"""The admin panel's previews of access, as Open WebUI 0.12.4 serves them: what a group's members
may read through the group (``/api/v1/groups/id/{id}/preview``, the group editor's Preview tab),
with its default models and its permissions beside the members' defaults; and what a person may
read, as owner or through a grant to them, their groups or everyone (``/api/v1/users/{id}/preview``).
A group's members are members of every group above it, so what those give is counted as theirs:
the defaults and the ancestors' permissions are what the group inherits. There are no tools yet,
so none is listed."""

from __future__ import annotations

from typing import Any

import anyio
from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.groups.service import Groups
from application.models.catalog import ModelCatalog
from domain.grants import READ, allows
from domain.groups.errors import GroupNotFoundError
from domain.groups.hierarchy import Nested, configured_models, deepest_default_models
from domain.groups.permissions import combined
from domain.identity.errors import UserNotFoundError
from interfaces.http.access import admins
from interfaces.http.ids import existing_id
from projections.groups.queries import GroupQueries
from projections.groups.standings import Standings
from projections.knowledge.queries import KnowledgeQueries, Listing, Reader
from projections.models.queries import ModelPresetQueries
from projections.users.queries import UserQueries

Json = dict[str, Any]
EVERY_BASE = 100_000
"""As Open WebUI, which lists every base of the workspace here."""


@get("/api/v1/groups/id/{group_id:str}/preview", guards=[admins])
async def preview_group(group_id: FromPath[str], group_views: NamedDependency[GroupQueries],
                        model_views: NamedDependency[ModelPresetQueries],
                        knowledge_views: NamedDependency[KnowledgeQueries], standings: NamedDependency[Standings],
                        groups: NamedDependency[Groups], catalog: NamedDependency[ModelCatalog]) -> Json:
    found = await anyio.to_thread.run_sync(group_views.get_group, str(existing_id(group_id)))
    if found is None:
        raise GroupNotFoundError(group_id)
    group: Json = found
    lineage = await anyio.to_thread.run_sync(group_views.lineage, group["id"])
    above = [row["permissions"] for row in lineage if row["id"] != group["id"]]
    defaults = await anyio.to_thread.run_sync(standings.defaults)
    reach = await anyio.to_thread.run_sync(_reach, "", [row["id"] for row in lineage], model_views, knowledge_views)
    models, source = deepest_default_models([Nested(row["id"], row["parent_group_id"], row["created_at"],
                                                    configured_models(row["data"])) for row in lineage])
    workspace_models = (await catalog.model_defaults())["DEFAULT_MODELS"] or ""
    return {
        "group": {"id": group["id"], "name": group["name"]},
        "default_models": {
            "local": configured_models(group.get("data")),
            "effective": models or [m.strip() for m in workspace_models.split(",") if m.strip()],
            "source_group_id": source,
        },
        **reach,
        "permissions": group.get("permissions") or {},
        "inherited_permissions": combined(defaults, groups.initial_defaults, above),
        "effective_permissions": combined(defaults, groups.initial_defaults, [*above, group.get("permissions")]),
    }


@get("/api/v1/users/{user_id:str}/preview", sync_to_thread=True, guards=[admins])
def preview_person(user_id: FromPath[str], users: NamedDependency[UserQueries],
                   group_views: NamedDependency[GroupQueries],
                   model_views: NamedDependency[ModelPresetQueries],
                   knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    person = users.get_user(str(existing_id(user_id)))
    if person is None:
        raise UserNotFoundError(user_id)
    groups = [{"id": group["id"], "name": group["name"]}
              for group in group_views.groups_of(person["id"], include_inherited=True)]
    return {"user": {"id": person["id"], "name": person["name"]}, "groups": groups,
            **_reach(person["id"], [group["id"] for group in groups], model_views, knowledge_views)}


def _reach(user_id: str, group_ids: list[str], model_views: ModelPresetQueries,
           knowledge_views: KnowledgeQueries) -> Json:
    """The presets and bases ``user_id`` (empty: nobody in particular) and ``group_ids`` may read,
    owned or granted, each with how many there are in all (the models counted among the active
    ones, as Open WebUI counts them)."""
    active = [model for model in model_views.list_presets() if model["is_active"]]
    readable = [model for model in active if model["user_id"] == user_id
                or allows(model["access_grants"] or [], user_id, READ, group_ids)]
    bases, _ = knowledge_views.list_bases(Reader(user_id=user_id, group_ids=group_ids), Listing(), skip=0,
                                          limit=EVERY_BASE)
    _, every_base = knowledge_views.list_bases(Reader(user_id="", sees_all=True), Listing(), skip=0, limit=0)
    return {"models": _items(readable, len(active)), "knowledge": _items(bases, every_base),
            "tools": _items([], 0)}


def _items(found: list[Json], total: int) -> Json:
    return {"items": [{"id": row["id"], "name": row["name"]} for row in found], "total": total}


ROUTES = [preview_group, preview_person]
