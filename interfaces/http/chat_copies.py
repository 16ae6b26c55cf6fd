"""Copies of a chat one may read, into a new chat of one's own, as Open WebUI 0.12.4's menus make
them: clone (one's own chat, whole), fork (the branch up to a message, of one's own chat or of one
shared with one by its link) and clone of a shared chat. Each needs ``chat.import`` of a member (403,
as Open WebUI). A copy keeps the original's tags, pin, folder and variables only when it was one's
own; a person's messages in it become the copier's, as Open WebUI re-attributes them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
import msgspec
from litestar import post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_403_FORBIDDEN

from application.chats.copy_commands import ChatCopy, CopyChat
from application.chats.service import Chats
from domain.chats.citations import Citation, cited_as
from domain.chats.errors import PrivateShareError
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import principal_of
from interfaces.http.chat_documents import state_of
from interfaces.http.chat_sharing import as_seen, readable_share, taken_over
from interfaces.http.forms import Form
from interfaces.http.own_chats import owned
from interfaces.http.permissions import require
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.chats.shares import Share, ShareQueries
from projections.runtime.settling import reads
from projections.users.queries import UserQueries

OWNERS_ONLY = ("params", "tool_servers", "tool_ids", "filter_ids")
"""What Open WebUI shows of a chat only to its owner: a copy from someone else's leaves it out."""
Json = dict[str, Any]


class CloneForm(Form):
    title: Annotated[str, msgspec.Meta(max_length=1000)] | None = None


class ForkForm(Form):
    message_id: Annotated[str, msgspec.Meta(max_length=255)] | None = None


@dataclass(frozen=True)
class Source:
    """A chat one may read: one's own, or the snapshot a share link shows."""

    chat: Json
    chat_id: str
    share_id: str | None
    owner_id: str

    @property
    def document(self) -> Json:
        return self.chat["chat"]

    @property
    def own(self) -> bool:
        return self.share_id is None


@post("/api/v1/chats/{chat_id:str}/clone", status_code=200, guards=[members], opt=reads(ChatViews))
async def clone_chat(chat_id: FromPath[str], data: JSONBody[CloneForm], user: NamedDependency[SessionUser],
                     chats: NamedDependency[Chats], chat_views: NamedDependency[ChatQueries]) -> Json:
    return await anyio.to_thread.run_sync(_clone, chat_id, data.title, user, chats, chat_views)


@post("/api/v1/chats/{chat_id:str}/fork", status_code=200, guards=[members], opt=reads(ChatViews))
async def fork_chat(chat_id: FromPath[str], data: JSONBody[ForkForm], user: NamedDependency[SessionUser],
                    chats: NamedDependency[Chats], users: NamedDependency[UserQueries],
                    chat_views: NamedDependency[ChatQueries], chat_shares: NamedDependency[ShareQueries]) -> Json:
    """``chat_id`` may also be a share link's id (the shared chat's page forks by it)."""
    return await anyio.to_thread.run_sync(_fork, chat_id, data.message_id, user, chats, users, chat_views,
                                          chat_shares)


@post("/api/v1/chats/{share_id:str}/clone/shared", status_code=200, guards=[members], opt=reads(ChatViews))
async def clone_shared_chat(share_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                            users: NamedDependency[UserQueries], chat_views: NamedDependency[ChatQueries],
                            chat_shares: NamedDependency[ShareQueries]) -> Json:
    """A chat of one's own from a share one may read, as its readers see it."""
    return await anyio.to_thread.run_sync(_clone_shared, share_id, user, chats, users, chat_views, chat_shares)


def _clone_shared(share_id: str, user: SessionUser, chats: Chats, users: UserQueries, chat_views: ChatQueries,
                  chat_shares: ShareQueries) -> Json:
    require(user, "chat.import", status=HTTP_403_FORBIDDEN)
    share = readable_share(share_id, user, chat_shares)
    document = {**taken_over(as_seen(share, user.id, users), share.owner_id, user), "originalChatId": share.share_id,
                "branchPointMessageId": share.snapshot["history"]["currentId"], "title": f"Clone of {share.title}"}
    source = Source(chat={"title": share.title, "chat": document, "variables": {}, "pinned": False, "folder_id": None},
                    chat_id=share.chat_id, share_id=share.share_id, owner_id=share.owner_id)
    return _copied(chats, chat_views, user, source, document)


def _clone(chat_id: str, title: str | None, user: SessionUser, chats: Chats,
           chat_views: ChatQueries) -> Json:
    require(user, "chat.import", status=HTTP_403_FORBIDDEN)
    source = _own(chat_views, chat_id, user)
    document = {**source.document, "originalChatId": source.chat_id,
                "branchPointMessageId": source.document["history"]["currentId"],
                "title": title or f"Clone of {source.chat['title']}"}
    return _copied(chats, chat_views, user, source, document)


def _fork(chat_id: str, message_id: str | None, user: SessionUser, chats: Chats, users: UserQueries,
          chat_views: ChatQueries, chat_shares: ShareQueries) -> Json:
    require(user, "chat.import", status=HTTP_403_FORBIDDEN)
    source = _readable(users, chat_views, chat_shares, chat_id, user)
    history = source.document["history"]
    branch_point = message_id or history["currentId"]
    if not branch_point:
        raise ClientException("chat has no messages to fork")
    branch = _branch(history["messages"], branch_point)
    document = {**source.document, "originalChatId": source.chat_id, "branchPointMessageId": branch_point,
                "title": f"{source.chat['title']} (fork)",
                "history": {"messages": {m["id"]: m for m in branch}, "currentId": branch_point},
                "messages": branch}
    return _copied(chats, chat_views, user, source, document, fork=True)


def _copied(chats: Chats, chat_views: ChatQueries, user: SessionUser, source: Source, document: Json, *,
            tags: tuple[str, ...] | None = None, fork: bool = False) -> Json:
    """The copy, made and read back; the original's flags only when it was one's own."""
    own = source.own
    if not own:
        document = {k: v for k, v in document.items() if k not in OWNERS_ONLY}
    document, citations = _uncited(document, chat_views.citing(source.chat_id))
    state = state_of(document, source.chat["variables"] if own else None, author=user)
    copy = ChatCopy(state=state, tags=tuple(t["name"] for t in chat_views.tags_of_chat(source.chat_id))
                    if own else tags or (), pinned=own and bool(source.chat["pinned"]),
                    folder_id=source.chat["folder_id"] if own else None, citations=citations,
                    quoted_user_id=None if own else source.owner_id)
    new_id = uuid.uuid4()
    chats.copy_chat(CopyChat(chat_id=new_id, owner_id=user.id, source_id=uuid.UUID(source.chat_id),
                             share_id=source.share_id, copy=copy, fork=fork))
    made = chat_views.get_chat(str(new_id))
    assert made is not None
    return made


def _uncited(document: Json, citing: dict[str, dict[str, list[int]]]) -> tuple[Json, dict[str, list[Citation]]]:
    """The document without the ``sources`` the server cited in its messages, and those, by message."""
    if not citing:
        return document, {}
    document = msgspec.json.decode(msgspec.json.encode(document))  # its messages may be pre-encoded
    history = document["history"]["messages"]
    citations = {message_id: cited_as(history[message_id].get("sources") or [], places)
                 for message_id, places in citing.items() if message_id in history}
    uncited = {message_id: {k: v for k, v in message.items() if k != "sources"} if message_id in citations
               else message for message_id, message in history.items()}
    return {**document, "history": {**document["history"], "messages": uncited},
            "messages": [uncited.get(m.get("id"), m) for m in document.get("messages") or []]}, citations


def _branch(messages: dict[str, Any], message_id: str) -> list[Json]:
    """The messages from the root down to ``message_id``, each the only reply to the one before; a
    reply left unfinished is finished as it stands (the fork never gets the rest)."""
    walk: list[Json] = []
    cursor: str | None = message_id
    while cursor is not None and len(walk) <= len(messages):
        if cursor not in messages:
            raise NotFoundException("message not found")
        walk.append(msgspec.json.decode(msgspec.json.encode(messages[cursor])))
        cursor = walk[-1].get("parentId")
    walk.reverse()
    for parent, child in zip([None, *walk], walk, strict=False):
        child.update(parentId=parent["id"] if parent else None, childrenIds=[])
        if parent is not None:
            parent["childrenIds"] = [child["id"]]
        if child.get("role") == "assistant" and child.get("done") is False:
            child["done"] = True
    return walk


def _readable(users: UserQueries, chat_views: ChatQueries, chat_shares: ShareQueries, chat_id: str,
              user: SessionUser) -> Source:
    """One's own chat, or the chat a share link (``chat_id`` is then the link's id) shows."""
    share = chat_shares.share(chat_id)
    return _own(chat_views, chat_id, user) if share is None else _shared(users, chat_views, share, user)


def _own(chat_views: ChatQueries, chat_id: str, user: SessionUser) -> Source:
    return Source(chat=owned(chat_views.get_chat(chat_id), chat_id, user), chat_id=chat_id, share_id=None,
                  owner_id=user.id)


def _shared(users: UserQueries, chat_views: ChatQueries, share: Share, user: SessionUser) -> Source:
    """The chat a link shows, as its readers see it, to those its owner lets read it (a private
    share, as Open WebUI answers it: 401, recorded)."""
    if share.owner_id == user.id:
        return _own(chat_views, share.chat_id, user)
    if not share.readable_by(principal_of(user)):
        raise PrivateShareError(share.share_id, user.id)
    chat = {"title": share.title, "chat": as_seen(share, user.id, users), "variables": {}, "pinned": False,
            "folder_id": None}
    return Source(chat=chat, chat_id=share.chat_id, share_id=share.share_id, owner_id=share.owner_id)


ROUTES = [clone_chat, fork_chat, clone_shared_chat]
