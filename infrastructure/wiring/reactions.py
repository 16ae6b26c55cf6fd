"""The reactions: work that spans contexts, each run from the log by the projection runner with a
position of its own, so that a crash anywhere finishes on restart (deleting and forgetting a
person, files joining and leaving knowledge bases and the indexes, memories indexed, groups left
or followed from an identity provider's report, and a deleted group's grants withdrawn)."""

from __future__ import annotations

from collections.abc import Callable

from application.access.deleted_groups import GrantsLeavingWithGroups
from application.context import BoundedContext
from application.groups.departures import LeavingGroups
from application.groups.reported_groups import FollowingReportedGroups
from application.identity.person_deletion import PersonDeletion
from application.knowledge.chat_file_indexing import ChatFileIndexing
from application.knowledge.document_config import DocumentConfig
from application.knowledge.file_indexing import Chunkers
from application.knowledge.files_in_knowledge import FilesInKnowledge
from application.knowledge.forgotten_chunks import ChunksForgotten
from application.knowledge.processing import KnowledgeProcessing
from application.knowledge.uploads import UploadsIntoKnowledge
from application.memories.index import MemoryIndex
from application.memories.indexing import MemoryIndexing
from application.privacy.forgetting import Forgetting
from application.retrieval.embedding_switch import EmbeddingSwitch
from application.snapshots import SnapshotsForgotten
from domain.identity.roles import ADMIN
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings
from infrastructure.wiring.read_side import ReadSide
from infrastructure.wiring.write_side import WriteSide
from projections.chats.projector import ChatViews
from projections.evaluations.projector import FeedbackViews
from projections.files.projector import FileViews
from projections.folders.projector import FolderViews
from projections.groups.projector import GroupViews
from projections.knowledge.projector import KnowledgeViews
from projections.memories.projector import MemoryViews
from projections.models.projector import ModelPresetViews
from projections.runtime.forgetting import ForgottenInViews
from projections.runtime.projector import Projector
from projections.runtime.runner import ProjectionRunner
from projections.runtime.settling import settle
from projections.users.projector import UserDirectory


def add_reactions(runner: ProjectionRunner, write: WriteSide, read: ReadSide, settings: Settings, *,
                  retrieval: RetrievalLayer, chunkers: Chunkers, document_config: DocumentConfig,
                  memory_index: MemoryIndex, embedding_switch: EmbeddingSwitch) -> None:
    """``embedding_switch``: rebuilds the indexes for a new embedding model, for minutes, so it runs
    in the background rather than hold up the other reactions."""
    deletion = _person_deletion(runner, write, read)
    runner.add_reaction(deletion)
    _add_knowledge_reactions(runner, write, read, retrieval, chunkers, document_config)
    runner.add_reaction(embedding_switch, in_background=True)
    runner.add_reaction(MemoryIndexing(write.memories, memory_index))
    runner.add_reaction(Forgetting(
        deletion=deletion, chats=write.chats, evaluations=write.evaluations, settled=runner.wait,
        keys=write.person_keys, copies=(ForgottenInViews(runner), memory_index, ChunksForgotten(
            [_reached(runner, reaction, context, settings) for reaction, context in (
                (ChatFileIndexing.name, write.files), (FilesInKnowledge.name, write.files),
                (KnowledgeProcessing.name, write.knowledge))]), SnapshotsForgotten(write.contexts.values())),
        folders_of=_caught_up(runner, write.chats, FolderViews,
                              lambda person: [f["id"] for f in read.folder_views.list_folders(person)]),
        feedbacks_of=_caught_up(runner, write.evaluations, FeedbackViews,
                                lambda person: [f["id"] for f in read.feedback_views.ids(person)])))
    _add_group_reactions(runner, write, read)


def _reached(runner: ProjectionRunner, reaction: str, context: BoundedContext,
             settings: Settings) -> Callable[[], None]:
    """Waits until ``reaction`` has acted on all of ``context``'s log as it stands when called."""
    return lambda: runner.reactions[reaction].reach(context.position, settings.read_your_writes_timeout)


def _person_deletion(runner: ProjectionRunner, write: WriteSide, read: ReadSide) -> PersonDeletion:
    return PersonDeletion(
        write.chats, write.files, settled=runner.wait,
        chats_of=_caught_up(runner, write.chats, ChatViews, read.chat_views.ids_of),
        files_of=_caught_up(runner, write.files, FileViews, read.file_views.ids_of),
        knowledge=write.knowledge,
        knowledge_of=_caught_up(runner, write.knowledge, KnowledgeViews, read.knowledge_views.ids_of),
        memories=write.memories,
        memories_of=_caught_up(runner, write.memories, MemoryViews, read.memory_views.ids_of))


def _add_knowledge_reactions(runner: ProjectionRunner, write: WriteSide, read: ReadSide, retrieval: RetrievalLayer,
                             chunkers: Chunkers, document_config: DocumentConfig) -> None:
    knowledge, files = write.knowledge, write.files
    runner.add_reaction(FilesInKnowledge(
        knowledge, _caught_up(runner, knowledge, KnowledgeViews, read.knowledge_views.holding), settled=runner.wait))

    def standing(person: str) -> tuple[bool, frozenset[str]]:
        """An uploader's role and groups, as of everything committed so far."""
        settle(runner, UserDirectory, write.identity.position)
        settle(runner, GroupViews, write.groups.position)
        person_row = read.users.get_user(person)
        return bool(person_row and person_row["role"] == ADMIN), frozenset(
            read.group_views.group_ids_of(person, include_inherited=True))

    runner.add_reaction(UploadsIntoKnowledge(knowledge, files, standing, settled=runner.wait))
    stopping = runner.stopping.is_set
    runner.add_reaction(KnowledgeProcessing(
        knowledge, files, chunkers, retrieval, settled=runner.wait,
        shown=lambda _context, position: settle(runner, KnowledgeViews, position), stopping=stopping))
    runner.add_reaction(ChatFileIndexing(files, chunkers, retrieval, bypassed=document_config.bypasses_retrieval,
                                         stopping=stopping))


def _add_group_reactions(runner: ProjectionRunner, write: WriteSide, read: ReadSide) -> None:
    groups, group_views = write.groups, read.group_views
    runner.add_reaction(LeavingGroups(groups, _caught_up(runner, groups, GroupViews, group_views.group_ids_of),
                                      settled=runner.wait))

    def groups_named(names: list[str]) -> dict[str, list[str]]:
        settle(runner, GroupViews, groups.position)
        return group_views.ids_named(names)

    runner.add_reaction(FollowingReportedGroups(
        groups, groups_named, _caught_up(runner, groups, GroupViews, group_views.group_ids_of), settled=runner.wait))
    runner.add_reaction(GrantsLeavingWithGroups(
        write.models, write.knowledge, settled=runner.wait,
        presets_granting=_caught_up(runner, write.models, ModelPresetViews, read.model_views.granted_to_group),
        bases_granting=_caught_up(runner, write.knowledge, KnowledgeViews, read.knowledge_views.granted_to_group)))


def _caught_up(runner: ProjectionRunner, context: BoundedContext, projector: type[Projector],
               ids_of: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """A person's ids in a view once it holds everything committed so far (for reactions)."""
    def ids(person: str) -> list[str]:
        settle(runner, projector, context.position)
        return ids_of(person)

    return ids
