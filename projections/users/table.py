from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text


@dataclass(frozen=True)
class UserTables:
    users: Table
    sessions: Table
    api_keys: Table
    scim_providers: Table
    extras: Table
    named: Table


def define_user_tables(metadata: MetaData, suffix: str = "") -> UserTables:
    users = Table(
        f"users{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("email", String(320), nullable=False),
        Column("name", Text, nullable=False),
        Column("role", String(20), nullable=False),
        Column("profile_image_url", Text, nullable=False),
        Column("profile", JSON, nullable=False),
        Column("settings", JSON),
        Column("timezone", String(100)),
        Column("status_emoji", Text),
        Column("status_message", Text),
        Column("status_expires_at", BigInteger),
        Column("token_generation", Integer, nullable=False),
        Column("last_active_at", BigInteger, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
        Column("active", Boolean, nullable=False, default=True),
        Column("provider_id", String(36)),
        Column("external_id", Text),
        Column("user_name", Text),
        Column("version", Integer, nullable=False, default=1),
    )
    """``provider_id``: the identity provider that provisions the account (SCIM), which alone may
    change it over SCIM; ``version``: the account aggregate's, for SCIM's ETags."""
    sessions = Table(
        f"sessions{suffix}",
        metadata,
        Column("session_id", String(64), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("means", String(20), nullable=False),
        Column("signed_in_at", BigInteger, nullable=False),
        Column("token_generation", Integer, nullable=False),
    )
    """Sessions signed in and not out: a token naming any other is refused, however well signed.
    ``means``: how it began (``oidc``: through the OpenID provider); ``token_generation``: the
    account's when it began (a session of an older one is over, though not signed out)."""
    api_keys = Table(
        f"api_keys{suffix}",
        metadata,
        Column("key_digest", String(64), primary_key=True),
        Column("user_id", String(36), nullable=False, unique=True),
        Column("created_at", BigInteger, nullable=False),
    )
    """Keys issued and not revoked, by digest (a request's key is found in one read of the key): one
    a person at most, as in Open WebUI."""
    scim_providers = Table(
        f"scim_providers{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("name", Text, nullable=False),
        Column("token_digest", String(64), nullable=False, unique=True),
        Column("created_by", String(36), nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    """Identity providers registered by an admin, each with the digest of its SCIM token in force."""
    extras = Table(
        f"user_extras{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("info", JSON),
        Column("variables", JSON, nullable=False),
    )
    """What a person keeps on their account for the app's own use (``info``: their location;
    ``variables``: for their prompts), apart from ``users``, whose rows are read and kept in memory
    on every request: these may be tens of kilobytes."""
    named = Table(
        f"user_named{suffix}",
        metadata,
        Column("user_id", String(36), primary_key=True),
        Column("quoted_user_id", String(36), primary_key=True),
    )
    """Whose model presets a person's settings have chosen (``User.PresetsNamed``): replayed when
    the presets' creator is forgotten."""
    Index(f"ix_user_named_quoted{suffix}", named.c.quoted_user_id)
    Index(f"ix_users_email{suffix}", users.c.email)
    Index(f"ix_users_created_at{suffix}", users.c.created_at)
    Index(f"ix_users_provider{suffix}", users.c.provider_id, users.c.created_at, users.c.id)
    Index(f"ix_sessions_user{suffix}", sessions.c.user_id)  # a sign-out everywhere, a deletion: by person
    return UserTables(users=users, sessions=sessions, api_keys=api_keys, scim_providers=scim_providers,
                      extras=extras, named=named)
