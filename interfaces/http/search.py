"""The app's search box (``GET /api/v1/search``, Open WebUI's routers/search.py): a person's own
chats, found by their titles and messages as the chats view searches them, or, with nothing typed,
the pinned ones and then the most recent. Its scopes are the person's folders (a folder scope
includes its subfolders). Notes and channel messages come later, and so do the shared chats
others let the person read (Open WebUI searches their snapshots too): nothing is found among
"shared" ones yet."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromQuery, Parameter, QueryParameter

from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from projections.chats.queries import PAGE_SIZE, ChatQueries
from projections.folders.queries import FolderQueries

Json = dict[str, Any]


@get("/api/v1/search", sync_to_thread=True, guards=[members])
def search(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries],
           folder_views: NamedDependency[FolderQueries],
           q: str = Parameter(default="", max_length=500),
           kind: FromQuery[Literal["all", "chat", "message", "note"]] = "all",
           sharing: FromQuery[Literal["all", "mine", "shared"]] = "all",
           within: Annotated[str, QueryParameter(name="scope", max_length=200)] = "",
           page: int = Parameter(default=1, **PAGE)) -> Json:
    folders = {f["id"]: f["name"] for f in folder_views.list_folders(user.id)}
    scopes = sorted(({"id": f"folder:{i}", "name": name, "kind": "folder"} for i, name in folders.items()),
                    key=lambda s: (s["name"].lower(), s["id"]))
    scope = within.removeprefix("folder:")
    if kind not in ("all", "chat") or sharing == "shared" or (within and scope not in folders):
        return {"items": [], "has_more": False, "scopes": scopes, "kinds": ["chat"]}
    found, has_more = _chats(chat_views, user.id, q.strip(), page)
    if within:
        scoped = {scope, *folder_views.descendants(scope, user.id)}
        found = [chat for chat in found if chat["folder_id"] in scoped]
    return {"items": [_item(chat, folders) for chat in found], "has_more": has_more, "scopes": scopes,
            "kinds": ["chat"]}


def _chats(chat_views: ChatQueries, user_id: str, text: str, page: int) -> tuple[list[Json], bool]:
    views = chat_views
    if text:
        found = views.search(user_id, text, page)
        return found, len(found) == PAGE_SIZE
    recent = views.list_chats(user_id, pinned=False, page=page)
    pinned = views.list_chats(user_id, pinned=True) if page == 1 else []
    return pinned + recent, len(recent) == PAGE_SIZE


def _item(chat: Json, folders: dict[str, str]) -> Json:
    snippet = chat.get("snippet") or ""
    return {"id": f"chat:{chat['id']}", "kind": "chat", "title": chat["title"] or "Untitled",
            "context": folders.get(chat["folder_id"] or "", "Personal chat"), "snippet": snippet,
            "preview": snippet, "url": f"/c/{chat['id']}", "updated_at": chat["updated_at"],
            "shared": bool(chat["share_id"]), "pinned": bool(chat["pinned"])}


ROUTES = [search]
