"""Sign-in by a trusted proxy's header (``WEBUI_AUTH_TRUSTED_EMAIL_HEADER``): the SPA's sign-in page,
told ``auth_trusted_header``, posts an empty form to ``/api/v1/auths/signin``, and this hook, run before
the form is read, answers it for the person the proxy names. The header counts only when the
request's peer is one of ``ANNALS_TRUSTED_PROXIES``: anyone else could send it. From elsewhere it is
ignored (the form is then read as any other) and the attempt recorded as a refusal.

Through the proxy, a session of someone other than the person it names is refused, as Open WebUI
refuses it ("User mismatch"): the app then signs in afresh as the person now behind the proxy."""

from __future__ import annotations

from typing import Any

import anyio
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.status_codes import HTTP_401_UNAUTHORIZED

from application.identity.directory_commands import SignInFromHeader
from application.identity.header_sign_in import sign_in_from_header
from domain.identity.email_index import normalise_email
from infrastructure.container import Container
from infrastructure.directory_settings import DirectorySettings
from infrastructure.tokens import new_session_id
from interfaces.http.addresses import ClientAddresses, client_address
from interfaces.http.refusals import TokenRefusedError, record_sign_in_refusal
from interfaces.http.request_checks import checked
from interfaces.http.signed_in import signed_in_answer

UNTRUSTED = "a trusted sign-in header from an address that is not a trusted proxy"
MISMATCH = "User mismatch. Please sign in again."


async def sign_in_by_trusted_header(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """The signed-in answer for the person the header names, or None: no such header to believe."""
    await checked(request)
    container: Container = request.app.state.container
    said = container.settings.directory
    if not (email := _named(request, said)):
        return None
    addresses: ClientAddresses = request.app.state.addresses
    if not addresses.through_trusted_proxy(request):
        await anyio.to_thread.run_sync(record_sign_in_refusal, request, email, UNTRUSTED, HTTP_401_UNAUTHORIZED)
        return None
    command = SignInFromHeader(email=email, name=_header(request, said.trusted_name_header) or email,
                               group_names=_groups(request, said), session_id=new_session_id(),
                               address=client_address(request))
    return await anyio.to_thread.run_sync(_signed_in, container, command)


def check_proxy_names_the_caller(connection: ASGIConnection[Any, Any, Any, Any], said: DirectorySettings,
                                 email: str) -> None:
    named = _named(connection, said)
    addresses: ClientAddresses = connection.app.state.addresses
    if named and named != normalise_email(email) and addresses.through_trusted_proxy(connection):
        raise TokenRefusedError(MISMATCH, "the trusted proxy names someone else")


def _named(connection: ASGIConnection[Any, Any, Any, Any], said: DirectorySettings) -> str:
    return normalise_email(_header(connection, said.trusted_email_header))


def _signed_in(container: Container, command: SignInFromHeader) -> Response[Any]:
    user = sign_in_from_header(container.identity, command)
    return signed_in_answer(container.standings, container.identity, container.tokens, user.email, command.session_id)


def _header(connection: ASGIConnection[Any, Any, Any, Any], name: str | None) -> str:
    return connection.headers.get(name, "").strip() if name else ""


def _groups(request: Request[Any, Any, Any], said: DirectorySettings) -> list[str] | None:
    names = [n.strip() for n in _header(request, said.trusted_groups_header).split(",") if n.strip()]
    return names or None
