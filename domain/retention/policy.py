"""The workspace's retention policy: how long chats nobody touched, files and the audit's own
records are kept (0: forever), and the purges applied under it, each decided, then proven.

One policy per workspace, at a fixed id: every purge is decided on it (``decide_run``), so two
processes deciding at once collide on its version and only one run is recorded. A run decided
and not yet ``Applied`` is finished before another is decided: a crash mid-purge is completed by
the next sweep, never half-done and never done twice over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.retention.errors import InvalidRetentionError, RunNotOpenError, RunOpenError

RETENTION_POLICY_ID = uuid5(NAMESPACE_URL, "annals:retention-policy")
DAY = 86400.0
MOST_DAYS = 36_500
KINDS = ("chats", "files", "audit")
"""``chats``: untouched (no update) for so many days; ``files``: uploaded so long ago;
``audit``: the audit log's own records (refusals, token uses, disclosures) so old."""


@dataclass(frozen=True)
class Run:
    """A purge as decided: what was due, by the cutoffs of the policy's revision."""

    run: int
    revision: int
    before: dict[str, float]
    chat_ids: list[str] = field(default_factory=list)
    file_ids: list[str] = field(default_factory=list)
    audit_ids: list[str] = field(default_factory=list)
    audit_through: int = 0
    """The audit log's position up to which every record due is in this run or an earlier one."""
    held: dict[str, int] = field(default_factory=dict)
    """Due, and kept: their owner is under legal hold."""


class RetentionPolicy(Aggregate):
    @staticmethod
    def create_id() -> UUID:
        return RETENTION_POLICY_ID

    class Created(Aggregate.Created):
        pass

    @event(Created)
    def __init__(self) -> None:
        self.days = dict.fromkeys(KINDS, 0)
        self.revision = 0
        self.changed_by: str | None = None
        self.runs = 0
        self.open_run: Run | None = None
        self.audit_through = 0

    def change(self, *, actor_id: str, days: dict[str, int | None]) -> None:
        """``days`` per kind of ``KINDS``; a kind left out keeps its value, None or 0 keeps forever."""
        wanted = dict(self.days)
        for kind, value in days.items():
            wanted[kind] = _checked(kind, value)
        if wanted != self.days:
            self._change(actor_id=actor_id, chat_days=wanted["chats"], file_days=wanted["files"],
                         audit_days=wanted["audit"])

    class Changed(Aggregate.Event):
        actor_id: str
        chat_days: int
        file_days: int
        audit_days: int

    @event(Changed)
    def _change(self, *, actor_id: str, chat_days: int, file_days: int, audit_days: int) -> None:
        self.days = {"chats": chat_days, "files": file_days, "audit": audit_days}
        self.revision += 1
        self.changed_by = actor_id

    def cutoffs(self, now: float) -> dict[str, float]:
        """Per kind kept for a limited time: what is older than this is due."""
        return {kind: now - days * DAY for kind, days in self.days.items() if days}

    def decide_run(self, decision: Run) -> None:
        if self.open_run is not None:
            raise RunOpenError(self.open_run.run)
        self._decide(run=self.runs + 1, revision=self.revision, before=decision.before,
                     chat_ids=decision.chat_ids, file_ids=decision.file_ids, audit_ids=decision.audit_ids,
                     audit_through=decision.audit_through, held=decision.held)

    class RunDecided(Aggregate.Event):
        run: int
        revision: int
        before: dict[str, float]
        chat_ids: list[str]
        file_ids: list[str]
        audit_ids: list[str]
        audit_through: int
        held: dict[str, int]

    @event(RunDecided)
    def _decide(self, *, run: int, revision: int, before: dict[str, float], chat_ids: list[str],
                file_ids: list[str], audit_ids: list[str], audit_through: int, held: dict[str, int]) -> None:
        self.runs = run
        self.open_run = Run(run, revision, dict(before), list(chat_ids), list(file_ids), list(audit_ids),
                            audit_through, dict(held))

    def record_applied(self, proof: Proof) -> None:
        """The proof of the open run: what it purged (and what holds kept), and the logs' signed
        checkpoints it ends on."""
        run = self.open_run
        if run is None or run.run != proof.run:
            raise RunNotOpenError(proof.run)
        self._applied(run=run.run, revision=run.revision, before=run.before,
                    counts={"chats": len(proof.chat_ids), "files": len(proof.file_ids),
                            "audit": len(proof.audit_ids)},
                    chat_ids=proof.chat_ids, file_ids=proof.file_ids, audit_ids=proof.audit_ids,
                    held=proof.held, positions=proof.positions, checkpoint_digests=proof.checkpoint_digests)

    class Applied(Aggregate.Event):
        run: int
        revision: int
        before: dict[str, float]
        counts: dict[str, int]
        chat_ids: list[str]
        file_ids: list[str]
        audit_ids: list[str]
        held: dict[str, int]
        positions: dict[str, int]
        """Each log's position the run ends on: everything it did is at or before it."""
        checkpoint_digests: dict[str, str]
        """The chain's hash signed at each of those positions (``annals verify`` checks them)."""

    @event(Applied)
    def _applied(self, *, run: int, revision: int, before: dict[str, float], counts: dict[str, int],
               chat_ids: list[str], file_ids: list[str], audit_ids: list[str], held: dict[str, int],
               positions: dict[str, int], checkpoint_digests: dict[str, str]) -> None:
        assert self.open_run is not None
        self.audit_through = max(self.audit_through, self.open_run.audit_through)
        self.open_run = None


@dataclass(frozen=True)
class Proof:
    run: int
    chat_ids: list[str]
    file_ids: list[str]
    audit_ids: list[str]
    held: dict[str, int]
    positions: dict[str, int]
    checkpoint_digests: dict[str, str]


def _checked(kind: str, days: int | None) -> int:
    if kind not in KINDS:
        raise InvalidRetentionError(kind, days, MOST_DAYS)
    if days is None:
        return 0
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MOST_DAYS:
        raise InvalidRetentionError(kind, days, MOST_DAYS)
    return days
