"""Checking a connection before it is saved, as the SPA's connection dialog does (Open WebUI's
``/openai/verify`` and ``/ollama/verify``): the server is asked for its models, or its version,
through the same SSRF guard as every call to an upstream, so that an admin cannot use the check
to probe addresses the operator did not allow. A failure is told in a few words of ours (the SPA
shows ``error.message``), never with the server's own body."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import msgspec
from litestar import Response, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.models.catalog import ModelCatalog
from application.models.connections import ConnectionSettings, Kind, Upstream, mask
from application.models.ports import (
    UpstreamAddressRefusedError,
    UpstreamError,
    Upstreams,
    UpstreamTimeout,
)
from domain.models.urls import checked_url
from infrastructure.llm.upstreams import HttpUpstreams
from infrastructure.settings import Settings
from interfaces.http.access import admins
from interfaces.http.forms import Form
from projections.runtime.settling import reads

Json = dict[str, Any]
MAX_REASON = 300


class ConnectionCheckForm(Form):
    url: Annotated[str, msgspec.Meta(max_length=2048)]
    key: Annotated[str, msgspec.Meta(max_length=10_000)] | None = None
    config: Json | None = None


@post("/openai/verify", status_code=200, guards=[admins], opt=reads())
async def verify_openai(data: JSONBody[ConnectionCheckForm], settings: NamedDependency[Settings],
                        catalog: NamedDependency[ModelCatalog],
                        upstreams: NamedDependency[HttpUpstreams]) -> Response[Json]:
    return await _check(settings, catalog, upstreams, "openai", data, _models)


@post("/ollama/verify", status_code=200, guards=[admins], opt=reads())
async def verify_ollama(data: JSONBody[ConnectionCheckForm], settings: NamedDependency[Settings],
                        catalog: NamedDependency[ModelCatalog],
                        upstreams: NamedDependency[HttpUpstreams]) -> Response[Json]:
    return await _check(settings, catalog, upstreams, "ollama", data, _version)


Question = Callable[[Upstreams, Upstream, float], Awaitable[Json]]


async def _check(settings: Settings, catalog: ModelCatalog, upstreams: HttpUpstreams, kind: Kind,
                 data: ConnectionCheckForm, ask: Question) -> Response[Json]:
    url = checked_url(data.url)
    key = _saved_key(await catalog.connections(), kind, url, data.key or "")
    upstream = Upstream(kind, -1, url, key, dict(data.config or {}))
    try:
        return Response(await ask(upstreams, upstream, settings.model_list_timeout))
    except UpstreamError as error:
        return _failed(error)


async def _models(upstreams: Upstreams, upstream: Upstream, timeout: float) -> Json:
    return {"object": "list", "data": await upstreams.list_models(upstream, timeout)}


async def _version(upstreams: Upstreams, upstream: Upstream, timeout: float) -> Json:
    version = await upstreams.version(upstream, timeout)
    if not version:
        raise UpstreamError(f"{upstream.url} answered, but did not say which Ollama version it runs")
    return {"version": version}


def _saved_key(settings: ConnectionSettings, kind: Kind, url: str, key: str) -> str:
    """Saved keys are shown masked, and the dialog sends them back so: a masked key stands for the
    saved key of the connection at that same URL, and never reaches another server."""
    for upstream in settings.openai if kind == "openai" else settings.ollama:
        if upstream.url == url and upstream.key and mask(upstream.key) == key:
            return upstream.key
    return key


def _failed(error: UpstreamError) -> Response[Json]:
    if isinstance(error, UpstreamAddressRefusedError):
        return _refused(400, str(error))
    if isinstance(error, UpstreamTimeout):
        return _refused(504, str(error))
    reason = f"the server answered {error.status}: {error}" if error.status else str(error)
    return _refused(502, reason)


def _refused(status: int, reason: str) -> Response[Json]:
    reason = reason if len(reason) <= MAX_REASON else f"{reason[:MAX_REASON]}..."
    return Response({"detail": reason, "error": {"message": reason}}, status_code=status)


ROUTES = [verify_openai, verify_ollama]
