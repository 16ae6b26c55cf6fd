"""The numbers a path or a query string may carry, bounded: the SQL layer never sees one it cannot
hold (SQLite and Postgres keep 64-bit integers), dates stay within what a calendar can show, and a
page, a limit or a span of days is one a person could mean. Beyond them a request is refused (400)
naming the parameter, before any handler runs.

Every integer or float parameter of a route takes its bounds from here, as
``page: int = Parameter(default=1, **PAGE)`` or ``page: int | None = Parameter(default=None, **PAGE)``
(a test walks the routes). Not as ``Annotated[int, Parameter(...)] | None``, whose bounds Litestar
drops from the schema too."""

from __future__ import annotations

import math
from typing import Any

from litestar import Request
from litestar.exceptions import ValidationException
from litestar.params import Parameter, ParameterKwarg

INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
YEAR_9000 = 221_845_392_000_000
"""In milliseconds: later than any date a person means, and far enough from the end of Python's
calendar (the year 9999) that a day or a period added to it still has a date."""


def within(low: int, high: int) -> dict[str, Any]:
    """A parameter's bounds, as ``Parameter(**within(...))``; also stated where OpenAPI shows them
    when the parameter may be left out."""
    return {"ge": low, "le": high, "schema_extra": {"minimum": low, "maximum": high}}


PAGE = within(1, 1_000_000)
OFFSET = within(0, 1_000_000_000)
LIMIT = within(0, 10_000)
DAYS = within(0, 36_500)
"""A hundred years: 0 means since the first."""
UNIX_TIME = within(0, YEAR_9000)
"""Seconds since 1970, or milliseconds: clients send both, and numbers past 10^10 are read as such."""
POSITION = within(0, INT32_MAX)
"""A place in the event log (the event catalog keeps it in an SQL INTEGER), or in a list of connections."""
URL_IDX = Parameter(default=None, **POSITION)
"""Open WebUI's ``/{url_idx}`` of the connection routes: a place in the list of connections."""


def refuse_numbers_out_of_bounds(request: Request[Any, Any, Any]) -> None:
    """Litestar applies a parameter's bounds only when it cannot be left out: one that may be
    (``int | None``) is checked here, for every route, before the handler's arguments are read."""
    for name, field in request.route_handler.parsed_fn_signature.parameters.items():
        limits = field.kwarg_definition
        if isinstance(limits, ParameterKwarg) and (limits.ge is not None or limits.le is not None):
            _check(request, limits.name or name, limits)


def _check(request: Request[Any, Any, Any], key: str, limits: ParameterKwarg) -> None:
    source, sent = ("path", request.path_params.get(key)) if key in request.path_params else (
        "query", request.query_params.get(key))
    value = _number(sent)
    low, high = (-math.inf if limits.ge is None else limits.ge), (math.inf if limits.le is None else limits.le)
    if value is not None and not low <= value <= high:  # NaN is within no bounds
        message = f"{key} must be a number from {low} to {high}"
        raise ValidationException(message, extra=[{"key": key, "message": message, "source": source}])


def _number(sent: Any) -> float | int | None:
    """The number sent, if it is one (anything else is Litestar's to refuse)."""
    if sent is None or isinstance(sent, int | float):
        return sent
    try:
        return int(sent)
    except ValueError:
        pass
    try:
        return float(sent)
    except ValueError:
        return None
