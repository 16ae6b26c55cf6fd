"""Privacy operations on a person: legal hold placed and lifted, forgetting (confirmed first), and
their subject-access archive. The page only reads; its buttons call the privacy API itself
(``/api/v1/users/{id}/hold``, ``/forget``, ``/export``), which decides, records and refuses."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Response, get
from litestar.params import Parameter
from litestar.response import Redirect

from domain.identity.errors import UserNotFoundError
from infrastructure.bootstrap import Container
from interfaces.console.pages import Pages
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.ids import existing_id

LISTED = 100


@get("/people", sync_to_thread=True, guards=[admins])
def people(user: SessionUser, container: Container, pages: Pages,
           q: str | None = Parameter(default=None, max_length=200)) -> Response[Any]:
    """The accounts an admin may list in the web app too (names, e-mails, roles); an id goes to its page."""
    if q and _is_id(q.strip()):
        return Redirect(f"/console/people/{q.strip()}")
    accounts, total = container.users.list_users(query=q, limit=LISTED)
    return pages.render("people.html", user=user, section="people", accounts=accounts, total=total, q=q or "")


def _is_id(text: str) -> bool:
    try:
        return UUID(text) is not None
    except ValueError:
        return False


@get("/people/{user_id:str}", sync_to_thread=True, guards=[admins])
def person(user_id: str, user: SessionUser, container: Container, pages: Pages) -> Response[str]:
    identity = existing_id(user_id)
    try:
        hold = container.identity.hold_of(identity)
        known = True
    except UserNotFoundError:  # forgotten, or never was
        hold, known = None, False
    return pages.render("person.html", user=user, section="people", person_id=str(identity), known=known,
                        account=container.users.get_user(str(identity)), hold=hold,
                        may_export=container.settings.admin_chat_access or str(identity) == user.id)
