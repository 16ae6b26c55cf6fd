"""The console's front page (the live tail) and its sign-in page."""

from __future__ import annotations

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from application.context import BoundedContext
from interfaces.console.entry import safe_next
from interfaces.console.filters import Filters
from interfaces.console.pages import Pages
from interfaces.http.access import admins, public
from interfaces.http.auth import SessionUser


@get("/", sync_to_thread=True, guards=[admins])
def live_tail(user: NamedDependency[SessionUser], contexts: NamedDependency[dict[str, BoundedContext]],
              pages: NamedDependency[Pages], filters: NamedDependency[Filters]) -> Response[str]:
    """The tail starts where each context's log ends as the page is made: the page's script fetches
    whatever is committed between then and its websocket's subscription."""
    heads = {name.lower(): app.position or 0 for name, app in contexts.items()}
    return pages.render("live.html", user=user, section="live", heads=heads, filters=filters, contexts=sorted(heads))


@get("/signin", sync_to_thread=False, guards=[public])
def sign_in(pages: NamedDependency[Pages],
            next: str | None = Parameter(default=None, max_length=2000)) -> Response[str]:
    return pages.render("signin.html", next=safe_next(next))
