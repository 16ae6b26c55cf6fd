"""The admin's connection settings (Open WebUI's routers/configs.py, openai.py and ollama.py) and
the passthroughs the SPA reads: keys are shown masked, and a masked key sent back keeps its value."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.params import JSONBody

from application.audit.past_reads import PastReads
from application.models.catalog import ModelCatalog
from application.models.commands import ChangeConnectionOptions, ConfigureOllama, ConfigureOpenAI
from application.models.connections import ConnectionSettings, Upstream, mask
from application.models.ports import UpstreamError
from application.models.service import Models
from domain.models.connections import Connections
from infrastructure.llm.upstreams import HttpUpstreams
from infrastructure.settings import Settings
from interfaces.http.access import admins, members
from interfaces.http.as_of import AS_OF, state_as_it_was
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import URL_IDX
from interfaces.http.errors import NOT_ALLOWED
from interfaces.http.forms import Form
from projections.models.queries import ModelPresetQueries
from projections.runtime.settling import reads

Json = dict[str, Any]


class ConnectionsForm(Form):
    ENABLE_DIRECT_CONNECTIONS: bool
    ENABLE_BASE_MODELS_CACHE: bool
    ENABLE_DIRECT_INTEGRATIONS: bool = False


class OpenAIConfigForm(Form):
    OPENAI_API_BASE_URLS: list[str]
    OPENAI_API_KEYS: list[str]
    OPENAI_API_CONFIGS: dict[str, Json]
    ENABLE_OPENAI_API: bool | None = None


class OllamaConfigForm(Form):
    OLLAMA_BASE_URLS: list[str]
    OLLAMA_API_CONFIGS: dict[str, Json]
    ENABLE_OLLAMA_API: bool | None = None


@get("/api/v1/configs/connections", guards=[admins])
async def connections_config(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                             past_reads: NamedDependency[PastReads],
                             models: NamedDependency[Models], catalog: NamedDependency[ModelCatalog],
                             as_of: str | None = AS_OF) -> Json:
    return (await _connections(request, user, past_reads, models, catalog, as_of)).options


async def _connections(request: Request[Any, Any, Any], user: SessionUser, past_reads: PastReads, models: Models,
                       catalog: ModelCatalog, as_of: str | None) -> ConnectionSettings:
    """As they are, or as they were ``as_of`` (the workspace's, nobody's: no disclosure)."""
    if as_of is None:
        return await catalog.connections()
    past = await anyio.to_thread.run_sync(state_as_it_was, request, past_reads, user,
                                          "connections", "", as_of, _nobodys)
    return models.connections_of(past)


def _nobodys(connections: Connections, user: SessionUser) -> str | None:
    """Only admins reach the routes, and the connections are the workspace's."""
    return None


@post("/api/v1/configs/connections", status_code=200, guards=[admins], opt=reads())
async def set_connections_config(data: JSONBody[ConnectionsForm], user: NamedDependency[SessionUser],
                                 models: NamedDependency[Models],
                                 catalog: NamedDependency[ModelCatalog]) -> Json:
    changes = {"ENABLE_DIRECT_CONNECTIONS": data.ENABLE_DIRECT_CONNECTIONS,
               "ENABLE_DIRECT_INTEGRATIONS": data.ENABLE_DIRECT_INTEGRATIONS,
               "ENABLE_BASE_MODELS_CACHE": data.ENABLE_BASE_MODELS_CACHE}
    await anyio.to_thread.run_sync(models.change_connection_options,
                                   ChangeConnectionOptions(actor_id=user.id, changes=changes))
    return (await catalog.connections()).options


@get("/openai/config", guards=[admins])
async def openai_config(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                        past_reads: NamedDependency[PastReads],
                        models: NamedDependency[Models], catalog: NamedDependency[ModelCatalog],
                        as_of: str | None = AS_OF) -> Json:
    return openai_config_shown(await _connections(request, user, past_reads, models, catalog, as_of))


@post("/openai/config/update", status_code=200, guards=[admins], opt=reads())
async def update_openai_config(data: JSONBody[OpenAIConfigForm], user: NamedDependency[SessionUser],
                               models: NamedDependency[Models],
                               catalog: NamedDependency[ModelCatalog]) -> Json:
    current = await catalog.connections()
    enabled = current.openai_enabled if data.ENABLE_OPENAI_API is None else data.ENABLE_OPENAI_API
    await anyio.to_thread.run_sync(models.configure_openai, ConfigureOpenAI(
        actor_id=user.id, enabled=enabled, base_urls=data.OPENAI_API_BASE_URLS, keys=data.OPENAI_API_KEYS,
        configs=data.OPENAI_API_CONFIGS))
    catalog.forget()
    return openai_config_shown(await catalog.connections())


@get("/ollama/config", guards=[admins])
async def ollama_config(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                        past_reads: NamedDependency[PastReads],
                        models: NamedDependency[Models], catalog: NamedDependency[ModelCatalog],
                        as_of: str | None = AS_OF) -> Json:
    return ollama_config_shown(await _connections(request, user, past_reads, models, catalog, as_of))


@post("/ollama/config/update", status_code=200, guards=[admins], opt=reads())
async def update_ollama_config(data: JSONBody[OllamaConfigForm], user: NamedDependency[SessionUser],
                               models: NamedDependency[Models],
                               catalog: NamedDependency[ModelCatalog]) -> Json:
    current = await catalog.connections()
    enabled = current.ollama_enabled if data.ENABLE_OLLAMA_API is None else data.ENABLE_OLLAMA_API
    await anyio.to_thread.run_sync(models.configure_ollama, ConfigureOllama(
        actor_id=user.id, enabled=enabled, base_urls=data.OLLAMA_BASE_URLS, configs=data.OLLAMA_API_CONFIGS))
    catalog.forget()
    return ollama_config_shown(await catalog.connections())


@get(["/openai/models", "/openai/models/{url_idx:int}"], guards=[members])
async def openai_models(user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
                        model_views: NamedDependency[ModelPresetQueries], catalog: NamedDependency[ModelCatalog],
                        upstreams: NamedDependency[HttpUpstreams],
                        url_idx: int | None = URL_IDX) -> Json:
    config = await catalog.connections()
    if not config.openai_enabled:
        raise HTTPException(status_code=503, detail="OpenAI API is disabled")
    if url_idx is not None:
        return {"object": "list",
                "data": await _one_upstream(user, settings, upstreams, config.upstream("openai", url_idx))}
    base = await catalog.base_models()
    caller = user.model_caller
    presets = {p["id"]: p for p in await anyio.to_thread.run_sync(model_views.list_presets)}
    return {"data": [m for m in base.openai.values()
                     if catalog.may_use(caller, {"info": presets.get(m["id"])})]}


@get(["/ollama/api/tags", "/ollama/api/tags/{url_idx:int}"], guards=[members])
async def ollama_tags(user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
                      model_views: NamedDependency[ModelPresetQueries], catalog: NamedDependency[ModelCatalog],
                      upstreams: NamedDependency[HttpUpstreams],
                      url_idx: int | None = URL_IDX) -> Json:
    config = await catalog.connections()
    if not config.ollama_enabled:
        raise HTTPException(status_code=503, detail="Ollama API is disabled")
    if url_idx is not None:
        return {"models": await _one_upstream(user, settings, upstreams, config.upstream("ollama", url_idx))}
    base = await catalog.base_models()
    caller = user.model_caller
    presets = {p["id"]: p for p in await anyio.to_thread.run_sync(model_views.list_presets)}
    return {"models": [m for m in base.ollama
                       if catalog.may_use(caller, {"info": presets.get(m["model"])})]}


@get(["/ollama/api/version", "/ollama/api/version/{url_idx:int}"], guards=[members])
async def ollama_version(user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
                         catalog: NamedDependency[ModelCatalog],
                         upstreams: NamedDependency[HttpUpstreams],
                         url_idx: int | None = URL_IDX) -> Json:
    """The lowest version among the enabled servers, as Open WebUI answers; none (as when the API
    is off) without any, and a 502 when none of them answered."""
    config = await catalog.connections()
    if url_idx is not None:
        _admin_only(user)
        if config.upstream("ollama", url_idx) is None:
            raise HTTPException(status_code=404, detail="Connection not found")
    enabled = [u for u in config.ollama if u.enabled and url_idx in (None, u.index)]
    if not config.ollama_enabled or not enabled:
        return {"version": False}
    versions = await asyncio.gather(*(_version(settings, upstreams, u) for u in enabled))
    known = [v for v in versions if v]
    if not known:
        raise HTTPException(status_code=502, detail="No Ollama server answered.")
    return {"version": min(known, key=_version_key)}


async def _one_upstream(user: SessionUser, settings: Settings, upstreams: HttpUpstreams,
                        upstream: Upstream | None) -> list[Json]:
    _admin_only(user)
    if upstream is None:
        raise HTTPException(status_code=404, detail="Connection not found")
    try:
        return await upstreams.list_models(upstream, settings.model_list_timeout)
    except UpstreamError as error:
        raise HTTPException(status_code=502, detail=f"The server did not list its models: {error}") from None


async def _version(settings: Settings, upstreams: HttpUpstreams, upstream: Upstream) -> str | None:
    try:
        return await upstreams.version(upstream, settings.model_list_timeout) or None
    except UpstreamError:
        return None


def _version_key(version: str) -> tuple[int, ...]:
    core = version.lstrip("v").split("-")[0]
    return tuple(int(p) if p.isdecimal() else 0 for p in core.split("."))  # a server may say anything


def _admin_only(user: SessionUser) -> None:
    if not user.is_admin:
        raise NotAuthorizedException(NOT_ALLOWED)


def openai_config_shown(settings: ConnectionSettings) -> Json:
    return {"ENABLE_OPENAI_API": settings.openai_enabled,
            "OPENAI_API_BASE_URLS": [u.url for u in settings.openai],
            "OPENAI_API_KEYS": [mask(u.key) for u in settings.openai],
            "OPENAI_API_CONFIGS": {str(u.index): u.config for u in settings.openai if u.config}}


def ollama_config_shown(settings: ConnectionSettings) -> Json:
    configs = {str(u.index): {**u.config, **({"key": mask(u.key)} if u.key else {})}
               for u in settings.ollama if u.config}
    return {"ENABLE_OLLAMA_API": settings.ollama_enabled, "OLLAMA_BASE_URLS": [u.url for u in settings.ollama],
            "OLLAMA_API_CONFIGS": configs}


ROUTES = [connections_config, set_connections_config, openai_config, update_openai_config, ollama_config,
          update_ollama_config, openai_models, ollama_tags, ollama_version]
