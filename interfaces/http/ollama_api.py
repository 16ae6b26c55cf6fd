"""Ollama's own API behind ``/ollama`` (Open WebUI's routers/ollama.py), for scripts and the
``ollama`` client with a person's token: ``/api/chat`` and ``/api/generate`` (NDJSON streamed
unless ``"stream": false``), ``/api/show``, ``/api/embed``, ``/api/embeddings``, and for admins
``/api/ps``. Passthroughs: nothing is recorded in any chat. A member reaches only the models they
may use (403 ``Model not found``, whether the model exists or not, as Open WebUI answers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Stream

from application.models.catalog import ModelCatalog
from application.models.connections import Upstream
from application.models.ollama_params import with_preset_params
from application.models.ollama_routes import (
    NoSuchConnectionError,
    NotServedThereError,
    OllamaRoute,
    ollama_route,
)
from application.models.ports import UpstreamAddressRefusedError, UpstreamError, UpstreamTimeout
from domain.models.errors import ModelNotFoundError
from infrastructure.llm.ollama_native import OllamaNative
from infrastructure.llm.upstreams import HttpUpstreams
from infrastructure.settings import Settings
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import URL_IDX
from projections.runtime.settling import reads

Json = dict[str, Any]
NDJSON = "application/x-ndjson"
F = TypeVar("F", bound=msgspec.Struct)


class ChatForm(msgspec.Struct):
    model: str
    messages: list[Json]
    stream: bool = True


class GenerateForm(msgspec.Struct):
    model: str
    stream: bool = True


class EmbedForm(msgspec.Struct):
    model: str


GENERATE_FIELDS = ("model", "prompt", "suffix", "images", "format", "options", "system", "template", "context",
                   "stream", "raw", "keep_alive")
EMBEDDINGS_FIELDS = ("model", "prompt", "options", "keep_alive")
"""Open WebUI forwards only these of a generate or legacy embeddings request; chats and embeds whole."""


@post(["/ollama/api/chat", "/ollama/api/chat/{url_idx:int}"], status_code=200, guards=[members], opt=reads())
async def ollama_chat(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                      catalog: NamedDependency[ModelCatalog],
                      upstreams: NamedDependency[HttpUpstreams],
                      url_idx: int | None = URL_IDX) -> Response[Any] | Stream:
    body, form = await _body(request, ChatForm, None)
    body.pop("metadata", None)
    route = await _route(catalog, user, form.model, url_idx, with_preset=True)
    body = with_preset_params(route.params, body) if route.params else body
    return await _relayed(upstreams, route, "/api/chat", body, form.stream)


@post(["/ollama/api/generate", "/ollama/api/generate/{url_idx:int}"], status_code=200, guards=[members], opt=reads())
async def ollama_generate(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                          catalog: NamedDependency[ModelCatalog],
                          upstreams: NamedDependency[HttpUpstreams],
                          url_idx: int | None = URL_IDX) -> Response[Any] | Stream:
    body, form = await _body(request, GenerateForm, GENERATE_FIELDS)
    route = await _route(catalog, user, form.model, url_idx)
    return await _relayed(upstreams, route, "/api/generate", body, form.stream)


@post("/ollama/api/show", status_code=200, guards=[members], opt=reads())
async def ollama_show(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                      catalog: NamedDependency[ModelCatalog],
                      upstreams: NamedDependency[HttpUpstreams]) -> Response[Any]:
    raw = await _decoded(request)
    body = {**raw, "model": raw.get("model") or raw.get("name")}
    form = _checked(body, EmbedForm)
    return await _relayed(upstreams, await _route(catalog, user, form.model, None), "/api/show", body, False)


@post(["/ollama/api/embed", "/ollama/api/embed/{url_idx:int}"], status_code=200, guards=[members], opt=reads())
async def ollama_embed(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                       catalog: NamedDependency[ModelCatalog],
                       upstreams: NamedDependency[HttpUpstreams],
                       url_idx: int | None = URL_IDX) -> Response[Any]:
    body, form = await _body(request, EmbedForm, None)
    return await _relayed(upstreams, await _route(catalog, user, form.model, url_idx), "/api/embed", body, False)


@post(["/ollama/api/embeddings", "/ollama/api/embeddings/{url_idx:int}"], status_code=200, guards=[members],
      opt=reads())
async def ollama_embeddings(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                            catalog: NamedDependency[ModelCatalog],
                            upstreams: NamedDependency[HttpUpstreams],
                            url_idx: int | None = URL_IDX) -> Response[Any]:
    body, form = await _body(request, EmbedForm, EMBEDDINGS_FIELDS)
    route = await _route(catalog, user, form.model, url_idx)
    return await _relayed(upstreams, route, "/api/embeddings", body, False)


@get("/ollama/api/ps", guards=[admins])
async def ollama_ps(settings: NamedDependency[Settings], catalog: NamedDependency[ModelCatalog],
                    upstreams: NamedDependency[HttpUpstreams]) -> Json:
    """The models loaded now on every enabled server, each with the servers (``urls``) holding it."""
    config = await catalog.connections()
    enabled = [u for u in config.ollama if u.enabled] if config.ollama_enabled else []
    native = upstreams.ollama_native()
    loaded = await asyncio.gather(*(_loaded(native, u, settings.model_list_timeout) for u in enabled))
    merged: dict[str, Json] = {}
    for upstream, models in zip(enabled, loaded, strict=True):
        for model in models:
            held = merged.setdefault(model["model"], {**model, "urls": []})
            held["urls"].append(upstream.index)
    return {"models": list(merged.values())}


async def _loaded(native: OllamaNative, upstream: Upstream, timeout: float) -> list[Json]:
    try:
        answer = await native.ask(upstream, "/api/ps", None, timeout)
    except UpstreamError:
        return []  # a server that does not answer has nothing loaded that anyone can use
    models = [m for m in (answer or {}).get("models") or [] if isinstance(m, dict) and m.get("model")]
    prefix = upstream.prefix_id
    return [{**m, "model": f"{prefix}.{m['model']}"} for m in models] if prefix else models


async def _route(catalog: ModelCatalog, user: SessionUser, model: str, url_idx: int | None, *,
                 with_preset: bool = False) -> OllamaRoute:
    if not (await catalog.connections()).ollama_enabled:
        raise HTTPException(status_code=503, detail="The Ollama API is disabled.")
    try:
        return await ollama_route(catalog, model, user.model_caller, url_idx, with_preset=with_preset)
    except ModelNotFoundError:
        if user.is_admin:
            raise HTTPException(status_code=400, detail=f"Model '{model}' was not found") from None
        raise HTTPException(status_code=403, detail="Model not found") from None
    except NotServedThereError:
        raise HTTPException(status_code=403, detail="That Ollama connection does not serve this model.") from None
    except NoSuchConnectionError:
        raise HTTPException(status_code=404, detail="Connection not found") from None


async def _relayed(upstreams: HttpUpstreams, route: OllamaRoute, path: str, body: Json,
                   stream: bool) -> Response[Any] | Stream:
    native = upstreams.ollama_native()
    encoded = msgspec.json.encode({**body, "model": route.model})
    stack = AsyncExitStack()
    try:
        if not stream:
            return Response(await native.ask(route.upstream, path, encoded))
        chunks = await stack.enter_async_context(native.stream(route.upstream, path, encoded))
    except UpstreamError as error:
        await stack.aclose()
        return _failed(error)
    return Stream(_relay(stack, chunks), media_type=NDJSON, headers={"X-Accel-Buffering": "no"})


async def _relay(stack: AsyncExitStack, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Leaving early (the client went away) closes the upstream request with the stack."""
    async with stack:
        try:
            async for chunk in chunks:
                yield chunk
        except UpstreamError as error:  # as Ollama tells a failure once it has begun answering
            yield msgspec.json.encode({"error": str(error)}) + b"\n"


def _failed(error: UpstreamError) -> Response[Json]:
    if isinstance(error, UpstreamTimeout):
        status = 504
    elif isinstance(error, UpstreamAddressRefusedError) or not error.status or error.status >= 500:
        status = 502
    else:
        status = error.status  # the server refused the request itself: a model it lacks, a bad field
    reason = f"the Ollama server answered {error.status}: {error}" if error.status else str(error)
    return Response({"detail": reason, "error": reason}, status_code=status)


async def _body(request: Request[Any, Any, Any], form: type[F],
                fields: tuple[str, ...] | None) -> tuple[Json, F]:
    raw = await _decoded(request)
    body = {k: v for k, v in raw.items() if v is not None and (fields is None or k in fields)}
    return body, _checked(body, form)


async def _decoded(request: Request[Any, Any, Any]) -> Json:
    try:
        return msgspec.json.decode(await request.body(), type=Json)
    except msgspec.DecodeError as error:
        raise ValidationException(f"invalid request: {error}") from None


def _checked(body: Json, form: type[F]) -> F:
    try:
        return msgspec.convert(body, form)
    except msgspec.ValidationError as error:
        raise ValidationException(f"invalid request: {error}") from None


ROUTES = [ollama_chat, ollama_generate, ollama_show, ollama_embed, ollama_embeddings, ollama_ps]
