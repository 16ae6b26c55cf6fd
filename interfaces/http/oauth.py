"""Open WebUI's single sign-on paths: ``/oauth/oidc/login`` sends the browser to the OpenID provider,
``/oauth/oidc/login/callback`` (and the older ``/oauth/oidc/callback``) takes it back, signs the person
in, and sends the browser to the app's ``/auth`` page with the session's token in the ``token``
cookie, which the app reads there (so that cookie, unlike the sign-in form's, is readable by the page).

A return that cannot be trusted, or a person the policy turns away, is recorded as a sign-in refusal
and, as in Open WebUI, sent to ``/auth?error=<reason>``, which the app shows as a toast (a person
would otherwise face a page of JSON). ``WEBUI_URL``, when set, is the base of those ``/auth`` addresses.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_403_FORBIDDEN

from application.identity.single_sign_on import (
    EmailDomainNotAllowedError,
    MissingClaimError,
    SignInWithProvider,
    SingleSignOn,
)
from domain.identity.errors import AccountDeactivatedError, EmailAlreadyRegisteredError
from domain.identity.single_sign_on import (
    ProviderRoleRefusedError,
    SignInReplayedError,
    SingleSignOnSignupDisabledError,
)
from infrastructure.oauth_settings import PROVIDER
from infrastructure.oidc import OidcError, OpenIdProvider
from infrastructure.settings import Settings
from infrastructure.sign_in_flows import FLOW_SECONDS, SignInFlows
from infrastructure.tokens import Tokens, new_session_id
from interfaces.http.access import public
from interfaces.http.addresses import client_address
from interfaces.http.refusals import record_sign_in_refusal
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory

FLOW_COOKIE = "oidc_flow"
CALLBACK = f"/oauth/{PROVIDER}/login/callback"
APP_SIGN_IN_PAGE = "/auth"

_REFUSALS: dict[type[Exception], int] = {
    OidcError: HTTP_400_BAD_REQUEST,
    MissingClaimError: HTTP_400_BAD_REQUEST,
    EmailDomainNotAllowedError: HTTP_403_FORBIDDEN,
    SignInReplayedError: HTTP_400_BAD_REQUEST,
    EmailAlreadyRegisteredError: HTTP_400_BAD_REQUEST,
    SingleSignOnSignupDisabledError: HTTP_403_FORBIDDEN,
    ProviderRoleRefusedError: HTTP_403_FORBIDDEN,
    AccountDeactivatedError: HTTP_403_FORBIDDEN,
}


@get("/oauth/{name:str}/login", sync_to_thread=True, guards=[public])
def oauth_login(name: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings],
                openid: NamedDependency[OpenIdProvider | None],
                sign_in_flows: NamedDependency[SignInFlows]) -> Redirect:
    configured = _configured(name, openid)
    redirect_uri = settings.oauth.redirect_uri or str(request.base_url).rstrip("/") + CALLBACK
    try:
        started = configured.authorization_request(redirect_uri)
    except OidcError as error:
        return _to_sign_in_page(settings, error.reason)
    flow = Cookie(key=FLOW_COOKIE, value=sign_in_flows.seal(started, redirect_uri), path="/oauth", httponly=True,
                  samesite="lax", max_age=FLOW_SECONDS, secure=request.url.scheme == "https")
    return Redirect(started.url, status_code=302, cookies=[flow])


def oauth_callback(name: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings],
                   openid: NamedDependency[OpenIdProvider | None], sign_in_flows: NamedDependency[SignInFlows],
                   single_sign_on: NamedDependency[SingleSignOn],
                   tokens: NamedDependency[Tokens]) -> Redirect:
    configured = _configured(name, openid)
    params, session_id, claims = request.query_params, new_session_id(), {}
    try:
        if error := params.get("error"):
            raise OidcError(f"the provider did not sign you in: {params.get('error_description') or error}")
        pending = sign_in_flows.open(request.cookies.get(FLOW_COOKIE), params.get("state"))
        single_sign_on.check_not_completed(pending.state)
        claims = configured.claims_for(params.get("code") or "", pending.redirect_uri, pending.code_verifier,
                                       pending.nonce)
        signed_in = single_sign_on.sign_in(SignInWithProvider(
            state=pending.state, claims=claims, session_id=session_id, address=client_address(request)))
    except tuple(_REFUSALS) as error:
        status = next(code for kind, code in _REFUSALS.items() if isinstance(error, kind))
        reason = str(error)
        record_sign_in_refusal(request, str(claims.get("email") or ""), f"single sign-on: {reason}", status)
        return _to_sign_in_page(settings, reason)
    token, expires_at = tokens.issue(str(signed_in.user.id), session_id, signed_in.user.token_generation)
    secure = request.url.scheme == "https"
    return _to_sign_in_page(settings, cookies=[
        Cookie(key="token", value=token, httponly=False, samesite="lax", expires=expires_at, secure=secure)])


def _to_sign_in_page(settings: Settings, error: str | None = None, cookies: list[Cookie] | None = None) -> Redirect:
    """The app's ``/auth`` page, with the reason of a refusal for it to show; the flow is over either way."""
    page = settings.oauth.webui_url.rstrip("/") + APP_SIGN_IN_PAGE
    ended = Cookie(key=FLOW_COOKIE, value="", path="/oauth", max_age=0, expires=0)
    return Redirect(page if error is None else f"{page}?error={quote_plus(error)}", status_code=302,
                    headers={"Cache-Control": "no-store"}, cookies=[*(cookies or []), ended])


oauth_callback_route = get(CALLBACK.replace(PROVIDER, "{name:str}"), sync_to_thread=True, guards=[public],
                           opt=reads(UserDirectory))(oauth_callback)
older_callback_route = get("/oauth/{name:str}/callback", sync_to_thread=True, guards=[public],
                           opt=reads(UserDirectory))(oauth_callback)
"""Open WebUI's earlier path, which providers registered before it moved may still send people to."""


def _configured(provider: str, openid: OpenIdProvider | None) -> OpenIdProvider:
    if provider != PROVIDER or openid is None:
        raise NotFoundException(f"No sign-in provider {provider!r} is configured here.")
    return openid


def providers(settings: Settings) -> dict[str, str]:
    """What ``/api/config`` tells the app (``oauth.providers``): the key of each sign-in button and its label."""
    return {PROVIDER: settings.oauth.provider_name} if settings.oauth.enabled else {}


ROUTES = [oauth_login, oauth_callback_route, older_callback_route]
