"""Sign-in from outside the password form, with Open WebUI's variables: the LDAP directory
(``ENABLE_LDAP``, ``LDAP_*``; an admin's save on the LDAP page overrides them) and a trusted proxy's
headers (``WEBUI_AUTH_TRUSTED_EMAIL_HEADER``, ``..._NAME_HEADER``, ``..._GROUPS_HEADER``), believed only
from ``ANNALS_TRUSTED_PROXIES``."""

from __future__ import annotations

import msgspec

from application.identity.directory import LdapServer
from infrastructure.environment import EnvironmentReader


class DirectorySettings(msgspec.Struct, frozen=True, kw_only=True):
    ldap_enabled: bool = False
    ldap_server: LdapServer = LdapServer()
    trusted_email_header: str | None = None
    """Set, a request through a trusted proxy carrying it signs its person in."""
    trusted_name_header: str | None = None
    trusted_groups_header: str | None = None
    """Comma-separated group names: the person's groups follow them (admins' excepted)."""


def read_directory_settings(read: EnvironmentReader) -> DirectorySettings:
    defaults = LdapServer()
    return DirectorySettings(
        ldap_enabled=read.flag("ENABLE_LDAP", default=False),
        ldap_server=LdapServer(
            label=read.text("LDAP_SERVER_LABEL") or "", host=read.text("LDAP_SERVER_HOST") or "localhost",
            port=read.integer("LDAP_SERVER_PORT", 389),
            attribute_for_mail=read.text("LDAP_ATTRIBUTE_FOR_MAIL") or defaults.attribute_for_mail,
            attribute_for_username=read.text("LDAP_ATTRIBUTE_FOR_USERNAME") or defaults.attribute_for_username,
            app_dn=read.text("LDAP_APP_DN") or "", app_dn_password=read.text("LDAP_APP_PASSWORD") or "",
            search_base=read.text("LDAP_SEARCH_BASE") or "", search_filters=read.text("LDAP_SEARCH_FILTERS") or "",
            use_tls=read.flag("LDAP_USE_TLS", default=True), certificate_path=read.text("LDAP_CA_CERT_FILE"),
            validate_cert=read.flag("LDAP_VALIDATE_CERT", default=True), ciphers=read.text("LDAP_CIPHERS") or "ALL",
            enable_group_management=read.flag("ENABLE_LDAP_GROUP_MANAGEMENT", default=False),
            enable_group_creation=read.flag("ENABLE_LDAP_GROUP_CREATION", default=False),
            attribute_for_groups=read.text("LDAP_ATTRIBUTE_FOR_GROUPS") or defaults.attribute_for_groups),
        trusted_email_header=read.text("WEBUI_AUTH_TRUSTED_EMAIL_HEADER"),
        trusted_name_header=read.text("WEBUI_AUTH_TRUSTED_NAME_HEADER"),
        trusted_groups_header=read.text("WEBUI_AUTH_TRUSTED_GROUPS_HEADER"),
    )
