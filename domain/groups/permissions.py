"""Permissions as Open WebUI keeps them: sections (``chat``, ``workspace``...) of named switches.

A person's permissions in force are the members' defaults, with any switch the defaults lack
taken from the server's initial ones, then every group of theirs laid over them so that the most
permissive value wins: a switch on in any group is on, whatever the defaults or other groups say.
That is Open WebUI 0.12.4's rule (``utils/access_control``: ``fill_missing_permissions``, then
``combine_permissions`` per group); a group cannot take a default away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from typing import Any

from domain.groups.errors import InvalidGroupError

Permissions = dict[str, Any]

SECTIONS: Mapping[str, tuple[str, ...]] = {
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
"""Every permission Open WebUI 0.12.4 knows (config.py's ``DEFAULT_USER_PERMISSIONS``), by section."""


def checked(permissions: Mapping[str, Any]) -> Permissions:
    """Sections and switches Open WebUI knows, each switch true or false; anything else is refused,
    so that a misspelt switch is not silently kept and never takes effect."""
    kept: Permissions = {}
    for section, switches in permissions.items():
        if section not in SECTIONS:
            raise InvalidGroupError(f"Unknown permission section {section!r}; known: {', '.join(SECTIONS)}.")
        if not isinstance(switches, Mapping):
            raise InvalidGroupError(f"Permissions of {section!r} must be an object of switches.")
        for name, value in switches.items():
            if name not in SECTIONS[section]:
                raise InvalidGroupError(f"Unknown permission {section}.{name}.")
            if not isinstance(value, bool):
                raise InvalidGroupError(f"Permission {section}.{name} must be true or false.")
        kept[section] = dict(switches)
    return kept


def filled(permissions: Mapping[str, Any], initial: Mapping[str, Any]) -> Permissions:
    """``permissions`` with whatever it lacks taken from ``initial``, at every depth."""
    whole: Permissions = deepcopy(dict(permissions))
    for key, value in initial.items():
        if key not in whole:
            whole[key] = deepcopy(value)
        elif isinstance(value, Mapping) and isinstance(whole[key], Mapping):
            whole[key] = filled(whole[key], value)
    return whole


def combined(defaults: Mapping[str, Any], initial: Mapping[str, Any],
             groups: Iterable[Mapping[str, Any] | None]) -> Permissions:
    """The permissions in force for a member of ``groups`` (see the module's docstring)."""
    result = filled(defaults, initial)
    for group in groups:
        result = _most_permissive(result, group or {})
    return result


def _most_permissive(permissions: Permissions, group: Mapping[str, Any]) -> Permissions:
    for key, value in group.items():
        if isinstance(value, Mapping):
            below = permissions.get(key)
            permissions[key] = _most_permissive(below if isinstance(below, dict) else {}, value)
        else:
            permissions[key] = permissions[key] or value if key in permissions else value
    return permissions


def switch(permissions: Mapping[str, Any], dotted: str) -> bool:
    """``chat.delete`` in ``permissions``: false if any part of it is missing."""
    found: Any = permissions
    for key in dotted.split("."):
        if not isinstance(found, Mapping) or key not in found:
            return False
        found = found[key]
    return bool(found)
