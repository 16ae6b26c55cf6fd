"""The admin settings pages of features Annals does not have yet (server-side speech, image
generation, code execution, sub-agents, tool and terminal servers,
external knowledge, arena models, OAuth, banners, event webhooks): each reads the settings
in force, which are Open WebUI's shapes with those features off, and keeps nothing.

A save that would change something is refused (400, saying why) rather than answered as if it had
been kept: the page would otherwise show the admin's values until the next reload and then lose
them. A save that asks for what is already in force (an empty list of servers, a feature left off)
changes nothing and is answered with the settings in force, so that pages which save several
things at once (the General page saves its banners) still save the rest.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import HTTPException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_400_BAD_REQUEST

from interfaces.http import unkept_defaults as d
from interfaces.http.access import admins
from projections.runtime.settling import reads

Json = dict[str, Any]
NO_TOOL_SERVERS: Json = {"TOOL_SERVER_CONNECTIONS": []}
NO_TERMINAL_SERVERS: Json = {"TERMINAL_SERVER_CONNECTIONS": []}
NO_ARENA: Json = {"ENABLE_EVALUATION_ARENA_MODELS": False, "EVALUATION_ARENA_MODELS": []}

IN_FORCE: dict[str, Any] = {
    "/api/v1/audio/config": d.AUDIO, "/api/v1/images/config": d.IMAGES,
    "/api/v1/configs/code_execution": d.CODE_EXECUTION,
    "/api/v1/configs/subagents": d.SUBAGENTS,
    "/api/v1/auths/admin/config/oauth": d.OAUTH,  # not editable: the page says so and sends nothing
    "/api/v1/knowledge/external/connections": {"items": [], "total": 0},
    "/api/v1/configs/tool_servers": NO_TOOL_SERVERS, "/api/v1/configs/terminal_servers": NO_TERMINAL_SERVERS,
    "/api/v1/evaluations/config": NO_ARENA,
    "/api/events": {"schema": d.VERSION, "events": []},  # Open WebUI's webhook events; ours are /api/v1/events
    "/api/events/webhooks": [],
}
UNKEPT = {"/api/v1/audio/config/update": "server-side speech", "/api/v1/images/config/update": "image generation",
          "/api/v1/configs/code_execution": "code execution", "/api/v1/configs/subagents": "sub-agents",
          "/api/v1/auths/admin/config/oauth": "OAuth sign-in",
          "/api/v1/knowledge/external/connections": "external knowledge sources",
          "/api/events/webhooks": "event webhooks"}


class UnkeptSettingsError(HTTPException):
    status_code = HTTP_400_BAD_REQUEST

    @classmethod
    def lacking(cls, feature: str) -> UnkeptSettingsError:
        return cls(detail=f"Annals does not have {feature} yet, so these settings cannot be saved; "
                          "nothing was changed.")


@get(list(IN_FORCE), sync_to_thread=False, guards=[admins])
def settings_in_force(request: Request[Any, Any, Any]) -> Any:
    return IN_FORCE[request.url.path]


@post(list(UNKEPT), status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def refuse_unkept(request: Request[Any, Any, Any]) -> Json:
    raise UnkeptSettingsError.lacking(UNKEPT[request.url.path])


@post("/api/v1/configs/tool_servers", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_tool_servers(data: JSONBody[Json]) -> Json:
    return _none_asked(data.get("TOOL_SERVER_CONNECTIONS"), "tool servers", NO_TOOL_SERVERS)


@post("/api/v1/configs/terminal_servers", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_terminal_servers(data: JSONBody[Json]) -> Json:
    return _none_asked(data.get("TERMINAL_SERVER_CONNECTIONS"), "terminal servers", NO_TERMINAL_SERVERS)


@post("/api/v1/evaluations/config", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_evaluations_config(data: JSONBody[Json]) -> Json:
    asked = [data.get("ENABLE_EVALUATION_ARENA_MODELS"), *(data.get("EVALUATION_ARENA_MODELS") or [])]
    return _none_asked([a for a in asked if a], "arena models", NO_ARENA)


@post("/api/v1/configs/banners", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_banners(data: JSONBody[Json]) -> list[Any]:
    _none_asked(data.get("banners"), "banners", {})
    return []


def _none_asked(asked: list[Any] | None, feature: str, in_force: Json) -> Json:
    if asked:
        raise UnkeptSettingsError.lacking(feature)
    return in_force


ROUTES = [settings_in_force, refuse_unkept, set_tool_servers, set_terminal_servers, set_evaluations_config,
          set_banners]
