"""Sign-in through the workspace's LDAP directory, and its settings.

The person is known by their directory entry (its DN, kept on the account and in a ``DirectoryIndex``),
never by an e-mail address alone: an entry whose address an account without that link holds is
refused, not merged into it. Their first sign-in makes the account (the very first one founds the
workspace, as sign-up does); with group management on, the entry's groups are reported on the account
and the groups context follows them. The directory is asked before anything is saved.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from application.identity.directory import (
    REQUIRED_FIELDS,
    Directory,
    DirectoryDisabledError,
    DirectoryEntry,
    IncompleteLdapServerError,
    LdapServer,
)
from application.identity.directory_commands import KeepLdapServer, SetLdapEnabled, SignInThroughDirectory
from application.identity.provisioning import NO_PASSWORD
from application.identity.service import Identity
from application.log_positions import LogPosition
from application.models.ports import Sealer
from domain.identity.directory_index import DirectoryIndex, check_directory_password
from domain.identity.ldap_settings import LDAP_SETTINGS_ID, LdapSettings
from domain.identity.roles import ADMIN
from domain.identity.user import User

SEALED_FOR = "ldap-app-password"


class DirectorySignIn:
    def __init__(self, identity: Identity, directory: Directory, sealer: Sealer, *, enabled: bool,
                 server: LdapServer) -> None:
        self._identity, self._directory, self._sealer = identity, directory, sealer
        self._enabled, self._server = enabled, server
        """The environment's, in force until an admin saves others (its password never reaches the log)."""

    # -- settings ------------------------------------------------------------------------------

    def enabled(self) -> bool:
        return bool(self._settings().get("enabled", self._enabled))

    def server(self) -> LdapServer:
        kept = self._settings().get("server")
        if kept is None:
            return self._server
        server = msgspec.convert(kept, LdapServer)
        password = self._sealer.unseal(server.app_dn_password, SEALED_FOR) if server.app_dn_password else ""
        return msgspec.structs.replace(server, app_dn_password=password)

    def set_enabled(self, command: SetLdapEnabled) -> LogPosition | None:
        return self._change(command.actor_id, {"enabled": command.enabled})

    def keep_server(self, command: KeepLdapServer) -> LogPosition | None:
        server = command.server
        if missing := next((f for f in REQUIRED_FIELDS if not getattr(server, f)), None):
            raise IncompleteLdapServerError(missing)
        if server.app_dn_password:
            server = msgspec.structs.replace(server, app_dn_password=self._sealer.seal(server.app_dn_password,
                                                                                        SEALED_FOR))
        return self._change(command.actor_id, {"server": msgspec.to_builtins(server)})

    def _settings(self) -> dict[str, Any]:
        kept = self._identity.find(LDAP_SETTINGS_ID)
        return kept.settings if isinstance(kept, LdapSettings) else {}

    def _change(self, actor_id: str, changes: dict[str, Any]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            kept = self._identity.find(LDAP_SETTINGS_ID)
            if isinstance(kept, LdapSettings):
                kept.change(actor_id=actor_id, changes=changes)
            else:
                kept = LdapSettings.keep(actor_id=actor_id, changes=changes)
            return self._identity.commit(kept)

        return self._identity.retrying(attempt, turn=LDAP_SETTINGS_ID)

    # -- sign-in -------------------------------------------------------------------------------

    def sign_in(self, command: SignInThroughDirectory) -> User:
        """The account signed in, after the directory accepted the password."""
        if not self.enabled():
            raise DirectoryDisabledError()
        check_directory_password(command.password)
        server = self.server()
        entry = self._directory.authenticate(server, command.user_name, command.password)

        def attempt() -> User:
            user, changed = self._account(entry)
            user.sign_in(session_id=command.session_id, address=command.address, means="ldap")
            if server.enable_group_management and user.role != ADMIN:
                user.report_groups(group_names=sorted(set(entry.groups)), create_missing=server.enable_group_creation)
            self._identity.commit(*changed, user)
            return user

        return self._identity.retrying(attempt)

    def _account(self, entry: DirectoryEntry) -> tuple[User, list[Any]]:
        """The entry's account, or a new one, and what else its sign-in saves."""
        index = self._identity.find(DirectoryIndex.id_for(entry.dn))
        if isinstance(index, DirectoryIndex):
            known = self._identity.find(index.user_id)
            if isinstance(known, User) and not known.deleted:
                return known, []
        user_id = uuid.uuid4()
        role, workspace = self._identity.newcomer(user_id, signup_needed=False)
        user, email_index = self._identity.register(user_id, entry.email, entry.name, NO_PASSWORD, role,
                                                    "/user.png", None)
        user.link_to_directory(dn=entry.dn, user_name=entry.user_name)
        if isinstance(index, DirectoryIndex):
            index.reclaim(user_id)
        else:
            index = DirectoryIndex(id=DirectoryIndex.id_for(entry.dn), user_id=user_id)
        return user, [c for c in (workspace, email_index, index) if c is not None]
