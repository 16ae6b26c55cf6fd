"""What every request is checked for before its handler reads it: the application's
``before_request``. A route with a hook of its own runs these first (Litestar keeps only the
innermost layer's hook)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from interfaces.http.bounds import refuse_numbers_out_of_bounds
from interfaces.http.json_bodies import json_bodies_only


async def checked(request: Request[Any, Any, Any]) -> None:
    refuse_numbers_out_of_bounds(request)
    await json_bodies_only(request)
