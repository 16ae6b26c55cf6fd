"""A GGUF chat model run by transformers on the CPU. Imported only when the built-in model is
first used: importing transformers alone takes seconds, and it may not be installed at all."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any, cast

import torch
from transformers import (
    AsyncTextIteratorStreamer,
    AutoModelForCausalLM,
    AutoTokenizer,
    StoppingCriteria,
    StoppingCriteriaList,
)
from transformers.utils import logging as transformers_logging

from infrastructure.llm.sampling import Sampling

PROMPT_TOKENS = 2048
"""The most of a conversation the model reads: older turns are left out (a 135M model gains
nothing from more, and on two cores a long prompt would cost seconds before the first token)."""
PROMPT_CHARS = PROMPT_TOKENS * 4
"""A cheap first cut, so that a long chat is not tokenized whole."""
THREADS = 1
"""Torch threads per generation. The model shares the API's cores; measured on two busy cores, two
threads spin against each other down to ~2 tokens/s where one makes 6-13."""


def load(gguf: Path, worker: Executor) -> Runtime:
    """Never asks the hub: the tokenizer and the weights both come from the GGUF file. ``worker``
    has one thread: generations take turns there (on a small CPU two would only slow each other)."""
    transformers_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, local_files_only=True)
    return Runtime(tokenizer, model.eval(), worker)


class Runtime:
    def __init__(self, tokenizer: Any, model: Any, worker: Executor) -> None:
        self._tokenizer = tokenizer
        self._model = model
        self._worker = worker

    def generate(self, messages: list[dict[str, str]], sampling: Sampling, timeout: float) -> Generation:
        """Queues a generation on the worker; call from the event loop that will read it."""
        generation = Generation(self._tokenizer, timeout)
        generation.done = self._worker.submit(self._run, generation, messages, sampling)
        return generation

    def _run(self, generation: Generation, messages: list[dict[str, str]], sampling: Sampling) -> None:
        try:
            if generation.cancelled.is_set():
                return
            torch.set_num_threads(THREADS)  # OpenMP's setting is per thread: the worker's
            inputs = self._prompt(messages)
            generation.prompt_tokens = inputs["input_ids"].shape[1]
            self._model.generate(**inputs, **_options(sampling), streamer=generation.streamer,
                                 stopping_criteria=StoppingCriteriaList([UntilCancelled(generation)]),
                                 pad_token_id=self._tokenizer.eos_token_id)
        except Exception as error:  # noqa: BLE001 - handed to the reader, which raises it
            generation.error = error
        finally:
            generation.end()

    def _prompt(self, messages: list[dict[str, str]]) -> dict[str, torch.Tensor]:
        inputs = self._tokenizer.apply_chat_template(
            _recent(messages), add_generation_prompt=True, return_tensors="pt", return_dict=True)
        return {name: tensor[:, -PROMPT_TOKENS:] for name, tensor in inputs.items()}


class Generation:
    """A reply being generated: its text as it comes, whether it was cancelled, and its token counts."""

    def __init__(self, tokenizer: Any, timeout: float) -> None:
        self.streamer = AsyncTextIteratorStreamer(tokenizer, skip_prompt=True, timeout=timeout,
                                                  skip_special_tokens=True)
        self.cancelled = threading.Event()
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.error: Exception | None = None
        self.done: Future[None] | None = None

    async def texts(self) -> Any:
        async for text in self.streamer:
            if text:
                yield text
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        self.cancelled.set()

    async def finished(self) -> None:
        """Once the worker is done with it (and its token counts are final)."""
        if self.done is not None:  # shielded: a reader giving up must not cancel it
            await asyncio.shield(asyncio.wrap_future(self.done))

    def end(self) -> None:
        """Wakes the reader when generation stopped early (an error, or cancelled before it began)."""
        try:
            self.streamer.on_finalized_text("", stream_end=True)
        except RuntimeError:  # the reader's event loop is gone: nobody is waiting
            pass


class UntilCancelled(StoppingCriteria):
    """Checked after each token: stops once the reader has gone (or met a stop sequence)."""

    def __init__(self, generation: Generation) -> None:
        self._generation = generation

    def __call__(self, input_ids: torch.LongTensor, scores: Any, **kwargs: Any) -> torch.BoolTensor:
        self._generation.completion_tokens = input_ids.shape[1] - self._generation.prompt_tokens
        stop = torch.full((input_ids.shape[0],), self._generation.cancelled.is_set(), dtype=torch.bool)
        return cast(torch.BoolTensor, stop)  # torch types every tensor as Tensor; transformers names the legacy class


def _options(sampling: Sampling) -> dict[str, Any]:
    common = {"max_new_tokens": sampling.max_tokens, "repetition_penalty": sampling.repetition_penalty}
    if sampling.temperature == 0:
        return {**common, "do_sample": False}
    return {**common, "do_sample": True, "temperature": sampling.temperature, "top_p": sampling.top_p,
            "top_k": sampling.top_k}


def _recent(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The system messages and as many of the latest turns as fit (the last one always)."""
    kept: list[dict[str, str]] = []
    chars = 0
    for message in reversed(messages):
        chars += len(message["content"])
        if message["role"] == "system" or not kept or chars <= PROMPT_CHARS:
            kept.append(message)
    return kept[::-1]
