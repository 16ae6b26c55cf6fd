"""Signed checkpoints of each context's hash chain: every ``EVERY_EVENTS`` events or
``EVERY_SECONDS`` seconds, whichever comes first, a process that projects signs the chain's last
link with the audit key (a file the database never holds). A log edited together with its chain
cannot be made to agree with a checkpoint without that key."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Protocol

from eventsourcing.application import Application

from application.event_log import add_checkpoint, chain_head, read_checkpoints
from domain.audit.log_chain import Checkpoint, Link, checkpoint_message

EVERY_EVENTS = 1000
EVERY_SECONDS = 60.0


class AuditSignature(Protocol):
    def sign(self, message: bytes) -> bytes: ...

    def valid(self, message: bytes, signature: bytes) -> bool: ...


def sign_due_checkpoints(contexts: Mapping[str, Application], key: AuditSignature,
                         now: float | None = None) -> list[tuple[str, Checkpoint]]:
    signed_at = time.time() if now is None else now
    signed = []
    for name, app in contexts.items():
        head = chain_head(app)
        kept = read_checkpoints(app)
        last = kept[-1] if kept else None
        if head is None or (last is not None and (
                last.position >= head.position
                or (head.position - last.position < EVERY_EVENTS and signed_at - last.signed_at < EVERY_SECONDS))):
            continue
        signed.append((name, _signed(name, app, head, key, signed_at)))
    return signed


def checkpoint_heads(contexts: Mapping[str, Application], key: AuditSignature,
                     now: float | None = None) -> dict[str, Checkpoint]:
    """Each non-empty log's checkpoint at its chain's head, signed now unless one is already kept
    there: what an export ends on."""
    signed_at = time.time() if now is None else now
    heads: dict[str, Checkpoint] = {}
    for name, app in contexts.items():
        head = chain_head(app)
        if head is None:
            continue
        kept = {c.position: c for c in read_checkpoints(app)}
        heads[name] = kept.get(head.position) or _signed(name, app, head, key, signed_at)
    return heads


def _signed(name: str, app: Application, head: Link, key: AuditSignature, signed_at: float) -> Checkpoint:
    signature = key.sign(checkpoint_message(name, head.position, head.hash, signed_at))
    checkpoint = Checkpoint(head.position, head.hash, signed_at, signature)
    add_checkpoint(app, checkpoint)  # another process signing the same head at once keeps its own: both hold
    return checkpoint
