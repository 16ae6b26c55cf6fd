"""Commands of the knowledge context. Who acts comes with each: their id, whether they are an
admin, and their groups (a grant to one of them counts as one to them)."""

from __future__ import annotations

from uuid import UUID

import msgspec

from application.idempotency import Once

Grant = dict[str, str]


class KnowledgeCommand(msgspec.Struct, frozen=True, kw_only=True):
    knowledge_id: UUID
    actor_id: str
    actor_is_admin: bool = False
    actor_group_ids: frozenset[str] = frozenset()


class CreateKnowledge(msgspec.Struct, frozen=True, kw_only=True):
    knowledge_id: UUID
    owner_id: str
    name: str
    description: str
    access_grants: list[Grant] = []
    once: Once | None = None


class UpdateKnowledge(KnowledgeCommand, frozen=True, kw_only=True):
    name: str
    description: str


class ChangeKnowledgeAccess(KnowledgeCommand, frozen=True, kw_only=True):
    access_grants: list[Grant]


class AddKnowledgeFiles(KnowledgeCommand, frozen=True, kw_only=True):
    """Files the actor may read (the caller checks: their own, or any for an admin)."""

    file_ids: list[str]


class RemoveKnowledgeFile(KnowledgeCommand, frozen=True, kw_only=True):
    file_id: str


class ReprocessKnowledgeFile(KnowledgeCommand, frozen=True, kw_only=True):
    """Open WebUI's ``file/update``: the file's content changed, its chunks are made anew."""

    file_id: str


class ResetKnowledge(KnowledgeCommand, frozen=True, kw_only=True):
    pass


class DeleteKnowledge(KnowledgeCommand, frozen=True, kw_only=True):
    pass


class DeleteKnowledgeOf(msgspec.Struct, frozen=True, kw_only=True):
    """A deleted person's bases go with them; those already gone are skipped."""

    owner_id: str
    knowledge_ids: list[UUID]
    actor_id: str


class DropFileEverywhere(msgspec.Struct, frozen=True, kw_only=True):
    """A deleted file leaves every base that held it."""

    file_id: str
    knowledge_ids: list[UUID]
    actor_id: str


class WithdrawGroupFromKnowledge(msgspec.Struct, frozen=True, kw_only=True):
    """A deleted group's grants leave the bases named (those still there that have any)."""

    group_id: str
    knowledge_ids: list[UUID]
    actor_id: str


class ReprocessFileEverywhere(msgspec.Struct, frozen=True, kw_only=True):
    """A file whose text was edited is processed anew in every base that holds it."""

    file_id: str
    knowledge_ids: list[UUID]
    actor_id: str


class ReportProcessing(msgspec.Struct, frozen=True, kw_only=True):
    """What the processing pipeline says of a file in a base: ``started``, ``completed``, or
    ``failed`` with the reason in ``error``."""

    knowledge_id: UUID
    file_id: str
    outcome: str
    actor_id: str
    error: str = ""
