"""/api/v1/scim/v2/Users: the people an identity provider provisions (RFC 7644 3), each change a
command of the identity context (``application.identity.provisioning``). A provider sees and
changes only its own people: anyone else is, for it, nobody (404)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from application.identity.provisioning import Provisioning
from application.identity.provisioning_commands import ChangeProvisionedUser, DeprovisionUser, ProvisionUser
from domain.identity.errors import NotProvisionedError
from interfaces.http.access import identity_providers
from interfaces.http.ids import existing_id
from interfaces.scim.access import ScimCaller
from interfaces.scim.answers import expected_version, one, page
from interfaces.scim.filters import USER_FIELDS, parse_filter
from interfaces.scim.paging import page_of
from interfaces.scim.patch import lowered, patched
from interfaces.scim.users_shape import USER_MULTI_VALUED, account_changes, user_attributes, user_resource
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.provisioned import ProvisionedPeople

Json = dict[str, Any]
READS = reads(UserDirectory, as_of_request=True)
"""Everything committed before the request: a provider reads what it (or another process) just did."""
Attributes = Annotated[str | None, QueryParameter(name="attributes", max_length=2000)]
Excluded = Annotated[str | None, QueryParameter(name="excludedAttributes", max_length=2000)]


def _location(request: Request[Any, Any, Any], user_id: str) -> str:
    return f"{request.base_url}api/v1/scim/v2/Users/{user_id}"


def _resource(request: Request[Any, Any, Any], people: ProvisionedPeople, provider: ScimCaller,
              user_id: str) -> Json:
    row = people.get(provider.provider_id, str(existing_id(user_id)))
    if row is None:
        raise NotProvisionedError(user_id)
    return user_resource(row, _location(request, row["id"]))


@get("/Users", sync_to_thread=True, guards=[identity_providers], opt=READS)
def list_users(request: Request[Any, Any, Any], provider: NamedDependency[ScimCaller],
               provisioned_people: NamedDependency[ProvisionedPeople],
               scim_filter: Annotated[str | None, QueryParameter(name="filter", max_length=2000)] = None,
               start_index: Annotated[str | None, QueryParameter(name="startIndex", max_length=20)] = None,
               count: str | None = Parameter(default=None, max_length=20),
               attributes: Attributes = None, excluded: Excluded = None) -> Response[Any]:
    conditions, asked = parse_filter(scim_filter, USER_FIELDS), page_of(start_index, count)
    rows, total = provisioned_people.page(provider.provider_id, conditions, asked.offset, asked.count)
    return page([user_resource(row, _location(request, row["id"])) for row in rows], total, asked.start_index,
                attributes, excluded)


@get("/Users/{user_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS)
def get_user(request: Request[Any, Any, Any], user_id: FromPath[str], provider: NamedDependency[ScimCaller],
             provisioned_people: NamedDependency[ProvisionedPeople], attributes: Attributes = None,
             excluded: Excluded = None) -> Response[Any]:
    return one(request, _resource(request, provisioned_people, provider, user_id), attributes=attributes,
               excluded=excluded)


@post("/Users", sync_to_thread=True, guards=[identity_providers], opt=READS)
def create_user(request: Request[Any, Any, Any], data: JSONBody[Json], provider: NamedDependency[ScimCaller],
                provisioning: NamedDependency[Provisioning],
                provisioned_people: NamedDependency[ProvisionedPeople]) -> Response[Any]:
    """An absent ``active`` is true; the e-mail must be no other account's (409 ``uniqueness``)."""
    wanted = account_changes(lowered(data), None, active_unless_said=True)
    user_id = uuid.uuid4()
    provisioning.provision_user(ProvisionUser(provider_id=provider.provider_id, user_id=user_id, **wanted))
    return one(request, _resource(request, provisioned_people, provider, str(user_id)), HTTP_201_CREATED)


@put("/Users/{user_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS)
def replace_user(request: Request[Any, Any, Any], user_id: FromPath[str], data: JSONBody[Json],
                 provider: NamedDependency[ScimCaller],
                 provisioning: NamedDependency[Provisioning],
                 provisioned_people: NamedDependency[ProvisionedPeople]) -> Response[Any]:
    """Every attribute as sent, Okta's way: one left out is cleared, so a PUT without ``active``
    deactivates the person."""
    _resource(request, provisioned_people, provider, user_id)
    wanted = account_changes(lowered(data), None, active_unless_said=False)
    return _changed(request, user_id, wanted, provider, provisioning, provisioned_people)


@patch("/Users/{user_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS)
def patch_user(request: Request[Any, Any, Any], user_id: FromPath[str], data: JSONBody[Json],
               provider: NamedDependency[ScimCaller],
               provisioning: NamedDependency[Provisioning],
               provisioned_people: NamedDependency[ProvisionedPeople]) -> Response[Any]:
    row = provisioned_people.get(provider.provider_id, str(existing_id(user_id)))
    if row is None:
        raise NotProvisionedError(user_id)
    before = user_attributes(row)
    wanted = account_changes(patched(before, data, USER_MULTI_VALUED), before, active_unless_said=True)
    return _changed(request, user_id, wanted, provider, provisioning, provisioned_people)


def _changed(request: Request[Any, Any, Any], user_id: str, wanted: Json, provider: ScimCaller,
             provisioning: Provisioning, people: ProvisionedPeople) -> Response[Any]:
    provisioning.change_provisioned_user(ChangeProvisionedUser(
        provider_id=provider.provider_id, user_id=existing_id(user_id), expected_version=expected_version(request),
        **wanted))
    return one(request, _resource(request, people, provider, user_id))


@delete("/Users/{user_id:str}", sync_to_thread=True, guards=[identity_providers], opt=READS,
        status_code=HTTP_204_NO_CONTENT)
def delete_user(request: Request[Any, Any, Any], user_id: FromPath[str], provider: NamedDependency[ScimCaller],
                provisioning: NamedDependency[Provisioning]) -> None:
    provisioning.deprovision_user(DeprovisionUser(provider_id=provider.provider_id, user_id=existing_id(user_id),
                                                  expected_version=expected_version(request)))


ROUTES = [list_users, get_user, create_user, replace_user, patch_user, delete_user]
