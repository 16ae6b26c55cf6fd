"""/api/v1/scim/v2/Groups: the groups an identity provider provisions, each change a command of
the groups context. A provider sees and changes only its own groups, and its members are its own
people: a member it did not provision is refused (400 ``invalidValue``), naming them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from application.groups.commands import ChangeProvisionedGroup, DeprovisionGroup, ProvisionGroup
from application.groups.service import Groups
from domain.groups.errors import GroupNotFoundError
from interfaces.http.access import identity_providers
from interfaces.http.ids import existing_id
from interfaces.scim.access import ScimCaller
from interfaces.scim.answers import expected_version, one, page
from interfaces.scim.errors import invalid_value
from interfaces.scim.filters import GROUP_FIELDS, parse_filter
from interfaces.scim.groups_shape import GROUP_MULTI_VALUED, group_attributes, group_changes, group_resource
from interfaces.scim.paging import page_of
from interfaces.scim.patch import lowered, patched
from projections.groups.projector import GroupViews
from projections.groups.provisioned import ProvisionedGroups
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.provisioned import ProvisionedPeople

Json = dict[str, Any]
READS = reads(GroupViews, UserDirectory, as_of_request=True)
Attributes = Annotated[str | None, QueryParameter(name="attributes", max_length=2000)]
Excluded = Annotated[str | None, QueryParameter(name="excludedAttributes", max_length=2000)]


def _resources(request: Request[Any, Any, Any], people: ProvisionedPeople, rows: list[Json]) -> list[Json]:
    names = people.names([member for row in rows for member in row["member_ids"]])
    base = f"{request.base_url}api/v1/scim/v2"
    return [group_resource(row, names, f"{base}/Groups/{row['id']}", lambda member: f"{base}/Users/{member}")
            for row in rows]


def _row(groups: ProvisionedGroups, provider: ScimCaller, group_id: str) -> Json:
    row = groups.get(provider.provider_id, str(existing_id(group_id)))
    if row is None:
        raise GroupNotFoundError(group_id)
    return row


def _one(request: Request[Any, Any, Any], groups: ProvisionedGroups, people: ProvisionedPeople,
         provider: ScimCaller, group_id: str, status: int = 200, attributes: str | None = None,
         excluded: str | None = None) -> Response[Any]:
    resource = _resources(request, people, [_row(groups, provider, group_id)])[0]
    return one(request, resource, status, attributes, excluded)


def _own_people(people: ProvisionedPeople, provider: ScimCaller, *member_lists: list[str]) -> None:
    if foreign := people.foreign(provider.provider_id, [m for members in member_lists for m in members]):
        raise invalid_value(f"Not people of this provider (provision them first): {', '.join(foreign[:20])}.")


@get("/Groups", sync_to_thread=True, guards=[identity_providers], opt=READS)
def list_groups(request: Request[Any, Any, Any], provider: NamedDependency[ScimCaller],
                provisioned_groups: NamedDependency[ProvisionedGroups],
                provisioned_people: NamedDependency[ProvisionedPeople],
                scim_filter: Annotated[str | None, QueryParameter(name="filter", max_length=2000)] = None,
                start_index: Annotated[str | None, QueryParameter(name="startIndex", max_length=20)] = None,
                count: str | None = Parameter(default=None, max_length=20),
                attributes: Attributes = None, excluded: Excluded = None) -> Response[Any]:
    conditions, asked = parse_filter(scim_filter, GROUP_FIELDS), page_of(start_index, count)
    rows, total = provisioned_groups.page(provider.provider_id, conditions, asked.offset, asked.count)
    return page(_resources(request, provisioned_people, rows), total, asked.start_index, attributes, excluded)


@get("/Groups/{group_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS)
def get_group(request: Request[Any, Any, Any], group_id: FromPath[str], provider: NamedDependency[ScimCaller],
              provisioned_groups: NamedDependency[ProvisionedGroups],
              provisioned_people: NamedDependency[ProvisionedPeople], attributes: Attributes = None,
              excluded: Excluded = None) -> Response[Any]:
    return _one(request, provisioned_groups, provisioned_people, provider, group_id, attributes=attributes,
                excluded=excluded)


@post("/Groups", sync_to_thread=True, guards=[identity_providers], opt=READS)
def create_group(request: Request[Any, Any, Any], data: JSONBody[Json], provider: NamedDependency[ScimCaller],
                 groups: NamedDependency[Groups], provisioned_groups: NamedDependency[ProvisionedGroups],
                 provisioned_people: NamedDependency[ProvisionedPeople]) -> Response[Any]:
    wanted = group_changes(lowered(data), None)
    _own_people(provisioned_people, provider, wanted["members"])
    group_id = uuid.uuid4()
    groups.provision_group(ProvisionGroup(group_id=group_id, provider_id=provider.provider_id, name=wanted["name"],
                                          external_id=wanted["external_id"], member_ids=wanted["members"]))
    return _one(request, provisioned_groups, provisioned_people, provider, str(group_id), HTTP_201_CREATED)


@put("/Groups/{group_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS)
def replace_group(request: Request[Any, Any, Any], group_id: FromPath[str], data: JSONBody[Json],
                  provider: NamedDependency[ScimCaller],
                  groups: NamedDependency[Groups], provisioned_groups: NamedDependency[ProvisionedGroups],
                  provisioned_people: NamedDependency[ProvisionedPeople]) -> Response[Any]:
    _row(provisioned_groups, provider, group_id)
    wanted = group_changes(lowered(data), None)
    return _changed(request, group_id, wanted, provider, groups, provisioned_groups, provisioned_people)


@patch("/Groups/{group_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS)
def patch_group(request: Request[Any, Any, Any], group_id: FromPath[str], data: JSONBody[Json],
                provider: NamedDependency[ScimCaller],
                groups: NamedDependency[Groups], provisioned_groups: NamedDependency[ProvisionedGroups],
                provisioned_people: NamedDependency[ProvisionedPeople]) -> Response[Any]:
    before = group_attributes(_row(provisioned_groups, provider, group_id))
    wanted = group_changes(patched(before, data, GROUP_MULTI_VALUED), before)
    return _changed(request, group_id, wanted, provider, groups, provisioned_groups, provisioned_people)


def _changed(request: Request[Any, Any, Any], group_id: str, wanted: Json, provider: ScimCaller, groups: Groups,
             provisioned_groups: ProvisionedGroups, people: ProvisionedPeople) -> Response[Any]:
    _own_people(people, provider, wanted.get("members") or [], wanted.get("added") or [])
    groups.change_provisioned_group(ChangeProvisionedGroup(
        group_id=existing_id(group_id), provider_id=provider.provider_id, expected_version=expected_version(request),
        **wanted))
    return _one(request, provisioned_groups, people, provider, group_id)


@delete("/Groups/{group_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS,
        status_code=HTTP_204_NO_CONTENT)
def delete_group(request: Request[Any, Any, Any], group_id: FromPath[str], provider: NamedDependency[ScimCaller],
                 groups: NamedDependency[Groups]) -> None:
    groups.deprovision_group(DeprovisionGroup(group_id=existing_id(group_id), provider_id=provider.provider_id,
                                              expected_version=expected_version(request)))


ROUTES = [list_groups, get_group, create_group, replace_group, patch_group, delete_group]
