"""The HTTP boundary for text no store can hold (domain/text.py).

A request whose path or query carries a NUL or bytes that are not UTF-8, or whose JSON body
carries a NUL, is refused with the reason before any handler sees it: Postgres cannot keep such
text, and a query that names it fails in the database. (msgspec already refuses JSON with lone
surrogates or invalid UTF-8; the event store's transcoder is the guard behind this one.)
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar import Request
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_400_BAD_REQUEST
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.empty import value_or_default

from interfaces.http.json_bodies import is_json

NUL_IN_JSON = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
NUL = "may not contain the NUL character (U+0000)"
NOT_UTF8 = "is not valid UTF-8"


class UnstorableRequestError(HTTPException):
    status_code = HTTP_400_BAD_REQUEST


def refuse_unstorable_text(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and (reason := _address_problem(scope)):
            raise UnstorableRequestError(detail=reason)  # answered by errors.py, as every refusal
        await app(scope, receive, send)

    return middleware


def _address_problem(scope: Scope) -> str | None:
    raw_path = (scope.get("raw_path") or scope["path"].encode()).partition(b"?")[0]  # (some clients keep the query)
    for part, raw in (("The path", raw_path), ("The query", scope.get("query_string", b"").replace(b"+", b" "))):
        if problem := _text_problem(unquote_to_bytes(raw)):
            return f"{part} {problem}."
    return None


def _text_problem(data: bytes) -> str | None:
    if b"\x00" in data:
        return NUL
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8
    return None


class TextCheckedRequest(Request[Any, Any, Any]):
    """Checks a JSON body once, when it is first read, whichever handler reads it."""

    async def body(self) -> bytes:
        if value_or_default(self._connection_state.body, None) is None and is_json(self):
            body = await super().body()
            if b"\\u0000" in body and NUL_IN_JSON.search(body):  # (a scan far faster than re's)
                raise UnstorableRequestError(detail=f"The request's text {NUL}.")
            return body
        return await super().body()
