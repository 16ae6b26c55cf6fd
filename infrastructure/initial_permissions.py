"""The members' default permissions the server starts with, from its environment: Open WebUI's
``USER_PERMISSIONS_*`` variables of what Annals has (``Settings.members_may`` and the workspace's
model switches); every other switch Open WebUI knows starts off. An admin's saved defaults replace
them (``domain/groups/defaults.py``); what they lack is still taken from here."""

from __future__ import annotations

import msgspec

from domain.groups.permissions import SECTIONS, Permissions
from infrastructure.settings import Settings


def initial_permissions(settings: Settings) -> Permissions:
    told = _told(settings)
    return {section: {name: told.get(f"{section}.{name}", False) for name in names}
            for section, names in SECTIONS.items()}


def _told(settings: Settings) -> dict[str, bool]:
    """By Open WebUI's dotted name (``chat.delete_message``)."""
    models = settings.users_may_create_models
    told = {"workspace.models": models, "workspace.models_import": settings.users_may_import_models,
            "workspace.models_export": settings.users_may_export_models, "sharing.models": models,
            "sharing.public_models": models, "access_grants.allow_groups": True, "settings.interface": True}
    members_may = msgspec.structs.asdict(settings.members_may)
    return {**told, **{_dotted(name): allowed for name, allowed in members_may.items()}}


def _dotted(name: str) -> str:
    """``access_grants_allow_users`` -> ``access_grants.allow_users``: the section is Open WebUI's."""
    section = next(s for s in SECTIONS if name.startswith(f"{s}_"))
    return f"{section}.{name.removeprefix(f'{section}_')}"
