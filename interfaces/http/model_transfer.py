"""Model presets taken out and brought back as JSON (Open WebUI's ``/api/v1/models/export`` and
``/import``), and the admin's reset (``/delete/all``).

An admin exports every preset; a member (with ``USER_PERMISSIONS_WORKSPACE_MODELS_EXPORT``) those
they may change. An import (a member needs ``USER_PERMISSIONS_WORKSPACE_MODELS_IMPORT``, and
``..._ACCESS`` to create presets) creates the presets it names, or changes those it may change: a
name or base model it leaves out is kept, its meta is added to the preset's, its params replace
them. Unlike Open WebUI, which skips what it may not do, an import with anything refused changes
nothing and says why. The knowledge an import names is checked as a saved preset's is
(``preset_knowledge.py``).
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import msgspec
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.params import FromQuery, JSONBody

from application.access.service import Authorisation
from application.files.service import Files
from application.knowledge.service import Knowledge
from application.models import commands as m
from application.models.catalog import ModelCatalog
from application.models.service import Models
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.errors import NOT_ALLOWED
from interfaces.http.forms import Form
from interfaces.http.models import ModelId, acting, writable
from interfaces.http.permissions import may
from interfaces.http.preset_knowledge import check_knowledge
from projections.models.projector import ModelPresetViews
from projections.models.queries import ModelPresetQueries
from projections.runtime.settling import reads

Json = dict[str, Any]


class ImportedModel(msgspec.Struct, kw_only=True):
    """What an export wrote: the preset's own fields; the rest (owner, times, grants' ids) is not ours
    to take over."""

    id: ModelId
    name: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
    base_model_id: Annotated[str, msgspec.Meta(max_length=256)] | None | msgspec.UnsetType = msgspec.UNSET
    params: Json | None = None
    meta: Json | None = None
    access_grants: list[Json] | None = None
    is_active: bool | None = None


class ImportForm(Form):
    models: Annotated[list[ImportedModel], msgspec.Meta(max_length=1000)]


@get("/api/v1/models/export", sync_to_thread=True, guards=[members])
def export_presets(user: NamedDependency[SessionUser], model_views: NamedDependency[ModelPresetQueries],
                   ids: FromQuery[list[str] | None] = None) -> list[Json]:
    if not may(user, "workspace.models_export"):
        raise NotAuthorizedException(NOT_ALLOWED)
    presets = [p for p in model_views.list_presets() if writable(p, user)
               and (ids is None or p["id"] in ids)]
    if ids is not None and {p["id"] for p in presets} != set(ids):
        raise PermissionDeniedException("You may not export some of these models, or they do not exist.")
    return presets


@post("/api/v1/models/import", status_code=200, guards=[members], opt=reads(ModelPresetViews))
async def import_presets(data: JSONBody[ImportForm], user: NamedDependency[SessionUser],
                         models: NamedDependency[Models],
                         model_views: NamedDependency[ModelPresetQueries],
                         catalog: NamedDependency[ModelCatalog], knowledge: NamedDependency[Knowledge],
                         files: NamedDependency[Files], authorisation: NamedDependency[Authorisation]) -> bool:
    if not may(user, "workspace.models_import"):
        raise NotAuthorizedException(NOT_ALLOWED)
    upstream: frozenset[str] = frozenset()
    if not user.is_admin:
        upstream = frozenset(model["id"] for model in (await catalog.base_models()).all())
        for base_model_id in {model.base_model_id for model in data.models if model.base_model_id}:
            await catalog.check_base(base_model_id, user.model_caller)

    def run() -> None:
        existing = {p["id"]: p for p in model_views.list_presets()}
        presets = [_imported(model, existing.get(model.id), user) for model in data.models]
        for preset in presets:
            before = existing.get(preset.model_id)
            check_knowledge(preset.meta, before and before.get("meta"), user, knowledge, files, authorisation)
        command = m.ImportPresets(**acting(user), presets=presets, upstream_model_ids=upstream)
        models.import_presets(command)

    await anyio.to_thread.run_sync(run)
    return True


@delete("/api/v1/models/delete/all", status_code=200, sync_to_thread=True, guards=[admins], opt=reads(ModelPresetViews))
def delete_all_presets(user: NamedDependency[SessionUser], models: NamedDependency[Models],
                       model_views: NamedDependency[ModelPresetQueries]) -> bool:
    model_ids = [p["id"] for p in model_views.list_presets()]
    models.delete_all_presets(m.DeleteAllPresets(actor_id=user.id, model_ids=model_ids))
    return True


def _imported(model: ImportedModel, existing: Json | None, user: SessionUser) -> m.ImportedPreset:
    if existing is None and not may(user, "workspace.models"):
        raise NotAuthorizedException(NOT_ALLOWED)
    return m.ImportedPreset(
        model_id=model.id, name=model.name or (existing or {}).get("name") or model.id,
        base_model_id=model.base_model_id, params=model.params or {},
        meta={**((existing or {}).get("meta") or {}), **(model.meta or {})},
        access_grants=[g for g in model.access_grants or []],
        is_active=model.is_active)


ROUTES = [export_presets, import_presets, delete_all_presets]
