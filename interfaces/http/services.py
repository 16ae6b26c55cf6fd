"""The services route handlers ask for, one ``Provide`` each: a handler declares, say,
``chats: NamedDependency[Chats]`` and is given the container's ``chats``, nothing more. The
container itself is the lifespan's (``app.state.container``); only the HTTP layer's own machinery
(the access guards, the request-position middleware, the refusal record) reads it whole."""

from __future__ import annotations

from typing import Any, get_type_hints

from litestar.datastructures import State
from litestar.di import Provide

from infrastructure.container import Container

SERVICES = (
    "settings", "identity", "chats", "audit", "runner", "users", "sessions", "chat_views", "chat_shares",
    "authorisation", "chat_reads", "usage", "analytics", "model_chats", "folder_views", "events", "tokens", "models",
    "model_views", "catalog", "completions", "upstreams", "replies", "turns", "attachments", "folder_projects", "files",
    "file_views", "evaluations", "feedback_views", "audit_key", "trail", "person_archives", "contexts", "point_in_time",
    "past_reads", "retention", "groups", "group_views", "standings", "api_key_rules",
    "knowledge", "knowledge_views", "retrieval", "memories", "memory_views", "memory_index",
    "document_config", "embedding_config", "rebuilds", "provisioning", "provisioned_people", "provisioned_groups",
    "directory_sign_in", "openid", "sign_in_flows", "single_sign_on",
)


def provided() -> dict[str, Provide]:
    """One provider per service, each typed with what the container holds under that name."""
    past = vars(Container)["point_in_time"].fget
    types = {**get_type_hints(Container), "point_in_time": get_type_hints(past)["return"]}
    return {name: _provider(name, types[name]) for name in SERVICES}


def _provider(name: str, kind: Any) -> Provide:
    def service(state: State) -> Any:
        return getattr(state.container, name)

    service.__name__ = name
    service.__annotations__ = {"state": State, "return": kind}
    return Provide(service, sync_to_thread=False)
