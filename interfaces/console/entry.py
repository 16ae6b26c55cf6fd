"""Who gets in: the console's pages use the API's own guards (``interfaces.http.access``); this
turns their refusals into pages. Nobody signed in (or a session that ended) is sent to the
console's sign-in page; a member is shown 403. Both refusals are recorded as the API's are."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap

from interfaces.console.pages import Pages
from interfaces.http.refusals import RoleRefusedError, with_record

SIGN_IN = "/console/signin"


def refusal_pages(pages: Pages) -> ExceptionHandlersMap:
    def not_signed_in(request: Request[Any, Any, Any], error: NotAuthorizedException) -> Response[Any]:
        if isinstance(error, RoleRefusedError):
            return refused(request, error)
        return with_record(request, error, Redirect(f"{SIGN_IN}?next={quote(_asked(request), safe='/')}"))

    def refused(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
        return with_record(request, error, pages.render("refused.html", status=403))

    return {NotAuthorizedException: not_signed_in, PermissionDeniedException: refused}


def _asked(request: Request[Any, Any, Any]) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def safe_next(asked: str | None) -> str:
    """Where to go after signing in: a console page, never another site (``//elsewhere``)."""
    if asked and asked.startswith("/console") and not asked.startswith("//") and "\\" not in asked:
        return asked
    return "/console"
