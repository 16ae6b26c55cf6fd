"""What the Open WebUI app reads as it loads, and as its menus and pages open, for features that
come later: empty answers in the shapes it expects, never a 404, so that it shows no errors."""

from __future__ import annotations

from typing import Any

from litestar import get

from interfaces.http.auth import SessionUser

EMPTY_PAGE: dict[str, Any] = {"items": [], "total": 0}


@get(["/api/v1/configs/banners", "/api/v1/tools/", "/api/v1/functions/", "/api/v1/skills/",
      "/api/v1/terminals/", "/api/v1/notes/pinned", "/api/v1/groups/", "/api/v1/channels/"], sync_to_thread=False)
def nothing_yet(user: SessionUser) -> list[Any]:
    """The sidebar asks for channels on every Socket.IO (re)connect, even with channels off (Open
    WebUI then answers 403, which the app shows as a console error): none yet."""
    return []


@get(["/api/v1/knowledge/search", "/api/v1/prompts/list", "/api/v1/skills/list"], sync_to_thread=False)
def no_page_yet(user: SessionUser) -> dict[str, Any]:
    """The workspace's paged lists (knowledge bases, prompts, skills)."""
    return EMPTY_PAGE


@get("/api/v1/users/user/variables", sync_to_thread=False)
def user_variables(user: SessionUser) -> dict[str, Any]:
    return {"variables": {}}


@get("/api/v1/auths/mfa/status", sync_to_thread=False)
def mfa_status(user: SessionUser) -> dict[str, Any]:
    """Two-factor sign-in comes later; nobody has it turned on."""
    return {"enabled": False, "required": False, "recovery_codes_remaining": 0}


@get("/api/usage", sync_to_thread=False)
def usage(user: SessionUser) -> dict[str, Any]:
    """The user menu's "active users": until live presence is tracked, the one asking."""
    return {"model_ids": [], "user_count": 1}


@get("/api/changelog", sync_to_thread=False)
def changelog() -> dict[str, Any]:
    """Open WebUI's release notes are not ours to restate."""
    return {}


ROUTES = [nothing_yet, no_page_yet, user_variables, mfa_status, usage, changelog]
