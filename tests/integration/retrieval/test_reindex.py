"""``annals reindex`` on each store, with two real embedding engines (the OpenAI-compatible and
Ollama protocols of a fake embeddings server): indexes another model built are stale until
reindexed, as is an index that went missing; an interrupted reindex leaves the old one serving."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import msgspec
import pytest

from application.files.commands import UploadFile
from application.knowledge import commands as k
from application.memories import commands as m
from application.memories.index import collection_of
from application.retrieval.hybrid import RetrievalSettings
from application.retrieval.ports import IndexStaleError
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings
from infrastructure.vector_index.chosen import build_in_force, new_build, retrieval_directory
from interfaces.cli.reindex import reindex
from tests.integration.workload import sign_up
from tests.sample_documents import pdf
from tests.upstream.embeddings import EmbeddingsServer
from tests.upstream.threaded import serving

HANDBOOK = b"Refunds take fourteen days. Shipping takes three days."
MEMORY = "I prefer refunds by bank transfer."


@pytest.fixture
def server() -> EmbeddingsServer:
    return EmbeddingsServer()


@pytest.fixture
def base_url(server: EmbeddingsServer) -> Iterator[str]:
    with serving(server, "the embeddings server") as url:
        yield url


def engine(settings: Settings, base_url: str, name: str) -> Settings:
    """``settings`` embedding with ``name``: ``openai:…`` or ``ollama:…`` (both served by the fake)."""
    kind, model = name.split(":")
    rag = msgspec.structs.replace(settings.rag, embedding_engine=kind, embedding_model=model,
                                  openai_base_url=f"{base_url}/v1", ollama_base_url=base_url)
    return msgspec.structs.replace(settings, rag=rag)


@contextmanager
def running(settings: Settings) -> Iterator[Container]:
    container = build_container(settings, role="cli")
    try:
        yield container
    finally:
        container.close()


def indexed_handbook_and_memory(container: Container) -> tuple[str, str]:
    """A knowledge base holding a processed file, and a memory, indexed: the base's id and the owner's."""
    owner, file_id, knowledge_id = sign_up(container, "owner@example.org"), uuid.uuid4(), uuid.uuid4()
    container.files.upload_file(UploadFile(file_id=file_id, owner_id=str(owner), name="handbook.md",
                                           content_type="text/markdown", data=HANDBOOK))
    container.knowledge.create_knowledge(k.CreateKnowledge(knowledge_id=knowledge_id, owner_id=str(owner),
                                                           name="Handbook", description=""))
    container.knowledge.add_knowledge_files(k.AddKnowledgeFiles(knowledge_id=knowledge_id, actor_id=str(owner),
                                                                file_ids=[str(file_id)]))
    container.memories.add_memory(m.AddMemory(memory_id=uuid.uuid4(), owner_id=str(owner), content=MEMORY))
    container.runner.catch_up_all()
    return str(knowledge_id), str(owner)


def found(container: Container, knowledge_id: str, owner: str) -> tuple[list[str], list[str]]:
    hits = container.retrieval.retriever.retrieve("refunds", [knowledge_id], RetrievalSettings())
    return [hit.chunk.text for hit in hits], [r.memory["content"] for r in
                                              container.memory_index.recall(owner, "refunds", 5)]


ANSWER = ([HANDBOOK.decode()], [MEMORY])


def test_another_embedding_model_makes_the_index_stale_until_reindexed(settings: Settings, base_url: str):
    first, second = engine(settings, base_url, "openai:alpha"), engine(settings, base_url, "ollama:beta")
    with running(first) as container:
        knowledge_id, owner = indexed_handbook_and_memory(container)
        assert found(container, knowledge_id, owner) == ANSWER
    with running(second) as container:
        assert "openai:alpha" in container.retrieval.stale()
        with pytest.raises(IndexStaleError):
            found(container, knowledge_id, owner)
        assert reindex(second) == 0
        assert container.retrieval.stale() == ""
        assert found(container, knowledge_id, owner) == ANSWER
        assert container.retrieval.vectors.model.name == "ollama:beta"


def test_a_chats_file_is_found_in_its_own_collection_again_after_a_reindex(settings: Settings, base_url: str):
    first, second = engine(settings, base_url, "openai:alpha"), engine(settings, base_url, "ollama:beta")
    file_id = uuid.uuid4()

    def in_its_collection(container: Container) -> list[str]:
        hits = container.retrieval.retriever.retrieve("refunds", [f"file-{file_id}"], RetrievalSettings())
        return [hit.chunk.text for hit in hits]

    with running(first) as container:
        owner = sign_up(container, "dropper@example.org")
        container.files.upload_file(UploadFile(file_id=file_id, owner_id=str(owner), name="handbook.md",
                                               content_type="text/markdown", data=HANDBOOK))
        container.runner.catch_up_all()
        assert in_its_collection(container) == [HANDBOOK.decode()]
    with running(second) as container:
        assert reindex(second) == 0
        assert in_its_collection(container) == [HANDBOOK.decode()]


def test_a_documents_chunks_keep_their_ids_and_pages_through_a_reindex(settings: Settings, base_url: str):
    first, second = engine(settings, base_url, "openai:alpha"), engine(settings, base_url, "ollama:beta")
    file_id = uuid.uuid4()
    collection = f"file-{file_id}"

    def indexed(container: Container) -> tuple[list[str], object]:
        [hit] = container.retrieval.lexical.search("shipping", 1, [collection])
        return sorted(container.retrieval.lexical.ids_of(collection, str(file_id))), hit.chunk.metadata["page"]

    with running(first) as container:
        owner = sign_up(container, "reader@example.org")
        container.files.upload_file(UploadFile(file_id=file_id, owner_id=str(owner), name="terms.pdf",
                                               content_type="application/pdf",
                                               data=pdf("Refunds take fourteen days.", "Shipping takes three days.")))
        container.runner.catch_up_all()
        processed = indexed(container)
    with running(second) as container:
        assert reindex(second) == 0
        assert indexed(container) == processed and len(processed[0]) == 2 and processed[1] == 1


def test_a_missing_index_is_stale_until_reindexed(settings: Settings, base_url: str):
    settings = engine(settings, base_url, "openai:alpha")
    with running(settings) as container:
        knowledge_id, owner = indexed_handbook_and_memory(container)
    shutil.rmtree(retrieval_directory(settings) / "vectors")
    with running(settings) as container:
        assert "missing" in container.retrieval.stale()
        assert reindex(settings) == 0
        assert found(container, knowledge_id, owner) == ANSWER


def test_an_interrupted_reindex_leaves_the_old_index_serving(settings: Settings, base_url: str,
                                                             server: EmbeddingsServer):
    settings = engine(settings, base_url, "openai:alpha")
    with running(settings) as container:
        knowledge_id, owner = indexed_handbook_and_memory(container)
        server.refusing = True
        assert reindex(settings) == 1
        server.refusing = False
        assert build_in_force(settings) == "" and found(container, knowledge_id, owner) == ANSWER
        assert reindex(settings) == 0
        assert found(container, knowledge_id, owner) == ANSWER
    assert sorted(p.name for p in retrieval_directory(settings).iterdir()) == sorted([build_in_force(settings),
                                                                                      "in-force"])


def test_a_file_added_while_the_index_is_stale_fails_saying_so(settings: Settings, base_url: str):
    with running(engine(settings, base_url, "openai:alpha")) as container:
        knowledge_id, owner = indexed_handbook_and_memory(container)
    with running(engine(settings, base_url, "ollama:beta")) as container:
        file_id = str(uuid.uuid4())
        container.files.upload_file(UploadFile(file_id=uuid.UUID(file_id), owner_id=owner, name="more.md",
                                               content_type="text/markdown", data=b"Returns are free."))
        container.knowledge.add_knowledge_files(k.AddKnowledgeFiles(
            knowledge_id=uuid.UUID(knowledge_id), actor_id=owner, file_ids=[file_id]))
        container.runner.catch_up_all()
        outcome = container.knowledge_views.processing_of(knowledge_id, file_id)
        assert outcome is not None and outcome["status"] == "failed" and "openai:alpha" in outcome["error"]


def test_a_memory_deleted_during_a_reindex_does_not_come_back_with_the_swap(settings: Settings, base_url: str):
    settings = engine(settings, base_url, "openai:alpha")
    with running(settings) as container:
        knowledge_id, owner = indexed_handbook_and_memory(container)
        [memory] = container.memory_views.list_memories(owner)

        def deleting_the_memory(what: str, done: int, total: int) -> None:
            if what == "memories" and container.memory_views.list_memories(owner):
                container.memories.delete_memory(m.DeleteMemory(memory_id=uuid.UUID(memory["id"]), actor_id=owner))
                container.runner.catch_up_all()

        fresh = RetrievalLayer(settings, build=new_build())
        container.reindexing.build(fresh, deleting_the_memory)
        fresh.swap_in()
        assert container.retrieval.vectors.count(collection_of(owner)) == 0
        assert found(container, knowledge_id, owner) == ([HANDBOOK.decode()], [])


def test_a_file_removed_just_before_the_swap_does_not_come_back_with_it(settings: Settings, base_url: str):
    """Removed after the build's last look at the views, the file left the old build only: it is
    taken out of the new one once that is in force."""
    settings = engine(settings, base_url, "openai:alpha")
    with running(settings) as container:
        knowledge_id, owner = indexed_handbook_and_memory(container)
        [(_, handbook_id)] = container.knowledge_views.processed_files()
        files_indexed: list[int] = []

        def adding_then_removing(what: str, done: int, total: int) -> None:
            files_indexed.extend([done] if what == "files" else [])
            if what == "files" and len(files_indexed) == 1:  # another file: the last look then indexes
                more = uuid.uuid4()
                container.files.upload_file(UploadFile(file_id=more, owner_id=owner, name="more.md",
                                                       content_type="text/markdown", data=b"Returns are free."))
                container.knowledge.add_knowledge_files(k.AddKnowledgeFiles(
                    knowledge_id=uuid.UUID(knowledge_id), actor_id=owner, file_ids=[str(more)]))
            elif what == "files" and len(files_indexed) == 2:  # the last look is taken: the handbook leaves
                container.knowledge.remove_knowledge_file(k.RemoveKnowledgeFile(
                    knowledge_id=uuid.UUID(knowledge_id), actor_id=owner, file_id=handbook_id))
            container.runner.catch_up_all()

        container.rebuilds.rebuild(container.embedding_config.chosen(), adding_then_removing)
        assert found(container, knowledge_id, owner)[0] == ["Returns are free."]
