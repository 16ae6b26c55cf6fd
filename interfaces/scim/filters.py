"""SCIM's ``filter`` (RFC 7644 3.4.2.2), the part identity providers send: ``eq`` comparisons
joined by ``and``, on the attributes a resource can be found by. Anything else is refused with
``invalidFilter`` (400), naming what was not understood, rather than ignored: a filter ignored
answers with everyone, and a provider that then takes the first for a match links the wrong person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from litestar.status_codes import HTTP_400_BAD_REQUEST

from interfaces.scim.errors import ScimError
from projections.users.provisioned import Equalities, Field

CORE_PREFIX = re.compile(r"^urn:ietf:params:scim:schemas:core:2\.0:(user|group):", re.IGNORECASE)
_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<string>"(?:[^"\\]|\\.)*")'
                    r'|(?P<word>[A-Za-z0-9:._$\-]+(?:\[[^\]]*\])?(?:\.[A-Za-z0-9_$\-]+)?))')
_ANY_EMAIL = ('emails', 'emails.value', 'emails[type eq "work"].value', 'emails[primary eq true].value')

USER_FIELDS: Mapping[str, Field] = {"id": "id", "username": "user_name", "externalid": "external_id",
                                    "displayname": "name", **{path.lower(): "email" for path in _ANY_EMAIL}}
GROUP_FIELDS: Mapping[str, Field] = {"id": "id", "displayname": "name", "externalid": "external_id"}


def invalid_filter(detail: str) -> ScimError:
    return ScimError(HTTP_400_BAD_REQUEST, detail, "invalidFilter")


def parse_filter(text: str | None, fields: Mapping[str, Field]) -> Equalities:
    """``userName eq "a@b.c" and externalId eq "x"`` → [("user_name", "a@b.c"), ("external_id", "x")]."""
    if not text or not text.strip():
        return []
    tokens = _tokens(text)
    found: list[tuple[Field, str]] = []
    while tokens:
        found.append(_comparison(tokens, fields))
        if tokens:
            joiner = tokens.pop(0)
            if joiner.lower() != "and" or not tokens:
                raise invalid_filter(f"Only comparisons joined by 'and' are understood here, not {joiner!r}.")
    return found


def _tokens(text: str) -> list[str]:
    tokens, at = [], 0
    while at < len(text.rstrip()):
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            raise invalid_filter(f"The filter cannot be read from {text[at:at + 20]!r} on.")
        if not match.group("open") and not match.group("close"):  # parentheses around 'and' change nothing
            tokens.append(match.group().strip())
        at = match.end()
    return tokens


def _comparison(tokens: list[str], fields: Mapping[str, Field]) -> tuple[Field, str]:
    if len(tokens) < 3:
        raise invalid_filter(f"An incomplete comparison: {' '.join(tokens)!r}.")
    attribute, operator, value = tokens.pop(0), tokens.pop(0), tokens.pop(0)
    field = fields.get(normal_path(attribute))
    if field is None:
        raise invalid_filter(f"Filtering by {attribute!r} is not supported; by {', '.join(sorted(fields))} it is.")
    if operator.lower() != "eq":
        raise invalid_filter(f"Only 'eq' is supported, not {operator!r}.")
    return field, _value(value)


def _value(token: str) -> str:
    if not token.startswith('"'):
        raise invalid_filter(f"Compare with a quoted string, not {token!r}.")
    try:
        return str(json.loads(token))
    except json.JSONDecodeError:
        raise invalid_filter(f"{token} is not a valid string.") from None


def normal_path(attribute: str) -> str:
    """An attribute path as we compare them: without the core schema's URN, lower case, single spaces."""
    return " ".join(CORE_PREFIX.sub("", attribute).lower().split())
