"""Checking each context's log against its hash chain (``domain/audit/log_chain.py``): what
``annals verify`` and ``GET /api/v1/audit/verify`` report."""

from __future__ import annotations

from contextlib import closing

import msgspec
from eventsourcing.application import Application

from application.audit.checkpoints import AuditSignature
from application.audit.commands import RecordVerification
from application.event_log import chain_head, first_unmatched_link, last_position, read_chained_log, read_checkpoints
from domain.audit.log_chain import FORGED_CHECKPOINT, Link, checkpoint_message, first_disagreement_in


class Verdict(msgspec.Struct, frozen=True):
    context: str
    events: int
    """Events checked: the log as it stood when the check began."""
    first_disagreement: int | None = None
    """The first position where the log and its chain disagree; None when they agree throughout."""
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.first_disagreement is None


def verify_log(name: str, app: Application, key: AuditSignature) -> Verdict:
    # Read in this order, each bound holds what was committed before it was read; events and links
    # committed while the check runs are left to the next one. The chain may reach past the log
    # (its last events removed): its links up to there are checked too.
    checkpoints = read_checkpoints(app)
    chained_to = (chain_head(app) or Link(0, b"")).position
    head = last_position(app)
    for checkpoint in checkpoints:
        if not key.valid(checkpoint_message(name, *checkpoint[:3]), checkpoint.signature):
            return Verdict(name, 0, checkpoint.position, FORGED_CHECKPOINT)
    unmatched = first_unmatched_link(app, max(head, chained_to))
    with closing(read_chained_log(app, head)) as rows:
        walked = first_disagreement_in(rows, {c.position: c.hash for c in checkpoints}, unmatched)
    if walked.disagreement is None:
        return Verdict(name, walked.events)
    return Verdict(name, walked.events, *walked.disagreement)


def recording(verdict: Verdict, actor_id: str | None) -> RecordVerification:
    """The verdict as the audit log keeps it (``Audit.record_verification``)."""
    return RecordVerification(actor_id=actor_id, context=verdict.context, events=verdict.events,
                              first_disagreement=verdict.first_disagreement, reason=verdict.reason)
