"""/api/v1/auths/ldap: sign-in through the workspace's LDAP directory, and the admins' LDAP page
(``/api/v1/auths/admin/config/ldap`` and ``.../ldap/server``), with Open WebUI's shapes.

A refused sign-in (no password, no such person or the wrong password, too many tries) is recorded
in the audit trail and counted by the same throttle as the password form; the directory's being
away is a 503 that counts against nobody."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.params import JSONBody
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_409_CONFLICT,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from application.identity.directory import (
    DirectoryDisabledError,
    DirectoryUnavailableError,
    IncompleteEntryError,
    IncompleteLdapServerError,
    LdapServer,
)
from application.identity.directory_commands import KeepLdapServer, SetLdapEnabled, SignInThroughDirectory
from application.identity.directory_sign_in import DirectorySignIn
from application.identity.service import Identity
from domain.identity.directory_index import DirectoryPasswordMissingError
from domain.identity.errors import EmailAlreadyRegisteredError, InvalidCredentialsError
from infrastructure.tokens import Tokens, new_session_id
from interfaces.http.access import admins, public
from interfaces.http.addresses import client_address
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form
from interfaces.http.refusals import record_sign_in_refusal
from interfaces.http.signed_in import signed_in_answer
from interfaces.http.throttle import SignInThrottle, TooManySignInsError
from projections.groups.standings import Standings
from projections.runtime.settling import reads

WRONG = "The username or password is incorrect."
AWAY = "The LDAP directory could not be reached. Try again in a moment, or ask an administrator."
UNLINKED = ("An account with this email exists and is not linked to the directory. Sign in with its "
            "password, or ask an administrator.")


class LdapForm(Form):
    user: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    """Empty is decoded, to be refused (and recorded) as a sign-in without a password."""


class LdapEnabledForm(Form):
    enable_ldap: bool | None = None


class LdapRefusalError(HTTPException):
    status_code = HTTP_400_BAD_REQUEST


@post("/api/v1/auths/ldap", sync_to_thread=True, status_code=200, guards=[public], opt=reads())
def ldap_sign_in(data: JSONBody[LdapForm], request: Request[Any, Any, Any],
                 directory_sign_in: NamedDependency[DirectorySignIn],
                 identity: NamedDependency[Identity], standings: NamedDependency[Standings],
                 tokens: NamedDependency[Tokens], throttle: NamedDependency[SignInThrottle]) -> Response[Any]:
    session_id, address = new_session_id(), client_address(request)
    command = SignInThroughDirectory(user_name=data.user, password=data.password, session_id=session_id,
                                     address=address)
    try:
        user = throttle.guard(address, data.user, lambda: directory_sign_in.sign_in(command))
    except DirectoryDisabledError as error:
        raise LdapRefusalError(str(error)) from None
    except DirectoryUnavailableError:
        raise HTTPException(AWAY, status_code=HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "30"}) from None
    except InvalidCredentialsError:
        record_sign_in_refusal(request, data.user, "LDAP: no such person, or the wrong password", HTTP_400_BAD_REQUEST)
        raise LdapRefusalError(WRONG) from None
    except (DirectoryPasswordMissingError, IncompleteEntryError) as error:
        record_sign_in_refusal(request, data.user, f"LDAP: {error}", HTTP_400_BAD_REQUEST)
        raise LdapRefusalError(str(error)) from None
    except EmailAlreadyRegisteredError:
        record_sign_in_refusal(request, data.user, "LDAP: the entry's email is another account's", HTTP_409_CONFLICT)
        raise HTTPException(UNLINKED, status_code=HTTP_409_CONFLICT) from None
    except TooManySignInsError as error:
        record_sign_in_refusal(request, data.user, "too many failed sign-ins", error.status_code)
        raise
    return signed_in_answer(standings, identity, tokens, user.email, session_id)


@get("/api/v1/auths/admin/config/ldap", sync_to_thread=True, guards=[admins])
def ldap_enabled(directory_sign_in: NamedDependency[DirectorySignIn]) -> dict[str, bool]:
    return {"ENABLE_LDAP": directory_sign_in.enabled()}


@post("/api/v1/auths/admin/config/ldap", sync_to_thread=True, status_code=200, guards=[admins], opt=reads())
def set_ldap_enabled(data: JSONBody[LdapEnabledForm], user: NamedDependency[SessionUser],
                     directory_sign_in: NamedDependency[DirectorySignIn]) -> dict[str, bool]:
    directory_sign_in.set_enabled(SetLdapEnabled(actor_id=user.id, enabled=bool(data.enable_ldap)))
    return {"ENABLE_LDAP": directory_sign_in.enabled()}


@get("/api/v1/auths/admin/config/ldap/server", sync_to_thread=True, guards=[admins])
def ldap_server(directory_sign_in: NamedDependency[DirectorySignIn]) -> LdapServer:
    return directory_sign_in.server()


@post("/api/v1/auths/admin/config/ldap/server", sync_to_thread=True, status_code=200, guards=[admins], opt=reads())
def keep_ldap_server(data: JSONBody[LdapServer], user: NamedDependency[SessionUser],
                     directory_sign_in: NamedDependency[DirectorySignIn]) -> LdapServer:
    try:
        directory_sign_in.keep_server(KeepLdapServer(actor_id=user.id, server=data))
    except IncompleteLdapServerError as error:
        raise LdapRefusalError(str(error)) from None
    return directory_sign_in.server()


ROUTES = [ldap_sign_in, ldap_enabled, set_ldap_enabled, ldap_server, keep_ldap_server]
