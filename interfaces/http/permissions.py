"""What a member may do: the permissions in force for them (``SessionUser.permissions``: the
members' defaults with their groups' laid over them, ``domain/groups/permissions.py``), enforced
here on every route they govern and told to the app in Open WebUI's shape.

The app is told every switch Open WebUI has (so it never finds one missing and falls back to its
own default), but those of what Annals does not have yet (prompts, tools, notes, channels,
web search...) always off, whatever an admin saved, so the app does not offer them.
Admins may do everything.
"""

from __future__ import annotations

from typing import Any

from litestar.status_codes import HTTP_401_UNAUTHORIZED, HTTP_403_FORBIDDEN

from domain.groups.permissions import SECTIONS, switch
from interfaces.http.auth import SessionUser
from interfaces.http.refusals import PermissionRefusedError

Json = dict[str, Any]

ACTIONS = {"chat.delete": "delete chats", "chat.delete_message": "delete messages", "chat.edit": "edit messages",
           "chat.share": "share chats", "chat.continue_response": "continue a response",
           "chat.regenerate_response": "regenerate a response", "chat.multiple_models": "ask several models at once",
           "chat.file_upload": "upload files", "chat.rate_response": "rate responses",
           "chat.export": "export chats", "chat.import": "import, clone or fork chats",
           "sharing.public_chats": "share chats with everyone signed in",
           "sharing.open_chats": "share chats with anyone, signed in or not",
           "access_grants.allow_users": "share with particular people", "features.folders": "use folders",
           "workspace.models": "create models", "workspace.models_import": "import models",
           "workspace.models_export": "export models", "features.api_keys": "use API keys",
           "workspace.knowledge": "create knowledge bases", "sharing.knowledge": "share knowledge bases",
           "sharing.public_knowledge": "share knowledge bases with everyone signed in",
           "access_grants.allow_groups": "share with groups", "features.memories": "use memories"}
"""The permissions enforced here, and what each lets a member do (said when one is refused)."""

ANNALS_HAS = frozenset({*ACTIONS, "chat.controls", "chat.system_prompt", "chat.params", "chat.stt", "chat.tts",
                        "chat.call", "sharing.models", "sharing.public_models", "settings.interface"})
"""The switches of what Annals has: told to the app as they are in force; the others are told off."""


def told(permissions: Json) -> Json:
    """``permissions`` in Open WebUI's whole shape, what Annals lacks turned off."""
    return {section: {name: f"{section}.{name}" in ANNALS_HAS and switch(permissions, f"{section}.{name}")
                      for name in names}
            for section, names in SECTIONS.items()}


def may(user: SessionUser, permission: str) -> bool:
    """``permission`` as Open WebUI names it (``chat.share``); admins may do everything."""
    return user.is_admin or switch(user.permissions, permission)


def require(user: SessionUser, permission: str, *, status: int = HTTP_401_UNAUTHORIZED) -> None:
    """Open WebUI answers 401 in its chats' routes and 403 in its folders'; so do we, saying why."""
    if not may(user, permission):
        raise PermissionRefusedError(status, f"You may not {ACTIONS[permission]} here ({permission} is off for "
                                             "you). Ask an administrator if you need it.", user.id, permission)


def may_set_system_prompt(user: SessionUser) -> bool:
    """A member's own system prompt (in a completion, or kept in their settings) needs both."""
    return may(user, "chat.controls") and may(user, "chat.system_prompt")


def may_set_params(user: SessionUser) -> bool:
    """A member's sampling parameters reach the model only with both."""
    return may(user, "chat.controls") and may(user, "chat.params")


_AUDIENCES: dict[tuple[str | None, str | None], str] = {
    ("anyone", "*"): "sharing.open_chats", ("user", "*"): "sharing.public_chats"}


def require_audiences(user: SessionUser, grants: list[Any]) -> None:
    """Whom a member may let read their shared chat, as Open WebUI decides it: everyone signed in
    needs ``sharing.public_chats``, anyone ``sharing.open_chats``, particular people
    ``access_grants.allow_users``. One grant too many refuses them all (403): nothing half kept."""
    for grant in grants:
        audience = (grant.get("principal_type"), grant.get("principal_id")) if isinstance(grant, dict) else (None, None)
        permission = _AUDIENCES.get(audience) or ("access_grants.allow_users" if audience[0] == "user" else None)
        if permission is not None:
            require(user, permission, status=HTTP_403_FORBIDDEN)


_SHARING: dict[str, tuple[str, str]] = {"knowledge": ("sharing.knowledge", "sharing.public_knowledge")}
"""Per kind of resource: what sharing it at all needs, and what sharing it with everyone signed in."""


def shareable(user: SessionUser, grants: list[Any], resource: str) -> list[Any]:
    """The grants a member may give on a ``resource``, as Open WebUI filters a new one's: none without
    its sharing switch; everyone signed in (``user`` ``*``) needs its public switch, people
    ``access_grants.allow_users``, groups ``access_grants.allow_groups``. Admins may give any."""
    if user.is_admin:
        return grants
    sharing, public = _SHARING[resource]
    if not may(user, sharing):
        return []
    return [grant for grant in grants if may(user, _audience(grant, public))]


def require_shareable(user: SessionUser, grants: list[Any], resource: str) -> None:
    """Changing who may see a resource: one grant the member may not give refuses them all (403),
    as Open WebUI's ``validate_access_grants`` does; nothing is half kept."""
    for grant in grants:
        if not shareable(user, [grant], resource):
            sharing, public = _SHARING[resource]
            require(user, sharing, status=HTTP_403_FORBIDDEN)
            require(user, _audience(grant, public), status=HTTP_403_FORBIDDEN)


def _audience(grant: Any, public: str) -> str:
    kind, principal = (grant.get("principal_type"), grant.get("principal_id")) if isinstance(grant, dict) else (
        None, None)
    if (kind, principal) == ("user", "*"):
        return public
    return {"user": "access_grants.allow_users", "group": "access_grants.allow_groups"}.get(str(kind), public)
