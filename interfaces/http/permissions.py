"""What members may do, told to the app in Open WebUI's permission shape: the workspace's model
presets as the environment says (``USER_PERMISSIONS_WORKSPACE_MODELS_*``), and nothing of the
workspace Annals does not have yet. Permissions are not kept per person or group yet, so the
admin's page of default permissions shows them and cannot change them.

Chat, feature and settings permissions are left out: Annals does not restrict those, and the app
then offers what it offers by default.
"""

from __future__ import annotations

from typing import Any

from litestar import get, post

from infrastructure.bootstrap import Container
from infrastructure.settings import Settings
from interfaces.http.auth import SessionUser
from interfaces.http.unkept_settings import UnkeptSettingsError

Json = dict[str, Any]


def permissions_in_force(settings: Settings) -> Json:
    models = settings.users_may_create_models
    return {
        "workspace": {"models": models, "models_import": settings.users_may_import_models,
                      "models_export": settings.users_may_export_models,
                      "knowledge": False, "prompts": False, "tools": False, "skills": False},
        "sharing": {"models": models, "public_models": models},
        "access_grants": {"allow_users": models, "allow_groups": False},
    }


@get("/api/v1/users/default/permissions", sync_to_thread=False)
def default_permissions(admin: SessionUser, container: Container) -> Json:
    return {**permissions_in_force(container.settings), "chat": {}, "features": {}, "settings": {}}


@post("/api/v1/users/default/permissions", status_code=200, sync_to_thread=False)
def set_default_permissions(data: Json, admin: SessionUser) -> Json:
    raise UnkeptSettingsError(detail="Members' permissions follow the server's environment "
                                     "(USER_PERMISSIONS_WORKSPACE_MODELS_*) and cannot be changed here yet; "
                                     "nothing was changed.")


ROUTES = [default_permissions, set_default_permissions]
