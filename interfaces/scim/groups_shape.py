"""A group as SCIM shows it (RFC 7643 4.2), and what a provider's attributes ask of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from interfaces.scim.errors import invalid_value
from interfaces.scim.users_shape import MAX_TEXT, meta

GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
GROUP_MULTI_VALUED = frozenset({"members"})
MAX_MEMBERS = 10_000

Json = dict[str, Any]


def group_resource(row: Json, names: Mapping[str, str], location: str, person_at: Callable[[str], str]) -> Json:
    resource: Json = {
        "schemas": [GROUP_SCHEMA], "id": row["id"], "displayName": row["name"],
        "members": [{"value": member, "display": names.get(member, ""), "type": "User", "$ref": person_at(member)}
                    for member in row["member_ids"]],
        "meta": meta("Group", row, location)}
    if row["external_id"] is not None:
        resource["externalId"] = row["external_id"]
    return resource


def group_attributes(row: Json) -> Json:
    """The group as the attributes a PATCH starts from (names in lower case)."""
    return {"displayname": row["name"], "externalid": row["external_id"],
            "members": [{"value": member} for member in row["member_ids"]]}


def group_changes(after: Json, before: Json | None) -> Json:
    """Keys: name, external_id, and members (all of them) when ``before`` is None, else added and
    removed (who joined and who left, so that two PATCHes at once each keep theirs)."""
    changes: Json = {}
    if before is None or after.get("displayname") != before.get("displayname"):
        name = after.get("displayname")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_TEXT:
            raise invalid_value(f"displayName is required: a string of 1 to {MAX_TEXT} characters.")
        changes["name"] = name.strip()
    if before is None or after.get("externalid") != before.get("externalid"):
        external_id = after.get("externalid")
        if external_id is not None and (not isinstance(external_id, str) or len(external_id) > MAX_TEXT):
            raise invalid_value(f"externalId is a string of at most {MAX_TEXT} characters.")
        changes["external_id"] = external_id or None
    members = _member_ids(after.get("members"))
    if before is None:
        changes["members"] = members
    else:
        earlier = _member_ids(before.get("members"))
        changes["added"] = [m for m in members if m not in earlier]
        changes["removed"] = [m for m in earlier if m not in members]
    return changes


def _member_ids(members: Any) -> list[str]:
    if members is None:
        return []
    if not isinstance(members, list) or len(members) > MAX_MEMBERS:
        raise invalid_value(f"members is a list of at most {MAX_MEMBERS} objects, each with a value (a user's id).")
    ids = []
    for member in members:
        value = member.get("value") if isinstance(member, dict) else None
        if not isinstance(value, str) or not value:
            raise invalid_value("Each member is an object with a value: the id of a user.")
        ids.append(value)
    return list(dict.fromkeys(ids))
