"""Handlers get the services they use, one ``Provide`` each (``interfaces/http/services.py``), never
the whole container: the application's route table is walked for any handler that asks for it,
and for any service asked for as something other than what is provided under its name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from litestar import Litestar, get
from litestar.di import NamedDependency
from litestar.handlers import BaseRouteHandler
from litestar.routes import BaseRoute, HTTPRoute

from interfaces.http.access import admins
from interfaces.http.services import SERVICES, provided


def _handlers(routes: Iterable[BaseRoute]) -> Iterator[BaseRouteHandler]:
    for route in routes:
        yield from route.route_handlers if isinstance(route, HTTPRoute) else [route.route_handler]  # type: ignore[attr-defined]


def _asking_for_the_container(routes: Iterable[BaseRoute]) -> list[str]:
    return [str(handler) for handler in _handlers(routes) if "container" in handler.parsed_fn_signature.parameters]


def _mistyped(routes: Iterable[BaseRoute]) -> list[str]:
    """Services asked for as a type the provider does not give (its own or one of its bases)."""
    given = {name: provide.dependency.__annotations__["return"] for name, provide in provided().items()}
    found = []
    for handler in _handlers(routes):
        for name, parameter in handler.parsed_fn_signature.parameters.items():
            if name in given and not _gives(given[name], parameter.annotation):
                found.append(f"{handler}: {name} is {parameter.annotation}, provided as {given[name]}")
    return found


def _uncheckable(routes: Iterable[BaseRoute]) -> list[str]:
    """Services asked for as a protocol that isinstance cannot check: Litestar checks each
    dependency against the type the handler declares, so such a route answers 500."""
    return [f"{handler}: {name}" for handler in _handlers(routes)
            for name, parameter in handler.parsed_fn_signature.parameters.items()
            if name in SERVICES and getattr(parameter.annotation, "_is_protocol", False)
            and not getattr(parameter.annotation, "_is_runtime_protocol", False)]


def _gives(provided_as: Any, declared: Any) -> bool:
    return declared == provided_as or (isinstance(provided_as, type) and declared in provided_as.__mro__)


def test_no_route_handler_asks_for_the_whole_container(route_table: Litestar):
    assert len(route_table.routes) > 150
    assert _asking_for_the_container(route_table.routes) == []


def test_every_service_is_asked_for_as_what_is_provided(route_table: Litestar):
    assert _mistyped(route_table.routes) == []


def test_every_service_is_asked_for_as_a_type_litestar_can_check(route_table: Litestar):
    assert _uncheckable(route_table.routes) == []


def test_a_handler_that_asks_for_the_container_is_found():
    def everything(container: NamedDependency[Any]) -> None:
        """Walked, never called."""

    route = get("/everything", sync_to_thread=False, guards=[admins])(everything)
    app = Litestar([route], dependencies={"container": provided()["settings"]}, openapi_config=None)
    assert _asking_for_the_container(app.routes) == [str(route)]


def test_a_service_asked_for_as_another_type_is_found():
    def misread(chats: NamedDependency[str]) -> None:
        """Walked, never called."""

    route = get("/misread", sync_to_thread=False, guards=[admins])(misread)
    app = Litestar([route], dependencies=provided(), openapi_config=None)
    assert [fault.partition(": ")[2] for fault in _mistyped(app.routes)] == [
        "chats is <class 'str'>, provided as <class 'application.chats.service.Chats'>"]
