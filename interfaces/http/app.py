"""The Litestar application: its lifespan is where the container is built and closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from litestar import Litestar, Response, Router
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.config.app import AppConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import ImproperlyConfiguredException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins import InitPluginProtocol

from infrastructure.attempts import attempt_counter
from infrastructure.bootstrap import built_when_the_database_answers
from infrastructure.fanout import LocalFanout
from infrastructure.logging import configure_logging
from infrastructure.readiness import Readiness
from infrastructure.redis_channels import ResilientRedisChannels
from infrastructure.settings import Settings
from infrastructure.spa import installed_spa
from interfaces.console.routes import console_routes
from interfaces.http import (
    access_preview,
    admin_chats,
    analytics,
    api_keys,
    audit,
    auths,
    chat_bulk,
    chat_copies,
    chat_imports,
    chat_reads,
    chat_sharing,
    chats,
    completions,
    connection_checks,
    connections,
    document_settings,
    evaluations,
    events,
    file_changes,
    file_search,
    file_texts,
    files,
    folders,
    groups,
    images,
    knowledge,
    knowledge_export,
    knowledge_files,
    ldap,
    live,
    memories,
    metrics,
    model_defaults,
    model_transfer,
    models,
    oauth,
    ollama_api,
    own_account,
    permission_settings,
    person_export,
    placeholders,
    privacy,
    retention,
    retrieval_queries,
    scim_providers,
    search,
    system,
    tag_suggestions,
    task_settings,
    tasks,
    unkept_settings,
    usage,
    user_presence,
    users,
)
from interfaces.http.access import caller, public, undeclared
from interfaces.http.addresses import ClientAddresses
from interfaces.http.api_key_access import KeyAccess
from interfaces.http.chat_documents import ParsedMessages
from interfaces.http.dependency_scopes import scoped
from interfaces.http.errors import EXCEPTION_HANDLERS
from interfaces.http.refusals import RefusalCounts
from interfaces.http.request_checks import checked
from interfaces.http.request_log import canonical_log_line
from interfaces.http.request_positions import request_positions
from interfaces.http.services import provided
from interfaces.http.spa import spa_routes
from interfaces.http.text_guard import TextCheckedRequest, refuse_unstorable_text
from interfaces.http.throttle import WINDOW_SECONDS, SignInThrottle
from interfaces.http.user_presence import presence
from interfaces.scim import discovery as scim_discovery
from interfaces.scim import groups as scim_groups
from interfaces.scim import users as scim_users
from interfaces.scim.access import ScimAccess, scim_caller
from interfaces.scim.bodies import SCIM_PATHS
from interfaces.scim.errors import SCIM_EXCEPTION_HANDLERS
from interfaces.socketio.gateway import SocketGateway
from projections.runtime.settling import request_unsettled, settle_request

VERSION = "0.12.4"


PARSED_MESSAGES_BYTES = 32 * 1024 * 1024
"""Messages held parsed between a chat's whole-chat saves: a few hundred long chats' worth."""


def create_app(settings: Settings) -> Litestar:
    configure_logging(settings)
    channels = _channels(settings)
    gateway = SocketGateway(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        container = await built_when_the_database_answers(settings, "api")
        app.state.container = container
        app.state.addresses = ClientAddresses(settings.trusted_proxies)
        app.state.key_access = KeyAccess(container.identity.name, container.sessions, container.standings,
                                         container.api_key_rules, container.audit)
        app.state.scim_access = ScimAccess(enabled=settings.enable_scim, environment_token=settings.scim_token,
                                           people=container.provisioned_people, audit=container.audit)
        app.state.throttle = SignInThrottle(attempt_counter(settings.redis_url, WINDOW_SECONDS))
        app.state.parsed_messages = ParsedMessages(PARSED_MESSAGES_BYTES)
        app.state.readiness = Readiness(container.log, container.runner, settings.redis_url)
        app.state.presence = gateway.presence
        refusal_counts = RefusalCounts(container.audit)
        refusal_counts.start()
        await container.log.start()
        await container.replies.start()
        await gateway.start(container, channels)
        try:
            yield
        finally:
            await container.turns.close()  # replies still running end as interrupted, and say so
            await container.replies.close()
            await gateway.stop()
            await container.upstreams.aclose()
            await app.state.readiness.close()
            await container.log.close()
            await refusal_counts.stop()
            await asyncio.to_thread(container.close)

    app = Litestar(
        route_handlers=scoped([*system.ROUTES, *auths.ROUTES, *api_keys.ROUTES, *users.ROUTES, *own_account.ROUTES,
                        *user_presence.ROUTES, *chats.ROUTES, *chat_sharing.ROUTES, *events.ROUTES,
                        *models.ROUTES, *connections.ROUTES, *connection_checks.ROUTES, *completions.ROUTES,
                        *folders.ROUTES, *chat_reads.ROUTES, *images.ROUTES, *placeholders.ROUTES, *tasks.ROUTES,
                        *task_settings.ROUTES, *unkept_settings.ROUTES, *permission_settings.ROUTES, *search.ROUTES,
                        *model_defaults.ROUTES, *model_transfer.ROUTES, *usage.ROUTES, *analytics.ROUTES,
                        *files.routes(settings), *file_texts.ROUTES, *file_changes.ROUTES, gateway.route,
                        *evaluations.ROUTES, *audit.ROUTES, *tag_suggestions.ROUTES, *ollama_api.ROUTES,
                        *chat_bulk.ROUTES, *privacy.ROUTES, *admin_chats.ROUTES, *person_export.ROUTES,
                        *chat_copies.ROUTES, *chat_imports.ROUTES, *file_search.ROUTES, *metrics.ROUTES,
                        *retention.ROUTES, *groups.ROUTES, *knowledge.ROUTES, *knowledge_files.ROUTES,
                        *knowledge_export.ROUTES, *retrieval_queries.ROUTES, *document_settings.ROUTES,
                        *memories.ROUTES, *scim_providers.ROUTES, *ldap.ROUTES, _scim_router(), *oauth.ROUTES,
                        live.live_events, *console_routes(settings.webui_name), *access_preview.ROUTES,
                        *spa_routes(installed_spa(settings), settings.webui_name)], _dependencies()),
        lifespan=[lifespan],
        plugins=[channels, ChangesToChannels(channels)],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[canonical_log_line, refuse_unstorable_text, request_positions],
        request_class=TextCheckedRequest,
        before_request=checked,
        after_request=_settled,
        request_max_body_size=settings.max_body_bytes,
        cors_config=CORSConfig(allow_origins=list(settings.cors_allow_origins), allow_credentials=True)
        if settings.cors_allow_origins else None,
        openapi_config=OpenAPIConfig(title="Annals", version=VERSION,
                                     openapi_router=Router("/docs", route_handlers=[], guards=[public]),
                                     render_plugins=[SwaggerRenderPlugin()],
                                     operation_id_creator=_operation_id),
        logging_config=None,
        debug=False,
    )
    if faults := undeclared(app.routes):
        raise ImproperlyConfiguredException("Routes that do not declare what they must:\n" + "\n".join(faults))
    return app


def _dependencies() -> dict[str, Provide]:
    """Every service a handler may ask for by name (``dependency_scopes`` gives each its own)."""
    return {
        **provided(),
        "user": Provide(caller, sync_to_thread=False),
        "provider": Provide(scim_caller, sync_to_thread=False),
        "throttle": Provide(_throttle, sync_to_thread=False),
        "parsed_messages": Provide(_parsed_messages, sync_to_thread=False),
        "readiness": Provide(_readiness, sync_to_thread=False),
        "presence": Provide(presence, sync_to_thread=False),
    }


def _scim_router() -> Router:
    """SCIM's routes, whose every refusal is a SCIM error (``interfaces.scim.errors``)."""
    return Router(SCIM_PATHS, route_handlers=[*scim_discovery.ROUTES, *scim_users.ROUTES, *scim_groups.ROUTES],
                  exception_handlers=SCIM_EXCEPTION_HANDLERS)


async def _settled(response: Response[Any]) -> Response[Any]:
    """The views the route declared show its own writes before it answers (``settling``)."""
    if request_unsettled():
        await anyio.to_thread.run_sync(settle_request)
    return response


def _throttle(state: State) -> SignInThrottle:
    return state.throttle


def _parsed_messages(state: State) -> ParsedMessages:
    return state.parsed_messages


def _readiness(state: State) -> Readiness:
    return state.readiness


def _operation_id(handler: Any, method: str, components: list[Any]) -> str:
    """``get_api_v1_chats_chat_id``: unique per method and path, whatever the handler is called."""
    parts = (getattr(c, "name", c) for c in components)
    return "_".join([method.lower(), *(str(p).strip("/").replace("-", "_") for p in parts if p)])


class ChangesToChannels(InitPluginProtocol):
    """An embedded process's view changes handed to the in-memory channels while these are open:
    Litestar runs a plugin's lifespan after the app's, so this one starts after the channels and
    stops before them (a change handed over outside that time was an error in the log)."""

    def __init__(self, channels: ChannelsPlugin) -> None:
        self._channels = channels

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.lifespan.append(self._handing_over)
        return app_config

    @asynccontextmanager
    async def _handing_over(self, app: Litestar) -> AsyncIterator[None]:
        fanout = app.state.container.fanout
        if not isinstance(fanout, LocalFanout):
            yield
            return
        fanout.attach(asyncio.get_running_loop(), self._channels.publish)
        try:
            yield
        finally:
            fanout.detach()
            await asyncio.sleep(0)  # what was handed over before is published while the channels are open


def _channels(settings: Settings) -> ChannelsPlugin:
    backend = ResilientRedisChannels(settings.redis_url) if settings.redis_url else MemoryChannelsBackend()
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True)
