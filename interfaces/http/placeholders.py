"""What the Open WebUI app reads as it loads, and as its menus and pages open, for features that
come later: empty answers in the shapes it expects, never a 404, so that it shows no errors."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.params import JSONBody

from interfaces.http.access import admins, members, public
from projections.runtime.settling import reads

EMPTY_PAGE: dict[str, Any] = {"items": [], "total": 0}
CHAT_CONFIG: dict[str, Any] = {
    "CONTEXT_COMPACTION_MODEL": "", "ENABLE_CONTEXT_COMPACTION": False, "CONTEXT_COMPACTION_TOKEN_THRESHOLD": 80000,
    "CONTEXT_COMPACTION_TOKEN_CAP": 80000, "CONTEXT_COMPACTION_RETENTION_PERCENTAGE": 40,
    "CONTEXT_COMPACTION_PROMPT_TEMPLATE": "", "ENABLE_TOOL_PERMISSIONS": False, "ENABLE_TOOL_SEARCH": False,
    "TOOL_SEARCH_DEFER_THRESHOLD": 400, "TOOL_SEARCH_ALWAYS_LOADED": [], "TOOL_SEARCH_DEFER_BUILTIN_TOOLS": True,
}
"""Open WebUI's chat settings (context compaction, tool permissions and search), all off here."""


@get(["/api/v1/configs/banners", "/api/v1/tools/", "/api/v1/functions/", "/api/v1/skills/",
      "/api/v1/terminals/", "/api/v1/notes/pinned", "/api/v1/channels/", "/api/v1/prompts/tags"],
     sync_to_thread=False, guards=[members])
def nothing_yet() -> list[Any]:
    """The sidebar asks for channels on every Socket.IO (re)connect, even with channels off (Open
    WebUI then answers 403, which the app shows as a console error): none yet."""
    return []


@get(["/api/v1/prompts/list", "/api/v1/skills/list", "/api/v1/notes/search"], sync_to_thread=False,
     guards=[members])
def no_page_yet() -> dict[str, Any]:
    """The workspace's paged lists (prompts, skills, notes); the model editor searches the notes a
    model may be given as knowledge."""
    return EMPTY_PAGE


@get("/api/v1/audio/voices", sync_to_thread=False, guards=[members])
def voices() -> dict[str, Any]:
    """Speech is the browser's (the text-to-speech engine in force is its Web Speech API), so the
    server has no voices to offer; the browser lists its own."""
    return {"voices": []}


@get("/api/v1/pipelines/list", sync_to_thread=False, guards=[admins])
def pipelines() -> dict[str, Any]:
    """Open WebUI Pipelines servers are not told apart from other upstreams: none is one here."""
    return {"data": []}


@get("/api/v1/auths/mfa/status", sync_to_thread=False, guards=[members])
def mfa_status() -> dict[str, Any]:
    """Two-factor sign-in comes later; nobody has it turned on."""
    return {"enabled": False, "required": False, "recovery_codes_remaining": 0}


@get("/api/usage", sync_to_thread=False, guards=[members])
def usage() -> dict[str, Any]:
    """The user menu's "active users": until live presence is tracked, the one asking."""
    return {"model_ids": [], "user_count": 1}


@get("/api/changelog", sync_to_thread=False, guards=[public])
def changelog() -> dict[str, Any]:
    """Open WebUI's release notes are not ours to restate."""
    return {}


@get("/api/v1/chats/config", sync_to_thread=False, guards=[admins])
def chat_config() -> dict[str, Any]:
    """The admin's Interface page reads this with the task settings, and shows neither if it fails
    (saving it then would send the task settings' defaults back)."""
    return CHAT_CONFIG


@post("/api/v1/chats/config", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_chat_config(data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    """Nothing to turn on yet: the page is told the settings in force, so it shows them as they are."""
    return CHAT_CONFIG


@post("/api/v1/configs/interface/visibility", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_interface_visibility(data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    """Hiding parts of the app from people comes later: everything stays shown, as the answer says."""
    return {"visibility": {}}


ROUTES = [nothing_yet, no_page_yet, voices, pipelines, mfa_status, usage,
          changelog, chat_config, set_chat_config, set_interface_visibility]
