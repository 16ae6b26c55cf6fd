"""Which model a task's question goes to, and what it is asked: Open WebUI's rule (a local chat
model's tasks go to TASK_MODEL, any other's to TASK_MODEL_EXTERNAL), the chat's own model when
none is set or the person may not use it; the admin's prompt when set, else ours."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from application.chats.service import Chats
from application.completions.service import Completions
from application.completions.task_questions import task_questions
from application.models.catalog import Caller, ModelCatalog
from application.models.commands import ConfigureModelDefaults, ConfigureTasks
from application.models.connections import ConnectionSeed, Upstream
from application.models.ports import ChatModel, Delta
from application.models.service import Models
from application.models.state import CurrentModelsState
from application.models.tasks import check_task_models
from domain.models.errors import UnknownTaskModelError
from infrastructure.sealing import AesGcmSealer
from tests.unit.application.given import POPO, Commits

ADMIN, ALICE = Caller("admin", True), Caller("alice", False)
CONVERSATION = [{"role": "user", "content": "How do I boil an egg?"}, {"role": "assistant", "content": "Gently."}]


class Upstreams:
    """An OpenAI-compatible server with ``chatty`` and ``small``, an Ollama one with ``local:latest``;
    every question asked is kept as (model, question, parameters)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, dict[str, Any]]] = []

    async def list_models(self, upstream: Upstream, timeout: float) -> list[dict[str, Any]]:
        if upstream.kind == "ollama":
            return [{"model": "local:latest", "name": "local:latest"}]
        return [{"id": "chatty"}, {"id": "small"}]

    async def version(self, upstream: Upstream, timeout: float) -> str:
        return "0.9.0"

    def chat_model(self, upstream: Upstream, model_id: str) -> ChatModel:
        return Answering(self, model_id)

    async def aclose(self) -> None:
        pass


class Answering:
    def __init__(self, upstreams: Upstreams, model_id: str) -> None:
        self.upstreams, self.model_id = upstreams, model_id

    async def stream(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> AsyncIterator[Delta]:
        self.upstreams.asked.append((self.model_id, messages[-1]["content"], params))
        yield Delta(content='{"title": "Eggs"}', finish_reason="stop")


class SharedChatty:
    """Only ``chatty`` is shared with everyone; every other model is for admins."""

    def list_presets(self) -> list[dict[str, Any]]:
        return [{"id": "chatty", "user_id": "admin", "base_model_id": None, "name": "Chatty", "params": {},
                 "meta": {}, "is_active": True, "created_at": 1, "updated_at": 1,
                 "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}]

    def preset_creators(self) -> dict[str, str]:
        return {"chatty": "admin"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def models() -> Models:
    return Models(POPO, Commits(), sealer=AesGcmSealer(["s"]),
                  seed=ConnectionSeed(openai_urls=("http://openai/v1",), ollama_urls=("http://ollama:11434",)))


@pytest.fixture
def upstreams() -> Upstreams:
    return Upstreams()


@pytest.fixture
def catalog(models: Models, upstreams: Upstreams) -> ModelCatalog:
    state = CurrentModelsState(models, SharedChatty(), caught_up=lambda position: None)
    return ModelCatalog(state, upstreams, ttl=60, list_timeout=1, bypass_access=False)


def configure(models: Models, **changes: object) -> None:
    models.configure_tasks(ConfigureTasks(actor_id="admin", changes=changes))


async def asked_model(catalog: ModelCatalog, upstreams: Upstreams, chat_model: str, caller: Caller = ADMIN) -> str:
    questions = await task_questions(Completions(catalog, Chats(POPO, Commits())), catalog, chat_model, caller)
    assert await questions.ask("title", CONVERSATION) == '{"title": "Eggs"}'
    return upstreams.asked[-1][0]


@pytest.mark.anyio
async def test_without_a_task_model_the_chats_own_model_answers(catalog: ModelCatalog, upstreams: Upstreams):
    assert await asked_model(catalog, upstreams, "chatty") == "chatty"


@pytest.mark.anyio
async def test_an_external_models_tasks_go_to_the_external_task_model(models: Models, catalog: ModelCatalog,
                                                                       upstreams: Upstreams):
    configure(models, TASK_MODEL="local:latest", TASK_MODEL_EXTERNAL="small")
    assert await asked_model(catalog, upstreams, "chatty") == "small"


@pytest.mark.anyio
async def test_a_local_models_tasks_go_to_the_local_task_model(models: Models, catalog: ModelCatalog,
                                                               upstreams: Upstreams):
    configure(models, TASK_MODEL="small", TASK_MODEL_EXTERNAL="chatty")
    assert await asked_model(catalog, upstreams, "local:latest") == "small"


@pytest.mark.anyio
async def test_a_task_model_the_person_may_not_use_leaves_the_task_to_the_chats_model(
        models: Models, catalog: ModelCatalog, upstreams: Upstreams):
    configure(models, TASK_MODEL_EXTERNAL="small")
    assert await asked_model(catalog, upstreams, "chatty", ALICE) == "chatty"


@pytest.mark.anyio
async def test_the_admins_prompt_is_asked_with_the_sampling_parameters_set_for_tasks(
        models: Models, catalog: ModelCatalog, upstreams: Upstreams):
    configure(models, TITLE_GENERATION_PROMPT_TEMPLATE="Name it: {{prompt}}",
              TASK_MODEL_PARAMS={"temperature": 0.1, "stream_response": True, "max_tokens": ""})
    await asked_model(catalog, upstreams, "chatty")
    assert upstreams.asked[-1][1:] == ("Name it: How do I boil an egg?", {"temperature": 0.1})


@pytest.mark.anyio
async def test_a_tasks_question_is_asked_without_the_admins_default_parameters(
        models: Models, catalog: ModelCatalog, upstreams: Upstreams):
    models.configure_model_defaults(ConfigureModelDefaults(actor_id="admin", changes={
        "DEFAULT_MODEL_PARAMS": {"temperature": 1.5, "system": "Rhyme."}}))
    configure(models, TASK_MODEL_PARAMS={"max_tokens": 20})
    await asked_model(catalog, upstreams, "chatty")
    assert upstreams.asked[-1][2] == {"max_tokens": 20}


@pytest.mark.anyio
async def test_a_task_model_must_be_a_model_there_is(catalog: ModelCatalog):
    await check_task_models(catalog, ADMIN, ["small", "local:latest", ""])
    with pytest.raises(UnknownTaskModelError, match="gone"):
        await check_task_models(catalog, ADMIN, ["small", "gone"])
