"""Plain text cut with Open WebUI's TEXT_SPLITTER, CHUNK_SIZE and CHUNK_OVERLAP meanings, tokens
counted by the embedding model's own tokenizer."""

from __future__ import annotations

import itertools

import pytest

from infrastructure.chunking.text import Splitting, TextChunker
from infrastructure.embeddings.minilm import MiniLM

PARAGRAPHS = "\n\n".join(f"Paragraph {n} says that refunds of order {n} are paid within {n + 3} days of the "
                         f"request, unless the goods came back damaged." for n in range(40))


def chunker(minilm: MiniLM, splitter: str, size: int, overlap: int) -> TextChunker:
    splitting = Splitting(text_splitter=splitter, chunk_size=size, chunk_overlap=overlap)  # type: ignore[arg-type]
    return TextChunker(lambda: splitting, lambda: minilm.tokenizer)


def tokens(minilm: MiniLM, text: str) -> int:
    return len(minilm.tokenizer(text, add_special_tokens=False)["input_ids"])


def test_the_character_splitter_keeps_chunks_within_chunk_size_characters(minilm: MiniLM):
    chunks = chunker(minilm, "character", 300, 30).chunks("file-1", "kb", PARAGRAPHS)
    assert len(chunks) > 10 and all(len(c.text) <= 300 for c in chunks)


@pytest.mark.parametrize("splitter", ["token", "token_transformers"])
def test_the_token_splitters_keep_chunks_within_chunk_size_tokens(minilm: MiniLM, splitter: str):
    chunks = chunker(minilm, splitter, 64, 8).chunks("file-1", "kb", PARAGRAPHS)
    assert len(chunks) > 10 and all(tokens(minilm, c.text) <= 64 for c in chunks)


def test_token_windows_overlap_by_about_chunk_overlap_tokens_never_cutting_a_word(minilm: MiniLM):
    spans = chunker(minilm, "token", 40, 10).spans(PARAGRAPHS)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert abs(tokens(minilm, PARAGRAPHS[start:end]) - 10) <= 3  # a word either way
        assert PARAGRAPHS[start - 1] in " \n" and PARAGRAPHS[end] in " \n.,"


def test_every_chunk_is_a_slice_of_the_text_in_its_original_case(minilm: MiniLM):
    for splitter in ("character", "token", "token_transformers"):
        for chunk in chunker(minilm, splitter, 50, 5).chunks("file-1", "kb", PARAGRAPHS):
            start = chunk.metadata["start"]
            assert isinstance(start, int) and PARAGRAPHS[start:].startswith(chunk.text)


def test_chunking_again_gives_the_same_ids(minilm: MiniLM):
    once = chunker(minilm, "token", 64, 8).chunks("file-1", "kb", PARAGRAPHS)
    again = chunker(minilm, "token", 64, 8).chunks("file-1", "kb", PARAGRAPHS)
    assert [c.id for c in once] == [c.id for c in again] and len({c.id for c in once}) == len(once)


def test_chunks_carry_their_source_position_and_the_caller_metadata(minilm: MiniLM):
    [chunk] = chunker(minilm, "character", 1000, 100).chunks("file-1", "kb-7", "One short text.", {"name": "a.txt"})
    assert chunk.collection == "kb-7"
    assert chunk.metadata == {"name": "a.txt", "source_id": "file-1", "index": 0, "start": 0}


def test_an_overlap_as_large_as_the_chunk_is_refused():
    with pytest.raises(ValueError, match="overlap"):
        Splitting(chunk_size=100, chunk_overlap=100)


class _WrapperOnly:
    """The counting tokenizer without the Rust one it wraps: counted through transformers."""

    def __init__(self, minilm: MiniLM) -> None:
        self._tokenizer = minilm.tokenizer

    def __call__(self, text: str, **options: object) -> object:
        return self._tokenizer(text, **options)


def test_counting_with_the_rust_tokenizer_cuts_where_transformers_counting_does(minilm: MiniLM):
    splitting = Splitting(text_splitter="token_transformers", chunk_size=64, chunk_overlap=8)
    rust = TextChunker(lambda: splitting, lambda: minilm.tokenizer).chunks("file-1", "kb", PARAGRAPHS)
    wrapped = TextChunker(lambda: splitting, lambda: _WrapperOnly(minilm)).chunks("file-1", "kb", PARAGRAPHS)
    assert len(rust) > 10 and [c.id for c in rust] == [c.id for c in wrapped]
