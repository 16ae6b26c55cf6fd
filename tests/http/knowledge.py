"""Knowledge bases made for HTTP tests, as the Workspace's Knowledge pages make them."""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.groups import add, create_group
from tests.waiting import wait_for

MAKERS = {"workspace": {"knowledge": True}, "sharing": {"knowledge": True, "public_knowledge": True}}


def may_make_knowledge(admin: Person, *people: Person, **permissions: Any) -> dict[str, Any]:
    """A group of its own lets ``people`` create (and share) knowledge bases; the members' defaults stay."""
    group = create_group(admin, f"Knowledge {uuid.uuid4().hex[:8]}", permissions=permissions or MAKERS)
    return add(admin, group, *people)


def create_base(person: Person, name: str = "Handbook", *grants: dict[str, str]) -> dict[str, Any]:
    response = person.http.post("/api/v1/knowledge/create",
                                json={"name": name, "description": "How we work", "access_grants": list(grants)})
    assert response.status_code == 200, response.text
    return response.json()


def a_file(person: Person, name: str = "notes.md") -> dict[str, Any]:
    return uploaded(person, name, b"# Notes\nWe ship on Fridays.", "text/markdown")


def add_file(person: Person, base: dict[str, Any], file: dict[str, Any]) -> dict[str, Any]:
    response = person.http.post(f"/api/v1/knowledge/{base['id']}/file/add", json={"file_id": file["id"]})
    assert response.status_code == 200, response.text
    return response.json()


def collection(base: dict[str, Any]) -> dict[str, Any]:
    """The base as a chat or a preset names it (the composer's ``#``, the model editor's Knowledge)."""
    return {"type": "collection", "id": base["id"], "name": base["name"]}


def grant(kind: str, principal: str, permission: str = "read") -> dict[str, str]:
    return {"principal_type": kind, "principal_id": principal, "permission": permission}


DONE = ("completed", "failed")


def processed(person: Person, base: dict[str, Any], file: dict[str, Any]) -> dict[str, Any]:
    """The file's ``data`` in the base's listing, once its processing has ended."""
    found: dict[str, Any] = {}

    def ended() -> bool:
        items = person.http.get(f"/api/v1/knowledge/{base['id']}/files").json()["items"]
        found.update(next(item["data"] for item in items if item["id"] == file["id"]))
        return found["status"] in DONE

    wait_for(ended, timeout=60, what=f"{file['filename']} to be processed")
    return found


def processed_base(admin: Person, member: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    may_make_knowledge(admin, member)
    base, file = create_base(member), a_file(member, "notes.md")
    add_file(member, base, file)
    assert processed(member, base, file) == {"status": "completed"}
    return base, file
