"""The model list: each upstream asked once per cache period and given a few seconds at most;
presets merged in; what a person may see and use."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from application.models.catalog import Caller, ModelCatalog
from application.models.connections import ConnectionSeed, Upstream
from application.models.ports import ChatModel, Delta, UpstreamError
from application.models.service import Models
from application.models.state import CurrentModelsState
from domain.models.errors import ModelNotFoundError, UnusableBaseModelError
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits

LIVE, DEAD, SLOW = "http://live/v1", "http://dead/v1", "http://slow/v1"
ADMIN, ALICE, BOB = Caller("admin", True), Caller("alice", False), Caller("bob", False)
PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


class FakeUpstreams:
    """Servers that answer, refuse, or keep silent; counts what it is asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def list_models(self, upstream: Upstream, timeout: float) -> list[dict[str, Any]]:
        self.asked.append(upstream.url)
        if upstream.url == DEAD:
            raise UpstreamError("connection refused")
        if upstream.url == SLOW:
            await asyncio.Event().wait()
        return [{"id": "echo", "object": "model", "created": 1, "owned_by": "fake"}]

    async def version(self, upstream: Upstream, timeout: float) -> str:
        return "0.9.0"

    def chat_model(self, upstream: Upstream, model_id: str) -> ChatModel:
        return Echo(upstream, model_id)

    async def aclose(self) -> None:
        pass


class Echo:
    def __init__(self, upstream: Upstream, model_id: str) -> None:
        self.upstream, self.model_id = upstream, model_id

    async def stream(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> AsyncIterator[Delta]:
        yield Delta(content="hi", finish_reason="stop")


class Presets:
    def __init__(self) -> None:
        self.presets: list[dict[str, Any]] = []

    def add(self, model_id: str, base: str | None, owner: str = "admin", grants=(), params=None, active=True) -> None:
        self.presets.append({"id": model_id, "user_id": owner, "base_model_id": base, "name": model_id.title(),
                             "params": params or {}, "meta": {}, "access_grants": list(grants),
                             "is_active": active, "created_at": 1, "updated_at": 1})

    def list_presets(self) -> list[dict[str, Any]]:
        return [dict(p) for p in self.presets]

    def preset_creators(self) -> dict[str, str]:
        return {p["id"]: p["user_id"] for p in self.presets}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def catalog(*urls: str, presets: Presets | None = None, ttl: float = 60) -> tuple[ModelCatalog, FakeUpstreams]:
    models = Models(POPO, Commits(), sealer=AesGcmSealer(["s"]), seed=ConnectionSeed(openai_urls=urls))
    upstreams = FakeUpstreams()
    state = CurrentModelsState(models, presets or Presets(), caught_up=lambda position: None)
    return ModelCatalog(state, upstreams, ttl=ttl, list_timeout=0.2,
                        bypass_access=False), upstreams


@pytest.mark.anyio
async def test_a_dead_or_silent_upstream_never_holds_up_the_list():
    models, _ = catalog(DEAD, SLOW, LIVE)
    started = time.monotonic()
    listed = await models.available(ADMIN)
    assert [(m["id"], m["urlIdx"]) for m in listed] == [("echo", 2)] and time.monotonic() - started < 2


@pytest.mark.anyio
async def test_each_upstream_is_asked_once_per_cache_period_even_by_concurrent_callers():
    models, upstreams = catalog(LIVE, DEAD)
    await asyncio.gather(*(models.available(ADMIN) for _ in range(5)))
    await models.available(ADMIN)
    assert sorted(upstreams.asked) == [DEAD, LIVE]


@pytest.mark.anyio
async def test_a_refresh_asks_again():
    models, upstreams = catalog(LIVE)
    await models.available(ADMIN)
    await models.available(ADMIN, refresh=True)
    assert upstreams.asked == [LIVE, LIVE]


@pytest.mark.anyio
async def test_the_first_connection_listing_a_model_id_serves_it():
    models, _ = catalog(LIVE, "http://live2/v1")
    assert [m["urlIdx"] for m in await models.available(ADMIN)] == [0]


@pytest.mark.anyio
async def test_a_model_nobody_configured_is_for_admins_only():
    models, _ = catalog(LIVE)
    assert await models.available(ALICE) == []
    with pytest.raises(ModelNotFoundError):
        await models.resolve("echo", ALICE)


@pytest.mark.anyio
async def test_a_public_preset_is_listed_for_everyone_without_its_system_prompt():
    presets = Presets()
    presets.add("helper", "echo", grants=PUBLIC, params={"system": "Be brief.", "temperature": 0.1})
    models, _ = catalog(LIVE, presets=presets)
    [helper] = await models.available(ALICE)
    assert (helper["id"], helper["name"], helper["preset"], helper["info"]["params"]) == ("helper", "Helper", True, {})


@pytest.mark.anyio
async def test_a_shared_preset_answers_with_its_base_model_though_that_is_not_shared():
    """As in Open WebUI: sharing a preset shares what it asks of its base (check_base keeps a
    preset's author from building on a model they may not use)."""
    presets = Presets()
    presets.add("helper", "echo", grants=PUBLIC, params={"system": "Be brief."})
    target = await catalog(LIVE, presets=presets)[0].resolve("helper", ALICE)
    assert (target.params["system"], target.chat_model.model_id) == ("Be brief.", "echo")
    with pytest.raises(ModelNotFoundError):
        await catalog(LIVE, presets=presets)[0].resolve("echo", ALICE)


@pytest.mark.anyio
async def test_a_preset_may_only_be_built_on_a_model_its_author_may_use():
    presets = Presets()
    presets.add("helper", "echo", grants=PUBLIC)
    models, _ = catalog(LIVE, presets=presets)
    with pytest.raises(UnusableBaseModelError):
        await models.check_base("echo", ALICE)
    await models.check_base("helper", ALICE)


@pytest.mark.anyio
async def test_a_private_preset_is_its_owners():
    presets = Presets()
    presets.add("mine", "echo", owner="alice")
    models, _ = catalog(LIVE, presets=presets)
    assert [m["id"] for m in await models.available(ALICE)] == ["mine"]
    assert await models.available(BOB) == []


@pytest.mark.anyio
async def test_a_disabled_override_hides_its_base_model():
    presets = Presets()
    presets.add("echo", None, active=False)
    models, _ = catalog(LIVE, presets=presets)
    assert await models.available(ADMIN) == []
