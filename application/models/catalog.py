"""The models a person can pick: each upstream's list (cached briefly, each upstream given a few
seconds at most) merged with the workspace's presets, in Open WebUI's shape (utils/models.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import anyio
import structlog

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.models.connections import ConnectionSettings, Upstream
from application.models.ports import ChatModel, UpstreamError, Upstreams
from application.models.state import CurrentModelsState, ModelsState
from application.models.tasks import TaskConfig
from domain.models.errors import ModelNotFoundError, UnusableBaseModelError

log = structlog.get_logger()
Json = dict[str, Any]


@dataclass(frozen=True)
class Caller:
    user_id: str
    is_admin: bool
    group_ids: frozenset[str] = frozenset()
    """Their groups: a preset shared with one of them is shared with them."""
    vouched: frozenset[tuple[str, str]] = frozenset()
    """The knowledge bases and files the preset in use names (its ``meta.knowledge``, as (type,
    id)): its author attached them for whoever may use the preset, so they read them as long as
    they exist, with or without a grant of their own (as in Open WebUI)."""

    def vouches(self, kind: str, resource_id: object) -> bool:
        """``kind``: the item's type, ``collection`` (a base) or ``file``."""
        return (kind, str(resource_id)) in self.vouched

    def using(self, knowledge: Sequence[Json]) -> Caller:
        """The caller reading what ``knowledge`` (a preset's items, ``preset_knowledge``) names."""
        return replace(self, vouched=frozenset((item["type"], item["id"]) for item in knowledge))


class BuiltInModel(ChatModel, Protocol):
    """A model served by this process itself, listed beside the upstreams' ones."""

    id: str

    def listing(self) -> Json: ...


@dataclass(frozen=True)
class BaseModels:
    """The upstreams' models: OpenAI-compatible ones by id (first connection wins, as in Open WebUI),
    Ollama's tags merged across servers (each lists the ``urls`` indexes that serve it)."""

    openai: dict[str, Json]
    ollama: list[Json]
    built_in: dict[str, Json] = field(default_factory=dict)

    def all(self) -> list[Json]:
        return [*(dict(m) for m in self.openai.values()), *(_ollama_model(m) for m in self.ollama),
                *(dict(m) for m in self.built_in.values())]


@dataclass(frozen=True)
class Target:
    """Where a completion goes: the model to call, the parameters its preset sets (its system prompt
    among them), and the admin's for every chat (DEFAULT_MODEL_PARAMS); both shared, never changed."""

    model_id: str
    chat_model: ChatModel
    params: Json
    defaults: Json
    knowledge: tuple[Json, ...] = ()
    """The knowledge bases and files its preset names (``preset_knowledge``)."""


@dataclass(frozen=True)
class Choice:
    """A model a caller may use, as the catalog found it."""

    state: ModelsState
    base: BaseModels
    preset: Json | None
    """The preset asked for, if it is one."""
    base_id: str
    """The model that answers: the preset's base model, or the one asked for."""


class ModelCatalog:
    def __init__(self, state: CurrentModelsState, upstreams: Upstreams, *, ttl: float,
                 list_timeout: float, bypass_access: bool, clock: Callable[[], float] = time.monotonic,
                 built_in: Sequence[BuiltInModel] = ()) -> None:
        self._built_in = {model.id: model for model in built_in}
        self._state = state
        self._upstreams = upstreams
        self._ttl = ttl
        self._timeout = list_timeout
        self._bypass = bypass_access
        self._clock = clock
        self._listings: dict[tuple[Any, ...], tuple[float, list[Json] | None]] = {}
        self._fetching: dict[tuple[Any, ...], asyncio.Future[list[Json] | None]] = {}

    def forget(self) -> None:
        """After the connections change: the next list asks every upstream again."""
        self._listings.clear()

    async def connections(self) -> ConnectionSettings:
        return (await self._current()).connections

    async def task_config(self) -> TaskConfig:
        return (await self._current()).tasks

    async def model_defaults(self) -> Json:
        """The admin's model defaults (shared: read them, never change them)."""
        return (await self._current()).defaults

    async def base_models(self, refresh: bool = False, settings: ConnectionSettings | None = None) -> BaseModels:
        settings = settings or await self.connections()
        openai = [u for u in settings.openai if u.enabled] if settings.openai_enabled else []
        ollama = [u for u in settings.ollama if u.enabled] if settings.ollama_enabled else []
        listings = await self._models_of([*openai, *ollama], refresh)
        return BaseModels(openai=_merge_openai(zip(openai, listings[:len(openai)], strict=True)),
                          ollama=_merge_ollama(zip(ollama, listings[len(openai):], strict=True)),
                          built_in={model_id: m.listing() for model_id, m in self._built_in.items()})

    async def available(self, caller: Caller, refresh: bool = False) -> list[Json]:
        """Open WebUI's ``GET /api/models`` list for this caller."""
        state = await self._current()
        base = await self.base_models(refresh, state.connections)
        return [m for m in with_presets(base.all(), state.presets) if self.may_use(caller, m)]

    def may_use(self, caller: Caller, model: Json) -> bool:
        """Admins see every model; others only those a preset shares with them (Open WebUI's rule:
        a model nobody configured is for admins only)."""
        if self._bypass or caller.is_admin:
            return True
        return readable(model.get("info"), caller.user_id, caller.group_ids)

    async def choose(self, model_id: str, caller: Caller) -> Choice:
        """The model ``caller`` asked for, if they may use it (``ModelNotFoundError`` if not): its
        preset, if it is one, and the base model that answers for it (see ``check_base``)."""
        state = await self._current()
        base = await self.base_models(settings=state.connections)
        presets = {p["id"]: p for p in state.presets}
        listed = {m["id"]: m for m in with_presets(base.all(), state.presets)}
        if model_id not in listed or not self.may_use(caller, listed[model_id]):
            raise ModelNotFoundError(model_id)
        preset = presets.get(model_id)
        base_id = preset["base_model_id"] if preset and preset["base_model_id"] else model_id
        # A preset shared with the caller answers with its base model, as in Open WebUI: that is
        # what sharing a preset is for. Its author could only build it on a model they may use.
        return Choice(state=state, base=base, preset=preset, base_id=base_id)

    async def check_base(self, base_model_id: str, caller: Caller) -> None:
        """A preset's author must be able to use the model it is built on: otherwise sharing the
        preset would hand out a model nobody shared with them."""
        try:
            await self.choose(base_model_id, caller)
        except ModelNotFoundError:
            raise UnusableBaseModelError(base_model_id) from None

    async def resolve(self, model_id: str, caller: Caller) -> Target:
        choice = await self.choose(model_id, caller)
        chat_model = self._chat_model(choice.base, choice.state.connections, choice.base_id)
        if chat_model is None:
            raise ModelNotFoundError(model_id)
        return Target(model_id=model_id, chat_model=chat_model, params=(choice.preset or {}).get("params") or {},
                      defaults=choice.state.defaults["DEFAULT_MODEL_PARAMS"],
                      knowledge=preset_knowledge((choice.preset or {}).get("meta")))

    async def _current(self) -> ModelsState:
        held = self._state.held()
        return held if held is not None else await anyio.to_thread.run_sync(self._state)

    def _chat_model(self, base: BaseModels, settings: ConnectionSettings, base_id: str) -> ChatModel | None:
        if base_id in self._built_in:
            return self._built_in[base_id]
        upstream, upstream_model = self._route(base, settings, base_id)
        return self._upstreams.chat_model(upstream, upstream_model) if upstream else None

    def _route(self, base: BaseModels, settings: ConnectionSettings, base_id: str) -> tuple[Upstream | None, str]:
        if base_id in base.openai:
            upstream = settings.upstream("openai", base.openai[base_id]["urlIdx"])
        else:
            tags = next((m for m in base.ollama if m["model"] == base_id), None)
            upstream = settings.upstream("ollama", tags["urls"][0]) if tags else None
        prefix = upstream.prefix_id if upstream else None
        return upstream, base_id.removeprefix(f"{prefix}.") if prefix else base_id

    async def _models_of(self, upstreams: list[Upstream], refresh: bool) -> list[list[Json] | None]:
        """Each upstream's models: the fresh ones at once (every completion resolves its model,
        and scheduling a task per upstream cost more than the lookup), the others asked together."""
        held = [self._fresh(u, refresh) for u in upstreams]
        stale = [u for u, h in zip(upstreams, held, strict=True) if h is None]
        asked = iter(await asyncio.gather(*(self._listing(u, refresh) for u in stale)) if stale else ())
        return [h[0] if h is not None else next(asked) for h in held]

    def _fresh(self, upstream: Upstream, refresh: bool) -> tuple[list[Json] | None] | None:
        """The upstream's models without asking it, if that will do (in a tuple: None is a dead upstream)."""
        if upstream.model_ids:
            return ([{"id": m, "name": m} if upstream.kind == "openai" else {"model": m, "name": m}
                     for m in upstream.model_ids],)
        cached = None if refresh else self._listings.get(_listing_key(upstream))
        return (cached[1],) if cached is not None and self._clock() - cached[0] < self._ttl else None

    async def _listing(self, upstream: Upstream, refresh: bool) -> list[Json] | None:
        """One upstream's models, or None while it is down; a dead upstream costs one timeout per
        cache period, and concurrent callers share one request."""
        fresh = self._fresh(upstream, refresh)
        if fresh is not None:
            return fresh[0]
        key = _listing_key(upstream)
        if key not in self._fetching:
            fetch = asyncio.ensure_future(self._fetch(upstream, key))
            self._fetching[key] = fetch
            fetch.add_done_callback(lambda _: self._fetching.pop(key, None))
        return await asyncio.shield(self._fetching[key])

    async def _fetch(self, upstream: Upstream, key: tuple[Any, ...]) -> list[Json] | None:
        try:
            listing: list[Json] | None = await asyncio.wait_for(
                self._upstreams.list_models(upstream, self._timeout), self._timeout)
        except (UpstreamError, TimeoutError) as error:
            log.warning("upstream.models_unavailable", kind=upstream.kind, index=upstream.index, error=str(error))
            listing = None
        self._listings[key] = (self._clock(), listing)
        return listing


def _listing_key(upstream: Upstream) -> tuple[Any, ...]:
    return upstream.kind, upstream.index, upstream.url, upstream.key, repr(sorted(upstream.config.items()))


def readable(preset: Json | None, user_id: str, group_ids: frozenset[str]) -> bool:
    """The preset's owner, and whoever a read grant names: them, a group of theirs, or everyone."""
    if not preset:
        return False
    return permits(Principal.acting(user_id, False, group_ids), Action.READ, Kind.MODEL, preset.get("user_id", ""),
                   preset.get("access_grants") or [])


def preset_knowledge(meta: Json | None) -> tuple[Json, ...]:
    """The items of a preset's ``meta.knowledge`` that name a knowledge base (``collection``) or a
    file by id, each once, as the app's model editor stores them; others (Open WebUI's legacy
    collection names, notes) are not ours to read."""
    return named_knowledge((meta or {}).get("knowledge"))


def named_knowledge(items: object) -> tuple[Json, ...]:
    """The items of a list that name a knowledge base (``collection``) or a file by id, each once."""
    named: dict[tuple[str, str], Json] = {}
    for item in items if isinstance(items, list) else []:
        if names_knowledge(item):
            named.setdefault((item["type"], item["id"]), item)
    return tuple(named.values())


def names_knowledge(item: object) -> bool:
    """Whether ``item`` names a knowledge base (``collection``) or a file by id."""
    return isinstance(item, dict) and item.get("type") in ("collection", "file") and isinstance(item.get("id"), str)


def with_presets(models: list[Json], presets: Sequence[Json]) -> list[Json]:
    """Presets applied to the base models: an override renames (or, disabled, hides) a base
    model; a preset with a base model is a model of its own."""
    lookup: dict[str, Json] = {}
    for model in models:
        if model.get("owned_by") == "ollama":
            lookup.setdefault(model["id"].split(":")[0], model)
        lookup[model["id"]] = model
    existing = {m["id"] for m in models}
    hidden: set[str] = set()
    for preset in presets:
        if preset["base_model_id"] is None:
            overridden = lookup.get(preset["id"])
            if overridden is not None and preset["is_active"]:
                overridden.update(name=preset["name"], info=_public(preset))
            elif overridden is not None:
                hidden.add(overridden["id"])
        elif preset["is_active"] and preset["id"] not in existing:
            base = lookup.get(preset["base_model_id"]) or lookup.get(preset["base_model_id"].split(":")[0]) or {}
            models.append({"id": preset["id"], "name": preset["name"], "object": "model",
                           "created": preset["created_at"], "owned_by": base.get("owned_by", "openai"),
                           "connection_type": base.get("connection_type"), "preset": True,
                           "info": _public(preset)})
    shown = [m for m in models if m["id"] not in hidden]
    for model in shown:
        meta = (model.get("info") or {}).get("meta") or {}
        meta.pop("profile_image_url", None)
        model.update(actions=[], filters=[], tags=_tags(meta.get("tags"), model.get("tags")))
    return list({m["id"]: m for m in shown}.values())


def _public(preset: Json) -> Json:
    """What anyone who may use the model sees of its preset: never its system prompt or params."""
    params = preset.get("params") or {}
    public = {"compact_token_threshold": params["compact_token_threshold"]} \
        if "compact_token_threshold" in params else {}
    return {**preset, "meta": dict(preset.get("meta") or {}), "params": public}


def _tags(*lists: Any) -> list[Json]:
    names = [t.get("name") if isinstance(t, dict) else t for tags in lists if isinstance(tags, list) for t in tags]
    return list({n.strip(): {"name": n.strip()} for n in names if isinstance(n, str) and n.strip()}.values())


WORKSPACE_KEYS = ("info", "preset", "urlIdx", "urls")
"""What the workspace says of a model (its preset, who may use it, which connection serves it):
never taken from an upstream's list, whatever a server puts there."""


def _as_listed(raw: Json, id_keys: tuple[str, ...]) -> Json | None:
    """An upstream's entry without what only the workspace may say, and with its id (the first of
    ``id_keys`` it has) as text; None for an entry without one, which is no model at all."""
    model = {k: v for k, v in raw.items() if k not in WORKSPACE_KEYS and not (k == "name" and v is None)}
    model_id = next((model[k] for k in id_keys if model.get(k)), None)
    return {**model, id_keys[0]: model_id} if isinstance(model_id, str) else None


def _merge_openai(listings: Any) -> dict[str, Json]:
    merged: dict[str, Json] = {}
    for upstream, listing in listings:
        for raw in listing or []:
            model = _as_listed(raw, ("id", "name"))
            if model is None:
                continue
            model_id = model["id"]
            if upstream.prefix_id:
                model_id = model["id"] = f"{upstream.prefix_id}.{model_id}"
                if model.get("name"):
                    model["name"] = f"{upstream.prefix_id}.{model['name']}"
            if upstream.tags:
                model["tags"] = upstream.tags
            model["connection_type"] = upstream.connection_type
            merged.setdefault(model_id, {**model, "name": model.get("name", model_id), "owned_by": "openai",
                                         "openai": model, "connection_type": upstream.connection_type,
                                         "provider": "", "urlIdx": upstream.index})
    return merged


def _merge_ollama(listings: Any) -> list[Json]:
    merged: dict[str, Json] = {}
    for upstream, listing in listings:
        for raw in listing or []:
            model = _as_listed(raw, ("model",))
            if model is None:
                continue
            if upstream.prefix_id:
                model["name"] = f"{upstream.prefix_id}.{model.get('name') or model['model']}"
                model["model"] = f"{upstream.prefix_id}.{model['model']}"
            if upstream.tags:
                model["tags"] = upstream.tags
            model["connection_type"] = upstream.connection_type
            if model["model"] in merged:
                merged[model["model"]]["urls"].append(upstream.index)
            else:
                merged[model["model"]] = {**model, "urls": [upstream.index]}
    return list(merged.values())


def _ollama_model(tags: Json) -> Json:
    return {"id": tags["model"], "name": tags.get("name") or tags["model"], "object": "model", "created": 0,
            "owned_by": "ollama", "ollama": tags, "loaded": "expires_at" in tags,
            "connection_type": tags.get("connection_type", "local"), "tags": tags.get("tags", [])}
