"""What free-text search may find an event by: its public fields only."""

from __future__ import annotations

from domain.audit.refusal import Refusal
from projections.event_catalog.terms import search_terms


def _refusal() -> Refusal.Recorded:
    refusal = Refusal(kind="permission", reason="not an admin", method="GET", path="/console/secret-path",
                      status=403, address="10.0.0.9", user_id="u1", email="someone@example.org", folded=0)
    return refusal.collect_events()[0]


def test_a_refusals_kind_method_and_status_are_terms():
    assert {"kind:permission", "method:get", "status:403"} <= set((search_terms(_refusal()) or "").split())


def test_what_a_request_brought_is_no_term():
    terms = search_terms(_refusal()) or ""
    assert not any(text in terms for text in ("secret-path", "not an admin", "10.0.0.9", "someone@"))
