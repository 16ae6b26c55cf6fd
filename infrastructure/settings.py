"""Settings, read from the environment once, into one typed struct.

Nothing else in Annals reads ``os.environ``. Open WebUI's own variable names are honoured where
they mean the same thing, so an existing deployment's environment can be pointed at Annals.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec

from infrastructure.directory_settings import DirectorySettings, read_directory_settings
from infrastructure.environment import EnvironmentReader, SettingsError
from infrastructure.oauth_settings import OAuthSettings, read_oauth_settings
from infrastructure.rag_settings import RagSettings, read_rag_settings
from infrastructure.secret_strength import HOW_TO_MAKE_ONE, weakness

Role = Literal["pending", "user", "admin"]
LogFormat = Literal["auto", "console", "json"]

LOOPBACK = ("127.0.0.0/8", "::1/128")
"""The upstream networks an embedded installation allows by default: a model server on the same machine."""


class MemberPermissions(msgspec.Struct, frozen=True, kw_only=True):
    """What members (not admins) may do, from Open WebUI's ``USER_PERMISSIONS_CHAT_*`` and
    ``USER_PERMISSIONS_FEATURES_*`` variables, with its defaults; only those of features Annals has."""

    chat_controls: bool = True
    chat_system_prompt: bool = True
    chat_params: bool = True
    chat_delete: bool = True
    chat_delete_message: bool = True
    chat_continue_response: bool = True
    chat_regenerate_response: bool = True
    chat_edit: bool = True
    chat_share: bool = True
    chat_export: bool = True
    chat_import: bool = True
    chat_stt: bool = True
    chat_tts: bool = True
    chat_call: bool = True
    chat_multiple_models: bool = True
    chat_file_upload: bool = True
    chat_rate_response: bool = True
    sharing_public_chats: bool = False
    """A shared chat readable by every signed-in person: ``USER_PERMISSIONS_CHAT_ALLOW_PUBLIC_SHARING``."""
    sharing_open_chats: bool = False
    """A shared chat readable by anyone, signed in or not: ``USER_PERMISSIONS_CHAT_ALLOW_OPEN_SHARING``."""
    access_grants_allow_users: bool = True
    """Sharing with particular people."""
    features_folders: bool = True
    features_api_keys: bool = False
    """Members may make and use an API key (``USER_PERMISSIONS_FEATURES_API_KEYS``); admins always may."""
    workspace_knowledge: bool = False
    """Members may create knowledge bases (``USER_PERMISSIONS_WORKSPACE_KNOWLEDGE_ACCESS``)."""
    sharing_knowledge: bool = False
    """Members may share their knowledge bases (``USER_PERMISSIONS_WORKSPACE_KNOWLEDGE_ALLOW_SHARING``)."""
    sharing_public_knowledge: bool = False
    """With everyone signed in (``USER_PERMISSIONS_WORKSPACE_KNOWLEDGE_ALLOW_PUBLIC_SHARING``)."""
    features_memories: bool = True
    """Members may keep memories (``USER_PERMISSIONS_FEATURES_MEMORIES``), when the admin has them on."""


MEMBER_PERMISSION_VARIABLES = {"sharing_public_chats": "USER_PERMISSIONS_CHAT_ALLOW_PUBLIC_SHARING",
                               "sharing_open_chats": "USER_PERMISSIONS_CHAT_ALLOW_OPEN_SHARING",
                               "workspace_knowledge": "USER_PERMISSIONS_WORKSPACE_KNOWLEDGE_ACCESS",
                               "sharing_knowledge": "USER_PERMISSIONS_WORKSPACE_KNOWLEDGE_ALLOW_SHARING",
                               "sharing_public_knowledge": "USER_PERMISSIONS_WORKSPACE_KNOWLEDGE_ALLOW_PUBLIC_SHARING"}
"""Open WebUI's names where they are not ``USER_PERMISSIONS_`` and the permission's own."""


class FileSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Uploads, with Open WebUI's variable names: ``RAG_FILE_MAX_SIZE`` and ``RAG_FILE_MAX_COUNT``
    (MB, files per message), ``FILE_IMAGE_COMPRESSION_WIDTH``/``_HEIGHT`` (pixels the app shrinks
    pictures to) and ``RAG_TEMPLATE``; ours: ``ANNALS_FILES_DIR``, where the bytes are kept, and
    ``ANNALS_FILE_MAX_PAGES``/``_CHARACTERS``, the longest document whose text models are given."""

    directory: Path | None = None
    """Default: ``<data dir>/files``."""
    max_size_mb: int = 25
    max_pages: int = 500
    """Of a PDF; a longer one is kept, its text not extracted (~1-40 ms a page)."""
    reading_places: int = 4
    """Uploads whose documents are read or wait to be, at most, per process
    (``ANNALS_DOCUMENT_READING_PLACES``); one more is refused with 503 (``application/files/reading_line``)."""
    max_characters: int = 1_000_000
    """Of any file's text (~250k tokens, beyond most models' context); a longer one is not given."""
    max_count: int | None = None
    image_width: int | None = None
    image_height: int | None = None
    rag_template: str = ""
    """Empty: ours (``application/files/attachments.py``)."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    data_dir: Path = Path("data")
    database_url: str | None = None
    redis_url: str | None = None
    database_connections: int = 40
    """The most connections one process opens to Postgres (``ANNALS_DATABASE_CONNECTIONS``), shared
    among its pools (``infrastructure.connection_budget``)."""
    database_idle_connections: int = 2
    """How many connections each context's event store keeps open while idle
    (``ANNALS_DATABASE_IDLE_CONNECTIONS``); 0 opens each when it is needed, so that many processes
    sharing one Postgres hold only what they use."""
    production: bool = False
    audit_key_file: Path | None = None
    """The Ed25519 key that signs the logs' checkpoints (``ANNALS_AUDIT_KEY_FILE``); required in
    production, else generated once beside the data."""
    key_file: Path | None = None
    """The key-encryption keys that wrap every person's data key (``ANNALS_KEY_FILE``); required in
    production, else generated once beside the data."""
    erasure_grace: float = 0
    """Seconds between deleting a chat, file or message and destroying its key (``ANNALS_ERASURE_GRACE``)."""
    secret_key: str | None = None
    previous_secret_keys: tuple[str, ...] = ()
    token_lifetime_seconds: float = 4 * 604800
    openai_api_base_urls: tuple[str, ...] = ()
    openai_api_keys: tuple[str, ...] = ()
    enable_openai_api: bool = True
    ollama_base_urls: tuple[str, ...] = ()
    enable_ollama_api: bool = True
    models_cache_ttl: float = 10.0
    model_list_timeout: float = 3.0
    """Seconds one upstream may take to list its models; a slower one is left out of the list."""
    upstream_timeout: float = 300.0
    """Seconds an upstream may take to connect, to send its first token, or between tokens."""
    reply_checkpoint_seconds: float = 10.0
    """How often a reply being generated records what it has so far (``ANNALS_REPLY_CHECKPOINT_SECONDS``)."""
    shutdown_grace_seconds: float = 10.0
    """How long a stopping server lets open requests (a streamed reply, a Socket.IO long poll) end by
    themselves before it cuts them (``ANNALS_SHUTDOWN_GRACE_SECONDS``); unbounded, one long stream kept
    a stopping replica alive until the orchestrator killed it, recording nothing."""
    local_model: bool = False
    """Offer the built-in model (``ANNALS_LOCAL_MODEL``). Read from the environment, it is on by
    default when embedded with no upstream configured, so that a bare ``annals serve`` can chat."""
    bypass_model_access_control: bool = False
    bypass_admin_access_control: bool = True
    """Admins see every knowledge base in their lists (``BYPASS_ADMIN_ACCESS_CONTROL``, or Open WebUI's
    older ``ENABLE_ADMIN_WORKSPACE_CONTENT_ACCESS``); they may open and change any base either way."""
    users_may_create_models: bool = False
    users_may_import_models: bool = False
    users_may_export_models: bool = False
    members_may: MemberPermissions = MemberPermissions()
    admin_export: bool = True
    """``ENABLE_ADMIN_EXPORT``: admins may export (Admin settings, Database), as in Open WebUI."""
    admin_chat_access: bool = False
    """``ENABLE_ADMIN_CHAT_ACCESS``: admins may read others' chats, files and profiles (the event API
    redacts them otherwise), each such read recorded in the audit trail. Off here unless asked
    (Open WebUI's default is on): a person's chats are theirs."""
    webui_name: str = "Annals"
    enable_signup: bool = True
    enable_login_form: bool = True
    default_user_role: Role = "pending"
    enable_api_keys: bool = False
    """``ENABLE_API_KEYS``: keys may be made and used (until an admin saves the setting: then theirs)."""
    api_keys_endpoint_restrictions: bool = False
    """``ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS``: keys may call only ``api_keys_allowed_endpoints``."""
    api_keys_allowed_endpoints: str = ""
    """``API_KEYS_ALLOWED_ENDPOINTS``: comma-separated paths, each with what lies below it."""
    show_admin_details: bool = True
    """``SHOW_ADMIN_DETAILS``: an account awaiting approval is shown whom to ask (until an admin saves it)."""
    admin_email: str | None = None
    """``ADMIN_EMAIL``: the address shown to it; unset, the first admin's own."""
    enable_scim: bool = False
    """``ENABLE_SCIM``: identity providers may provision people and groups at ``/api/v1/scim/v2/``,
    with ``scim_token`` or a token an admin made; off, SCIM answers every request with a SCIM error."""
    scim_token: str | None = None
    """``SCIM_TOKEN``: a bearer token for SCIM set by the operator (Open WebUI's one token); the
    tokens an admin makes per identity provider work beside it."""
    log_format: LogFormat = "auto"
    log_level: str = "INFO"
    max_body_bytes: int = 32 * 1024 * 1024
    chat_max_bytes: int = 8 * 1024 * 1024
    """The largest whole chat a client may send (``ANNALS_CHAT_MAX_BYTES``): the app resends the
    whole chat after every turn, so a larger one costs every save that much to read and compare.
    A chat of a thousand turns is about a megabyte."""
    read_your_writes_timeout: float = 10.0
    projection_page_size: int = 1000
    view_version_grace: float | None = None
    """Seconds a version of a view no process uses is kept (``ANNALS_VIEW_VERSION_GRACE``): on
    Postgres 10 minutes by default, for processes of the previous release still draining; embedded,
    none (one process owns the files)."""
    cors_allow_origins: tuple[str, ...] = ()
    upstream_private_networks: tuple[str, ...] = LOOPBACK
    """Networks not on the public internet where upstream model servers may still be (CIDR); the
    hosts of the seeded connections are allowed whatever their address."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses (or networks) whose X-Forwarded-For we believe."""
    files: FileSettings = FileSettings()
    directory: DirectorySettings = DirectorySettings()
    rag: RagSettings = RagSettings()
    oauth: OAuthSettings = OAuthSettings()
    fast_password_hashing_for_tests: bool = False
    """Argon2 at its lowest cost. Never read from the environment: only a test builds such settings."""
    cache_dir: Path | None = None
    """Downloads kept between installs (the Open WebUI wheel); default: ``<data dir>/cache``."""

    @property
    def version_grace(self) -> float:
        """``view_version_grace``, or its default for the store in use."""
        if self.view_version_grace is not None:
            return self.view_version_grace
        return 600.0 if self.database_url else 0.0

    @property
    def embedded(self) -> bool:
        return self.database_url is None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        read = EnvironmentReader(environ)
        settings = cls(
            data_dir=Path(read.text("ANNALS_DATA_DIR", "DATA_DIR") or "data"),
            database_url=_postgres_url(read.text("DATABASE_URL")),
            redis_url=read.text("REDIS_URL"),
            database_connections=read.integer("ANNALS_DATABASE_CONNECTIONS", 40),
            database_idle_connections=_none_or_more(read, "ANNALS_DATABASE_IDLE_CONNECTIONS", 2),
            production=read.text("ANNALS_ENV", "ENV") in ("prod", "production"),
            secret_key=read.text("WEBUI_SECRET_KEY", "ANNALS_SECRET_KEY"),
            audit_key_file=Path(key_file) if (key_file := read.text("ANNALS_AUDIT_KEY_FILE")) else None,
            key_file=Path(kek_file) if (kek_file := read.text("ANNALS_KEY_FILE")) else None,
            erasure_grace=read.duration("ANNALS_ERASURE_GRACE", default=0),
            previous_secret_keys=read.csv("ANNALS_PREVIOUS_SECRET_KEYS"),
            token_lifetime_seconds=read.duration("JWT_EXPIRES_IN", default=4 * 604800),
            openai_api_base_urls=read.urls("OPENAI_API_BASE_URLS", "OPENAI_API_BASE_URL"),
            openai_api_keys=read.listed("OPENAI_API_KEYS", "OPENAI_API_KEY"),
            enable_openai_api=read.flag("ENABLE_OPENAI_API", default=True),
            ollama_base_urls=read.urls("OLLAMA_BASE_URLS", "OLLAMA_BASE_URL"),
            enable_ollama_api=read.flag("ENABLE_OLLAMA_API", default=True),
            models_cache_ttl=read.duration("MODELS_CACHE_TTL", default=10),
            model_list_timeout=read.duration("AIOHTTP_CLIENT_TIMEOUT_MODEL_LIST", default=3),
            upstream_timeout=read.duration("AIOHTTP_CLIENT_TIMEOUT", default=300),
            reply_checkpoint_seconds=read.duration("ANNALS_REPLY_CHECKPOINT_SECONDS", default=10),
            shutdown_grace_seconds=read.duration("ANNALS_SHUTDOWN_GRACE_SECONDS", default=10),
            bypass_model_access_control=read.flag("BYPASS_MODEL_ACCESS_CONTROL", default=False),
            bypass_admin_access_control=read.flag("BYPASS_ADMIN_ACCESS_CONTROL", default=read.flag(
                "ENABLE_ADMIN_WORKSPACE_CONTENT_ACCESS", default=True)),
            users_may_create_models=read.flag("USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS", default=False),
            users_may_import_models=read.flag("USER_PERMISSIONS_WORKSPACE_MODELS_IMPORT", default=False),
            users_may_export_models=read.flag("USER_PERMISSIONS_WORKSPACE_MODELS_EXPORT", default=False),
            members_may=MemberPermissions(**{
                name: read.flag(MEMBER_PERMISSION_VARIABLES.get(name, f"USER_PERMISSIONS_{name.upper()}"),
                                default=default)
                for name, default in msgspec.structs.asdict(MemberPermissions()).items()}),
            admin_export=read.flag("ENABLE_ADMIN_EXPORT", default=True),
            admin_chat_access=read.flag("ENABLE_ADMIN_CHAT_ACCESS", default=False),
            webui_name=read.text("WEBUI_NAME") or "Annals",
            enable_signup=read.flag("ENABLE_SIGNUP", default=True),
            enable_login_form=read.flag("ENABLE_LOGIN_FORM", default=True),
            default_user_role=read.choice("DEFAULT_USER_ROLE", ("pending", "user", "admin"), "pending"),
            enable_api_keys=read.flag("ENABLE_API_KEYS", default=False),
            api_keys_endpoint_restrictions=read.flag("ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS", default=False),
            api_keys_allowed_endpoints=read.text("API_KEYS_ALLOWED_ENDPOINTS") or "",
            show_admin_details=read.flag("SHOW_ADMIN_DETAILS", default=True),
            admin_email=read.text("ADMIN_EMAIL"),
            enable_scim=read.flag("ENABLE_SCIM", default=False),
            scim_token=read.text("SCIM_TOKEN"),
            log_format=read.choice("ANNALS_LOG_FORMAT", ("auto", "console", "json"), "auto"),
            log_level=(read.text("ANNALS_LOG_LEVEL", "GLOBAL_LOG_LEVEL") or "INFO").upper(),
            max_body_bytes=read.integer("ANNALS_MAX_BODY_BYTES", 32 * 1024 * 1024),
            chat_max_bytes=read.integer("ANNALS_CHAT_MAX_BYTES", 8 * 1024 * 1024),
            read_your_writes_timeout=read.duration("ANNALS_READ_YOUR_WRITES_TIMEOUT", default=10),
            projection_page_size=read.integer("ANNALS_PROJECTION_PAGE_SIZE", 1000),
            view_version_grace=read.duration("ANNALS_VIEW_VERSION_GRACE", default=0) if read.text(
                "ANNALS_VIEW_VERSION_GRACE") else None,
            cors_allow_origins=tuple(o for o in read.csv("CORS_ALLOW_ORIGIN") if o != "*"),
            trusted_proxies=read.networks("ANNALS_TRUSTED_PROXIES", default=()),
            directory=read_directory_settings(read),
            upstream_private_networks=read.networks("ANNALS_UPSTREAM_PRIVATE_NETWORKS", default=(
                () if read.text("ANNALS_ENV", "ENV") in ("prod", "production") else LOOPBACK)),
            cache_dir=Path(cache) if (cache := read.text("ANNALS_CACHE_DIR")) else None,
            files=FileSettings(
                directory=Path(files) if (files := read.text("ANNALS_FILES_DIR")) else None,
                max_size_mb=read.integer("RAG_FILE_MAX_SIZE", 25), max_count=read.optional("RAG_FILE_MAX_COUNT"),
                max_pages=read.integer("ANNALS_FILE_MAX_PAGES", 500),
                reading_places=_at_least_one(read, "ANNALS_DOCUMENT_READING_PLACES", 4),
                max_characters=read.integer("ANNALS_FILE_MAX_CHARACTERS", 1_000_000),
                image_width=read.optional("FILE_IMAGE_COMPRESSION_WIDTH"),
                image_height=read.optional("FILE_IMAGE_COMPRESSION_HEIGHT"),
                rag_template=read.text("RAG_TEMPLATE") or ""),
        )
        settings = msgspec.structs.replace(settings, rag=read_rag_settings(
            read, openai_urls=settings.openai_api_base_urls, openai_keys=settings.openai_api_keys,
            ollama_urls=settings.ollama_base_urls),
                                           oauth=read_oauth_settings(read))
        settings = msgspec.structs.replace(settings, local_model=read.flag("ANNALS_LOCAL_MODEL", default=(
            settings.embedded and not settings.openai_api_base_urls and not settings.ollama_base_urls)))
        if settings.production:
            _check_production_secrets(settings)
            if settings.audit_key_file is None:
                raise SettingsError("ANNALS_AUDIT_KEY_FILE must name the file of the key that signs the logs' "
                                    "checkpoints when ANNALS_ENV=production, the same for every process (made "
                                    "there on first start; keep it outside the database, and back it up)")
            if settings.key_file is None:
                raise SettingsError("ANNALS_KEY_FILE must name the file of the keys that wrap every person's data "
                                    "key when ANNALS_ENV=production, the same for every process (made there on "
                                    "first start; keep it outside the database, and back it up: without it "
                                    "nothing personal in the log can be read)")
        return settings


def _check_production_secrets(settings: Settings) -> None:
    if not settings.secret_key:
        raise SettingsError("WEBUI_SECRET_KEY must be set when ANNALS_ENV=production "
                            f"(make one with: {HOW_TO_MAKE_ONE})")
    named = [("WEBUI_SECRET_KEY", settings.secret_key)]
    named += [(f"ANNALS_PREVIOUS_SECRET_KEYS (key {n})", key) for n, key in enumerate(settings.previous_secret_keys, 1)]
    for name, secret in named:
        if (why := weakness(secret)) is not None:
            raise SettingsError(f"{name} is too weak for ANNALS_ENV=production: {why} "
                                f"(make one with: {HOW_TO_MAKE_ONE})")


def _postgres_url(url: str | None) -> str | None:
    if not url or url.startswith("sqlite"):
        return None  # Open WebUI's sqlite URLs mean "embedded" to us.
    if not url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        raise SettingsError(f"DATABASE_URL must be a postgresql:// URL, got {url.split(':')[0]}://")
    return url


def _none_or_more(read: EnvironmentReader, name: str, default: int) -> int:
    value = read.integer(name, default)
    if value < 0:
        raise SettingsError(f"{name} must be 0 or more, got {value}")
    return value


def _at_least_one(read: EnvironmentReader, name: str, default: int) -> int:
    value = read.integer(name, default)
    if value < 1:
        raise SettingsError(f"{name} must be 1 or more, got {value}")
    return value
