"""The admin's defaults for everyone's model list (Open WebUI's ``/api/v1/configs/models``): the
models a new chat starts with and those pinned, the list's order, the default metadata, and the
default parameters every chat's reply is asked with (application/completions/params.py); and the
prompts a new chat suggests (``/api/v1/configs/suggestions``, saved from the same page)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from msgspec import UNSET, UnsetType

from application.models.catalog import ModelCatalog
from application.models.commands import ConfigureModelDefaults
from application.models.service import Models
from domain.models.defaults import NO_MODEL_DEFAULTS, SUGGESTIONS
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form
from projections.runtime.settling import reads

Json = dict[str, Any]
ModelIds = Annotated[str, msgspec.Meta(max_length=100_000)]
Order = Annotated[list[Annotated[str, msgspec.Meta(max_length=256)]], msgspec.Meta(max_length=10_000)]
Line = Annotated[str, msgspec.Meta(max_length=1_000)]


class ModelsConfigForm(Form):
    """A field left out keeps its value; a null one goes back to none. A null parameter is unset,
    as the app's editor leaves it out."""

    DEFAULT_MODELS: ModelIds | None | UnsetType = UNSET
    DEFAULT_PINNED_MODELS: ModelIds | None | UnsetType = UNSET
    MODEL_ORDER_LIST: Order | None | UnsetType = UNSET
    DEFAULT_MODEL_METADATA: Json | None | UnsetType = UNSET
    DEFAULT_MODEL_PARAMS: Json | None | UnsetType = UNSET

    def changes(self) -> Json:
        sent = {name: value for name, value in msgspec.structs.asdict(self).items() if value is not UNSET}
        changes = {name: NO_MODEL_DEFAULTS[name] if value is None else value for name, value in sent.items()}
        if "DEFAULT_MODEL_PARAMS" in changes:
            changes["DEFAULT_MODEL_PARAMS"] = {k: v for k, v in changes["DEFAULT_MODEL_PARAMS"].items()
                                               if v is not None}
        return changes


class PromptSuggestion(msgspec.Struct, kw_only=True):
    """As Open WebUI reads one: what else the app sends with it is not kept."""

    title: Annotated[list[Line], msgspec.Meta(max_length=2)]
    content: Annotated[str, msgspec.Meta(max_length=100_000)]


class PromptSuggestionsForm(Form):
    """``suggestions`` null: the app offers its own; an empty list: none."""

    suggestions: Annotated[list[PromptSuggestion], msgspec.Meta(max_length=1_000)] | None
    i18n: Json | None = None

    def changes(self) -> Json:
        kept = None if self.suggestions is None else [msgspec.structs.asdict(s) for s in self.suggestions]
        return {"PROMPT_SUGGESTIONS": kept, "PROMPT_SUGGESTIONS_I18N": self.i18n or {}}


@get("/api/v1/configs/models", guards=[admins])
async def models_config(catalog: NamedDependency[ModelCatalog]) -> Json:
    return await _in_force(catalog)


@post("/api/v1/configs/models", status_code=200, guards=[admins], opt=reads())
async def set_models_config(data: JSONBody[ModelsConfigForm], user: NamedDependency[SessionUser],
                            models: NamedDependency[Models],
                            catalog: NamedDependency[ModelCatalog]) -> Json:
    await _configure(models, user, data.changes())
    return await _in_force(catalog)


@post("/api/v1/configs/suggestions", status_code=200, guards=[admins], opt=reads())
async def set_prompt_suggestions(data: JSONBody[PromptSuggestionsForm], user: NamedDependency[SessionUser],
                                 models: NamedDependency[Models], catalog: NamedDependency[ModelCatalog]) -> Json:
    await _configure(models, user, data.changes())
    in_force = await catalog.model_defaults()
    return {"suggestions": in_force["PROMPT_SUGGESTIONS"], "i18n": in_force["PROMPT_SUGGESTIONS_I18N"]}


@get("/api/v1/configs/models/defaults", guards=[members])
async def model_metadata_defaults(catalog: NamedDependency[ModelCatalog]) -> Json:
    """The model editor starts a new preset from these."""
    return {"DEFAULT_MODEL_METADATA": (await _in_force(catalog))["DEFAULT_MODEL_METADATA"]}


async def _configure(models: Models, user: SessionUser, changes: Json) -> None:
    command = ConfigureModelDefaults(actor_id=user.id, changes=changes)
    await anyio.to_thread.run_sync(models.configure_model_defaults, command)


async def _in_force(catalog: ModelCatalog) -> Json:
    """Kept per log position: a request after a change (this one's own included) reads it anew. The
    suggestions are kept beside, but not in Open WebUI's models config."""
    return {name: value for name, value in (await catalog.model_defaults()).items() if name not in SUGGESTIONS}


ROUTES = [models_config, set_models_config, model_metadata_defaults, set_prompt_suggestions]
