from __future__ import annotations

import json
from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.identity.scim_providers import ScimProvider
from domain.identity.user import User
from domain.privacy.places import items_at
from projections.runtime.projector import Change, Projector, epoch, insert_once, quoting_in
from projections.users.table import UserTables, define_user_tables

NOTHING: tuple[Change, ...] = ()


def _revoked(user_id: Any) -> tuple[Change, ...]:
    """Live connections of this user must re-check their token now."""
    return (Change(topic=f"user:{user_id}", payload={"type": "user:access-changed"}),)


def _kept(text: str) -> dict[str, Any]:
    """What JSON text an event kept; nothing once the person is forgotten (it reads ``[erased]``)."""
    try:
        kept = json.loads(text)
    except ValueError:
        return {}
    return kept if isinstance(kept, dict) else {}


class UserDirectory(Projector):
    """Accounts as the API shows them, their open sessions and API keys, and the identity providers
    that provision them (SCIM)."""

    view = "users"
    context = "Identity"
    tables: UserTables

    def replica(self, metadata: MetaData, suffix: str) -> UserDirectory:
        return UserDirectory(define_user_tables(metadata, suffix))

    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        changes = self._apply(event, conn, position)
        if isinstance(event, User.Event) and not isinstance(event, User.Registered | User.Deleted):
            users = self.tables.users
            conn.execute(users.update().where(users.c.id == str(event.originator_id))
                         .values(version=event.originator_version))
        return changes

    @singledispatchmethod
    def _apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING

    @_apply.register
    def _(self, event: User.Registered, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.users.insert().values(
            id=str(event.originator_id), email=event.email, name=event.name, role=event.role,
            profile_image_url=event.profile_image_url, profile={}, settings=None, timezone=None,
            token_generation=0, last_active_at=now, created_at=now, updated_at=now, active=True,
            version=event.originator_version,
        ))
        conn.execute(self.tables.extras.insert().values(id=str(event.originator_id), info=None, variables={}))
        return NOTHING

    @_apply.register
    def _(self, event: User.SignedIn, conn: Connection, position: int) -> Iterable[Change]:
        users = self.tables.users
        user_id = str(event.originator_id)
        conn.execute(users.update().where(users.c.id == user_id).values(last_active_at=epoch(event)))
        generation = select(users.c.token_generation).where(users.c.id == user_id).scalar_subquery()
        conn.execute(self.tables.sessions.insert().values(
            session_id=event.session_id, user_id=user_id, means=event.means, signed_in_at=epoch(event),
            token_generation=generation))
        return NOTHING

    @_apply.register
    def _(self, event: User.SignedOut, conn: Connection, position: int) -> Iterable[Change]:
        sessions = self.tables.sessions
        conn.execute(sessions.delete().where(sessions.c.session_id == event.session_id,
                                             sessions.c.user_id == str(event.originator_id)))
        return _revoked(event.originator_id)

    @_apply.register
    def _(self, event: User.ProfileUpdated, conn: Connection, position: int) -> Iterable[Change]:
        changes = dict(event.changes)
        columns: dict[str, Any] = {k: changes.pop(k) for k in ("name", "profile_image_url") if k in changes}
        if changes:
            profile = conn.execute(self.tables.users.select().with_only_columns(self.tables.users.c.profile)
                                   .where(self.tables.users.c.id == str(event.originator_id))).scalar()
            columns["profile"] = {**(profile or {}), **changes}
        self._update(conn, event, **columns)
        return NOTHING

    @_apply.register
    def _(self, event: User.EmailChanged, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, email=event.email)
        return NOTHING

    @_apply.register
    def _(self, event: User.PasswordChanged, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, token_generation=event.token_generation)
        return _revoked(event.originator_id)

    @_apply.register
    def _(self, event: User.RoleChanged, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, role=event.role, token_generation=event.token_generation)
        return _revoked(event.originator_id)

    @_apply.register
    def _(self, event: User.SettingsUpdated, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, settings=event.settings)
        return NOTHING

    @_apply.register
    def _(self, event: User.PresetsNamed, conn: Connection, position: int) -> Iterable[Change]:
        """Someone else's presets the settings just updated choose, in the places kept for them."""
        users, user_id = self.tables.users, str(event.originator_id)
        insert_once(conn, self.tables.named, user_id=user_id, quoted_user_id=event.quoted_user_id)
        settings = conn.execute(select(users.c.settings).where(users.c.id == user_id)).scalar() or {}
        ui = settings.get("ui")
        if isinstance(ui, dict):
            ui = {**ui, **{name: items_at(ui.get(name), places, event.models.get(name, []))
                           for name, places in event.places.items()}}
            conn.execute(users.update().where(users.c.id == user_id).values(settings={**settings, "ui": ui}))
        return NOTHING

    @_apply.register
    def _(self, event: User.TimezoneChanged, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, timezone=event.timezone)
        return NOTHING

    @_apply.register
    def _(self, event: User.StatusChanged, conn: Connection, position: int) -> Iterable[Change]:
        status = {"status_emoji": event.emoji, "status_message": event.message,
                  "status_expires_at": event.expires_at}
        self._update(conn, event, **{column: value for column, value in status.items() if value is not None})
        return NOTHING

    @_apply.register
    def _(self, event: User.InfoMerged, conn: Connection, position: int) -> Iterable[Change]:
        extras = self.tables.extras
        where = extras.c.id == str(event.originator_id)
        info = conn.execute(select(extras.c.info).where(where)).scalar()
        conn.execute(extras.update().where(where).values(info={**(info or {}), **_kept(event.changes)}))
        return NOTHING

    @_apply.register
    def _(self, event: User.VariablesReplaced, conn: Connection, position: int) -> Iterable[Change]:
        extras = self.tables.extras
        conn.execute(extras.update().where(extras.c.id == str(event.originator_id))
                     .values(variables=_kept(event.variables)))
        return NOTHING

    @_apply.register
    def _(self, event: User.ApiKeyIssued, conn: Connection, position: int) -> Iterable[Change]:
        conn.execute(self.tables.api_keys.insert().values(
            key_digest=event.key_digest, user_id=str(event.originator_id), created_at=epoch(event)))
        return NOTHING

    @_apply.register
    def _(self, event: User.ApiKeyRevoked, conn: Connection, position: int) -> Iterable[Change]:
        api_keys = self.tables.api_keys
        conn.execute(api_keys.delete().where(api_keys.c.key_digest == event.key_digest))
        return NOTHING

    @_apply.register
    def _(self, event: User.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        user_id = str(event.originator_id)
        self.drop_aggregate(conn, user_id)
        return _revoked(user_id)

    @_apply.register
    def _(self, event: User.LinkedToProvider, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, provider_id=event.provider_id, external_id=event.external_id,
                     user_name=event.user_name)
        return NOTHING

    @_apply.register
    def _(self, event: User.Deactivated, conn: Connection, position: int) -> Iterable[Change]:
        user_id = str(event.originator_id)
        self._update(conn, event, active=False, token_generation=event.token_generation)
        conn.execute(self.tables.sessions.delete().where(self.tables.sessions.c.user_id == user_id))
        return _revoked(user_id)

    @_apply.register
    def _(self, event: User.SessionsRevoked, conn: Connection, position: int) -> Iterable[Change]:
        user_id = str(event.originator_id)
        self._update(conn, event, token_generation=event.token_generation)
        conn.execute(self.tables.sessions.delete().where(self.tables.sessions.c.user_id == user_id))
        return _revoked(user_id)

    @_apply.register
    def _(self, event: User.Reactivated, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, active=True)
        return NOTHING

    @_apply.register
    def _(self, event: ScimProvider.Registered, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.scim_providers.insert().values(
            id=str(event.originator_id), name=event.name, token_digest=event.token_digest,
            created_by=event.actor_id, created_at=now, updated_at=now))
        return NOTHING

    @_apply.register
    def _(self, event: ScimProvider.TokenRotated, conn: Connection, position: int) -> Iterable[Change]:
        providers = self.tables.scim_providers
        conn.execute(providers.update().where(providers.c.id == str(event.originator_id))
                     .values(token_digest=event.token_digest, updated_at=epoch(event)))
        return NOTHING

    @_apply.register
    def _(self, event: ScimProvider.Removed, conn: Connection, position: int) -> Iterable[Change]:
        providers = self.tables.scim_providers
        conn.execute(providers.delete().where(providers.c.id == str(event.originator_id)))
        return NOTHING

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """Others whose settings choose the person's presets."""
        named, users = self.tables.named, self.tables.users
        return quoting_in(conn, named.c.user_id, named.c.quoted_user_id, person_id, owned=(users.c.id, users.c.id))

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        tables = self.tables
        for table, column in ((tables.users, tables.users.c.id), (tables.extras, tables.extras.c.id),
                              (tables.sessions, tables.sessions.c.user_id),
                              (tables.api_keys, tables.api_keys.c.user_id), (tables.named, tables.named.c.user_id)):
            conn.execute(table.delete().where(column == aggregate_id))

    def _update(self, conn: Connection, event: Any, **values: Any) -> None:
        users = self.tables.users
        conn.execute(users.update().where(users.c.id == str(event.originator_id))
                     .values(updated_at=epoch(event), **values))
