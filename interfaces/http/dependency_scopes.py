"""Each route handler given only the dependencies it asks for, not every service of the app.

Litestar resolves, for every handler, every dependency of every layer above it, and checks each
against all the others for uniqueness: with ~55 services at the app's layer and ~700 handlers,
that was 37,000 resolutions and over a million comparisons per application built, a third of
the time it took (the test suite builds one per deployment). A handler asks by parameter name,
and a provider by its own parameters, so what a handler needs is read off their signatures.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from copy import copy
from typing import Any

from litestar import Router
from litestar.di import Provide
from litestar.handlers import BaseRouteHandler
from litestar.routes import HTTPRoute


def scoped(handlers: Iterable[Any], provided: Mapping[str, Provide]) -> list[Any]:
    """``handlers`` (route handlers and routers), each with the part of ``provided`` it needs."""
    return [_scoped(handler, provided) for handler in handlers]


def _scoped(handler: Any, provided: Mapping[str, Provide]) -> Any:
    if not isinstance(handler, BaseRouteHandler | Router):
        return handler
    needed = _needed(_asked_by(handler), provided)
    if not needed:
        return handler
    # A decorated handler is shared by every app built in the process: it is copied. A router is
    # made for this app, and its handlers know it as their owner: it is given them itself.
    scoped_handler = handler if isinstance(handler, Router) else copy(handler)
    scoped_handler.dependencies = {**needed, **(handler.dependencies or {})}
    return scoped_handler


def _asked_by(handler: BaseRouteHandler | Router) -> set[str]:
    if isinstance(handler, Router):
        inner = (h for route in handler.routes
                 for h in (route.route_handlers if isinstance(route, HTTPRoute) else [route.route_handler]))
        return set().union(*(_asked_by(h) for h in inner), *(_parameters(p) for p in _own(handler)))
    return _parameters(handler.fn) | set().union(*(_parameters(p) for p in _own(handler)))


def _own(layer: BaseRouteHandler | Router) -> list[Any]:
    """The providers a layer declares itself, whose own parameters may name the app's."""
    return [p.dependency if isinstance(p, Provide) else p for p in (layer.dependencies or {}).values()]


def _needed(names: set[str], provided: Mapping[str, Provide]) -> dict[str, Provide]:
    """The providers of ``names``, and of what those ask for in turn."""
    needed: dict[str, Provide] = {}
    waiting = [name for name in names if name in provided]
    while waiting:
        name = waiting.pop()
        if name not in needed:
            needed[name] = provided[name]
            waiting += [p for p in _parameters(provided[name].dependency) if p in provided]
    return needed


def _parameters(fn: Any) -> set[str]:
    return set(inspect.signature(fn).parameters)
