"""What falls due with time, done by every process that projects at each sweep: deleted resources'
keys destroyed once their grace has passed (erasure), retention policies applied, the logs' heads
signed (checkpoints), and views of versions nobody uses any more let go."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from application.audit.checkpoints import checkpoint_heads, sign_due_checkpoints
from application.context import BoundedContext
from application.privacy.erasure import DELETIONS, Erasure
from application.retention.policies import RetentionPolicies
from application.retention.purge import Purging, RetentionPurge
from infrastructure.audit_keys import DEFAULT_NAME, AuditKey, load_or_create
from infrastructure.resource_keys import ResourceKeys
from infrastructure.retention_views import RetentionViews
from infrastructure.sealing_mapper import SealingMapper
from infrastructure.settings import Settings
from infrastructure.views_db import SqlViewStore
from infrastructure.wiring.read_side import ReadSide
from infrastructure.wiring.write_side import WriteSide
from projections.chats.projector import ChatViews
from projections.event_catalog.projector import EventCatalog
from projections.files.projector import FileViews
from projections.runtime.runner import ProjectionRunner


@dataclass(frozen=True)
class Upkeep:
    audit_key: AuditKey
    retention: RetentionPolicies
    retention_purge: RetentionPurge
    sweep: Callable[[], None]


def upkeep(settings: Settings, runner: ProjectionRunner, views: SqlViewStore, write: WriteSide,
           read: ReadSide) -> Upkeep:
    """The erasures are reactions too (to deletions: ``Erasure``), added to ``runner`` here."""
    contexts, identity = write.contexts, write.identity
    erasures = [Erasure(name, _resource_keys(contexts[name]), grace=settings.erasure_grace, held=identity.is_held)
                for name in DELETIONS]
    for erasure in erasures:
        runner.add_reaction(erasure)
    audit_erasure = Erasure(write.audit.name, _resource_keys(write.audit), grace=settings.erasure_grace,
                            held=identity.is_held)
    erasures.append(audit_erasure)  # the audit records' keys, destroyed by retention (no reaction: none is deleted)
    audit_key = load_or_create(settings.audit_key_file or Path(settings.data_dir) / DEFAULT_NAME)
    retention = RetentionPolicies(write.audit)
    retention_purge = RetentionPurge(
        retention, _retention_views(runner, contexts, read),
        Purging(chats=write.chats, files=write.files, audit=audit_erasure, held=identity.is_held,
                settled=runner.wait),
        exclusively=views.exclusively, checkpoints=lambda: _signed_heads(contexts, audit_key))

    def sweep() -> None:
        """What a process that projects does every sweep besides catching up."""
        runner.versions_in_use()
        sign_due_checkpoints(contexts, audit_key)
        for erasure in erasures:
            erasure.erase_due()
        retention_purge.apply_due()

    return Upkeep(audit_key=audit_key, retention=retention, retention_purge=retention_purge, sweep=sweep)


def _resource_keys(context: BoundedContext) -> ResourceKeys:
    mapper = context.mapper
    assert isinstance(mapper, SealingMapper), f"{context.name} stores its events unsealed"
    return mapper.keys


def _signed_heads(contexts: Mapping[str, BoundedContext], key: AuditKey) -> dict[str, tuple[int, str]]:
    return {name: (c.position, c.hash.hex()) for name, c in checkpoint_heads(contexts, key).items()}


def _retention_views(runner: ProjectionRunner, contexts: Mapping[str, BoundedContext],
                     read: ReadSide) -> RetentionViews:
    views = {"chats": ("Chats", ChatViews.view), "files": ("Files", FileViews.view),
             "audit": ("Audit", EventCatalog.view_of("Audit"))}

    def caught_up(kind: str) -> None:
        context, view = views[kind]
        runner.wait(context, contexts[context].position, (view,))

    return RetentionViews(read.chat_views, read.file_views, read.events, caught_up)
