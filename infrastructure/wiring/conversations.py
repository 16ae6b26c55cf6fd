"""Conversations with the models: the upstreams and the model catalog, completions, the files and
knowledge a turn is shown (``Attachments``), and chat turns with their replies streamed and kept."""

from __future__ import annotations

from dataclasses import dataclass

from application.access.service import Authorisation
from application.completions.folder_projects import FolderProjects
from application.completions.service import Completions
from application.completions.turns import ChatTurns
from application.files.attachments import Attachments, Searching
from application.knowledge.chat_sources import ChatSources, KnowledgeBases
from application.knowledge.document_config import DocumentConfig
from application.knowledge.file_collections import ChatFiles, FileChunks
from application.knowledge.named_collections import NamedCollections
from application.knowledge.whole_bases import WholeBases
from application.models.catalog import ModelCatalog
from application.models.state import CurrentModelsState
from infrastructure.deployment import Emitter, Replies, Role, emitter_for, replies_for
from infrastructure.llm.local_model import built_in_models
from infrastructure.llm.upstreams import HttpUpstreams
from infrastructure.outbound import UpstreamAddressPolicy
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings
from infrastructure.wiring.read_side import ReadSide
from infrastructure.wiring.write_side import WriteSide
from projections.chats.projector import ChatViews
from projections.runtime.runner import ProjectionRunner
from projections.runtime.settling import settle


@dataclass(frozen=True)
class Conversations:
    upstreams: HttpUpstreams
    catalog: ModelCatalog
    completions: Completions
    emitter: Emitter
    replies: Replies
    attachments: Attachments
    folder_projects: FolderProjects
    turns: ChatTurns


def conversations(settings: Settings, role: Role, write: WriteSide, read: ReadSide, models_state: CurrentModelsState,
                  *, retrieval: RetrievalLayer, document_config: DocumentConfig, authorisation: Authorisation,
                  runner: ProjectionRunner) -> Conversations:
    upstreams = HttpUpstreams(settings.upstream_timeout, UpstreamAddressPolicy(
        settings.upstream_private_networks, (*settings.openai_api_base_urls, *settings.ollama_base_urls)))
    catalog = ModelCatalog(models_state, upstreams, ttl=settings.models_cache_ttl,
                           list_timeout=settings.model_list_timeout,
                           bypass_access=settings.bypass_model_access_control,
                           built_in=built_in_models(settings.local_model, settings.upstream_timeout))
    completions, emitter = Completions(catalog, write.chats), emitter_for(settings, role)
    replies = replies_for(settings)
    attachments = _attachments(write, retrieval, document_config)
    folder_projects = FolderProjects(read.folder_views, read.users, read.group_views, authorisation)
    turns = ChatTurns(completions=completions, catalog=catalog, chats=write.chats, conversations=read.chat_views,
                      emitter=emitter, running=replies, attachments=attachments,
                      projects=folder_projects,
                      checkpoint_seconds=settings.reply_checkpoint_seconds,
                      caught_up=lambda position: settle(runner, ChatViews, position))
    return Conversations(upstreams=upstreams, catalog=catalog, completions=completions, emitter=emitter,
                         replies=replies, attachments=attachments, folder_projects=folder_projects, turns=turns)


def _attachments(write: WriteSide, retrieval: RetrievalLayer, document_config: DocumentConfig) -> Attachments:
    """A turn's files and knowledge bases: searched for the passages nearest the question, or given
    whole (full context, or nothing indexed yet)."""
    files, knowledge = write.files, write.knowledge
    return Attachments(files, document_config.template, Searching(
        ChatSources([NamedCollections(knowledge, files), KnowledgeBases(knowledge), ChatFiles(files)],
                    lambda: retrieval.retriever,
                    document_config.retrieval_settings),
        FileChunks(retrieval), WholeBases(knowledge, files), whole=document_config.gives_files_whole))
