"""/api/v1/folders: a person's folders of chats, and the chats in a folder, as Open WebUI serves them.

Folders are private: someone else's folder answers 404, to every read and command.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from application.access.resources import Action, Kind
from application.access.rules import permits
from application.access.service import Authorisation
from application.audit.past_reads import PastReads
from application.chats.folder_commands import (
    CreateFolder,
    DeleteFolder,
    ExpandFolder,
    MoveFolder,
    UpdateFolder,
)
from application.chats.service import Chats
from application.files.service import Files
from application.idempotency import Once
from application.knowledge.service import Knowledge
from domain.chats.errors import FolderNotFoundError, ForeignFolderError
from interfaces.http.access import members, permitted
from interfaces.http.as_of import AS_OF, as_it_was, owner_only
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import principal_of
from interfaces.http.bounds import PAGE
from interfaces.http.folder_files import check_folder_files
from interfaces.http.forms import Form
from interfaces.http.idempotency import once
from interfaces.http.ids import existing_id
from interfaces.http.permissions import require
from projections.chat_reads.queries import ChatReadQueries, Shelf, SortBy, SortDir
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.folders.projector import FolderViews
from projections.folders.queries import FolderQueries
from projections.runtime.settling import reads

SIDEBAR_PAGE = 10  # Open WebUI's page of chats in a folder
UNPAGED = 60
Json = dict[str, Any]
FOLDER_USERS = [members, permitted("features.folders")]
"""Open WebUI's folder routes are for those who may use folders (``features.folders``)."""
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class FolderForm(Form):
    name: Name
    data: Json | None = None
    meta: Json | None = None
    parent_id: str | None = None


class FolderUpdateForm(Form):
    name: Name | None = None
    data: Json | None = None
    meta: Json | None = None


class FolderParentForm(Form):
    parent_id: str | None = None


class FolderExpandedForm(Form):
    is_expanded: bool



def _owned(folder_views: FolderQueries, folder_id: str, user: SessionUser) -> Json:
    folder = folder_views.get_folder(folder_id)
    if folder is None:
        raise FolderNotFoundError(folder_id)
    if not permits(principal_of(user), Action.READ, Kind.FOLDER, folder["user_id"], ()):
        raise ForeignFolderError(folder_id, user.id)
    return folder


# Handlers opening a path that another method shares are async (see the note in chats.py).
@get("/api/v1/folders/", guards=FOLDER_USERS)
async def list_folders(user: NamedDependency[SessionUser], chat_reads: NamedDependency[ChatReadQueries],
                       folder_views: NamedDependency[FolderQueries]) -> list[Json]:
    return await anyio.to_thread.run_sync(_list_folders, user, chat_reads, folder_views)


def _list_folders(user: SessionUser, chat_reads: ChatReadQueries, folder_views: FolderQueries) -> list[Json]:
    folders = folder_views.list_folders(user.id)
    counts = chat_reads.folder_unread_counts(user.id, {f["id"]: f["parent_id"] for f in folders})
    return [{**folder, "unread_count": counts[folder["id"]]} for folder in folders]


@post("/api/v1/folders/", status_code=200, guards=FOLDER_USERS, opt=reads(FolderViews))
async def create_folder(request: Request[Any, Any, Any], data: JSONBody[FolderForm], user: NamedDependency[SessionUser],
                        chats: NamedDependency[Chats], folder_views: NamedDependency[FolderQueries],
                        knowledge: NamedDependency[Knowledge], files: NamedDependency[Files],
                        authorisation: NamedDependency[Authorisation]) -> Json:
    key = once(request, user, "folders.new", data)
    await anyio.to_thread.run_sync(check_folder_files, data.data, user, knowledge, files, authorisation)
    return await anyio.to_thread.run_sync(_create_folder, data, key, user, chats, folder_views)


def _create_folder(form: FolderForm, key: Once | None, user: SessionUser, chats: Chats,
                   folder_views: FolderQueries) -> Json:
    folder_id = key.created_id() if key else uuid.uuid4()
    parent_id = existing_id(form.parent_id) if form.parent_id else None
    chats.create_folder(CreateFolder(
        folder_id=folder_id, owner_id=user.id, name=form.name, parent_id=parent_id, data=form.data,
        meta=form.meta, once=key))
    return _owned(folder_views, str(folder_id), user)


@get("/api/v1/folders/shared", sync_to_thread=False, guards=FOLDER_USERS)
def shared_folders() -> list[Json]:
    """Folders shared with or by the caller: sharing folders comes later."""
    return []


@get("/api/v1/folders/{folder_id:str}", guards=FOLDER_USERS)
async def get_folder(folder_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                     past_reads: NamedDependency[PastReads],
                     folder_views: NamedDependency[FolderQueries], as_of: str | None = AS_OF) -> Json:
    if as_of is None:
        folder = await anyio.to_thread.run_sync(_owned, folder_views, folder_id, user)
    else:
        access = owner_only(lambda folder: folder.owner_id, ForeignFolderError)
        folder = await anyio.to_thread.run_sync(
            as_it_was, request, past_reads, user, "folder", folder_id, as_of, access)
    return {**folder, "access_grants": [], "write_access": True}


@post("/api/v1/folders/{folder_id:str}/update", sync_to_thread=True, status_code=200, guards=FOLDER_USERS,
      opt=reads(FolderViews))
def update_folder(folder_id: FromPath[str], data: JSONBody[FolderUpdateForm], user: NamedDependency[SessionUser],
                  chats: NamedDependency[Chats], folder_views: NamedDependency[FolderQueries],
                  knowledge: NamedDependency[Knowledge], files: NamedDependency[Files],
                  authorisation: NamedDependency[Authorisation]) -> Json:
    _owned(folder_views, folder_id, user)  # someone else's folder: 404 before its files are looked at
    check_folder_files(data.data, user, knowledge, files, authorisation)
    chats.update_folder(UpdateFolder(
        folder_id=existing_id(folder_id), actor_id=user.id, name=data.name, data=data.data, meta=data.meta))
    return _owned(folder_views, folder_id, user)


@post("/api/v1/folders/{folder_id:str}/update/parent", sync_to_thread=True, status_code=200, guards=FOLDER_USERS,
      opt=reads(FolderViews))
def move_folder(folder_id: FromPath[str], data: JSONBody[FolderParentForm], user: NamedDependency[SessionUser],
                chats: NamedDependency[Chats],
                folder_views: NamedDependency[FolderQueries]) -> Json:
    parent_id = existing_id(data.parent_id) if data.parent_id else None
    chats.move_folder(MoveFolder(
        folder_id=existing_id(folder_id), actor_id=user.id, parent_id=parent_id))
    return _owned(folder_views, folder_id, user)


@post("/api/v1/folders/{folder_id:str}/update/expanded", sync_to_thread=True, status_code=200, guards=FOLDER_USERS,
      opt=reads(FolderViews))
def expand_folder(folder_id: FromPath[str], data: JSONBody[FolderExpandedForm], user: NamedDependency[SessionUser],
                  chats: NamedDependency[Chats],
                  folder_views: NamedDependency[FolderQueries]) -> Json:
    chats.expand_folder(ExpandFolder(
        folder_id=existing_id(folder_id), actor_id=user.id, expanded=data.is_expanded))
    return _owned(folder_views, folder_id, user)


@delete("/api/v1/folders/{folder_id:str}", status_code=200, guards=FOLDER_USERS, opt=reads(FolderViews, ChatViews,
        as_of_request=True))
async def delete_folder(folder_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                        chat_views: NamedDependency[ChatQueries],
                        folder_views: NamedDependency[FolderQueries],
                        delete_contents: FromQuery[bool] = True) -> bool:
    """The folder and its subfolders go; their chats are deleted, or with ``delete_contents=false``
    moved out to the chat list (Open WebUI's rule)."""
    return await anyio.to_thread.run_sync(_delete_folder, folder_id, user, chats, chat_views, folder_views,
                                          delete_contents)


def _delete_folder(folder_id: str, user: SessionUser, chats: Chats, chat_views: ChatQueries,
                   folder_views: FolderQueries, delete_contents: bool) -> bool:
    folder = existing_id(folder_id)
    descendants = folder_views.descendants(folder_id, user.id)
    chat_ids = chat_views.filed_chat_ids(user.id, [folder_id, *descendants])
    if delete_contents and chat_ids:
        require(user, "chat.delete", status=403)
    chats.delete_folder(DeleteFolder(
        folder_id=folder, actor_id=user.id, descendants=tuple(map(uuid.UUID, descendants)),
        chats=tuple(map(uuid.UUID, chat_ids)), delete_contents=delete_contents))
    return True


@get("/api/v1/folders/{folder_id:str}/shared/chats", sync_to_thread=True, guards=FOLDER_USERS)
def folder_chats(folder_id: FromPath[str], user: NamedDependency[SessionUser],
                 chat_reads: NamedDependency[ChatReadQueries],
                 folder_views: NamedDependency[FolderQueries],
                 page: int | None = Parameter(default=None, **PAGE), sort_by: FromQuery[SortBy] = "unread_updated_at",
                 sort_dir: FromQuery[SortDir] = "desc") -> Json:
    """The chats directly in a folder, as the sidebar pages them."""
    _owned(folder_views, folder_id, user)
    everything = chat_reads.list_chats(user.id, Shelf(folder_ids=(folder_id,)), sort_by=sort_by,
                                       sort_dir=sort_dir)
    limit = SIDEBAR_PAGE if page is not None else UNPAGED
    skip = (page - 1) * limit if page is not None else 0
    listed = [{"id": c["id"], "title": c["title"], "user_id": c["user_id"], "updated_at": c["updated_at"],
               "created_at": c["created_at"], "last_read_at": c["last_read_at"], "owner_name": user.name,
               "participants": [{"id": user.id, "name": user.name}], "active": False, "readonly": False}
              for c in everything[skip:skip + limit]]
    answer: Json = {"chats": listed, "folder_permission": "write"}
    if page is not None:
        answer.update({"total": len(everything), "has_more": skip + limit < len(everything)})
    return answer


@get("/api/v1/chats/folder/{folder_id:str}", sync_to_thread=True, guards=[members])
def chats_in_folder(folder_id: FromPath[str], user: NamedDependency[SessionUser],
                    chat_views: NamedDependency[ChatQueries],
                    folder_views: NamedDependency[FolderQueries]) -> list[Json]:
    """Every chat in the folder and its subfolders, whole (Open WebUI's ChatResponse)."""
    _owned(folder_views, folder_id, user)
    folder_ids = [folder_id, *folder_views.descendants(folder_id, user.id)]
    chats = (chat_views.get_chat(c["id"]) for c in chat_views.list_filed(user.id, folder_ids))
    return [chat for chat in chats if chat is not None]


@get("/api/v1/chats/folder/{folder_id:str}/list", sync_to_thread=True, guards=[members])
def chat_list_in_folder(folder_id: FromPath[str], user: NamedDependency[SessionUser],
                        chat_reads: NamedDependency[ChatReadQueries],
                        folder_views: NamedDependency[FolderQueries],
                        page: int = Parameter(default=1, **PAGE), sort_by: FromQuery[SortBy] = "unread_updated_at",
                        sort_dir: FromQuery[SortDir] = "desc") -> list[Json]:
    _owned(folder_views, folder_id, user)
    chats = chat_reads.list_chats(user.id, Shelf(folder_ids=(folder_id,)), sort_by=sort_by,
                                  sort_dir=sort_dir, skip=(page - 1) * SIDEBAR_PAGE, limit=SIDEBAR_PAGE)
    return [{"id": c["id"], "title": c["title"], "updated_at": c["updated_at"], "created_at": c["created_at"],
             "last_read_at": c["last_read_at"], "snippet": None, "active": False, "archived": c["archived"]}
            for c in chats]


ROUTES = [list_folders, create_folder, shared_folders, get_folder, update_folder, move_folder, expand_folder,
          delete_folder, folder_chats, chats_in_folder, chat_list_in_folder]
