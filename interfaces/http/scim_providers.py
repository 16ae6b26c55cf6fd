"""/api/v1/scim/providers: the admin's identity providers, each calling SCIM with a bearer token of
its own (our addition; Open WebUI has its one ``SCIM_TOKEN``, which works beside these). A token is
in the answer that makes it (registering, or rotating) and nowhere else, ever: only its digest is
kept. Linking hands an existing account to a provider, which SCIM never does by itself.

The handlers are async and hand their blocking work to a thread themselves (see ``api_keys``).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import anyio
import msgspec
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.identity.provisioning import Provisioning
from application.identity.provisioning_commands import (
    LinkToProvider,
    RegisterScimProvider,
    RemoveScimProvider,
    RotateScimToken,
)
from domain.identity.scim_providers import FROM_ENVIRONMENT, new_scim_token, scim_token_digest
from infrastructure.settings import Settings
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.provisioned import ProvisionedPeople

Json = dict[str, Any]
Text = Annotated[str, msgspec.Meta(max_length=1000)]
ENVIRONMENT = {"id": FROM_ENVIRONMENT, "name": "SCIM_TOKEN", "from_environment": True}


class ProviderForm(Form):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class LinkForm(Form):
    user_id: Annotated[str, msgspec.Meta(max_length=36)]
    external_id: Text | None = None
    user_name: Text | None = None


@get("/api/v1/scim/providers", guards=[admins])
async def list_providers(settings: NamedDependency[Settings],
                         provisioned_people: NamedDependency[ProvisionedPeople]) -> Json:
    """Whether SCIM is on (``ENABLE_SCIM``), and every provider that may call it."""
    registered = await anyio.to_thread.run_sync(provisioned_people.providers)
    found = [*([ENVIRONMENT] if settings.scim_token else []), *registered]
    return {"enabled": settings.enable_scim, "providers": found}


@post("/api/v1/scim/providers", status_code=200, guards=[admins], opt=reads(UserDirectory))
async def register_provider(data: JSONBody[ProviderForm], user: NamedDependency[SessionUser],
                            provisioning: NamedDependency[Provisioning]) -> Json:
    provider_id, token = uuid.uuid4(), new_scim_token()
    await anyio.to_thread.run_sync(provisioning.register_scim_provider, RegisterScimProvider(
        provider_id=provider_id, actor_id=user.id, name=data.name, token_digest=scim_token_digest(token)))
    return {"id": str(provider_id), "name": data.name.strip(), "token": token}


@post("/api/v1/scim/providers/{provider_id:str}/token", status_code=200, guards=[admins], opt=reads(UserDirectory))
async def rotate_token(provider_id: FromPath[str], user: NamedDependency[SessionUser],
                       provisioning: NamedDependency[Provisioning]) -> Json:
    """The token before stops working as this one is made."""
    token = new_scim_token()
    await anyio.to_thread.run_sync(provisioning.rotate_scim_token, RotateScimToken(
        provider_id=existing_id(provider_id), actor_id=user.id, token_digest=scim_token_digest(token)))
    return {"id": provider_id, "token": token}


@delete("/api/v1/scim/providers/{provider_id:str}", status_code=200, guards=[admins], opt=reads(UserDirectory))
async def remove_provider(provider_id: FromPath[str], user: NamedDependency[SessionUser],
                          provisioning: NamedDependency[Provisioning]) -> bool:
    """Its token stops working; the people and groups it provisioned stay as they are."""
    await anyio.to_thread.run_sync(provisioning.remove_scim_provider, RemoveScimProvider(
        provider_id=existing_id(provider_id), actor_id=user.id))
    return True


@post("/api/v1/scim/providers/{provider_id:str}/links", status_code=200, guards=[admins], opt=reads(UserDirectory))
async def link_person(provider_id: FromPath[str], data: JSONBody[LinkForm], user: NamedDependency[SessionUser],
                      provisioning: NamedDependency[Provisioning]) -> Json:
    """From now on the provider provisions this existing account (finds it, changes it, may
    deactivate or delete it); ``provider_id`` may be ``SCIM_TOKEN``'s."""
    target = provider_id if provider_id == FROM_ENVIRONMENT else str(existing_id(provider_id))
    await anyio.to_thread.run_sync(provisioning.link_to_provider, LinkToProvider(
        actor_id=user.id, provider_id=target, user_id=existing_id(data.user_id), external_id=data.external_id,
        user_name=data.user_name))
    return {"provider_id": target, "user_id": data.user_id, "external_id": data.external_id}


ROUTES = [list_providers, register_provider, rotate_token, remove_provider, link_person]
