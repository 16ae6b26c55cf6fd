"""Health, version and the public app config the SPA reads before anything else."""

from __future__ import annotations

from typing import Any

import anyio
import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from application.access.resources import MEMBER_ROLES
from application.identity.directory_sign_in import DirectorySignIn
from application.identity.service import Identity
from application.models.catalog import ModelCatalog
from application.models.tasks import TaskConfig
from infrastructure.readiness import Readiness
from infrastructure.settings import FileSettings, Settings
from infrastructure.tokens import Tokens
from interfaces.http.access import public
from interfaces.http.auth import SessionUser, authenticated, bearer_token
from interfaces.http.branding import branded
from interfaces.http.errors import DATABASE_AWAY
from interfaces.http.oauth import providers
from projections.groups.standings import Standings
from projections.users.sessions import SessionUsers

VERSION = "0.12.4"  # the Open WebUI API version we answer as
SPEECH = {"tts": {"engine": "", "voice": "", "split_on": "punctuation"}, "stt": {"engine": "web"},
          "realtime": {"enabled": False, "model": "", "voice": ""}}
"""Speech is the browser's own (its Web Speech API, both ways): Annals has no speech engine yet."""


@get("/health", sync_to_thread=False, guards=[public])
def health() -> dict[str, bool]:
    """Liveness: the process answers. It touches nothing else, so that an orchestrator never
    restarts a process only because its database or Redis is away."""
    return {"status": True}


@get("/ready", guards=[public])
async def ready(readiness: NamedDependency[Readiness]) -> Response[dict[str, Any]]:
    """Readiness: whether this process can serve now (its database answers); Redis is reported,
    never required."""
    checks = await readiness.check()
    body: dict[str, Any] = {"status": checks.ready, "checks": msgspec.structs.asdict(checks)}
    if checks.ready:
        return Response(body)
    body["detail"] = DATABASE_AWAY
    return Response(body, status_code=HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "5"})


@get("/api/version", sync_to_thread=False, guards=[public])
def version() -> dict[str, Any]:
    return {"version": VERSION, "deployment_id": None}


@get("/api/config", guards=[public])
async def app_config(request: Request[Any, Any, Any], settings: NamedDependency[Settings],
                     identity: NamedDependency[Identity], sessions: NamedDependency[SessionUsers],
                     standings: NamedDependency[Standings], tokens: NamedDependency[Tokens],
                     catalog: NamedDependency[ModelCatalog],
                     directory_sign_in: NamedDependency[DirectorySignIn]) -> dict[str, Any]:
    """Public before sign-in (with ``onboarding`` until the first account exists); richer after.
    The models context's part is kept per log position (``catalog``), so a signed-in
    page load reads neither the account nor the model settings from the database while their
    logs stand still."""
    user = await _caller(request, identity, sessions, standings, tokens)
    auth_config, onboarding = await anyio.to_thread.run_sync(_identity_settings, identity, user is None)
    features: dict[str, Any] = {
        "auth": True,
        "auth_trusted_header": settings.directory.trusted_email_header is not None,
        "enable_signup_password_confirmation": False,
        "enable_ldap": await anyio.to_thread.run_sync(directory_sign_in.enabled),
        "enable_signup": bool(auth_config.get("ENABLE_SIGNUP", True)),
        "enable_login_form": settings.enable_login_form,
        "enable_websocket": True,
    }
    config: dict[str, Any] = {
        "status": True,
        "name": branded(settings.webui_name),
        "version": VERSION,
        "default_locale": "",
        "i18n": {},
        "oauth": {"providers": providers(settings), "auto_redirect": False},
        "features": features,
    }
    if user is None:
        return {"onboarding": True, **config} if onboarding else config
    features.update({
        "enable_api_keys": bool(auth_config.get("ENABLE_API_KEYS")),
        "enable_password_change_form": True,
        "enable_version_update_check": False,
        "enable_folders": True,
        "enable_channels": False,
        "enable_notes": False,
        "enable_web_search": False,
        "enable_code_execution": False,
        "enable_code_interpreter": False,
        "enable_image_generation": False,
        "enable_autocomplete_generation": False,
        **_task_features(await catalog.task_config()),
        "enable_community_sharing": False,
        "enable_message_rating": True,
        "enable_admin_export": settings.admin_export,
        "enable_admin_chat_access": settings.admin_chat_access,
        "enable_memories": bool(auth_config.get("ENABLE_MEMORIES")),
        "enable_admin_analytics": True,
    })
    defaults = await catalog.model_defaults()
    config.update({
        "default_models": await _default_models(user, standings, catalog) or defaults["DEFAULT_MODELS"],
        "default_pinned_models": defaults["DEFAULT_PINNED_MODELS"] or None,
        "default_prompt_suggestions": defaults["PROMPT_SUGGESTIONS"],
        "default_prompt_suggestions_i18n": defaults["PROMPT_SUGGESTIONS_I18N"],
        "file": _file_limits(settings.files),
        "audio": SPEECH,
        "permissions": {},
        "ui": {"pending_user_overlay_title": "", "pending_user_overlay_content": ""},
    })
    return config


async def _default_models(user: SessionUser, standings: Standings, catalog: ModelCatalog) -> str | None:
    """The models a member's groups have them start with (the deepest group that names some wins),
    those of them the member may use and that are not hidden, as Open WebUI answers; None: the
    workspace's."""
    if user.role not in MEMBER_ROLES:
        return None
    named = (await anyio.to_thread.run_sync(standings.get, user.id)).default_models
    if not named:
        return None
    usable = {model["id"] for model in await catalog.available(user.model_caller)
              if not ((model.get("info") or {}).get("meta") or {}).get("hidden", False)}
    return ",".join(model_id for model_id in named if model_id in usable) or None


def _file_limits(files: FileSettings) -> dict[str, Any]:
    """What the app checks before it uploads (MB, files per message) and the size it shrinks pictures to."""
    return {"max_size": files.max_size_mb, "max_count": files.max_count,
            "image_compression": {"width": files.image_width, "height": files.image_height}}


def _identity_settings(identity: Identity, signed_out: bool) -> tuple[dict[str, Any], bool]:
    """The sign-up settings, and whether the workspace still awaits its first account (asked only
    of a caller who is not signed in)."""
    return identity.auth_config(), signed_out and identity.workspace() is None


def _task_features(config: TaskConfig) -> dict[str, bool]:
    """The app offers a person the switches for the tasks the admin left on."""
    return {"enable_title_generation": config.enabled("title"), "enable_tags_generation": config.enabled("tags"),
            "enable_follow_up_generation": config.enabled("follow_ups")}


async def _caller(request: Request[Any, Any, Any], identity: Identity, sessions: SessionUsers,
                  standings: Standings, tokens: Tokens) -> SessionUser | None:
    """Like Open WebUI, a stale or bad token gets the public config, not a 401: the SPA reads the
    config first, and must still load for someone whose session has ended."""
    token = bearer_token(request)
    try:
        return await authenticated(identity, sessions, standings, tokens, token) if token else None
    except NotAuthorizedException:
        return None


ROUTES = [health, ready, version, app_config]
