"""Applying the retention policy: a scheduled job (the container's ``sweep``) that purges what is
due through the commands every deletion goes through, so that erasure follows as for any other
(``application/privacy/erasure.py``), and records a proof of each purge in the audit log.

A purge is decided first (``RetentionPolicy.RunDecided``: the ids due, by the policy's cutoffs),
then carried out, then proven (``RetentionPolicy.Applied``: what went, what holds kept, and the
signed checkpoints of the logs it ends on). Whoever runs next finishes a run decided and not
proven, with the same idempotent commands, so a crash mid-purge is completed, never half-done.
One process at a time runs it (``exclusively``); two that decide at once collide on the policy's
version, and the loser finishes the winner's run instead.

Holds win: what belongs to a person under legal hold is kept while the hold lasts (and counted in
the proof as held); it is due again at the first run after the hold is lifted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import NamedTuple, Protocol
from uuid import UUID

import structlog
from eventsourcing.persistence import IntegrityError

from application.chats.commands import DeleteChatsOf
from application.chats.service import Chats
from application.files.commands import EraseFiles
from application.files.service import Files
from application.retention.policies import RetentionPolicies
from domain.retention.policy import Proof, Run

log = structlog.get_logger()
BATCH = 500
"""Most chats, files and audit records one run purges of each; the rest go in the next runs."""
AUDIT_RECORDS = ("Refusal.Recorded", "TokenUse.Recorded", "ApiKeyUse.Recorded", "Disclosure.Recorded")
"""The audit log's own records whose texts (addresses, e-mails typed, paths, clients) a purge erases."""


class Row(NamedTuple):
    id: str
    owner: str
    at: int
    """Epoch seconds: a chat's last update, a file's upload."""


class DueViews(Protocol):
    """The read models a purge is decided from, caught up with their logs before each read."""

    def chats(self, before: float | None, among: Sequence[str] | None = None) -> list[Row]:
        """Chats last updated before ``before`` (any, if None), of ``among`` if given."""

    def files(self, before: float | None, among: Sequence[str] | None = None) -> list[Row]: ...

    def audit_records(self, after: int, before: float, limit: int) -> list[tuple[int, str]]:
        """(position, aggregate id) of the audit records after ``after`` in log order, as far as they
        are all older than ``before``."""


class AuditErasure(Protocol):
    """Erasure of the audit records' keys (``Erasure``): holds win there too."""

    def schedule(self, resource_ids: Sequence[str], deleted_at: float, now: float | None = None) -> None: ...


Settled = Callable[[str, int | None], None]
Exclusively = Callable[[str], AbstractContextManager[None]]
Checkpoints = Callable[[], dict[str, tuple[int, str]]]
"""Each log's head now, signed: (position, chain hash in hex)."""


@dataclass(frozen=True)
class Purging:
    """Where a purge acts: the commands it issues and what tells it who is held."""

    chats: Chats
    files: Files
    audit: AuditErasure
    held: Callable[[str], bool]
    settled: Settled


class RetentionPurge:
    name = "retention"

    def __init__(self, policies: RetentionPolicies, views: DueViews, purging: Purging, *,
                 exclusively: Exclusively, checkpoints: Checkpoints, clock: Callable[[], float] = time.time) -> None:
        self._policies, self._views, self._purging = policies, views, purging
        self._exclusively, self._checkpoints, self._clock = exclusively, checkpoints, clock

    def apply_due(self, now: float | None = None) -> int | None:
        """Purge what is due by ``now`` (the clock's, if None); the run proven, or None if nothing was due."""
        now = self._clock() if now is None else now
        with self._exclusively(self.name):
            run = self.decide(now)
            policy = self._policies.current()
            if run is None or policy is None:
                return None
            return self._finish(run, now, policy.changed_by or "retention")

    def decide(self, now: float) -> Run | None:
        """The run under way, or a new one of what is due by ``now`` (recorded, not yet carried out)."""
        policy = self._policies.current()
        if policy is None or policy.open_run is not None:
            return None if policy is None else policy.open_run
        before = policy.cutoffs(now)
        chats, held_chats = self._unheld(self._views.chats(before["chats"]) if "chats" in before else [])
        files, held_files = self._unheld(self._views.files(before["files"]) if "files" in before else [])
        audit = self._views.audit_records(policy.audit_through, before["audit"], BATCH) if "audit" in before else []
        if not (chats or files or audit):
            return None
        policy.decide_run(Run(0, policy.revision, before, [r.id for r in chats[:BATCH]], [r.id for r in files[:BATCH]],
                              [aggregate for _, aggregate in audit],
                              audit[-1][0] if audit else policy.audit_through,
                              {"chats": held_chats, "files": held_files}))
        try:
            self._policies.log.commit(policy)
        except IntegrityError:  # another process decided first: finish its run
            decided = self._policies.current()
            return None if decided is None else decided.open_run
        log.info("retention.decided", run=policy.runs, chats=len(chats), files=len(files), audit=len(audit))
        return policy.open_run

    def _unheld(self, rows: list[Row]) -> tuple[list[Row], int]:
        holds: dict[str, bool] = {}
        kept = [row for row in rows if not holds.setdefault(row.owner, self._purging.held(row.owner))]
        return kept, len(rows) - len(kept)

    def _finish(self, run: Run, now: float, actor: str) -> int | None:
        chats, held_chats = self._purge_chats(run)
        files, held_files = self._purge_files(run, actor)
        if run.audit_ids:
            self._purging.audit.schedule(run.audit_ids, deleted_at=now, now=now)
        heads = self._checkpoints()
        proof = Proof(run.run, chats, files, run.audit_ids,
                      {"chats": run.held.get("chats", 0) + held_chats, "files": run.held.get("files", 0) + held_files},
                      {name: position for name, (position, _) in heads.items()},
                      {name: digest for name, (_, digest) in heads.items()})
        return self._prove(proof)

    def _purge_chats(self, run: Run) -> tuple[list[str], int]:
        """Deletes those still due (untouched, their owner not held); returns those gone, and how many
        holds kept. A chat touched since the run was decided is kept and is not counted."""
        present = self._views.chats(None, run.chat_ids)
        due, held = self._unheld([row for row in present if row.at < run.before["chats"]])
        for owner, ids in _by_owner(due).items():
            self._purging.settled(self._purging.chats.name, self._purging.chats.delete_chats_of(
                DeleteChatsOf(owner_id=owner, chat_ids=[UUID(i) for i in ids])))
        kept = {row.id for row in present} - {row.id for row in due}
        return [chat for chat in run.chat_ids if chat not in kept], held

    def _purge_files(self, run: Run, actor: str) -> tuple[list[str], int]:
        present = self._views.files(None, run.file_ids)
        due, held = self._unheld(present)
        reason = f"retention policy (revision {run.revision}): uploaded over its days ago"
        for owner, ids in _by_owner(due).items():
            self._purging.settled(self._purging.files.name, self._purging.files.erase_files(
                EraseFiles(owner_id=owner, file_ids=[UUID(i) for i in ids], actor_id=actor, reason=reason)))
        kept = {row.id for row in present} - {row.id for row in due}
        return [file for file in run.file_ids if file not in kept], held

    def _prove(self, proof: Proof) -> int | None:
        def attempt() -> int | None:
            policy = self._policies.current()
            if policy is None or policy.open_run is None or policy.open_run.run != proof.run:
                return None  # proven by another process meanwhile
            policy.record_applied(proof)
            self._policies.log.commit(policy)
            return proof.run

        run = self._policies.log.retrying(attempt)
        log.info("retention.applied", run=proof.run, chats=len(proof.chat_ids), files=len(proof.file_ids),
                 audit=len(proof.audit_ids), held=proof.held)
        return run


def _by_owner(rows: list[Row]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for row in rows:
        owners.setdefault(row.owner, []).append(row.id)
    return owners
