"""The HTTP side of the authorisation service (``application.access``): who the caller is to it,
and its refusals raised as the errors each context answers with (and records, ``refusals``)."""

from __future__ import annotations

from application.access.resources import ANONYMOUS, Decision, Principal
from interfaces.http.auth import SessionUser
from interfaces.http.refusals import RuleRefusal


def principal_of(user: SessionUser | None) -> Principal:
    """``None``: nobody signed in (or, on a public route, an account still pending)."""
    if user is None:
        return ANONYMOUS
    return Principal(user.id, user.role, user.group_ids, user.permissions)


def enforce(decision: Decision, *, missing: Exception, refused: Exception) -> None:
    """A thing that is not there, and one the caller may not touch, each as its context answers it
    (the refusal recorded with the rule's reason)."""
    if not decision.exists:
        raise missing
    if not decision.allowed:
        raise refused from RuleRefusal(decision.reason)
