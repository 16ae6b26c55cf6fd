"""/api/v1/users/user/{info,status,variables}: what a person keeps on their own account beside their
settings, each change an event of the account, its texts sealed under the person's key.

Open WebUI answers its status routes 403 when ``ENABLE_USER_STATUS`` is off; here status is always
on (the app shows "Update your status" in its user menu unless told otherwise)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.identity.commands import ChangeStatus, MergeInfo, ReplaceVariables
from application.identity.service import Identity
from domain.identity.errors import UserNotFoundError
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import YEAR_9000
from interfaces.http.forms import Form
from interfaces.http.own_account_bounds import check_info_bound, checked_variables
from interfaces.http.users import user_model
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries


class StatusForm(Form):
    """Open WebUI's: what is left out (or null) stays as it is; an empty text clears it."""

    status_emoji: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    status_message: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
    status_expires_at: Annotated[int, msgspec.Meta(ge=0, le=YEAR_9000)] | None = None


class VariablesForm(Form):
    variables: dict[str, Any] = msgspec.field(default_factory=dict)


@get("/api/v1/users/user/info", sync_to_thread=True, guards=[members], opt=reads(UserDirectory, as_of_request=True))
def own_info(user: NamedDependency[SessionUser], users: NamedDependency[UserQueries]) -> dict[str, Any] | None:
    return users.get_info(user.id)


@post("/api/v1/users/user/info/update", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(UserDirectory, as_of_request=True))
def update_own_info(data: JSONBody[dict[str, Any]], user: NamedDependency[SessionUser],
                    identity: NamedDependency[Identity],
                    users: NamedDependency[UserQueries]) -> dict[str, Any] | None:
    """The keys sent replace those kept, the others stay (Open WebUI's merge); the merge itself is
    the view's, event by event, so two updates at once lose neither's keys."""
    check_info_bound(users.get_info(user.id), data)
    identity.merge_info(MergeInfo(user_id=uuid.UUID(user.id), changes=data))
    return users.get_info(user.id)


@get("/api/v1/users/user/status", sync_to_thread=False, guards=[members])
def own_status(user: NamedDependency[SessionUser]) -> dict[str, Any]:
    """Open WebUI answers with the whole account, its status among it."""
    return user_model(user.record)


@post("/api/v1/users/user/status/update", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(UserDirectory))
def update_own_status(data: JSONBody[StatusForm], user: NamedDependency[SessionUser],
                      identity: NamedDependency[Identity],
                      users: NamedDependency[UserQueries]) -> dict[str, Any]:
    identity.change_status(ChangeStatus(user_id=uuid.UUID(user.id), emoji=data.status_emoji,
                                        message=data.status_message, expires_at=data.status_expires_at))
    record = users.get_user(user.id)
    if record is None:
        raise UserNotFoundError(user.id)
    return user_model(record)


@get("/api/v1/users/user/variables", sync_to_thread=True, guards=[members],
     opt=reads(UserDirectory, as_of_request=True))
def own_variables(user: NamedDependency[SessionUser], users: NamedDependency[UserQueries]) -> dict[str, Any]:
    return {"variables": users.get_variables(user.id)}


@post("/api/v1/users/user/variables/update", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(UserDirectory))
def update_own_variables(data: JSONBody[VariablesForm], user: NamedDependency[SessionUser],
                         identity: NamedDependency[Identity]) -> dict[str, Any]:
    """All of them at once: those left out are gone (Open WebUI's)."""
    variables = checked_variables(data.variables)
    identity.replace_variables(ReplaceVariables(user_id=uuid.UUID(user.id), variables=variables))
    return {"variables": variables}


ROUTES = [own_info, update_own_info, own_status, update_own_status, own_variables, update_own_variables]
