"""What a provider asks before anything else (RFC 7644 4): the features we have, the resources we
keep and their schemas (RFC 7643 5-7), each as a ``ListResponse`` or, by id, one resource."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_501_NOT_IMPLEMENTED

from interfaces.http.access import identity_providers
from interfaces.scim.answers import page
from interfaces.scim.bodies import SCIM_JSON
from interfaces.scim.errors import ScimError
from interfaces.scim.groups_shape import GROUP_SCHEMA
from interfaces.scim.paging import MAX_RESULTS
from interfaces.scim.users_shape import USER_SCHEMA
from projections.runtime.settling import reads

Json = dict[str, Any]


def _location(request: Request[Any, Any, Any], path: str) -> str:
    return f"{request.base_url}api/v1/scim/v2/{path}"


def _attribute(name: str, kind: str = "string", *, required: bool = False, multi: bool = False,
               case_exact: bool = False, mutability: str = "readWrite", uniqueness: str = "none",
               subs: list[Json] | None = None, description: str = "") -> Json:
    attribute: Json = {"name": name, "type": kind, "multiValued": multi, "description": description or name,
                       "required": required, "caseExact": case_exact, "mutability": mutability,
                       "returned": "default", "uniqueness": uniqueness}
    if subs is not None:
        attribute["subAttributes"] = subs
    if kind == "reference":
        attribute["referenceTypes"] = ["User"]
    return attribute


USER_ATTRIBUTES = [  # an account always has a name, an e-mail and a state: none can be removed, each is required
    _attribute("userName", required=True, uniqueness="server",
               description="The person's name at the provider; their e-mail unless the provider says otherwise."),
    _attribute("name", "complex", required=True,
               subs=[_attribute("formatted"), _attribute("familyName"), _attribute("givenName")],
               description="Kept as one name: formatted, or given and family names joined by a space."),
    _attribute("displayName", required=True, description="The name shown; the same one name as name.formatted."),
    _attribute("emails", "complex", multi=True, required=True, subs=[
        _attribute("value"), _attribute("type"), _attribute("primary", "boolean")],
               description="One e-mail is kept: the primary one (else the work one, else the first)."),
    _attribute("active", "boolean", required=True,
               description="false ends every session and API key of the person; a PUT without it is false."),
]
GROUP_ATTRIBUTES = [
    _attribute("displayName", required=True),
    _attribute("members", "complex", multi=True, subs=[
        _attribute("value", mutability="immutable", case_exact=True), _attribute("$ref", "reference",
                                                                                  mutability="immutable"),
        _attribute("display", mutability="readOnly"), _attribute("type", mutability="immutable")],
               description="People this provider provisioned."),
]


def _schemas(request: Request[Any, Any, Any]) -> list[Json]:
    return [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": schema_id, "name": name,
             "description": name, "attributes": attributes,
             "meta": {"resourceType": "Schema", "location": _location(request, f"Schemas/{schema_id}")}}
            for schema_id, name, attributes in ((USER_SCHEMA, "User", USER_ATTRIBUTES),
                                                (GROUP_SCHEMA, "Group", GROUP_ATTRIBUTES))]


def _resource_types(request: Request[Any, Any, Any]) -> list[Json]:
    return [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": name, "name": name,
             "endpoint": f"/{name}s", "description": name, "schema": schema, "schemaExtensions": [],
             "meta": {"resourceType": "ResourceType", "location": _location(request, f"ResourceTypes/{name}")}}
            for name, schema in (("User", USER_SCHEMA), ("Group", GROUP_SCHEMA))]


@get("/ServiceProviderConfig", guards=[identity_providers], media_type=SCIM_JSON)
async def service_provider_config(request: Request[Any, Any, Any]) -> Json:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://datatracker.ietf.org/doc/html/rfc7644",
        "patch": {"supported": True}, "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS}, "changePassword": {"supported": False},
        "sort": {"supported": False}, "etag": {"supported": True},
        "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token", "primary": True,
                                   "description": "The bearer token an administrator made for this provider."}],
        "meta": {"resourceType": "ServiceProviderConfig", "location": _location(request, "ServiceProviderConfig")},
    }


@get("/ResourceTypes", guards=[identity_providers])
async def resource_types(request: Request[Any, Any, Any]) -> Response[Any]:
    found = _resource_types(request)
    return page(found, len(found), 1, None, None)


@get("/ResourceTypes/{name:str}", guards=[identity_providers], media_type=SCIM_JSON)
async def resource_type(request: Request[Any, Any, Any], name: FromPath[str]) -> Json:
    return _by_id(_resource_types(request), name, "resource type")


@get("/Schemas", guards=[identity_providers])
async def schemas(request: Request[Any, Any, Any]) -> Response[Any]:
    found = _schemas(request)
    return page(found, len(found), 1, None, None)


@get("/Schemas/{schema_id:str}", guards=[identity_providers], media_type=SCIM_JSON)
async def schema(request: Request[Any, Any, Any], schema_id: FromPath[str]) -> Json:
    return _by_id(_schemas(request), schema_id, "schema")


@post("/.search", guards=[identity_providers], opt=reads())
async def search_everything() -> None:
    """RFC 7644 3.4.3's search of every resource type at once, which we do not do (each type's list
    and filter do it): 501, as the RFC says."""
    raise ScimError(HTTP_501_NOT_IMPLEMENTED, "Searching several resource types at once is not supported; "
                                              "list /Users or /Groups with a filter.")


def _by_id(found: list[Json], wanted: str, kind: str) -> Json:
    for resource in found:
        if resource["id"].lower() == wanted.lower():
            return resource
    raise ScimError(404, f"No {kind} {wanted!r} here.")


ROUTES = [service_provider_config, resource_types, resource_type, schemas, schema, search_everything]
