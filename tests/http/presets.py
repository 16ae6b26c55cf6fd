"""Model presets made for HTTP tests, as the Workspace's model editor makes them."""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.people import Person


def preset(*knowledge: dict[str, Any], **more: Any) -> dict[str, Any]:
    """A preset on the fake upstream's ``echo`` that names ``knowledge`` (its ``meta.knowledge``)."""
    return {"id": f"handbook-{uuid.uuid4().hex[:8]}", "base_model_id": "echo", "name": "Handbook helper",
            "params": {}, "meta": {"knowledge": list(knowledge)}, **more}


def preset_with(author: Person, *knowledge: dict[str, Any], **more: Any) -> str:
    """Such a preset, created by ``author``; its model id."""
    created = author.http.post("/api/v1/models/create", json=preset(*knowledge, **more))
    assert created.status_code == 200, created.text
    return str(created.json()["id"])
