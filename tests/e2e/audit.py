"""The audit trail as an admin reads it: the refusals recorded."""

from __future__ import annotations

from typing import Any

from tests.e2e.people import Person
from tests.waiting import wait_for


def refusals(admin: Person, **match: Any) -> list[dict[str, Any]]:
    """Recorded refusals with these fields."""
    response = admin.http.get("/api/v1/events", params={"context": "audit", "type": "Refusal.Recorded",
                                                        "limit": 1000})
    response.raise_for_status()
    found = [e["data"] for e in response.json()["events"]]
    return [r for r in found if all(r.get(k) == v for k, v in match.items())]


def recorded(admin: Person, **match: Any) -> dict[str, Any]:
    """The refusal like ``match``, once it is recorded (after the answer was sent)."""
    wait_for(lambda: bool(refusals(admin, **match)), timeout=10, what=f"a refusal like {match}")
    return refusals(admin, **match)[0]
