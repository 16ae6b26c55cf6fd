"""A long file is embedded a batch at a time, shortest chunks first (a batch is padded to its
longest text); a process told to stop leaves it between two batches (``Postponed``: its reaction
acts on it again after the restart) instead of holding up the stop until the whole file is
embedded. Indexed again, the file has each chunk once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from application.files.commands import UploadFile
from application.files.service import Files
from application.knowledge.file_indexing import BATCH, Chunkers, FileIndexing
from application.reactions import Postponed
from application.retrieval.ports import EmbeddingModel, Vectors
from infrastructure.chunking.documents import DocumentChunker
from infrastructure.chunking.text import Splitting, TextChunker
from infrastructure.lexical_index import Bm25Index
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from tests.unit.application.file_fakes import MemoryBlobs, extraction
from tests.unit.application.given import Commits
from tests.unit.application.racing import RACING

MODEL = EmbeddingModel(name="counting", dimension=4)
COLLECTION = "file-long"


class CountingEngine:
    """The embedding engine's boundary: a unit vector per text, and the batches it was given."""

    def __init__(self) -> None:
        self.given: list[list[str]] = []

    @property
    def batches(self) -> int:
        return len(self.given)

    def model(self) -> EmbeddingModel:
        return MODEL

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.given.append(list(texts))
        return np.tile(np.array([1, 0, 0, 0], dtype=np.float32), (len(texts), 1))


@pytest.fixture
def indexes(tmp_path: Path) -> Iterator[SimpleNamespace]:
    vectors = EmbeddedVectorIndex(tmp_path / "vectors", MODEL)
    yield SimpleNamespace(embedder=CountingEngine(), vectors=vectors, lexical=Bm25Index(tmp_path / "bm25.sqlite"))
    vectors.close()


def long_file(commits: Commits, text: str | None = None) -> tuple[Files, str]:
    files = Files(RACING, commits, blobs=MemoryBlobs(), extraction=extraction(max_characters=100_000),
                  max_size=1_000_000)
    file_id = uuid.uuid4()
    text = text or "\n\n".join(f"Paragraph {n} of a long report." for n in range(3 * BATCH))
    files.upload_file(UploadFile(file_id=file_id, owner_id="ada", name="long.txt", content_type="text/plain",
                                 data=text.encode()))
    return files, str(file_id)


def chunkers() -> Chunkers:
    text = TextChunker(lambda: Splitting(text_splitter="character", chunk_size=40, chunk_overlap=0), lambda: None)
    return Chunkers(text=text, structure=DocumentChunker(lambda: None))


def test_a_stopping_process_leaves_a_long_file_between_batches_and_indexes_it_whole_later(
        commits: Commits, indexes: SimpleNamespace):
    files, file_id = long_file(commits)
    told_to_stop = [False]

    def stopping() -> bool:
        told_to_stop[0] = told_to_stop[0] or indexes.embedder.batches == 1
        return told_to_stop[0]

    with pytest.raises(Postponed, match="stopping"):
        FileIndexing(files, chunkers(), indexes, stopping).index(COLLECTION, file_id)
    assert indexes.embedder.batches == 1
    count = FileIndexing(files, chunkers(), indexes).index(COLLECTION, file_id)
    ids = indexes.lexical.ids_of(COLLECTION, file_id)
    assert count > 2 * BATCH and len(ids) == len(set(ids)) == count


def test_a_files_chunks_are_embedded_shortest_first_so_no_batch_pads_a_short_one_far(
        commits: Commits, indexes: SimpleNamespace):
    paragraphs = ("Short." if n % 3 else f"A longer paragraph, number {n}, of the report." for n in range(3 * BATCH))
    files, file_id = long_file(commits, "\n\n".join(paragraphs))
    count = FileIndexing(files, chunkers(), indexes).index(COLLECTION, file_id)
    lengths = [[len(text) for text in batch] for batch in indexes.embedder.given]
    assert len(lengths) > 1 and sum(map(len, lengths)) == count
    assert [n for batch in lengths for n in batch] == sorted(n for batch in lengths for n in batch)
    assert len(set(indexes.lexical.ids_of(COLLECTION, file_id))) == count
