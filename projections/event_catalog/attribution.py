"""What the audit trail says of an event besides who it concerns: who acted, from where, and the
few facts an auditor needs (how a session began, why a request was refused, what an admin read).

Never a person's content: the trail is read by admins and exported, so it holds ids, kinds,
paths and addresses, and the event API shows the rest as the content policy allows.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any, NamedTuple

from domain.audit.api_key_use import ApiKeyUse
from domain.audit.disclosure import Disclosure
from domain.audit.refusal import Refusal
from domain.audit.token_use import TokenUse
from domain.audit.verification import Verification
from domain.groups.group import Group
from domain.identity.api_keys import fingerprint
from domain.identity.user import User
from domain.retention.policy import RetentionPolicy


class Attribution(NamedTuple):
    actor_id: str | None
    address: str | None = None
    detail: dict[str, Any] | None = None
    subjects: tuple[str, ...] | None = None
    """Whom the event concerns, when not (only) the person it is attributed to: those whose data
    an admin read."""


@singledispatch
def attributed(event: Any) -> Attribution:
    actor = getattr(event, "actor_id", None)
    return Attribution(str(actor) if actor else None)


@attributed.register
def _(event: User.SignedIn) -> Attribution:
    # Events stored before the address was kept lack it: read with a default.
    return Attribution(str(event.originator_id), getattr(event, "address", None),
                       {"outcome": "success", "means": getattr(event, "means", "password")})


@attributed.register
def _(event: User.SignedOut) -> Attribution:
    return Attribution(str(event.originator_id), getattr(event, "address", None))


@attributed.register
def _(event: Refusal.Recorded) -> Attribution:
    return Attribution(event.user_id, event.address, {
        "outcome": "refused", "kind": event.kind, "reason": event.reason, "method": event.method,
        "path": event.path, "status": event.status, "folded": event.folded})


@attributed.register
def _(event: TokenUse.Recorded) -> Attribution:
    return Attribution(event.user_id, event.address, {
        "means": "token", "client": event.client, "method": event.method, "path": event.path})


@attributed.register
def _(event: ApiKeyUse.Recorded) -> Attribution:
    return Attribution(event.user_id, event.address, {
        "means": "api_key", "key": fingerprint(event.key_digest), "client": event.client, "method": event.method,
        "path": event.path, "uses": event.uses, "first_at": event.first_at, "last_at": event.last_at})


@attributed.register
def _(event: Disclosure.Recorded) -> Attribution:
    return Attribution(event.user_id, None, {"resource": event.resource, "path": event.path},
                       tuple(event.owners))


@attributed.register
def _(event: Verification.Recorded) -> Attribution:
    return Attribution(event.actor_id, None, {"context": event.context, "events": event.events,
                                              "first_disagreement": event.first_disagreement, "reason": event.reason})


@attributed.register
def _(event: RetentionPolicy.Applied) -> Attribution:
    """A purge's proof: by which revision of the policy, how many of each kind went (the ids are in
    the event), what holds kept, and the log positions its signed checkpoints are at."""
    return Attribution(None, None, {"run": event.run, "revision": event.revision, "counts": event.counts,
                                    "held": event.held, "positions": event.positions})


@attributed.register(Group.MembersAdded)
@attributed.register(Group.MembersRemoved)
def _(event: Group.MembersAdded | Group.MembersRemoved) -> Attribution:
    """Whose membership changed: each of them finds it among what concerns them."""
    return Attribution(event.actor_id, None, None, tuple(event.user_ids))
