"""/api/v1/groups: the admin's groups, their members and permissions, as Open WebUI 0.12.4 serves
them to its admin panel (Users > Groups), and the groups a member may list (their own, or those
they may share to).

A group may be nested under another (``parent_group_id``, at creation or by an update; null puts
it at the top): its members are then members of every group above it too (``domain/groups/hierarchy.py``).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from application.audit.past_reads import PastReads
from application.groups.commands import AddMembers, CreateGroup, DeleteGroup, RemoveMembers, UpdateGroup
from application.groups.service import Groups
from domain.groups.errors import GroupNotFoundError
from interfaces.http.access import admins, members
from interfaces.http.as_of import AS_OF, as_it_was
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from projections.groups.projector import GroupViews
from projections.groups.queries import GroupQueries, Membership
from projections.runtime.settling import reads

Json = dict[str, Any]
Text = Annotated[str, msgspec.Meta(max_length=100_000)]
"""Bounded for the parser; the group's own rules say what a name or description may be (400)."""
PersonId = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
INFO_FIELDS = ("parent_group_id", "id", "user_id", "name", "description", "member_count", "created_at", "updated_at")
STATUS = {"status_emoji": None, "status_message": None, "status_expires_at": None}


class GroupForm(Form):
    name: Text
    description: Text = ""
    permissions: Json | None = None
    data: Json | None = None
    parent_group_id: Annotated[str, msgspec.Meta(max_length=255)] | None | msgspec.UnsetType = msgspec.UNSET
    """Unset, an update leaves the group where it is; null puts it at the top."""


class UserIdsForm(Form):
    user_ids: Annotated[list[PersonId], msgspec.Meta(max_length=10_000)] | None = None


@get("/api/v1/groups/", sync_to_thread=True, guards=[members])
def list_groups(user: NamedDependency[SessionUser], group_views: NamedDependency[GroupQueries],
                share: FromQuery[bool | None] = None) -> list[Json]:
    """Admins see every group; a member their own, or with ``share`` those they may share to."""
    if user.is_admin:
        return group_views.list_groups()
    return group_views.list_groups(member_id=user.id, share=share)


@post("/api/v1/groups/create", sync_to_thread=True, status_code=200, guards=[admins], opt=reads(GroupViews))
def create_group(data: JSONBody[GroupForm], user: NamedDependency[SessionUser], groups: NamedDependency[Groups],
                 group_views: NamedDependency[GroupQueries]) -> Json:
    group_id = uuid.uuid4()
    groups.create_group(CreateGroup(group_id=group_id, actor_id=user.id, name=data.name,
                                    description=data.description, permissions=data.permissions, data=data.data,
                                    parent_group_id=data.parent_group_id))
    return _group(group_views, str(group_id))


@get("/api/v1/groups/id/{group_id:str}", sync_to_thread=True, guards=[admins])
def get_group(group_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
              group_views: NamedDependency[GroupQueries], past_reads: NamedDependency[PastReads],
              as_of: str | None = AS_OF) -> Json:
    """``as_of``: with its members then (``user_ids``), the group and its permissions as they were."""
    if as_of is not None:
        return as_it_was(request, past_reads, user, "group", group_id, as_of, lambda *_: None)
    return _group(group_views, group_id)


@get("/api/v1/groups/id/{group_id:str}/info", sync_to_thread=True, guards=[members])
def group_info(group_id: FromPath[str], group_views: NamedDependency[GroupQueries]) -> Json:
    """What anyone signed in may know of a group they are shown (a grant's holder): not its
    permissions nor its settings, as Open WebUI's GroupInfoResponse."""
    group = _group(group_views, group_id)
    return {key: group[key] for key in INFO_FIELDS}


@get("/api/v1/groups/id/{group_id:str}/export", sync_to_thread=True, guards=[admins])
def export_group(group_id: FromPath[str], group_views: NamedDependency[GroupQueries]) -> Json:
    return {**_group(group_views, group_id), "user_ids": group_views.member_ids(group_id)}


@post("/api/v1/groups/id/{group_id:str}/users", sync_to_thread=True, status_code=200, guards=[admins],
      opt=reads())
def group_users(group_id: FromPath[str], group_views: NamedDependency[GroupQueries]) -> list[Json]:
    """Every member, as Open WebUI's UserInfoResponse (a POST there too, though it changes nothing)."""
    _group(group_views, group_id)
    people, _ = group_views.members(group_id)
    return [_person(person) for person in people]


@get("/api/v1/groups/id/{group_id:str}/members", sync_to_thread=True, guards=[admins])
def group_members(group_id: FromPath[str], group_views: NamedDependency[GroupQueries],
                  membership: FromQuery[Membership] = "effective",
                  search: Annotated[str, QueryParameter(name="query", max_length=1000)] = "",
                  page: int = Parameter(default=1, **PAGE)) -> Json:
    """A page of members for the group's Users tab: those in it themselves (direct), through a
    group below it (inherited), or either (effective), each with the groups below it they are in
    (``via_group_ids``), and how many there are of each."""
    group_id = _group(group_views, group_id)["id"]
    people, total = group_views.members(group_id, membership=membership, query=search, page=page)
    items = [{**_person(p), "membership_type": "direct" if group_id in p["via"] else "inherited",
              "via_group_ids": [g for g in p["via"] if g != group_id]} for p in people]
    return {"items": items, "total": total, "counts": group_views.member_counts(group_id)}


@post("/api/v1/groups/id/{group_id:str}/update", sync_to_thread=True, status_code=200, guards=[admins],
      opt=reads(GroupViews))
def update_group(group_id: FromPath[str], data: JSONBody[GroupForm], user: NamedDependency[SessionUser],
                 groups: NamedDependency[Groups],
                 group_views: NamedDependency[GroupQueries]) -> Json:
    groups.update_group(UpdateGroup(group_id=_id(group_id), actor_id=user.id, name=data.name,
                                    description=data.description, permissions=data.permissions, data=data.data,
                                    parent_group_id=data.parent_group_id))
    return _group(group_views, group_id)


@post("/api/v1/groups/id/{group_id:str}/users/add", sync_to_thread=True, status_code=200, guards=[admins],
      opt=reads(GroupViews))
def add_members(group_id: FromPath[str], data: JSONBody[UserIdsForm], user: NamedDependency[SessionUser],
                groups: NamedDependency[Groups],
                group_views: NamedDependency[GroupQueries]) -> Json:
    groups.add_members(AddMembers(group_id=_id(group_id), actor_id=user.id, user_ids=data.user_ids or []))
    return _group(group_views, group_id)


@post("/api/v1/groups/id/{group_id:str}/users/remove", sync_to_thread=True, status_code=200, guards=[admins],
      opt=reads(GroupViews))
def remove_members(group_id: FromPath[str], data: JSONBody[UserIdsForm], user: NamedDependency[SessionUser],
                   groups: NamedDependency[Groups], group_views: NamedDependency[GroupQueries]) -> Json:
    groups.remove_members(RemoveMembers(group_id=_id(group_id), actor_id=user.id, user_ids=data.user_ids or []))
    return _group(group_views, group_id)


@delete("/api/v1/groups/id/{group_id:str}/delete", sync_to_thread=True, status_code=200, guards=[admins],
        opt=reads(GroupViews))
def delete_group(group_id: FromPath[str], user: NamedDependency[SessionUser], groups: NamedDependency[Groups]) -> bool:
    groups.delete_group(DeleteGroup(group_id=_id(group_id), actor_id=user.id))
    return True


def _id(group_id: str) -> uuid.UUID:
    return existing_id(group_id)


def _group(group_views: GroupQueries, group_id: str) -> Json:
    group = group_views.get_group(str(_id(group_id)))
    if group is None:
        raise GroupNotFoundError(group_id)
    return group


def _person(row: Json) -> Json:
    """Open WebUI's UserInfoResponse of a member."""
    return {"id": row["id"], "name": row["name"], "email": row["email"], "role": row["role"], "bio": row["bio"],
            "last_active_at": row["last_active_at"], "timezone": row["timezone"], "groups": [],
            "is_active": False, **STATUS}


ROUTES = [list_groups, create_group, get_group, group_info, export_group, group_users, group_members, update_group,
          add_members, remove_members, delete_group]
