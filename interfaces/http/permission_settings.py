"""/api/v1/users/permissions and the admin's page of default permissions: the permissions in force,
which follow the environment and cannot be changed here yet (``permissions``)."""

from __future__ import annotations

from litestar import get, post
from litestar.di import NamedDependency

from infrastructure.settings import Settings
from interfaces.http.access import admins, members
from interfaces.http.permissions import Json, permissions_in_force
from interfaces.http.unkept_settings import UnkeptSettingsError
from projections.runtime.settling import reads


@get("/api/v1/users/permissions", sync_to_thread=False, guards=[members])
def own_permissions(settings: NamedDependency[Settings]) -> Json:
    return permissions_in_force(settings)


@get(["/api/v1/users/default/permissions", "/api/v1/users/default/permissions/defaults"], sync_to_thread=False,
     guards=[admins])
def default_permissions(settings: NamedDependency[Settings]) -> Json:
    """The permissions in force are also the defaults: the environment's, as nothing changes them."""
    return permissions_in_force(settings)


@post("/api/v1/users/default/permissions", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def set_default_permissions(data: Json) -> Json:
    raise UnkeptSettingsError(detail="Members' permissions follow the server's environment "
                                     "(USER_PERMISSIONS_WORKSPACE_MODELS_*, USER_PERMISSIONS_CHAT_*, "
                                     "USER_PERMISSIONS_FEATURES_*) and cannot be changed here yet; "
                                     "nothing was changed.")


ROUTES = [own_permissions, default_permissions, set_default_permissions]
