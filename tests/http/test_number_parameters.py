"""Every number a route takes in its path or query string is bounded: beyond its bounds the request
is refused naming the parameter, and at its bounds it is answered, never with a server error. The
routes are walked from the OpenAPI document, so a new route is held to this the day it is added."""

from __future__ import annotations

import re
from typing import Any

import pytest

from interfaces.http.bounds import INT64_MAX
from tests.e2e.people import Person
from tests.http.app import openapi_document

NUMBERS = ("integer", "number")


def _numeric(parameter: dict[str, Any]) -> dict[str, Any] | None:
    """The parameter's number schema, if it takes a number (or nothing)."""
    schema = parameter.get("schema", {})
    bounds = {k: schema[k] for k in ("minimum", "maximum") if k in schema}
    for option in [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]:
        if option.get("type") in NUMBERS:
            return {**option, **bounds}
    return None


def _operations() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """In the order of their paths: Litestar lists a handler's paths in no fixed order, and the
    workers of ``make check`` must each collect the same tests in the same order."""
    return [(method.upper(), path, operation.get("parameters", []))
            for path, operations in sorted(openapi_document()["paths"].items())
            for method, operation in operations.items() if method in ("get", "post", "delete")]


NUMBERED = [(method, path, parameters) for method, path, parameters in _operations()
            if any(_numeric(p) for p in parameters)]
PARAMETERS = [(method, path, p["name"], parameters) for method, path, parameters in NUMBERED
              for p in parameters if _numeric(p)]


def _request(admin: Person, method: str, path: str, parameters: list[dict[str, Any]],
             numbers: dict[str, Any]) -> Any:
    """The operation with these numbers, and the least it needs otherwise (text as ``a``, flags on)."""
    values = {p["name"]: numbers.get(p["name"], _filler(p)) for p in parameters}
    url = re.sub(r"{(\w+)}", lambda m: str(values.pop(m.group(1))), path)
    query = {k: v for k, v in values.items() if v is not None}
    return admin.http.request(method, url, params=query, json={"model": "m", "messages": []}
                              if method == "POST" else None)


def _filler(parameter: dict[str, Any]) -> Any:
    schema = parameter.get("schema", {})
    if schema.get("type") == "boolean":
        return "true"
    return "a" if parameter.get("required") else None


@pytest.mark.parametrize(("method", "path", "name", "parameters"), PARAMETERS,
                         ids=[f"{m} {p} {n}" for m, p, n, _ in PARAMETERS])
def test_a_number_parameter_declares_bounds_a_64_bit_column_holds(method: str, path: str, name: str,
                                                                  parameters: list[dict[str, Any]]):
    schema = next(_numeric(p) for p in parameters if p["name"] == name)
    assert schema is not None and "minimum" in schema and "maximum" in schema
    assert -INT64_MAX <= schema["minimum"] <= schema["maximum"] <= INT64_MAX


@pytest.mark.parametrize(("method", "path", "name", "parameters"), PARAMETERS,
                         ids=[f"{m} {p} {n}" for m, p, n, _ in PARAMETERS])
@pytest.mark.parametrize("beyond", ["above", "below", "huge", "not a number"])
def test_a_number_beyond_its_bounds_is_refused_naming_it(admin: Person, method: str, path: str, name: str,
                                                         parameters: list[dict[str, Any]], beyond: str):
    schema = next(_numeric(p) for p in parameters if p["name"] == name)
    assert schema is not None
    value = {"above": int(schema["maximum"]) + 1, "below": int(schema["minimum"]) - 1, "huge": 2**64,
             "not a number": "nan"}[beyond]
    answer = _request(admin, method, path, parameters, {name: value})
    if beyond == "not a number" and f"{{{name}}}" in path:
        assert answer.status_code == 404  # no route has a path with a word where its number goes
        return
    assert answer.status_code in (400, 422), answer.text
    assert name in answer.text


@pytest.mark.parametrize(("method", "path", "parameters"), NUMBERED, ids=[f"{m} {p}" for m, p, _ in NUMBERED])
@pytest.mark.parametrize("end", ["minimum", "maximum"])
def test_numbers_at_their_bounds_are_answered(admin: Person, method: str, path: str,
                                              parameters: list[dict[str, Any]], end: str):
    numbers = {p["name"]: int(_numeric(p)[end]) for p in parameters if _numeric(p)}  # type: ignore[index]
    answer = _request(admin, method, path, parameters, numbers)
    assert answer.status_code < 500, answer.text
