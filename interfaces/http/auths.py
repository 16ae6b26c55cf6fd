"""/api/v1/auths: sign-up, sign-in, sign-out, the session user, profile and password."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_400_BAD_REQUEST

from application.identity.commands import (
    AddUser,
    ChangeAuthConfig,
    ChangePassword,
    ChangeTimezone,
    SignIn,
    SignOut,
    SignUp,
    UpdateProfile,
)
from application.identity.service import Identity
from domain.identity.errors import InvalidCredentialsError
from infrastructure.settings import Settings
from infrastructure.tokens import Tokens, new_session_id
from interfaces.http.access import admins, members, public, signed_in
from interfaces.http.addresses import client_address
from interfaces.http.auth import SessionUser
from interfaces.http.forms import (
    AddUserForm,
    AdminAuthConfigForm,
    SigninForm,
    SignupForm,
    UpdatePasswordForm,
    UpdateProfileForm,
    UpdateTimezoneForm,
)
from interfaces.http.permissions import told
from interfaces.http.refusals import record_sign_in_refusal
from interfaces.http.signed_in import profile_image_path, signed_in_answer
from interfaces.http.throttle import SignInThrottle, TooManySignInsError
from interfaces.http.trusted_header import sign_in_by_trusted_header
from interfaces.http.users import status_of
from projections.groups.standings import Standings
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries


@post("/api/v1/auths/signup", sync_to_thread=True, status_code=200, guards=[public], opt=reads())
def signup(data: JSONBody[SignupForm], request: Request[Any, Any, Any], standings: NamedDependency[Standings],
           identity: NamedDependency[Identity], tokens: NamedDependency[Tokens],
           throttle: NamedDependency[SignInThrottle]) -> Response[Any]:
    session_id = new_session_id()
    identity.sign_up(SignUp(
        user_id=uuid.uuid4(), email=data.email, password=data.password, name=data.name,
        profile_image_url=data.profile_image_url, session_id=session_id, address=client_address(request)))
    throttle.signed_up(client_address(request), data.email)
    return signed_in_answer(standings, identity, tokens, data.email, session_id)


@post("/api/v1/auths/signin", sync_to_thread=True, status_code=200, guards=[public], opt=reads(),
      before_request=sign_in_by_trusted_header)
def signin(data: JSONBody[SigninForm], request: Request[Any, Any, Any], standings: NamedDependency[Standings],
           identity: NamedDependency[Identity], tokens: NamedDependency[Tokens],
           throttle: NamedDependency[SignInThrottle]) -> Response[Any]:
    session_id = new_session_id()
    command = SignIn(email=data.email, password=data.password, session_id=session_id,
                     address=client_address(request))
    try:
        throttle.guard(client_address(request), data.email, lambda: identity.sign_in(command))
    except InvalidCredentialsError:
        record_sign_in_refusal(request, data.email, "wrong email or password", HTTP_400_BAD_REQUEST)
        raise
    except TooManySignInsError as error:
        record_sign_in_refusal(request, data.email, "too many failed sign-ins", error.status_code)
        raise
    return signed_in_answer(standings, identity, tokens, data.email, session_id)


@post("/api/v1/auths/signout", sync_to_thread=True, status_code=200, guards=[signed_in], opt=reads(UserDirectory))
def signout(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
            identity: NamedDependency[Identity]) -> Response[Any]:
    """With an API key there is no session to end (and the key goes on: deleting it is its own route)."""
    if user.means == "session":
        identity.sign_out(SignOut(user_id=uuid.UUID(user.id), session_id=user.session_id,
                                  address=client_address(request)))
    return Response({"status": True}, cookies=[Cookie(key="token", value="", max_age=0, expires=0)])


@get("/api/v1/auths/", sync_to_thread=False, guards=[signed_in])
def session_user_info(user: NamedDependency[SessionUser]) -> dict[str, Any]:
    record = user.record
    return {
        "token": user.token, "token_type": "Bearer", "expires_at": user.expires_at,
        "id": user.id, "email": user.email, "name": user.name, "role": user.role,
        "profile_image_url": user.profile_image_url, "bio": record.get("bio"),
        "gender": record.get("gender"), "date_of_birth": record.get("date_of_birth"),
        **status_of(record), "permissions": told(user.permissions),
    }


@post("/api/v1/auths/update/profile", sync_to_thread=True, status_code=200, guards=[members], opt=reads(UserDirectory))
def update_profile(data: JSONBody[UpdateProfileForm], user: NamedDependency[SessionUser],
                   identity: NamedDependency[Identity],
                   users: NamedDependency[UserQueries]) -> dict[str, Any]:
    changes = msgspec.structs.asdict(data)  # as in Open WebUI, what is left out is cleared
    identity.update_profile(UpdateProfile(user_id=uuid.UUID(user.id), changes=changes))
    record = users.get_user(user.id) or {}
    return {"id": user.id, "name": record.get("name"), "email": record.get("email"),
            "role": record.get("role"), "profile_image_url": record.get("profile_image_url")}


@post("/api/v1/auths/update/timezone", sync_to_thread=True, status_code=200, guards=[signed_in],
      opt=reads(UserDirectory))
def update_timezone(data: JSONBody[UpdateTimezoneForm], user: NamedDependency[SessionUser],
                    identity: NamedDependency[Identity]) -> dict[str, bool]:
    identity.change_timezone(ChangeTimezone(user_id=uuid.UUID(user.id), timezone=data.timezone))
    return {"status": True}


@post("/api/v1/auths/update/password", sync_to_thread=True, status_code=200, guards=[members], opt=reads(UserDirectory))
def update_password(data: JSONBody[UpdatePasswordForm], user: NamedDependency[SessionUser],
                    identity: NamedDependency[Identity]) -> bool:
    """Every token issued before, this one included, stops working."""
    identity.change_password(ChangePassword(
        user_id=uuid.UUID(user.id), current_password=data.password, new_password=data.new_password))
    return True


@post("/api/v1/auths/add", sync_to_thread=True, status_code=200, guards=[admins], opt=reads(UserDirectory))
def add_user(data: JSONBody[AddUserForm], identity: NamedDependency[Identity], users: NamedDependency[UserQueries],
             tokens: NamedDependency[Tokens]) -> dict[str, Any]:
    user_id, session_id = uuid.uuid4(), new_session_id()
    identity.add_user(AddUser(
        user_id=user_id, email=data.email, password=data.password, name=data.name, role=data.role,
        profile_image_url=data.profile_image_url, session_id=session_id))
    record = users.get_user(str(user_id)) or {}
    token, _ = tokens.issue(record["id"], session_id, record["token_generation"])
    return {"id": record["id"], "name": record["name"], "email": record["email"], "role": record["role"],
            "profile_image_url": profile_image_path(record["id"]), "token": token, "token_type": "Bearer"}


@get("/api/v1/auths/admin/config", sync_to_thread=True, guards=[admins])
def get_auth_config(settings: NamedDependency[Settings], identity: NamedDependency[Identity]) -> dict[str, Any]:
    return _auth_config(settings, identity)


@post("/api/v1/auths/admin/config", sync_to_thread=True, status_code=200, guards=[admins], opt=reads())
def set_auth_config(data: JSONBody[AdminAuthConfigForm], settings: NamedDependency[Settings],
                    identity: NamedDependency[Identity]) -> dict[str, Any]:
    identity.change_auth_config(ChangeAuthConfig(changes=msgspec.structs.asdict(data)))
    return _auth_config(settings, identity)


@get("/api/v1/auths/admin/details", sync_to_thread=True, guards=[signed_in])
def admin_details(settings: NamedDependency[Settings], identity: NamedDependency[Identity],
                  users: NamedDependency[UserQueries]) -> dict[str, Any]:
    """Whom an account awaiting approval may ask (the app's pending page): the address the admins
    set (``ADMIN_EMAIL``) with the name of its account if there is one, else the first admin's;
    400 if the admins chose not to show it (``SHOW_ADMIN_DETAILS``)."""
    config = _auth_config(settings, identity)
    if not config["SHOW_ADMIN_DETAILS"]:
        raise ClientException("The admins chose not to show whom to ask.")
    if email := (config["ADMIN_EMAIL"] or "").strip():
        named = users.get_user_by_email(email)
        return {"name": named["name"] if named else None, "email": email}
    workspace = identity.workspace()
    first = users.first_admin(str(workspace.primary_admin_id) if workspace else None)
    return {"name": first["name"], "email": first["email"]} if first else {"name": None, "email": None}


def _auth_config(settings: Settings, identity: Identity) -> dict[str, Any]:
    defaults = msgspec.structs.asdict(AdminAuthConfigForm(
        ENABLE_SIGNUP=settings.enable_signup,
        DEFAULT_USER_ROLE=settings.default_user_role))
    return {**defaults, **identity.auth_config()}


ROUTES = [signup, signin, signout, session_user_info, update_profile, update_timezone, update_password,
          add_user, get_auth_config, set_auth_config, admin_details]
