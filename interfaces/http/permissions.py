"""What members may do, told to the app in Open WebUI's permission shape (every key it has) and
enforced here: the workspace's model presets (``USER_PERMISSIONS_WORKSPACE_MODELS_*``), and the chat
and feature permissions of what Annals has (``USER_PERMISSIONS_CHAT_*``,
``USER_PERMISSIONS_FEATURES_FOLDERS``), all as the environment says. What Annals does not have yet is
told off, so the app does not offer it.
Admins may do everything. Permissions are not kept per person or group yet, so the admin's page of
default permissions shows them and cannot change them.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.status_codes import HTTP_401_UNAUTHORIZED, HTTP_403_FORBIDDEN

from infrastructure.settings import Settings
from interfaces.http.auth import SessionUser
from interfaces.http.refusals import PermissionRefusedError

Json = dict[str, Any]

OPEN_WEBUI_PERMISSIONS = {
    "workspace": ("models", "knowledge", "prompts", "tools", "skills", "models_import", "models_export",
                  "models_hidden", "prompts_import", "prompts_export", "tools_import", "tools_export",
                  "skills_import", "skills_export"),
    "sharing": ("models", "public_models", "knowledge", "public_knowledge", "prompts", "public_prompts", "tools",
                "public_tools", "skills", "public_skills", "notes", "public_notes", "folders", "public_chats",
                "open_chats", "public_calendars"),
    "access_grants": ("allow_users", "allow_groups"),
    "chat": ("controls", "valves", "system_prompt", "params", "file_upload", "web_upload", "delete", "delete_message",
             "continue_response", "regenerate_response", "rate_response", "edit", "share", "export", "import", "stt",
             "tts", "call", "multiple_models", "temporary", "temporary_enforced"),
    "features": ("api_keys", "notes", "folders", "channels", "encrypted_channels", "direct_tool_servers",
                 "web_search", "image_generation", "code_interpreter", "memories", "automations", "calendar",
                 "webhooks"),
    "settings": ("interface",),
}
"""Every permission Open WebUI 0.12.4 tells its app (config.py's DEFAULT_USER_PERMISSIONS), so the app
never finds one missing and falls back to its own default. Those of what Annals has follow the
settings; the rest (knowledge, prompts, tools, notes, channels, web search, temporary chats...) are off,
so the app does not offer them."""

ACTIONS = {"chat.delete": "delete chats", "chat.delete_message": "delete messages", "chat.edit": "edit messages",
           "chat.share": "share chats", "chat.continue_response": "continue a response",
           "chat.regenerate_response": "regenerate a response", "chat.multiple_models": "ask several models at once",
           "chat.file_upload": "upload files", "chat.rate_response": "rate responses",
           "chat.export": "export chats", "chat.import": "import, clone or fork chats",
           "sharing.public_chats": "share chats with everyone signed in",
           "sharing.open_chats": "share chats with anyone, signed in or not",
           "access_grants.allow_users": "share with particular people", "features.folders": "use folders",
           "features.api_keys": "use API keys"}


def permissions_in_force(settings: Settings) -> Json:
    kept = _kept(settings)
    return {group: {key: kept.get(f"{group}.{key}", False) for key in keys}
            for group, keys in OPEN_WEBUI_PERMISSIONS.items()}


def _kept(settings: Settings) -> dict[str, bool]:
    """The permissions of what Annals has, by Open WebUI's dotted name (``chat.delete_message``)."""
    models = settings.users_may_create_models
    kept = {"workspace.models": models, "workspace.models_import": settings.users_may_import_models,
            "workspace.models_export": settings.users_may_export_models, "sharing.models": models,
            "sharing.public_models": models, "settings.interface": True}
    members_may = msgspec.structs.asdict(settings.members_may)
    return {**kept, **{_dotted(name): allowed for name, allowed in members_may.items()}}


def _dotted(name: str) -> str:
    """``access_grants_allow_users`` -> ``access_grants.allow_users``: the group is Open WebUI's."""
    group = next(g for g in OPEN_WEBUI_PERMISSIONS if name.startswith(f"{g}_"))
    return f"{group}.{name.removeprefix(f'{group}_')}"


def may(user: SessionUser, settings: Settings, permission: str) -> bool:
    """``permission`` as Open WebUI names it (``chat.share``); admins may do everything."""
    return user.is_admin or bool(getattr(settings.members_may, permission.replace(".", "_")))


def require(user: SessionUser, settings: Settings, permission: str, *, status: int = HTTP_401_UNAUTHORIZED) -> None:
    """Open WebUI answers 401 in its chats' routes and 403 in its folders'; so do we, saying why."""
    if not may(user, settings, permission):
        raise PermissionRefusedError(status, f"Members may not {ACTIONS[permission]} here ({permission} is "
                                             "off). Ask an administrator if you need it.", user.id, permission)


def may_set_system_prompt(user: SessionUser, settings: Settings) -> bool:
    """A member's own system prompt (in a completion, or kept in their settings) needs both."""
    return may(user, settings, "chat.controls") and may(user, settings, "chat.system_prompt")


def may_set_params(user: SessionUser, settings: Settings) -> bool:
    """A member's sampling parameters reach the model only with both."""
    return may(user, settings, "chat.controls") and may(user, settings, "chat.params")


_AUDIENCES: dict[tuple[str | None, str | None], str] = {
    ("anyone", "*"): "sharing.open_chats", ("user", "*"): "sharing.public_chats"}


def require_audiences(user: SessionUser, settings: Settings, grants: list[Any]) -> None:
    """Whom a member may let read their shared chat, as Open WebUI decides it: everyone signed in
    needs ``sharing.public_chats``, anyone ``sharing.open_chats``, particular people
    ``access_grants.allow_users``. One grant too many refuses them all (403): nothing half kept."""
    for grant in grants:
        audience = (grant.get("principal_type"), grant.get("principal_id")) if isinstance(grant, dict) else (None, None)
        permission = _AUDIENCES.get(audience) or ("access_grants.allow_users" if audience[0] == "user" else None)
        if permission is not None:
            require(user, settings, permission, status=HTTP_403_FORBIDDEN)
