"""/api/v1/users: the admin's user directory and a person's own settings."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import anyio
from litestar import Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from application.audit.past_reads import PastReads
from application.identity.commands import DeleteUser, RevokeSessions, UpdateSettings, UpdateUser
from application.identity.person_deletion import PersonDeletion
from application.identity.service import Identity
from application.presence import Presence
from domain.identity.errors import UserNotFoundError
from interfaces.http.access import admins, members
from interfaces.http.as_of import AS_OF, as_it_was
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.errors import NOT_FOUND
from interfaces.http.events import reaction_monitor
from interfaces.http.forms import UserUpdateForm
from interfaces.http.ids import existing_id
from interfaces.http.permissions import may_set_system_prompt
from projections.groups.queries import GroupQueries
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries

USERS_PAGE = 30
_PUBLIC = ("id", "name", "email", "role", "profile_image_url", "last_active_at", "updated_at",
           "created_at")


def user_model(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"], "email": record["email"], "username": None, "role": record["role"],
        "name": record["name"], "profile_image_url": record["profile_image_url"],
        "profile_banner_image_url": None, "bio": record.get("bio"), "gender": record.get("gender"),
        "date_of_birth": record.get("date_of_birth"), "timezone": record.get("timezone"),
        "presence_state": None, **status_of(record), "info": None, "settings": record.get("settings"),
        "oauth": None, "scim": None,
        "last_active_at": record["last_active_at"], "updated_at": record["updated_at"],
        "created_at": record["created_at"],
    }


def status_of(record: dict[str, Any]) -> dict[str, Any]:
    """What the person shows others beside their name (``/users/user/status/update``)."""
    return {key: record.get(key) for key in ("status_emoji", "status_message", "status_expires_at")}


@get("/api/v1/users/", sync_to_thread=True, guards=[admins])
def list_users(
    users: NamedDependency[UserQueries], group_views: NamedDependency[GroupQueries],
    search: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
    order_by: FromQuery[str] = "created_at", direction: FromQuery[str] = "desc",
    page: int = Parameter(default=1, **PAGE),
) -> dict[str, Any]:
    # ``query`` is a name Litestar reserves for the whole query string, hence ``search``.
    found, total = users.list_users(
        query=search, order_by=order_by, descending=direction != "asc",
        skip=(page - 1) * USERS_PAGE, limit=USERS_PAGE)
    group_ids = group_views.group_ids_of_people(u["id"] for u in found)
    return {"users": [{**user_model(u), "group_ids": group_ids[u["id"]]} for u in found], "total": total}


@get("/api/v1/users/user/settings", sync_to_thread=False, guards=[members])
def get_settings(user: NamedDependency[SessionUser]) -> dict[str, Any] | None:
    return user.record.get("settings")


@post("/api/v1/users/user/settings/update", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(UserDirectory))
def update_settings(data: JSONBody[dict[str, Any]], user: NamedDependency[SessionUser],
                    identity: NamedDependency[Identity]) -> dict[str, Any]:
    if not may_set_system_prompt(user):
        data = _system_prompt_kept(data, user.record.get("settings") or {})
    identity.update_settings(UpdateSettings(user_id=uuid.UUID(user.id), settings=data))
    return data


def _system_prompt_kept(sent: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    """Open WebUI drops the system prompt of a member who may not set one; the one kept stays."""
    ui = sent.get("ui")
    if not isinstance(ui, dict):
        return sent
    ui = {k: v for k, v in ui.items() if k != "system"}
    if isinstance(kept.get("ui"), dict) and "system" in kept["ui"]:
        ui["system"] = kept["ui"]["system"]
    return {**sent, "ui": ui}


@get("/api/v1/users/{user_id:str}", sync_to_thread=True, guards=[admins])
def get_user(user_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
             past_reads: NamedDependency[PastReads], users: NamedDependency[UserQueries],
             group_views: NamedDependency[GroupQueries], as_of: str | None = AS_OF) -> dict[str, Any]:
    """Open WebUI's UserActiveResponse: the whole account, for admins only."""
    record = (users.get_user(user_id) if as_of is None else
              as_it_was(request, past_reads, user, "user", user_id, as_of, _someone_else))
    if record is None:
        raise NotFoundException(NOT_FOUND)
    return {**user_model(record), "groups": _named(group_views.groups_of(user_id)), "is_active": False}


def _someone_else(account: Any, user: SessionUser) -> str | None:
    """An admin reading another person's account (the route lets only admins in)."""
    return None if str(account.id) == user.id else str(account.id)


@get("/api/v1/users/all", sync_to_thread=True, guards=[admins])
def all_users(users: NamedDependency[UserQueries]) -> dict[str, Any]:
    """Every account, newest first, unpaged: the admin's Database page exports them as CSV."""
    found, total = users.list_users()
    return {"users": [_info(u) for u in found], "total": total}


@get("/api/v1/users/search", sync_to_thread=True, guards=[members])
def search_users(
    users: NamedDependency[UserQueries],
    search: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
    order_by: FromQuery[Literal["name", "email", "role", "created_at", "last_active_at", "updated_at"]] = "created_at",
    direction: FromQuery[Literal["asc", "desc"]] = "desc", page: int = Parameter(default=1, **PAGE),
) -> dict[str, Any]:
    """The people anyone signed in may pick to share with (the share dialog's Add Access), as
    Open WebUI lists them to its verified users: what the app shows of a person, never the account."""
    found, total = users.list_users(
        query=search, order_by=order_by, descending=direction != "asc",
        skip=(page - 1) * USERS_PAGE, limit=USERS_PAGE)
    return {"users": [_info(u) for u in found], "total": total}


@get("/api/v1/users/{user_id:str}/info", guards=[members])
async def user_info(user_id: FromPath[str], users: NamedDependency[UserQueries],
                    group_views: NamedDependency[GroupQueries],
                    presence: NamedDependency[Presence]) -> dict[str, Any]:
    """Open WebUI's UserInfoResponse: what the app shows anyone of a person it names (a preset's
    owner, say) when the pointer rests on them; ``is_active`` as ``/users/{id}/active`` says it."""
    info = await anyio.to_thread.run_sync(_person_info, user_id, users, group_views)
    return {**info, "is_active": await presence.is_here(user_id)}


def _person_info(user_id: str, users: UserQueries, group_views: GroupQueries) -> dict[str, Any]:
    record = users.get_user(user_id)
    if record is None:
        raise NotFoundException(NOT_FOUND)
    return {**_info(record), "groups": _named(group_views.groups_of(user_id))}


@get("/api/v1/users/groups", sync_to_thread=True, guards=[members])
def own_groups(user: NamedDependency[SessionUser], group_views: NamedDependency[GroupQueries],
               include_inherited: FromQuery[bool] = False) -> list[dict[str, Any]]:
    """The caller's groups; with ``include_inherited`` the groups above them too, each with its
    ``membership_type``, as Open WebUI answers."""
    return group_views.groups_of(user.id, include_inherited=include_inherited)


@get("/api/v1/users/{user_id:str}/groups", sync_to_thread=True, guards=[admins])
def groups_of_person(user_id: FromPath[str], group_views: NamedDependency[GroupQueries],
                     include_inherited: FromQuery[bool] = False) -> list[dict[str, Any]]:
    return group_views.groups_of(user_id, include_inherited=include_inherited)


def _named(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": group["id"], "name": group["name"]} for group in groups]


def _info(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in ("id", "name", "email", "role", "bio", "last_active_at", "timezone")
            } | status_of(record) | {"groups": [], "is_active": False}


@post("/api/v1/users/{user_id:str}/update", sync_to_thread=True, status_code=200, guards=[admins],
      opt=reads(UserDirectory))
def update_user(user_id: FromPath[str], data: JSONBody[UserUpdateForm], user: NamedDependency[SessionUser],
                identity: NamedDependency[Identity],
                users: NamedDependency[UserQueries]) -> dict[str, Any]:
    identity.update_user(UpdateUser(
        actor_id=uuid.UUID(user.id), user_id=existing_id(user_id), name=data.name, email=data.email,
        profile_image_url=data.profile_image_url, role=data.role, password=data.password or None))
    record = users.get_user(user_id)
    if record is None:
        raise UserNotFoundError(user_id)
    return user_model(record)


@post("/api/v1/users/{user_id:str}/sessions/revoke", sync_to_thread=True, status_code=200, guards=[admins],
      opt=reads(UserDirectory))
def revoke_sessions(user_id: FromPath[str], user: NamedDependency[SessionUser],
                    identity: NamedDependency[Identity]) -> bool:
    """The person is signed out everywhere, sockets too (the users view tells them)."""
    identity.revoke_sessions(RevokeSessions(actor_id=uuid.UUID(user.id), user_id=existing_id(user_id)))
    return True


@delete("/api/v1/users/{user_id:str}", sync_to_thread=True, status_code=200, guards=[admins], opt=reads(UserDirectory))
def delete_user(user_id: FromPath[str], user: NamedDependency[SessionUser],
                identity: NamedDependency[Identity]) -> Response[bool]:
    """The account goes at once; its chats and files go after it (a reaction, PersonDeletion), which
    the ``Link`` header's monitor says when it has done."""
    position = identity.delete_user(DeleteUser(actor_id=uuid.UUID(user.id), user_id=existing_id(user_id)))
    return Response(True, headers={"Link": reaction_monitor(PersonDeletion.name, position)})


ROUTES = [all_users, search_users, user_info, own_groups, groups_of_person, list_users, get_settings, update_settings,
          get_user, update_user, revoke_sessions, delete_user]
