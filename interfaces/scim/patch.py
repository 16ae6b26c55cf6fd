"""RFC 7644's PATCH (3.5.2) applied to a resource's SCIM attributes, as Okta and Entra ID send it.

The resource is a dict whose attribute names are lower case (SCIM's names are case-insensitive),
so that ``Active`` and ``active`` are one. Understood: ``add``, ``replace`` and ``remove``, in any
case (Entra ID capitalises them); a path of an attribute (``active``), a sub-attribute
(``name.givenName``) or a filtered multi-valued one (``emails[type eq "work"].value``,
``members[value eq "..."]``); no path, with an object of attributes (which Entra ID's may name by
such paths too); and removing members listed in ``value`` (Entra ID). Attributes of schemas we do
not keep (the enterprise extension) are accepted and left alone. Booleans sent as ``"True"``/
``"False"`` are read by whoever reads the attribute (``booleans``)."""

from __future__ import annotations

import json
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from litestar.status_codes import HTTP_400_BAD_REQUEST

from interfaces.scim.errors import ScimError, invalid_value
from interfaces.scim.filters import normal_path

PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
OPERATIONS = ("add", "replace", "remove")
MAX_OPERATIONS = 1000
_PATH = re.compile(r"^(?P<attribute>[a-z0-9_$\-]+)(?:\[(?P<filter>[^\]]*)\])?(?:\.(?P<sub>[a-z0-9_$\-]+))?$")
_PATH_FILTER = re.compile(r"^\s*(?P<attribute>[a-z0-9_$\-]+)\s+eq\s+(?P<value>.+?)\s*$", re.IGNORECASE)

Resource = dict[str, Any]


def invalid_path(detail: str) -> ScimError:
    return ScimError(HTTP_400_BAD_REQUEST, detail, "invalidPath")


def lowered(value: Any) -> Any:
    """SCIM's attribute names at any depth, lower case; values as sent."""
    if isinstance(value, dict):
        return {str(key).lower(): lowered(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lowered(item) for item in value]
    return value


def boolean(value: Any) -> bool | None:
    """true, or Entra ID's ``"True"``; None for anything that is no boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def operations_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    body = lowered(body)
    if PATCH_SCHEMA.lower() not in [str(s).lower() for s in body.get("schemas") or [PATCH_SCHEMA]]:
        raise ScimError(HTTP_400_BAD_REQUEST, f"A PATCH names the schema {PATCH_SCHEMA}.", "invalidSyntax")
    operations = body.get("operations")
    if not isinstance(operations, list) or not operations or len(operations) > MAX_OPERATIONS:
        raise ScimError(HTTP_400_BAD_REQUEST, f"A PATCH carries 1 to {MAX_OPERATIONS} Operations.", "invalidSyntax")
    if not all(isinstance(operation, dict) for operation in operations):
        raise ScimError(HTTP_400_BAD_REQUEST, "Each of the Operations is an object.", "invalidSyntax")
    return operations


def patched(resource: Resource, body: dict[str, Any], multi_valued: frozenset[str]) -> Resource:
    """The resource with the PATCH's operations applied in order (``resource`` itself unchanged)."""
    result = deepcopy(resource)
    for operation in operations_of(body):
        name = str(operation.get("op", "")).lower()
        if name not in OPERATIONS:
            raise ScimError(HTTP_400_BAD_REQUEST, f"op must be add, replace or remove, not {operation.get('op')!r}.",
                            "invalidSyntax")
        _operate(result, name, operation.get("path"), operation.get("value"), multi_valued)
    return result


def _operate(resource: Resource, op: str, path: Any, value: Any, multi_valued: frozenset[str]) -> None:
    if path is None or path == "":
        if op == "remove":
            raise ScimError(HTTP_400_BAD_REQUEST, "A remove names the path of what it removes.", "noTarget")
        if not isinstance(value, dict):
            raise invalid_value("Without a path, the value is an object of the attributes to set.")
        for attribute, item in value.items():
            _at(resource, op, attribute, item, multi_valued)
        return
    if not isinstance(path, str):
        raise invalid_path(f"A path is a string, not {path!r}.")
    _at(resource, op, path, value, multi_valued)


@dataclass(frozen=True)
class _Path:
    attribute: str
    filter: tuple[str, Any] | None
    sub: str | None


def _parse(path: str) -> _Path | None:
    """None: an attribute of a schema we do not keep (an extension's)."""
    normal = normal_path(path)
    if normal.startswith("urn:"):
        return None
    match = _PATH.match(normal)
    if match is None:
        raise invalid_path(f"The path {path!r} cannot be read.")
    condition = None
    if match.group("filter") is not None:
        said = _PATH_FILTER.match(match.group("filter"))
        if said is None:
            raise invalid_path(f"Only an 'eq' comparison is understood inside [...], not {match.group('filter')!r}.")
        condition = (said.group("attribute"), _json(said.group("value")))
    return _Path(match.group("attribute"), condition, match.group("sub"))


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise invalid_path(f"{text} is neither a quoted string, nor true or false.") from None


def _at(resource: Resource, op: str, path: str, value: Any, multi_valued: frozenset[str]) -> None:
    where = _parse(path)
    if where is None:
        return
    value = lowered(value)
    if where.filter is not None or (where.attribute in multi_valued and where.sub is None):
        _on_elements(resource, op, where, value)
    elif where.sub is not None:
        within = resource.setdefault(where.attribute, {})
        if not isinstance(within, dict):
            raise invalid_path(f"{where.attribute} has no sub-attributes.")
        _set(within, op, where.sub, value)
    else:
        _set(resource, op, where.attribute, value)


def _set(container: Resource, op: str, name: str, value: Any) -> None:
    if op == "remove":
        container.pop(name, None)
    elif isinstance(value, dict) and isinstance(container.get(name), dict):
        container[name] = {**container[name], **value}  # a complex attribute: what is not sent stays
    else:
        container[name] = value


def _on_elements(resource: Resource, op: str, where: _Path, value: Any) -> None:
    elements: list[Any] = resource.setdefault(where.attribute, [])
    if where.filter is None:  # the whole multi-valued attribute
        sent = value if isinstance(value, list) else [] if value is None else [value]
        if op == "replace":
            elements[:] = sent
        elif op == "add":
            elements.extend(e for e in sent if not _listed(e, elements))
        elif sent:  # remove those listed (Entra ID), by their value
            elements[:] = [e for e in elements if not _listed(e, sent)]
        else:
            elements.clear()
        return
    chosen = [e for e in elements if isinstance(e, dict) and _matches(e, where.filter)]
    if op == "remove" and where.sub is None:
        elements[:] = [e for e in elements if e not in chosen]
        return
    if not chosen and op != "remove":  # add (or replace) where nothing matches: the element the filter describes
        chosen = [{where.filter[0]: where.filter[1]}]
        elements.append(chosen[0])
    for element in chosen:
        if where.sub is not None:
            _set(element, op, where.sub, value)
        elif isinstance(value, dict):
            element.update(value)


def _listed(element: Any, elements: list[Any]) -> bool:
    """Whether an element of a multi-valued attribute is among ``elements``, by its ``value``."""
    return _value_of(element) in {_value_of(e) for e in elements}


def _value_of(element: Any) -> Any:
    return element.get("value") if isinstance(element, dict) else element


def _matches(element: dict[str, Any], condition: tuple[str, Any]) -> bool:
    attribute, wanted = condition
    said = element.get(attribute)
    if isinstance(wanted, bool):
        return boolean(said) is wanted
    return isinstance(said, str) and isinstance(wanted, str) and said.lower() == wanted.lower() \
        if attribute != "value" else said == wanted
