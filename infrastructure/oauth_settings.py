"""Single sign-on through an OpenID provider, with Open WebUI's variable names and defaults.

``OAUTH_CLIENT_ID``, ``OAUTH_CLIENT_SECRET``, ``OPENID_PROVIDER_URL`` (the discovery document),
``OPENID_REDIRECT_URI`` (default: our own ``/oauth/oidc/login/callback``), ``OAUTH_PROVIDER_NAME``
(the sign-in button's label), ``OAUTH_SCOPES``, ``ENABLE_OAUTH_SIGNUP``, ``OAUTH_MERGE_ACCOUNTS_BY_EMAIL``,
``ENABLE_OAUTH_ROLE_MANAGEMENT`` with ``OAUTH_ROLES_CLAIM``, ``OAUTH_ALLOWED_ROLES`` and ``OAUTH_ADMIN_ROLES``,
``ENABLE_OAUTH_GROUP_MANAGEMENT`` with ``OAUTH_GROUPS_CLAIM`` (or ``OAUTH_GROUP_CLAIM``) and
``ENABLE_OAUTH_GROUP_CREATION`` and ``OAUTH_BLOCKED_GROUPS`` (groups the claim neither joins nor leaves: a
JSON array or a comma list), the claims ``OAUTH_EMAIL_CLAIM``, ``OAUTH_USERNAME_CLAIM`` and
``OAUTH_PICTURE_CLAIM`` (its picture fetched for a new account, and at every sign-in with
``OAUTH_UPDATE_PICTURE_ON_LOGIN``; from a private network only one listed in
``ANNALS_OAUTH_PICTURE_PRIVATE_NETWORKS``), ``OAUTH_SUB_CLAIM`` (who the person is at the provider; default ``sub``),
``OAUTH_ALLOWED_DOMAINS`` (the e-mail domains that may sign in; default ``*``, any), and
``OAUTH_CODE_CHALLENGE_METHOD``. ``WEBUI_URL`` (the app's public address) is the base of the ``/auth``
page the browser is sent back to, as in Open WebUI; unset: the host the browser used.

PKCE (S256) is used whatever ``OAUTH_CODE_CHALLENGE_METHOD`` says; setting it, as in Open WebUI, lets a
public client (no secret) sign in, and any method but S256 is refused at start.
"""

from __future__ import annotations

import msgspec

from infrastructure.environment import EnvironmentReader, SettingsError

PROVIDER = "oidc"
"""The provider's key in the app's config and in its paths (``/oauth/oidc/login``), as in Open WebUI."""


class OAuthSettings(msgspec.Struct, frozen=True, kw_only=True):
    client_id: str = ""
    client_secret: str = ""
    provider_url: str = ""
    redirect_uri: str = ""
    """Empty: the callback on the host the browser used."""
    provider_name: str = "SSO"
    scopes: str = "openid email profile"
    public_client: bool = False
    """``OAUTH_CODE_CHALLENGE_METHOD`` is set: PKCE stands in for a client secret."""
    signup: bool = False
    merge_accounts_by_email: bool = False
    role_management: bool = False
    roles_claim: str = "roles"
    allowed_roles: tuple[str, ...] = ("user", "admin")
    admin_roles: tuple[str, ...] = ("admin",)
    group_management: bool = False
    groups_claim: str = "groups"
    group_creation: bool = False
    blocked_groups: tuple[str, ...] = ()
    email_claim: str = "email"
    username_claim: str = "name"
    picture_claim: str = "picture"
    update_picture_on_login: bool = False
    picture_private_networks: tuple[str, ...] = ()
    """The private networks a picture may be fetched from (none: the provider chooses the address)."""
    sub_claim: str = "sub"
    allowed_domains: tuple[str, ...] = ("*",)
    webui_url: str = ""

    @property
    def enabled(self) -> bool:
        """Configured as Open WebUI requires: a client, a provider, and a secret or PKCE."""
        return bool(self.client_id and self.provider_url and (self.client_secret or self.public_client))


def read_oauth_settings(read: EnvironmentReader) -> OAuthSettings:
    defaults = OAuthSettings()
    method = read.text("OAUTH_CODE_CHALLENGE_METHOD")
    if method not in (None, "S256"):

        raise SettingsError(f"OAUTH_CODE_CHALLENGE_METHOD must be S256 (or unset), got {method!r}")
    return OAuthSettings(
        client_id=read.text("OAUTH_CLIENT_ID") or "",
        client_secret=read.text("OAUTH_CLIENT_SECRET") or "",
        provider_url=read.text("OPENID_PROVIDER_URL") or "",
        redirect_uri=read.text("OPENID_REDIRECT_URI") or "",
        provider_name=read.text("OAUTH_PROVIDER_NAME") or defaults.provider_name,
        scopes=read.text("OAUTH_SCOPES") or defaults.scopes,
        public_client=method is not None,
        signup=read.flag("ENABLE_OAUTH_SIGNUP", default=False),
        merge_accounts_by_email=read.flag("OAUTH_MERGE_ACCOUNTS_BY_EMAIL", default=False),
        role_management=read.flag("ENABLE_OAUTH_ROLE_MANAGEMENT", default=False),
        roles_claim=read.text("OAUTH_ROLES_CLAIM") or defaults.roles_claim,
        allowed_roles=read.csv("OAUTH_ALLOWED_ROLES") or defaults.allowed_roles,
        admin_roles=read.csv("OAUTH_ADMIN_ROLES") or defaults.admin_roles,
        group_management=read.flag("ENABLE_OAUTH_GROUP_MANAGEMENT", default=False),
        groups_claim=read.text("OAUTH_GROUPS_CLAIM", "OAUTH_GROUP_CLAIM") or defaults.groups_claim,
        group_creation=read.flag("ENABLE_OAUTH_GROUP_CREATION", default=False),
        blocked_groups=_group_names(read.text("OAUTH_BLOCKED_GROUPS") or "[]"),
        email_claim=read.text("OAUTH_EMAIL_CLAIM") or defaults.email_claim,
        username_claim=read.text("OAUTH_USERNAME_CLAIM") or defaults.username_claim,
        picture_claim=read.text("OAUTH_PICTURE_CLAIM") or defaults.picture_claim,
        update_picture_on_login=read.flag("OAUTH_UPDATE_PICTURE_ON_LOGIN", default=False),
        picture_private_networks=read.networks("ANNALS_OAUTH_PICTURE_PRIVATE_NETWORKS", default=()),
        sub_claim=read.text("OAUTH_SUB_CLAIM") or defaults.sub_claim,
        allowed_domains=tuple(d.lower() for d in read.csv("OAUTH_ALLOWED_DOMAINS")) or defaults.allowed_domains,
        webui_url=read.text("WEBUI_URL") or "",
    )


def _group_names(value: str) -> tuple[str, ...]:
    """Open WebUI's forms: a JSON array of names, else names separated by commas."""
    try:
        parsed = msgspec.json.decode(value)
    except msgspec.DecodeError:
        parsed = value.split(",")
    names = parsed if isinstance(parsed, list) else []
    return tuple(name.strip() for name in names if isinstance(name, str) and name.strip())
