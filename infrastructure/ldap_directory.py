"""The LDAP directory, through ldap3: find the person with the application account, then bind as
them with the password they gave. A bind is never tried with an empty password (an unauthenticated
bind, which servers answer as a success), and what the person typed reaches the search filter only
escaped (RFC 4515), so that ``*`` or ``)(uid=admin`` finds nobody."""

from __future__ import annotations

import ssl
from typing import Any

from ldap3 import NONE, SIMPLE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn

from application.identity.directory import (
    DirectoryEntry,
    DirectoryUnavailableError,
    IncompleteEntryError,
    LdapServer,
)
from domain.identity.directory_index import check_directory_password
from domain.identity.errors import InvalidCredentialsError

TIMEOUT_SECONDS = 5
"""Connecting, and each answer (ldap3 sets the socket option in whole seconds)."""


class LdapDirectory:
    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self._timeout = timeout

    def authenticate(self, server: LdapServer, user_name: str, password: str) -> DirectoryEntry:
        check_directory_password(password)
        try:
            endpoint = self._endpoint(server)
            entry = self._find(endpoint, server, user_name)
            if not self._binds(endpoint, entry.entry_dn, password):
                raise InvalidCredentialsError()
        except LDAPException as error:
            raise DirectoryUnavailableError(f"the LDAP server could not be asked: {error}") from error
        return _entry(server, entry)

    def _endpoint(self, server: LdapServer) -> Server:
        tls = Tls(validate=ssl.CERT_REQUIRED if server.validate_cert else ssl.CERT_NONE,
                  ca_certs_file=server.certificate_path or None, ciphers=server.ciphers or None)
        return Server(server.host, port=server.port, use_ssl=server.use_tls, tls=tls, get_info=NONE,
                      connect_timeout=self._timeout)

    def _find(self, endpoint: Server, server: LdapServer, user_name: str) -> Any:
        app = Connection(endpoint, server.app_dn or None, server.app_dn_password or None,
                         authentication=SIMPLE if server.app_dn else None, receive_timeout=self._timeout)
        if not app.bind():
            raise DirectoryUnavailableError("the LDAP server refused the application account")
        try:
            asked = f"({server.attribute_for_username}={escape_filter_chars(user_name.lower())})"
            attributes = [server.attribute_for_username, server.attribute_for_mail, "cn"]
            if server.enable_group_management:
                attributes.append(server.attribute_for_groups)
            app.search(server.search_base, f"(&{asked}{server.search_filters})", attributes=attributes)
            entries = list(app.entries)
        finally:
            app.unbind()
        if len(entries) != 1 or _first(entries[0], server.attribute_for_username).lower() != user_name.lower():
            raise InvalidCredentialsError()
        return entries[0]

    def _binds(self, endpoint: Server, dn: str, password: str) -> bool:
        person = Connection(endpoint, dn, password, authentication=SIMPLE, receive_timeout=self._timeout)
        try:
            return bool(person.bind())
        finally:
            person.unbind()


def _entry(server: LdapServer, entry: Any) -> DirectoryEntry:
    user_name = _first(entry, server.attribute_for_username).lower()
    email = _first(entry, server.attribute_for_mail).lower()
    if not email and server.default_email_domain:
        email = f"{user_name}@{server.default_email_domain}"
    if not email:
        raise IncompleteEntryError("User does not have a valid email address.")
    groups = _values(entry, server.attribute_for_groups) if server.enable_group_management else []
    return DirectoryEntry(dn=entry.entry_dn, user_name=user_name, email=email,
                          name=_first(entry, "cn") or user_name, groups=tuple(filter(None, map(_common_name, groups))))


def _values(entry: Any, attribute: str) -> list[str]:
    if attribute not in entry:
        return []
    return [str(value) for value in entry[attribute].values]


def _first(entry: Any, attribute: str) -> str:
    return next(iter(_values(entry, attribute)), "")


def _common_name(group_dn: str) -> str | None:
    """A group's name: the first CN of its DN (``cn=staff,ou=groups,...`` is ``staff``)."""
    try:
        parts = parse_dn(group_dn)
    except LDAPException:
        return None
    return next((value for attribute, value, _ in parts if attribute.lower() == "cn"), None)
