"""Plain text into chunks with Open WebUI's ``TEXT_SPLITTER``, ``CHUNK_SIZE`` and ``CHUNK_OVERLAP``
meanings:

- ``character`` (Open WebUI's default, also ``""``): pieces of at most ``CHUNK_SIZE`` characters,
  cut at the largest separator that fits (paragraphs, then lines, sentences, words), neighbours
  sharing up to ``CHUNK_OVERLAP`` characters;
- ``token_transformers``: the same, counted in the embedding model's tokens;
- ``token``: windows of ``CHUNK_SIZE`` tokens, each starting ``CHUNK_SIZE - CHUNK_OVERLAP`` tokens
  after the one before (here never inside a word, so a window may be a word shorter). Open WebUI
  counts these in tiktoken's tokens, whose tables are downloaded on first use; here they are the
  embedding model's own (offline, and the unit it truncates at).

The recursive splitting is semchunk's (which docling's chunker uses too). Every chunk is a slice of
the original text (its offsets are kept), never a re-decoded one: the model's tokenizer lowercases."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

import msgspec

from application.retrieval.ports import Chunk, MetadataValue
from infrastructure.chunking.ids import chunk_id

TextSplitter = Literal["", "character", "token", "token_transformers"]


class Splitting(msgspec.Struct, frozen=True, kw_only=True):
    text_splitter: TextSplitter = ""
    chunk_size: int = 1000
    chunk_overlap: int = 100

    def __post_init__(self) -> None:
        if self.chunk_size < 1 or not 0 <= self.chunk_overlap < self.chunk_size:
            raise ValueError(f"chunk overlap ({self.chunk_overlap}) must be at least 0 and less than the chunk "
                             f"size ({self.chunk_size})")


Span = tuple[int, int]


class TextChunker:
    def __init__(self, splitting: Callable[[], Splitting], tokenizer: Callable[[], Any]) -> None:
        """``splitting``: gives the settings in force (the admin may change them between two files);
        ``tokenizer``: gives the embedding model's tokenizer when a splitter counts tokens (it is
        loaded only then)."""
        self._splitting = splitting
        self._tokenizer = tokenizer

    @property
    def splitting(self) -> Splitting:
        return self._splitting()

    def chunks(self, source_id: str, collection: str, text: str,
               metadata: dict[str, MetadataValue] | None = None) -> list[Chunk]:
        pieces = [(start, end) for start, end in self.spans(text) if text[start:end].strip()]
        return [Chunk(id=chunk_id(source_id, index, text[start:end]), collection=collection, text=text[start:end],
                      metadata={**(metadata or {}), "source_id": source_id, "index": index, "start": start})
                for index, (start, end) in enumerate(pieces)]

    def spans(self, text: str) -> list[Span]:
        """Where each chunk lies in ``text``: ``(start, end)`` character offsets."""
        splitting = self.splitting  # read once: the admin may change it meanwhile
        if splitting.text_splitter == "token":
            return self._token_windows(text, splitting)
        counter = len if splitting.text_splitter in ("", "character") else _token_counter(self._tokenizer())
        return _recursive_spans(text, counter, splitting.chunk_size, splitting.chunk_overlap)

    def _token_windows(self, text: str, splitting: Splitting) -> list[Span]:
        """Windows of whole words (a word cut in two would be two other words to the model), each
        moved back to the start of the word it would begin inside of."""
        encoded = self._tokenizer()(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets, words = encoded["offset_mapping"], encoded.word_ids()
        size, step = splitting.chunk_size, splitting.chunk_size - splitting.chunk_overlap
        spans = []
        for first in range(0, max(len(offsets) - splitting.chunk_overlap, 1), step):
            start = first
            while 0 < start and words[start] == words[start - 1]:
                start -= 1
            end = min(start + size, len(offsets))
            while start + 1 < end < len(offsets) and words[end] == words[end - 1]:
                end -= 1
            if start < end:
                spans.append((offsets[start][0], offsets[end - 1][1]))
        return spans


def _token_counter(tokenizer: Any) -> Callable[[str], int]:
    """Counts with ``tokenizer``, asked for once per text: splitting a text counts a hundred pieces
    of it, and asking each time looks up the embedding model in force (100 files of 4 KB: 12,533
    counts, 16% of reindexing them; 3.5% counting with the tokenizer at hand).

    A transformers tokenizer counts with the Rust tokenizer it wraps, which gives the same ids
    without building a dict of outputs per count; each piece is counted once per text (semchunk
    counts some again), in a cache that goes with the text. Splitting a 4 KB file: 13.5 -> 7.0 ms."""
    backend = getattr(tokenizer, "backend_tokenizer", None)

    def count(text: str) -> int:
        if backend is not None:
            return len(backend.encode(text, add_special_tokens=False).ids)
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    return functools.lru_cache(maxsize=None)(count)


def _recursive_spans(text: str, counter: Callable[[str], int], size: int, overlap: int) -> list[Span]:
    import semchunk

    # Not semchunk's memoizing: it keeps the cache of every counter it is given for ever (a new one
    # per text here, and one over ``len`` holding every piece of every text).
    chunker = semchunk.chunkerify(counter, chunk_size=size, memoize=False)
    chunked: Any = chunker(text, offsets=True, overlap=overlap or None)  # one text: (chunks, their offsets)
    return [(int(start), int(end)) for start, end in chunked[1]]
