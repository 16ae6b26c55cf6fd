"""A person as SCIM shows them (RFC 7643 4.1), and what a provider's attributes ask of their account.

One name is kept (Open WebUI's): shown as ``displayName`` and ``name.formatted``, and split at its
first space into ``givenName`` and ``familyName``. One e-mail is kept: shown as the primary ``work``
one. ``userName`` is the e-mail unless the provider named the person otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from interfaces.scim.errors import invalid_value
from interfaces.scim.patch import boolean

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
USER_MULTI_VALUED = frozenset({"emails", "phonenumbers", "addresses", "photos", "groups", "roles", "entitlements",
                               "ims", "x509certificates"})
MAX_TEXT = 1000

Json = dict[str, Any]


def meta(resource_type: str, row: Json, location: str) -> Json:
    return {"resourceType": resource_type, "created": _instant(row["created_at"]),
            "lastModified": _instant(row["updated_at"]), "location": location, "version": etag(row["version"])}


def etag(version: int) -> str:
    return f'W/"{version}"'


def _instant(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat().replace("+00:00", "Z")


def user_resource(row: Json, location: str) -> Json:
    given, _, family = row["name"].partition(" ")
    resource: Json = {
        "schemas": [USER_SCHEMA], "id": row["id"], "userName": row["user_name"] or row["email"],
        "name": {"formatted": row["name"], "givenName": given, "familyName": family},
        "displayName": row["name"], "emails": [{"value": row["email"], "type": "work", "primary": True}],
        "active": bool(row["active"]), "meta": meta("User", row, location)}
    if row["external_id"] is not None:
        resource["externalId"] = row["external_id"]
    return resource


def user_attributes(row: Json) -> Json:
    """The account as the attributes a PATCH starts from (names in lower case, as ``patch`` has them)."""
    given, _, family = row["name"].partition(" ")
    return {"username": row["user_name"] or row["email"], "externalid": row["external_id"],
            "displayname": row["name"], "name": {"formatted": row["name"], "givenname": given, "familyname": family},
            "emails": [{"value": row["email"], "type": "work", "primary": True}], "active": bool(row["active"])}


def account_changes(after: Json, before: Json | None, *, active_unless_said: bool) -> Json:
    """What ``after`` (lower-case attributes) asks of the account: everything when ``before`` is None
    (a POST or a PUT), else only what differs from ``before`` (a PATCH). Keys: email, user_name,
    name, external_id, active."""
    changes: Json = {}
    if before is None or _said(after, before, "username", "emails"):
        user_name = _text(after.get("username"), "userName")
        if not user_name:
            raise invalid_value("userName is required.")
        changes["user_name"], changes["email"] = user_name, _email(after, user_name)
    name = _name(after, before)
    if name is not None:
        changes["name"] = name
    if before is None or _said(after, before, "externalid"):
        changes["external_id"] = _text(after.get("externalid"), "externalId") or None
    active = after.get("active")
    if before is None or _said(after, before, "active"):
        changes["active"] = active_unless_said if active is None else _boolean(active)
    return changes


def _said(after: Json, before: Json, *attributes: str) -> bool:
    return any(after.get(a) != before.get(a) for a in attributes)


def _email(attributes: Json, user_name: str) -> str:
    """The primary e-mail, else the work one, else the first; else the userName, as Open WebUI takes
    it (whatever it is: the account is known by it, and its person signs in through the provider)."""
    emails = [e for e in attributes.get("emails") or [] if isinstance(e, dict) and e.get("value")]
    chosen = next((e for e in emails if boolean(e.get("primary"))), None) \
        or next((e for e in emails if str(e.get("type", "")).lower() == "work"), None) \
        or (emails[0] if emails else None)
    return _text(chosen["value"], "emails.value") if chosen else user_name


def _name(after: Json, before: Json | None) -> str | None:
    """displayName, else name.formatted, else given and family names, else the userName: on a PATCH,
    the first of them it changed (None: none)."""
    name, earlier = after.get("name") or {}, (before or {}).get("name") or {}
    if not isinstance(name, dict):
        raise invalid_value("name is an object of givenName, familyName and formatted.")
    candidates = [
        (after.get("displayname"), before is None or after.get("displayname") != before.get("displayname")),
        (name.get("formatted"), before is None or name.get("formatted") != earlier.get("formatted")),
        (f"{name.get('givenname') or ''} {name.get('familyname') or ''}".strip(),
         before is None or any(name.get(k) != earlier.get(k) for k in ("givenname", "familyname"))),
    ]
    for candidate, changed in candidates:
        if changed and candidate:
            return _text(candidate, "name")
    return _text(after.get("username"), "userName") if before is None else None


def _text(value: Any, attribute: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise invalid_value(f"{attribute} is a string of at most {MAX_TEXT} characters.")
    return value.strip()


def _boolean(value: Any) -> bool:
    said = boolean(value)
    if said is None:
        raise invalid_value(f"active is true or false, not {value!r}.")
    return said
