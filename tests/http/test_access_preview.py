"""The admin panel's previews (Open WebUI 0.12.4): what a group's members reach through it, with its
permissions beside the members' defaults (``/api/v1/groups/id/{id}/preview``), and what a person
reaches, owned or granted (``/api/v1/users/{id}/preview``)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.people import Person
from tests.http.groups import add, create_group
from tests.http.knowledge import create_base, may_make_knowledge

PREVIEW_FIELDS = {"group", "default_models", "models", "knowledge", "tools", "permissions", "inherited_permissions",
                  "effective_permissions"}


def _preset(admin: Person, *grants: dict[str, str]) -> dict[str, Any]:
    made = admin.http.post("/api/v1/models/create", json={
        "id": f"preset-{uuid.uuid4().hex[:8]}", "base_model_id": "some-base", "name": "Preset", "meta": {},
        "params": {}, "access_grants": list(grants)})
    made.raise_for_status()
    return made.json()


def _preview(admin: Person, group: dict[str, Any]) -> dict[str, Any]:
    response = admin.http.get(f"/api/v1/groups/id/{group['id']}/preview")
    assert response.status_code == 200, response.text
    return response.json()


def _ids(section: dict[str, Any]) -> set[str]:
    return {item["id"] for item in section["items"]}


def test_the_preview_lists_what_the_group_may_read_and_what_it_may_not(admin: Person) -> None:
    group = create_group(admin, "Previewed")
    read = {"principal_type": "group", "principal_id": group["id"], "permission": "read"}
    everyone = {"principal_type": "user", "principal_id": "*", "permission": "read"}
    granted, public, private = _preset(admin, read), _preset(admin, everyone), _preset(admin)
    may_make_knowledge(admin, admin)
    base, hidden = create_base(admin, "Granted", read), create_base(admin, "Hidden")
    preview = _preview(admin, group)
    assert set(preview) == PREVIEW_FIELDS and preview["group"] == {"id": group["id"], "name": "Previewed"}
    assert {granted["id"], public["id"]} <= _ids(preview["models"]) and private["id"] not in _ids(preview["models"])
    assert base["id"] in _ids(preview["knowledge"]) and hidden["id"] not in _ids(preview["knowledge"])
    assert preview["knowledge"]["total"] >= 2 and preview["models"]["total"] >= 3
    assert preview["tools"] == {"items": [], "total": 0}


def test_the_preview_shows_the_groups_permissions_over_the_defaults(admin: Person) -> None:
    group = create_group(admin, "Deleters", permissions={"chat": {"delete": True}})
    preview = _preview(admin, group)
    assert preview["permissions"] == {"chat": {"delete": True}}
    assert preview["effective_permissions"]["chat"]["delete"] is True
    assert preview["inherited_permissions"] == admin.http.get("/api/v1/users/default/permissions").json()
    assert preview["default_models"]["local"] is None and preview["default_models"]["source_group_id"] is None


def test_only_admins_preview_a_group_and_an_unknown_one_is_not_found(admin: Person, member: Person) -> None:
    group = create_group(admin, "Private")
    assert member.http.get(f"/api/v1/groups/id/{group['id']}/preview").status_code in (401, 403)
    assert admin.http.get(f"/api/v1/groups/id/{uuid.uuid4()}/preview").status_code == 404


def test_a_persons_preview_lists_their_groups_and_what_they_may_read(admin: Person, member: Person) -> None:
    group = add(admin, create_group(admin, "Members' own"), member)
    through_group = _preset(admin, {"principal_type": "group", "principal_id": group["id"], "permission": "read"})
    to_them = _preset(admin, {"principal_type": "user", "principal_id": member.id, "permission": "read"})
    private = _preset(admin)
    response = admin.http.get(f"/api/v1/users/{member.id}/preview")
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["user"]["id"] == member.id and {"id": group["id"], "name": "Members' own"} in preview["groups"]
    assert {through_group["id"], to_them["id"]} <= _ids(preview["models"]) and private["id"] not in _ids(
        preview["models"])
    assert private["id"] in _ids(admin.http.get(f"/api/v1/users/{admin.id}/preview").json()["models"])


def test_only_admins_preview_a_person_and_an_unknown_one_is_not_found(admin: Person, member: Person) -> None:
    assert member.http.get(f"/api/v1/users/{admin.id}/preview").status_code in (401, 403)
    assert admin.http.get(f"/api/v1/users/{uuid.uuid4()}/preview").status_code == 404
