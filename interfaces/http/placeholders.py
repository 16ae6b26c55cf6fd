"""What the Open WebUI app reads on every load, for features that come later: empty, never a 404,
so that the app shows no errors."""

from __future__ import annotations

from typing import Any

from litestar import get

from interfaces.http.auth import SessionUser


@get(["/api/v1/configs/banners", "/api/v1/tools/", "/api/v1/functions/", "/api/v1/skills/",
      "/api/v1/terminals/", "/api/v1/notes/pinned"], sync_to_thread=False)
def nothing_yet(user: SessionUser) -> list[Any]:
    return []


@get("/api/changelog", sync_to_thread=False)
def changelog() -> dict[str, Any]:
    """Open WebUI's release notes are not ours to restate."""
    return {}


ROUTES = [nothing_yet, changelog]
