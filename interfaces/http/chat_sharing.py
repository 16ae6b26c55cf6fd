"""Sharing chats as Open WebUI 0.12.4 does: a snapshot under a link, private until its owner says
who may read it (particular people, everyone signed in, or anyone), the list of one's shares, and
cloning a share one may read into a chat of one's own.

A link someone may not read is answered 401 (recorded as a refusal when they are signed in), an
unknown one 401 too, as Open WebUI answers both; the access of someone else's chat is a 404.
"""

from __future__ import annotations

import copy
import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ClientException, NotAuthorizedException
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from application.audit.service import Audit
from application.chats import commands as c
from application.chats.service import Chats
from domain.chats.errors import PrivateShareError, ShareNotFoundError
from infrastructure.settings import Settings
from interfaces.http.access import members, optional_caller, public
from interfaces.http.admin_chats import opened_by_admin
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import principal_of
from interfaces.http.bounds import PAGE
from interfaces.http.chats import LIST_PAGE, _owned
from interfaces.http.errors import SIGNED_OUT
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from interfaces.http.permissions import require, require_audiences
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.chats.shares import Share, ShareOrder, ShareQueries
from projections.runtime.settling import reads
from projections.users.queries import UserQueries

Json = dict[str, Any]
MAX_GRANTS = 1000
READERS_NEVER_SEE = ("params", "tool_servers", "tool_ids", "filter_ids", "variables")
"""What Open WebUI leaves out of a shared chat for anyone but its owner: the system prompt and
parameters, tools and filters."""
NO_CONTINUING = ("Replies in a shared chat ('Allow replies') are not here yet: a shared chat can be read "
                 "and cloned.")


class ShareForm(Form):
    share_mode: Literal["continue"] | None = None


class ShareAccessForm(Form):
    access_grants: Annotated[list[Json], msgspec.Meta(max_length=MAX_GRANTS)]
    share_mode: Literal["continue"] | None = None


@post("/api/v1/chats/{chat_id:str}/share", sync_to_thread=True, status_code=200, guards=[members], opt=reads(ChatViews))
def share_chat(chat_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
               chat_views: NamedDependency[ChatQueries], data: JSONBody[ShareForm | None] = None) -> Json:
    """Share, or refresh the snapshot under the same link (its readers stay as they were)."""
    require(user, "chat.share")
    _refuse_replies(data)
    chats.share_chat(c.ShareChat(
        chat_id=existing_id(chat_id), actor_id=user.id, share_id=str(uuid.uuid4())))
    return _owned(chat_views, chat_id, user)


@delete("/api/v1/chats/{chat_id:str}/share", sync_to_thread=True, status_code=200, guards=[members],
        opt=reads(ChatViews))
def unshare_chat(chat_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats]) -> bool:
    chats.unshare_chat(c.UnshareChat(chat_id=existing_id(chat_id), actor_id=user.id))
    return True


@delete("/api/v1/chats/share/all", sync_to_thread=True, status_code=200, guards=[members], opt=reads(ChatViews))
def unshare_all(user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                chat_shares: NamedDependency[ShareQueries]) -> bool:
    chat_ids = [uuid.UUID(chat_id) for chat_id in chat_shares.shared_chat_ids(user.id)]
    chats.unshare_chats_of(c.UnshareChatsOf(owner_id=user.id, chat_ids=chat_ids))
    return True


@get("/api/v1/chats/shared", sync_to_thread=True, guards=[members])
def my_shares(user: NamedDependency[SessionUser], chat_shares: NamedDependency[ShareQueries],
              page: int = Parameter(default=1, **PAGE),
              search: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
              order_by: FromQuery[ShareOrder] = "updated_at",
              direction: FromQuery[Literal["asc", "desc"]] = "desc") -> list[Json]:
    # ``query`` is a name Litestar reserves for the whole query string, hence ``search``.
    return chat_shares.shares_of(user.id, query=search, order_by=order_by, ascending=direction == "asc",
                                 skip=(page - 1) * LIST_PAGE, limit=LIST_PAGE)


@get("/api/v1/chats/share/{share_id:str}", sync_to_thread=True,
     dependencies={"viewer": Provide(optional_caller)}, guards=[public])
def shared_chat(request: Request[Any, Any, Any], share_id: FromPath[str], viewer: NamedDependency[SessionUser | None],
                settings: NamedDependency[Settings], audit: NamedDependency[Audit], users: NamedDependency[UserQueries],
                chat_views: NamedDependency[ChatQueries], chat_shares: NamedDependency[ShareQueries]) -> Json:
    """Readable without signing in only when shared with anyone; an admin's panel opens anyone's
    chat here by its id (``admin_chats``)."""
    chat = opened_by_admin(request, share_id, viewer, settings, audit, chat_views)  # a share's id is never a chat's
    if chat is not None:
        return chat
    return _response(readable_share(share_id, viewer, chat_shares), viewer, users)


@get("/api/v1/chats/shared/{chat_id:str}/access", sync_to_thread=True, guards=[members])
def share_access(chat_id: FromPath[str], user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries],
                 chat_shares: NamedDependency[ShareQueries]) -> list[Json]:
    _owned(chat_views, chat_id, user)
    return chat_shares.grants_of(chat_id)


@post("/api/v1/chats/shared/{chat_id:str}/access/update", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(ChatViews))
def change_share_access(chat_id: FromPath[str], data: JSONBody[ShareAccessForm], user: NamedDependency[SessionUser],
                        chats: NamedDependency[Chats], chat_views: NamedDependency[ChatQueries]) -> Json:
    """The grants become exactly these; a member's are checked against what they may share with."""
    _owned(chat_views, chat_id, user)
    _refuse_replies(data)
    require_audiences(user, data.access_grants)
    chats.change_share_access(c.ChangeShareAccess(
        chat_id=existing_id(chat_id), actor_id=user.id, grants=data.access_grants))
    return _owned(chat_views, chat_id, user)


def _refuse_replies(data: ShareForm | ShareAccessForm | None) -> None:
    if data is not None and data.share_mode == "continue":
        raise ClientException(NO_CONTINUING)


def readable_share(share_id: str, viewer: SessionUser | None, chat_shares: ShareQueries) -> Share:
    share = chat_shares.share(share_id)
    if share is None:
        raise ShareNotFoundError(share_id)
    if not share.readable_by(principal_of(viewer)):
        if viewer is None:
            raise NotAuthorizedException(SIGNED_OUT)  # as Open WebUI: sign in, perhaps it is shared with you
        raise PrivateShareError(share_id, viewer.id)
    return share


def _response(share: Share, viewer: SessionUser | None, users: UserQueries) -> Json:
    """Open WebUI's ChatResponse of a share: the snapshot, under the link's id."""
    document = as_seen(share, viewer.id if viewer else None, users)
    return {"id": share.share_id, "user_id": share.owner_id, "title": share.title,
            "chat": {**document, "share_mode": None}, "updated_at": share.updated_at,
            "created_at": share.created_at, "share_id": share.share_id, "archived": False, "pinned": False,
            "meta": {}, "folder_id": None, "variables": {}, "tasks": None, "summary": None,
            "current_message_id": document["history"]["currentId"], "context_usage": None}


def as_seen(share: Share, viewer_id: str | None, users: UserQueries) -> Json:
    """The snapshot with its person's messages named (``user``); for anyone but the owner without
    what readers never see, nor the metadata of messages they did not write."""
    document = copy.deepcopy(share.snapshot)
    if viewer_id != share.owner_id:
        for key in READERS_NEVER_SEE:
            document.pop(key, None)
    owner = users.get_user(share.owner_id) or {}
    for message in _messages(document):
        author = message.get("user_id") or share.owner_id
        if message.get("role") == "user":
            message["user_id"] = author
            message["user"] = {"id": author, "name": owner.get("name", "") if author == share.owner_id else ""}
        if author != viewer_id:
            message.pop("meta", None)
    return document


def taken_over(document: Json, owner_id: str, user: SessionUser) -> Json:
    """The owner's messages become the cloner's (Open WebUI's clone does the same)."""
    for message in _messages(document):
        if (message.get("user_id") or owner_id) == owner_id:
            message["user_id"] = user.id
            if message.get("role") == "user":
                message["user"] = {"id": user.id, "name": user.name}
    return document


def _messages(document: Json) -> list[Json]:
    """Every message of the document: the history's, and the branch list's own copies."""
    history = (document.get("history") or {}).get("messages") or {}
    return [m for m in (*history.values(), *(document.get("messages") or [])) if isinstance(m, dict)]


ROUTES = [share_chat, unshare_chat, unshare_all, my_shares, shared_chat, share_access, change_share_access]
