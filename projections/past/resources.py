"""Each resource as its own endpoint's view shows it, from its events up to a point (None: it had
been deleted by then). Personal texts read as the events decode them: ``[erased]`` once forgotten."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import MetaData

from projections.chats.document import plain
from projections.chats.held import HeldMessages
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.chats.table import define_chat_tables
from projections.evaluations.projector import FeedbackViews
from projections.evaluations.queries import FeedbackQueries
from projections.evaluations.table import define_feedback_tables
from projections.files.table import define_file_tables
from projections.folders.projector import FolderViews
from projections.folders.queries import FolderQueries
from projections.folders.table import define_folder_tables
from projections.groups.projector import GroupViews
from projections.groups.queries import GroupQueries
from projections.groups.table import define_group_tables
from projections.knowledge.projector import KnowledgeViews
from projections.knowledge.queries import KnowledgeQueries
from projections.knowledge.table import define_knowledge_tables
from projections.models.projector import ModelPresetViews
from projections.models.queries import ModelPresetQueries
from projections.models.table import define_model_tables
from projections.past.replay import replayed
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries
from projections.users.table import define_user_tables

Json = dict[str, Any]
Events = Sequence[Any]


def chat_as_it_was(events: Events) -> Json | None:
    """Its messages decoded (the view hands them over pre-encoded): the command line prints them."""
    with replayed(lambda m: ChatViews(define_chat_tables(m)), events) as (engine, tables):
        chat = ChatQueries(engine, tables, HeldMessages(0)).get_chat(_id(events))
    return None if chat is None else plain(chat)


def folder_as_it_was(events: Events) -> Json | None:
    with replayed(lambda m: FolderViews(define_folder_tables(m)), events) as (engine, tables):
        return FolderQueries(engine, tables).get_folder(_id(events))


def feedback_as_it_was(events: Events) -> Json | None:
    with replayed(lambda m: FeedbackViews(define_feedback_tables(m)), events) as (engine, tables):
        return FeedbackQueries(engine, tables, define_user_tables(MetaData())).get_feedback(_id(events))


def preset_as_it_was(events: Events) -> Json | None:
    """Named by its model id, which its events carry: the only preset of the replayed view."""
    with replayed(lambda m: ModelPresetViews(define_model_tables(m)), events) as (engine, tables):
        return next(iter(ModelPresetQueries(engine, tables).list_presets()), None)


def user_record_as_it_was(events: Events) -> Json | None:
    """As the user directory's record (``interfaces.http.users.user_model`` shapes it)."""
    with replayed(lambda m: UserDirectory(define_user_tables(m)), events) as (engine, tables):
        return UserQueries(engine, tables).get_user(_id(events))


def knowledge_as_it_was(events: Events) -> Json | None:
    with replayed(lambda m: KnowledgeViews(define_knowledge_tables(m)), events) as (engine, tables):
        return KnowledgeQueries(engine, tables, define_file_tables(MetaData()),
                                define_user_tables(MetaData())).get_base(_id(events))


def group_as_it_was(events: Events) -> Json | None:
    """With its members then (``user_ids``) and its permissions."""
    with replayed(lambda m: GroupViews(define_group_tables(m)), events) as (engine, tables):
        groups = GroupQueries(engine, tables, define_user_tables(MetaData()))
        group = groups.get_group(_id(events))
        return None if group is None else {**group, "user_ids": groups.member_ids(_id(events))}


def default_permissions_as_they_were(events: Events) -> Json | None:
    """The members' default permissions as an admin had saved them."""
    with replayed(lambda m: GroupViews(define_group_tables(m)), events) as (engine, tables):
        return GroupQueries(engine, tables, define_user_tables(MetaData())).default_permissions()


SHAPES: dict[str, Callable[[Events], Json | None]] = {
    "chat": chat_as_it_was, "folder": folder_as_it_was, "feedback": feedback_as_it_was,
    "model": preset_as_it_was, "user": user_record_as_it_was, "knowledge": knowledge_as_it_was,
    "group": group_as_it_was, "permissions": default_permissions_as_they_were,
}


def _id(events: Events) -> str:
    return str(events[0].originator_id)
