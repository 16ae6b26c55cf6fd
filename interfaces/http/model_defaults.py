"""The admin's defaults for everyone's model list (Open WebUI's ``/api/v1/configs/models``): the
models a new chat starts with and those pinned, the list's order, the default metadata. Default
parameters for every chat are refused: Annals does not apply them to chats yet (a preset's are)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import msgspec
from litestar import get, post
from litestar.exceptions import HTTPException
from msgspec import UNSET, UnsetType

from application.models.commands import ConfigureModelDefaults
from domain.models.defaults import NO_MODEL_DEFAULTS
from infrastructure.bootstrap import Container
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form

Json = dict[str, Any]
ModelIds = Annotated[str, msgspec.Meta(max_length=100_000)]
Order = Annotated[list[Annotated[str, msgspec.Meta(max_length=256)]], msgspec.Meta(max_length=10_000)]


class ModelsConfigForm(Form):
    """A field left out keeps its value; a null one goes back to none."""

    DEFAULT_MODELS: ModelIds | None | UnsetType = UNSET
    DEFAULT_PINNED_MODELS: ModelIds | None | UnsetType = UNSET
    MODEL_ORDER_LIST: Order | None | UnsetType = UNSET
    DEFAULT_MODEL_METADATA: Json | None | UnsetType = UNSET
    DEFAULT_MODEL_PARAMS: Json | None | UnsetType = UNSET

    def changes(self) -> Json:
        sent = {name: value for name, value in msgspec.structs.asdict(self).items()
                if value is not UNSET and name != "DEFAULT_MODEL_PARAMS"}
        return {name: NO_MODEL_DEFAULTS[name] if value is None else value for name, value in sent.items()}


@get("/api/v1/configs/models")
async def models_config(admin: SessionUser, container: Container) -> Json:
    return await _in_force(container)


@post("/api/v1/configs/models", status_code=200)
async def set_models_config(data: ModelsConfigForm, admin: SessionUser, container: Container) -> Json:
    if data.DEFAULT_MODEL_PARAMS:
        raise HTTPException(status_code=400, detail="Annals does not apply default parameters to every chat yet; "
                                                    "set them on a model preset instead. Nothing was changed.")
    command = ConfigureModelDefaults(actor_id=admin.id, changes=data.changes())
    await anyio.to_thread.run_sync(container.models.configure_model_defaults, command)
    return await _in_force(container)


@get("/api/v1/configs/models/defaults")
async def model_metadata_defaults(user: SessionUser, container: Container) -> Json:
    """The model editor starts a new preset from these."""
    return {"DEFAULT_MODEL_METADATA": (await _in_force(container))["DEFAULT_MODEL_METADATA"]}


async def _in_force(container: Container) -> Json:
    """Kept per log position: a request after a change (this one's own included) reads it anew."""
    return {**await container.catalog.model_defaults(), "DEFAULT_MODEL_PARAMS": {}}


ROUTES = [models_config, set_models_config, model_metadata_defaults]
