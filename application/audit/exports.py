"""The audit trail exported as JSON lines or CSV, signed.

An export ends, for each context, on a signed checkpoint of that log's hash chain (signed at the
export's start if none is kept at the head) and holds that context's entries up to it; its last
rows are those checkpoints (``type`` ``Checkpoint``), so a reader can check what the export claims
against the log itself (``annals verify``). The whole file is signed, byte for byte, with the key
that signs the checkpoints (Ed25519; its public half is at ``GET /api/v1/audit/checkpoints/key``):
the signature is detached, 64 raw bytes, checked with ``annals audit verify-export`` or
``openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in FILE -sigfile FILE.sig``.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Literal, NamedTuple

import msgspec
from eventsourcing.application import Application

from application.audit.checkpoints import AuditSignature, checkpoint_heads
from application.audit.trail import Entry, TrailFilter, TrailReader, every_entry
from domain.audit.log_chain import Checkpoint

Format = Literal["jsonl", "csv"]
COLUMNS = ("context", "position", "time", "timestamp", "type", "aggregate_id", "user_id", "actor_id", "subjects",
           "address", "detail")
MEDIA_TYPES: dict[Format, str] = {"jsonl": "application/x-ndjson", "csv": "text/csv"}


class SignedExport(NamedTuple):
    data: bytes
    signature: bytes
    checkpoints: dict[str, Checkpoint]
    """By context: the checkpoint its entries end on."""


def export_trail(trail: TrailReader, contexts: Mapping[str, Application], key: AuditSignature,
                 query: TrailFilter, format: Format, caught_up: Callable[[str, int], None]) -> SignedExport:
    """``caught_up(context, position)`` returns once the trail holds that context up to there."""
    checkpoints = checkpoint_heads(contexts, key)
    for name, checkpoint in checkpoints.items():
        caught_up(name, checkpoint.position)
    upto = {name.lower(): checkpoint.position for name, checkpoint in checkpoints.items()}
    entries = [*every_entry(trail, query, upto), *(_checkpoint_row(n, c) for n, c in checkpoints.items())]
    data = render(entries, format)
    return SignedExport(data, key.sign(data), checkpoints)


def render(entries: Iterable[Entry], format: Format) -> bytes:
    rows = ({**e, "time": _iso(e["timestamp"])} for e in entries)
    if format == "jsonl":
        return b"".join(msgspec.json.encode({c: row[c] for c in COLUMNS}) + b"\n" for row in rows)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return text.getvalue().encode()


def _checkpoint_row(context: str, checkpoint: Checkpoint) -> Entry:
    return {"context": context.lower(), "position": checkpoint.position, "timestamp": checkpoint.signed_at,
            "type": "Checkpoint", "aggregate_id": None, "user_id": None, "actor_id": None, "subjects": [],
            "address": None, "detail": {"log": context, "hash": checkpoint.hash.hex(),
                                        "signature": base64.b64encode(checkpoint.signature).decode()}}


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(map(str, value))
    if isinstance(value, dict):
        return msgspec.json.encode(value).decode()
    return str(value)
