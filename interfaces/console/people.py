"""Privacy operations on a person: legal hold placed and lifted, forgetting (confirmed first), and
their subject-access archive. The page only reads; its buttons call the privacy API itself
(``/api/v1/users/{id}/hold``, ``/forget``, ``/export``), which decides, records and refuses."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter
from litestar.response import Redirect

from application.identity.service import Identity
from domain.identity.errors import UserNotFoundError
from infrastructure.settings import Settings
from interfaces.console.pages import Pages
from interfaces.console.reading import LogReading
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.ids import existing_id
from projections.users.queries import UserQueries

LISTED = 100


@get("/people", sync_to_thread=True, guards=[admins])
def people(request: Request[Any, Any, Any], user: NamedDependency[SessionUser], users: NamedDependency[UserQueries],
           reading: NamedDependency[LogReading], pages: NamedDependency[Pages],
           q: str | None = Parameter(default=None, max_length=200)) -> Response[Any]:
    """The accounts an admin may list in the web app too (names, e-mails, roles); an id goes to its page."""
    if q and _is_id(q.strip()):
        return Redirect(f"/console/people/{q.strip()}")
    accounts, total = users.list_users(query=q, limit=LISTED)
    reading.record_accounts(request, reading.viewer(user), [a["id"] for a in accounts])
    return pages.render("people.html", user=user, section="people", accounts=accounts, total=total, q=q or "")


def _is_id(text: str) -> bool:
    try:
        return UUID(text) is not None
    except ValueError:
        return False


@get("/people/{user_id:str}", sync_to_thread=True, guards=[admins])
def person(request: Request[Any, Any, Any], user_id: FromPath[str], user: NamedDependency[SessionUser],
           identity: NamedDependency[Identity], users: NamedDependency[UserQueries],
           reading: NamedDependency[LogReading], settings: NamedDependency[Settings],
           pages: NamedDependency[Pages]) -> Response[str]:
    person_id = existing_id(user_id)
    try:
        hold = identity.hold_of(person_id)
        known = True
    except UserNotFoundError:  # forgotten, or never was
        hold, known = None, False
    reading.record_accounts(request, reading.viewer(user), [str(person_id)] if known else [])
    return pages.render("person.html", user=user, section="people", person_id=str(person_id), known=known,
                        account=users.get_user(str(person_id)), hold=hold,
                        may_export=settings.admin_chat_access or str(person_id) == user.id)
