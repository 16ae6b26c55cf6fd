"""Read marks, as Open WebUI's sidebar sets them: mark a chat unread, mark a folder's chats or all
chats read, each answered with every folder's unread count. (Reading one chat comes over the socket.)

Someone else's chat or folder is a 404, like one that does not exist.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import post
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.chats.reading_commands import MarkChatUnread, ReadAllChats, ReadFolder
from application.chats.service import Chats
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.folders import FOLDER_USERS
from interfaces.http.ids import existing_id
from projections.chat_reads.projector import ChatReads
from projections.chat_reads.queries import ChatReadQueries
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.folders.projector import FolderViews
from projections.folders.queries import FolderQueries
from projections.runtime.settling import reads

Json = dict[str, Any]
WHAT_IS_UNREAD = reads(ChatViews, FolderViews, ChatReads, as_of_request=True)
"""Every change made before the request is seen, then the request's own reads."""


def unread_counts(chat_reads: ChatReadQueries, folder_views: FolderQueries, user_id: str) -> dict[str, int]:
    """Open WebUI's ``folder_unread_counts``: every folder of the person, subfolders' chats included."""
    folders = folder_views.list_folders(user_id)
    return chat_reads.folder_unread_counts(user_id, {f["id"]: f["parent_id"] for f in folders})


@post("/api/v1/chats/{chat_id:str}/unread", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(ChatReads))
def mark_chat_unread(chat_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                     chat_views: NamedDependency[ChatQueries], chat_reads: NamedDependency[ChatReadQueries],
                     folder_views: NamedDependency[FolderQueries]) -> Json:
    chats.mark_chat_unread(MarkChatUnread(chat_id=existing_id(chat_id), actor_id=user.id))
    return {"chat_id": chat_id, "last_read_at": chat_reads.last_read_at(chat_id),
            "folder_id": chat_views.folder_of(chat_id),
            "folder_unread_counts": unread_counts(chat_reads, folder_views, user.id)}


@post("/api/v1/chats/read", sync_to_thread=True, status_code=200, guards=[members], opt=WHAT_IS_UNREAD)
def read_all_chats(user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                   chat_reads: NamedDependency[ChatReadQueries],
                   folder_views: NamedDependency[FolderQueries]) -> Json:
    """``updated_count``: the chats that were unread and now are read."""
    unread = chat_reads.unread_chat_ids(user.id)
    chats.read_all_chats(ReadAllChats(actor_id=user.id, chats=_uuids(unread)))
    return {"updated_count": len(unread), "folder_unread_counts": unread_counts(chat_reads, folder_views, user.id)}


@post("/api/v1/folders/{folder_id:str}/read", sync_to_thread=True, status_code=200, guards=FOLDER_USERS,
      opt=WHAT_IS_UNREAD)
def read_folder(folder_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                chat_reads: NamedDependency[ChatReadQueries], folder_views: NamedDependency[FolderQueries]) -> Json:
    """The folder's chats and those of the folders below it; ``updated_count`` as for all chats."""
    folder = existing_id(folder_id)
    descendants = folder_views.descendants(folder_id, user.id)
    unread = chat_reads.unread_chat_ids(user.id, [folder_id, *descendants])
    chats.read_folder(ReadFolder(folder_id=folder, actor_id=user.id,
                                           descendants=_uuids(descendants), chats=_uuids(unread)))
    return {"folder_id": folder_id, "folder_ids": [folder_id, *descendants], "updated_count": len(unread),
            "folder_unread_counts": unread_counts(chat_reads, folder_views, user.id)}


def _uuids(ids: list[str]) -> tuple[uuid.UUID, ...]:
    return tuple(map(uuid.UUID, ids))


ROUTES = [mark_chat_unread, read_all_chats, read_folder]
