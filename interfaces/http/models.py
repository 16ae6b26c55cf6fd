"""GET /api/models (what a person can pick) and /api/v1/models/* (the workspace's presets), as
Open WebUI's main.py and routers/models.py answer them."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromQuery, JSONBody, Parameter, QueryParameter

from application.access.resources import Action, Kind, Principal, Resource
from application.access.rules import permits
from application.access.service import Authorisation
from application.audit.past_reads import PastReads
from application.files.service import Files
from application.knowledge.service import Knowledge
from application.models import commands as m
from application.models.catalog import ModelCatalog, readable
from application.models.model_list import arranged
from application.models.service import Models
from domain.models.errors import ForeignPresetError, ModelIdTakenError, ModelNotFoundError
from domain.models.preset import ModelPreset
from interfaces.http.access import admins, members
from interfaces.http.as_of import AS_OF, as_it_was
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import enforce, principal_of
from interfaces.http.bounds import PAGE
from interfaces.http.errors import NOT_ALLOWED
from interfaces.http.forms import Form
from interfaces.http.idempotency import once
from interfaces.http.permissions import may
from interfaces.http.preset_knowledge import check_knowledge
from projections.models.projector import ModelPresetViews
from projections.models.queries import ModelPresetQueries
from projections.runtime.settling import reads
from projections.users.queries import UserQueries

PAGE_SIZE = 30
Json = dict[str, Any]
ModelId = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class ModelForm(Form):
    id: ModelId
    name: Annotated[str, msgspec.Meta(max_length=1000)]
    meta: Json = msgspec.field(default_factory=dict)
    params: Json = msgspec.field(default_factory=dict)
    base_model_id: Annotated[str, msgspec.Meta(max_length=256)] | None | msgspec.UnsetType = msgspec.UNSET
    access_grants: list[Json] | None = None
    is_active: bool | msgspec.UnsetType = msgspec.UNSET
    commit_message: Annotated[str, msgspec.Meta(max_length=10_000)] | None = None


class ModelAccessForm(Form):
    id: ModelId
    access_grants: list[Json]
    name: Annotated[str, msgspec.Meta(max_length=1000)] | None = None


class ModelIdForm(Form):
    id: ModelId


@get("/api/models", guards=[members])
async def models(user: NamedDependency[SessionUser], catalog: NamedDependency[ModelCatalog],
                 refresh: FromQuery[bool] = False) -> Json:
    available = await catalog.available(user.model_caller, refresh)
    return {"data": arranged(available, await catalog.model_defaults())}


@get("/api/models/base", guards=[admins])
async def base_models(catalog: NamedDependency[ModelCatalog]) -> Json:
    return {"data": (await catalog.base_models()).all()}


@get("/api/v1/models/list", sync_to_thread=True, guards=[members])
def list_presets(user: NamedDependency[SessionUser], users: NamedDependency[UserQueries],
                 model_views: NamedDependency[ModelPresetQueries],
                 text: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
                 view_option: FromQuery[str | None] = None, tag: FromQuery[str | None] = None,
                 order_by: FromQuery[str | None] = None,
                 direction: FromQuery[str | None] = None, page: int = Parameter(default=1, **PAGE)) -> Json:
    """Presets built on a base model that the caller may see, 30 a page."""
    found = [p for p in _visible(model_views, user) if p["base_model_id"] is not None
             and (view_option != "created" or p["user_id"] == user.id)
             and (view_option != "shared" or p["user_id"] != user.id)
             and (not text or text.lower() in f"{p['name']} {p['base_model_id']}".lower())
             and (not tag or tag.lower() in [t.lower() for t in _tag_names(p)])]
    if order_by in ("name", "created_at", "updated_at"):
        found.sort(key=lambda p: p[order_by], reverse=direction != "asc")
    page_of = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return {"items": [_with_access(users, user, p, owner=True) for p in page_of], "total": len(found)}


@get("/api/v1/models/all", sync_to_thread=True, guards=[admins])
def all_presets(model_views: NamedDependency[ModelPresetQueries]) -> list[Json]:
    return model_views.list_presets()


@get("/api/v1/models/base", sync_to_thread=True, guards=[admins])
def base_presets(model_views: NamedDependency[ModelPresetQueries], tag: FromQuery[str | None] = None) -> list[Json]:
    return [p for p in model_views.list_presets() if p["base_model_id"] is None
            and (not tag or tag in _tag_names(p))]


@get("/api/v1/models/tags", sync_to_thread=True, guards=[members])
def preset_tags(user: NamedDependency[SessionUser], model_views: NamedDependency[ModelPresetQueries]) -> list[str]:
    return sorted({t for p in _visible(model_views, user) if p["base_model_id"] for t in _tag_names(p)})


@get("/api/v1/models/base/tags", sync_to_thread=True, guards=[admins])
def base_preset_tags(model_views: NamedDependency[ModelPresetQueries]) -> list[str]:
    return sorted({t for p in model_views.list_presets() if not p["base_model_id"] for t in _tag_names(p)})


@get("/api/v1/models/model", sync_to_thread=True, guards=[members])
def get_preset(id: FromQuery[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
               past_reads: NamedDependency[PastReads], authorisation: NamedDependency[Authorisation],
               users: NamedDependency[UserQueries], model_views: NamedDependency[ModelPresetQueries],
               as_of: str | None = AS_OF) -> Json:
    if as_of is not None:
        past = as_it_was(request, past_reads, user, "model", id, as_of, _shared_or_disclosed)
        return _with_access(users, user, past)
    decision = authorisation.decide(principal_of(user), Action.READ, Resource(Kind.MODEL, id))
    enforce(decision, missing=ModelNotFoundError(id), refused=ForeignPresetError(id, user.id))
    preset = model_views.get_preset(id)
    if preset is None:
        raise ModelNotFoundError(id)
    return _with_access(users, user, preset)


def _shared_or_disclosed(preset: ModelPreset, user: SessionUser) -> str | None:
    """Its owner and those it is shared with may read it; an admin may read any other as someone else's."""
    as_member = Principal.acting(user.id, False, user.group_ids)
    if permits(as_member, Action.READ, Kind.MODEL, preset.owner_id, preset.grants):
        return None
    if not user.is_admin:
        raise ForeignPresetError(preset.model_id, user.id)
    return preset.owner_id


@post("/api/v1/models/create", status_code=200, guards=[members], opt=reads(ModelPresetViews))
async def create_preset(request: Request[Any, Any, Any], data: JSONBody[ModelForm], user: NamedDependency[SessionUser],
                        models: NamedDependency[Models],
                        model_views: NamedDependency[ModelPresetQueries],
                        catalog: NamedDependency[ModelCatalog], knowledge: NamedDependency[Knowledge],
                        files: NamedDependency[Files], authorisation: NamedDependency[Authorisation]) -> Json:
    base_model_id = data.base_model_id or None
    if not user.is_admin:
        if not may(user, "workspace.models") or not base_model_id:
            raise NotAuthorizedException(NOT_ALLOWED)
        if data.id in {model["id"] for model in (await catalog.base_models()).all()}:
            raise ModelIdTakenError(data.id)  # a person's preset never shadows an upstream model
        await catalog.check_base(base_model_id, user.model_caller)
    await anyio.to_thread.run_sync(check_knowledge, data.meta, None, user, knowledge, files, authorisation)
    command = m.CreatePreset(**acting(user), model_id=data.id,
                             base_model_id=base_model_id, name=data.name, params=data.params, meta=data.meta,
                             access_grants=[g for g in data.access_grants or []],
                             is_active=data.is_active is not False, once=once(request, user, "models.create", data))
    return await _then(model_views, user, data.id, models.create_preset, command)


@post("/api/v1/models/model/update", status_code=200, guards=[members], opt=reads(ModelPresetViews))
async def update_preset(data: JSONBody[ModelForm], user: NamedDependency[SessionUser], models: NamedDependency[Models],
                        model_views: NamedDependency[ModelPresetQueries],
                        catalog: NamedDependency[ModelCatalog], knowledge: NamedDependency[Knowledge],
                        files: NamedDependency[Files], authorisation: NamedDependency[Authorisation]) -> Json:
    def command() -> tuple[m.UpdatePreset, str | None]:
        preset = models.readable_preset(data.id, user.id, user.is_admin, user.group_ids)
        stored = model_views.get_preset(data.id) or {}
        check_knowledge(data.meta, stored.get("meta"), user, knowledge, files, authorisation)
        base = preset.base_model_id if data.base_model_id is msgspec.UNSET else data.base_model_id
        if not user.is_admin and preset.base_model_id and not base:
            raise NotAuthorizedException(NOT_ALLOWED)  # only admins turn a preset into an override
        update = m.UpdatePreset(**acting(user), model_id=data.id,
                                base_model_id=base, name=data.name, params=data.params, meta=data.meta,
                                is_active=None if data.is_active is msgspec.UNSET else data.is_active)
        return update, preset.base_model_id

    update, base_before = await anyio.to_thread.run_sync(command)
    if not user.is_admin and update.base_model_id not in (None, base_before):
        # Only a new base is checked: the one its author chose was theirs to share, and a writer
        # through a grant may not be able to use it themselves.
        await catalog.check_base(update.base_model_id, user.model_caller)
    return await _then(model_views, user, data.id, models.update_preset, update)


@post("/api/v1/models/model/access/update", status_code=200, guards=[members], opt=reads(ModelPresetViews))
async def change_preset_access(data: JSONBody[ModelAccessForm], user: NamedDependency[SessionUser],
                               models: NamedDependency[Models],
                               model_views: NamedDependency[ModelPresetQueries]) -> Json:
    command = m.ChangePresetAccess(**acting(user), model_id=data.id,
                                   access_grants=data.access_grants, name=data.name)
    return await _then(model_views, user, data.id, models.change_preset_access, command)


@post("/api/v1/models/model/toggle", status_code=200, guards=[members], opt=reads(ModelPresetViews))
async def toggle_preset(id: FromQuery[str], user: NamedDependency[SessionUser], models: NamedDependency[Models],
                        model_views: NamedDependency[ModelPresetQueries]) -> Json:
    command = m.TogglePreset(**acting(user), model_id=id)
    return await _then(model_views, user, id, models.toggle_preset, command)


@post("/api/v1/models/model/delete", status_code=200, guards=[members], opt=reads(ModelPresetViews))
async def delete_preset(data: JSONBody[ModelIdForm], user: NamedDependency[SessionUser],
                        models: NamedDependency[Models]) -> bool:
    command = m.DeletePreset(**acting(user), model_id=data.id)
    await anyio.to_thread.run_sync(models.delete_preset, command)
    return True


async def _then(model_views: ModelPresetQueries, user: SessionUser, model_id: str, run: Any, command: Any) -> Json:
    """Run the command, wait until the presets view has it, and answer the preset as it now is."""
    def run_and_read() -> Json:
        run(command)
        preset = model_views.get_preset(model_id)
        if preset is None:
            raise ModelNotFoundError(model_id)
        return preset

    return await anyio.to_thread.run_sync(run_and_read)


def _visible(model_views: ModelPresetQueries, user: SessionUser) -> list[Json]:
    presets = model_views.list_presets()
    return presets if user.is_admin else [p for p in presets if readable(p, user.id, user.group_ids)]


def acting(user: SessionUser) -> Json:
    """Who gives a preset command: their grants come to them directly or through their groups."""
    return {"actor_id": user.id, "actor_is_admin": user.is_admin, "actor_group_ids": user.group_ids}


def writable(preset: Json, user: SessionUser) -> bool:
    return permits(principal_of(user), Action.WRITE, Kind.MODEL, preset["user_id"], preset["access_grants"])


def _with_access(users: UserQueries, user: SessionUser, preset: Json, owner: bool = False) -> Json:
    """Open WebUI's ModelAccessResponse: read-only callers never see the params (the system prompt)."""
    write_access = writable(preset, user)
    answer = {**preset, "meta": dict(preset["meta"]), "write_access": write_access}
    if not write_access:
        answer["params"] = {}
    if owner:
        answer["meta"].pop("profile_image_url", None)
        answer["user"] = _user(users, preset["user_id"])
    return answer


def _user(users: UserQueries, user_id: str) -> Json | None:
    record = users.get_user(user_id)
    if record is None:
        return None
    return {"id": record["id"], "name": record["name"], "email": record["email"], "role": record["role"],
            "profile_image_url": record["profile_image_url"]}


def _tag_names(preset: Json) -> list[str]:
    tags = (preset.get("meta") or {}).get("tags") or []
    names = (t.get("name") if isinstance(t, dict) else t for t in tags)
    return [name for name in names if isinstance(name, str)]


ROUTES = [models, base_models, list_presets, all_presets, base_presets, preset_tags, base_preset_tags, get_preset,
          create_preset, update_preset, change_preset_access, toggle_preset, delete_preset]
