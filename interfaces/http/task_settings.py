"""The admin's task settings (Open WebUI's routers/tasks.py ``/config``): every field its admin
"Interface" page reads and sends, kept and given back even for tasks Annals does not run yet."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from msgspec import UNSET, UnsetType

from application.models.catalog import Caller, ModelCatalog
from application.models.commands import ConfigureTasks
from application.models.service import Models
from application.models.tasks import MODEL_SETTINGS, check_task_models
from domain.models.tasks import DEFAULT_TASK_SETTINGS
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form
from projections.runtime.settling import reads

Json = dict[str, Any]
ModelId = Annotated[str, msgspec.Meta(max_length=256)]
Template = Annotated[str, msgspec.Meta(max_length=100_000)]
Length = Annotated[int, msgspec.Meta(ge=-1, le=1_000_000)]


class TaskConfigForm(Form):
    """A field left out keeps its value; a null one goes back to its default (Open WebUI lets
    the models, the parameters, the voice template and the autocomplete length be null)."""

    TASK_MODEL: ModelId | None | UnsetType = UNSET
    TASK_MODEL_EXTERNAL: ModelId | None | UnsetType = UNSET
    TASK_MODEL_PARAMS: Json | None | UnsetType = UNSET
    ENABLE_TITLE_GENERATION: bool | UnsetType = UNSET
    TITLE_GENERATION_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    ENABLE_TAGS_GENERATION: bool | UnsetType = UNSET
    TAGS_GENERATION_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    ENABLE_FOLLOW_UP_GENERATION: bool | UnsetType = UNSET
    FOLLOW_UP_GENERATION_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    ENABLE_AUTOCOMPLETE_GENERATION: bool | UnsetType = UNSET
    AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: Length | None | UnsetType = UNSET
    AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    ENABLE_SEARCH_QUERY_GENERATION: bool | UnsetType = UNSET
    ENABLE_RETRIEVAL_QUERY_GENERATION: bool | UnsetType = UNSET
    QUERY_GENERATION_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE: Template | UnsetType = UNSET
    ENABLE_VOICE_MODE_PROMPT: bool | UnsetType = UNSET
    VOICE_MODE_PROMPT_TEMPLATE: Template | None | UnsetType = UNSET

    def changes(self) -> Json:
        sent = {name: value for name, value in msgspec.structs.asdict(self).items() if value is not UNSET}
        return {name: DEFAULT_TASK_SETTINGS[name] if value is None else value for name, value in sent.items()}


@get("/api/v1/tasks/config", guards=[members])
async def task_config(catalog: NamedDependency[ModelCatalog]) -> Json:
    return (await catalog.task_config()).settings


@post("/api/v1/tasks/config/update", status_code=200, guards=[admins], opt=reads())
async def update_task_config(data: JSONBody[TaskConfigForm], user: NamedDependency[SessionUser],
                             models: NamedDependency[Models],
                             catalog: NamedDependency[ModelCatalog]) -> Json:
    """A task model must be one of the models the admin can pick, when it changes: one saved
    earlier stays accepted while its upstream is down, so the page can still be saved."""
    changes, current = data.changes(), (await catalog.task_config()).settings
    chosen = [changes[name] for name in MODEL_SETTINGS if changes.get(name, current[name]) != current[name]]
    await check_task_models(catalog, Caller(user.id, True), chosen)
    await anyio.to_thread.run_sync(models.configure_tasks, ConfigureTasks(actor_id=user.id, changes=changes))
    return (await catalog.task_config()).settings


ROUTES = [task_config, update_task_config]
