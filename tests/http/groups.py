"""Groups made for HTTP tests, as the admin panel's Groups page makes them."""

from __future__ import annotations

from typing import Any

from tests.e2e.people import Person


def create_group(admin: Person, name: str = "Staff", **more: Any) -> dict[str, Any]:
    response = admin.http.post("/api/v1/groups/create", json={"name": name, "description": "", **more})
    assert response.status_code == 200, response.text
    return response.json()


def add(admin: Person, group: dict[str, Any], *people: Person) -> dict[str, Any]:
    response = admin.http.post(f"/api/v1/groups/id/{group['id']}/users/add",
                               json={"user_ids": [person.id for person in people]})
    assert response.status_code == 200, response.text
    return response.json()


def remove(admin: Person, group: dict[str, Any], *people: Person) -> dict[str, Any]:
    response = admin.http.post(f"/api/v1/groups/id/{group['id']}/users/remove",
                               json={"user_ids": [person.id for person in people]})
    assert response.status_code == 200, response.text
    return response.json()


def set_defaults(admin: Person, section: str, **switches: bool) -> None:
    """The admin's default permissions saved with ``switches`` of ``section`` changed, as the page saves them."""
    defaults = admin.http.get("/api/v1/users/default/permissions").json()
    defaults[section] |= switches
    admin.http.post("/api/v1/users/default/permissions", json=defaults).raise_for_status()
