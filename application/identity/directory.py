"""What signing in through an LDAP directory needs from outside: the server's settings (Open WebUI's
``LDAP_*``, in the shape its admin page reads and saves), and the directory itself."""

from __future__ import annotations

from typing import Annotated, Protocol

import msgspec

Setting = Annotated[str, msgspec.Meta(max_length=4096)]
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]


class LdapServer(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    label: Setting = ""
    host: Setting = ""
    port: Port | None = None
    attribute_for_mail: Setting = "mail"
    attribute_for_username: Setting = "uid"
    app_dn: Setting = ""
    app_dn_password: Setting = ""
    search_base: Setting = ""
    search_filters: Setting = ""
    use_tls: bool = True
    certificate_path: Setting | None = None
    validate_cert: bool = True
    ciphers: Setting | None = "ALL"
    default_email_domain: Setting = ""
    """For an entry without a mail attribute: the person's address is ``<username>@<this>``."""
    enable_group_management: bool = False
    enable_group_creation: bool = False
    attribute_for_groups: Setting = "memberOf"

    def without_password(self) -> LdapServer:
        return msgspec.structs.replace(self, app_dn_password="")


REQUIRED_FIELDS = ("label", "host", "attribute_for_mail", "attribute_for_username", "search_base")
"""What a saved server must name, as Open WebUI's admin page requires (it requires the application
account too; a directory that lets anyone search needs none, so it may be left empty here)."""


class DirectoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    """The person the directory found and whose password it accepted."""

    dn: str
    user_name: str
    email: str
    name: str
    groups: tuple[str, ...] = ()
    """The names (CN) of the groups the entry's group attribute names."""


class Directory(Protocol):
    def authenticate(self, server: LdapServer, user_name: str, password: str) -> DirectoryEntry:
        """The entry whose username attribute is ``user_name``, once a bind as it with ``password``
        succeeds; else ``InvalidCredentialsError`` (no such entry, or the wrong password),
        ``DirectoryUnavailableError`` (the server, or its application account, failed us)."""


class DirectoryUnavailableError(Exception):
    """The directory could not be asked: nothing is said about the person's password."""


class DirectoryDisabledError(Exception):
    def __init__(self) -> None:
        super().__init__("LDAP authentication is not enabled")


class IncompleteLdapServerError(ValueError):
    def __init__(self, field: str) -> None:
        super().__init__(f"Required field {field} is empty")


class IncompleteEntryError(ValueError):
    """The directory's entry lacks what an account needs."""
