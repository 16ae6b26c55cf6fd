"""The read side: every view's projector, each on the tables of its version, and the queries the
application and the interfaces read them with (through a reader that first lets a request's own
writes arrive, ``SettledReader``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import MetaData

from application.context import BoundedContext
from projections.chat_reads.projector import ChatReads
from projections.chat_reads.queries import ChatReadQueries
from projections.chat_reads.table import define_read_tables
from projections.chats.held import HeldMessages
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.chats.shares import ShareQueries
from projections.chats.table import define_chat_tables
from projections.evaluations.projector import FeedbackViews
from projections.evaluations.queries import FeedbackQueries
from projections.evaluations.table import define_feedback_tables
from projections.event_catalog.projector import EventCatalog
from projections.event_catalog.queries import EventQueries
from projections.event_catalog.table import define_catalog_tables
from projections.event_catalog.trail import AuditTrail
from projections.files.projector import FileViews
from projections.files.queries import FileQueries
from projections.files.table import define_file_tables
from projections.folders.projector import FolderViews
from projections.folders.queries import FolderQueries
from projections.folders.table import define_folder_tables
from projections.groups.projector import GroupViews
from projections.groups.provisioned import ProvisionedGroups
from projections.groups.queries import GroupQueries
from projections.groups.table import define_group_tables
from projections.knowledge.projector import KnowledgeViews
from projections.knowledge.queries import KnowledgeQueries
from projections.knowledge.table import define_knowledge_tables
from projections.memories.projector import MemoryViews
from projections.memories.queries import MemoryQueries
from projections.memories.table import define_memory_tables
from projections.models.projector import ModelPresetViews
from projections.models.queries import ModelPresetQueries
from projections.models.table import define_model_tables
from projections.runtime.projector import Projector
from projections.runtime.settling import SettledReader
from projections.runtime.store import replays_key
from projections.runtime.versions import versioned
from projections.usage.analytics import AnalyticsQueries
from projections.usage.model_chats import ModelChatQueries
from projections.usage.projector import UsageLedger
from projections.usage.queries import UsageQueries
from projections.usage.table import define_usage_tables
from projections.users.projector import UserDirectory
from projections.users.provisioned import ProvisionedPeople
from projections.users.queries import UserQueries
from projections.users.table import define_user_tables

HELD_MESSAGES_BYTES = 64 * 1024 * 1024
"""Message documents kept between reads of the chats read most recently (a few dozen long ones)."""


def projectors(contexts: Mapping[str, BoundedContext]) -> list[Projector]:
    """Every view, each on the tables of its version (``projections.runtime.versions``)."""
    shapes, metadata = MetaData(), MetaData()
    bare = [UserDirectory(define_user_tables(shapes)), ChatViews(define_chat_tables(shapes)),
            FolderViews(define_folder_tables(shapes)), ChatReads(define_read_tables(shapes)),
            ModelPresetViews(define_model_tables(shapes)), UsageLedger(define_usage_tables(shapes)),
            FileViews(define_file_tables(shapes)), FeedbackViews(define_feedback_tables(shapes)),
            GroupViews(define_group_tables(shapes)), KnowledgeViews(define_knowledge_tables(shapes)),
            MemoryViews(define_memory_tables(shapes)),
            *(EventCatalog(name, define_catalog_tables(name, shapes)) for name in contexts)]
    return [versioned(projector, metadata) for projector in bare]


@dataclass(frozen=True)
class ReadSide:
    users: UserQueries
    chat_views: ChatQueries
    chat_shares: ShareQueries
    chat_reads: ChatReadQueries
    folder_views: FolderQueries
    usage: UsageQueries
    analytics: AnalyticsQueries
    model_chats: ModelChatQueries
    model_views: ModelPresetQueries
    file_views: FileQueries
    feedback_views: FeedbackQueries
    group_views: GroupQueries
    knowledge_views: KnowledgeQueries
    memory_views: MemoryQueries
    events: EventQueries
    trail: AuditTrail
    provisioned_people: ProvisionedPeople
    provisioned_groups: ProvisionedGroups


def read_side(reader: SettledReader, built: list[Projector], contexts: Mapping[str, BoundedContext]) -> ReadSide:
    """The queries over the tables of ``built`` (``projectors``)."""
    views = {projector.view: projector.tracked_as for projector in built}
    tables = {projector.view: projector.tables for projector in built}
    users, chats, folders = tables[UserDirectory.view], tables[ChatViews.view], tables[FolderViews.view]
    usage, files, groups = tables[UsageLedger.view], tables[FileViews.view], tables[GroupViews.view]
    catalogs = {name: tables[EventCatalog.view_of(name)] for name in contexts}
    return ReadSide(
        users=UserQueries(reader, users),
        chat_views=ChatQueries(reader, chats, HeldMessages(HELD_MESSAGES_BYTES), replays_key(views[ChatViews.view])),
        chat_shares=ShareQueries(reader, chats),
        chat_reads=ChatReadQueries(reader, chats, tables[ChatReads.view]),
        folder_views=FolderQueries(reader, folders),
        usage=UsageQueries(reader, usage),
        analytics=AnalyticsQueries(reader, usage, users, groups),
        model_chats=ModelChatQueries(reader, usage, chats, users),
        model_views=ModelPresetQueries(reader, tables[ModelPresetViews.view]),
        file_views=FileQueries(reader, files),
        feedback_views=FeedbackQueries(reader, tables[FeedbackViews.view], users),
        group_views=GroupQueries(reader, groups, users),
        knowledge_views=KnowledgeQueries(reader, tables[KnowledgeViews.view], files, users),
        memory_views=MemoryQueries(reader, tables[MemoryViews.view]),
        events=EventQueries(reader, catalogs, contexts),
        trail=AuditTrail(reader, catalogs, contexts),
        provisioned_people=ProvisionedPeople(reader, users),
        provisioned_groups=ProvisionedGroups(reader, groups),
    )
