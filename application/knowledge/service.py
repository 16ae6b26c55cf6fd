from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.context import BoundedContext
from application.idempotency import done_before, remembered
from application.knowledge.commands import (
    AddKnowledgeFiles,
    ChangeKnowledgeAccess,
    CreateKnowledge,
    DeleteKnowledge,
    DeleteKnowledgeOf,
    DropFileEverywhere,
    KnowledgeCommand,
    RemoveKnowledgeFile,
    ReportProcessing,
    ReprocessFileEverywhere,
    ReprocessKnowledgeFile,
    ResetKnowledge,
    UpdateKnowledge,
    WithdrawGroupFromKnowledge,
)
from application.log_positions import LogPosition
from domain.knowledge.base import KnowledgeBase
from domain.knowledge.errors import (
    ForeignKnowledgeError,
    InvalidKnowledgeError,
    KnowledgeAccessDeniedError,
    KnowledgeNotFoundError,
)

STARTED, COMPLETED, FAILED = "started", "completed", "failed"


class Knowledge(BoundedContext):
    """Knowledge bases: their names, grants and files, and how far each file's processing for a
    base has come. The files themselves are the Files context's; a base holds their ids."""

    def create_knowledge(self, command: CreateKnowledge) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            if done_before(self, command.once):
                return self.as_before()
            base = KnowledgeBase.create(knowledge_id=command.knowledge_id, owner_id=command.owner_id,
                                        name=command.name, description=command.description,
                                        access_grants=command.access_grants)
            return self.commit(base, *remembered(command.once, command.knowledge_id))

        return self.retrying(attempt)

    def update_knowledge(self, command: UpdateKnowledge) -> LogPosition | None:
        return self._change(command, lambda base: base.update(
            actor_id=command.actor_id, name=command.name, description=command.description))

    def change_knowledge_access(self, command: ChangeKnowledgeAccess) -> LogPosition | None:
        return self._change(command, lambda base: base.change_access(
            actor_id=command.actor_id, access_grants=command.access_grants))

    def add_knowledge_files(self, command: AddKnowledgeFiles) -> LogPosition | None:
        return self._change(command, lambda base: base.add_files(actor_id=command.actor_id,
                                                                 file_ids=command.file_ids))

    def remove_knowledge_file(self, command: RemoveKnowledgeFile) -> LogPosition | None:
        return self._change(command, lambda base: base.remove_file(actor_id=command.actor_id,
                                                                   file_id=command.file_id))

    def reprocess_knowledge_file(self, command: ReprocessKnowledgeFile) -> LogPosition | None:
        return self._change(command, lambda base: base.request_processing(actor_id=command.actor_id,
                                                                          file_id=command.file_id))

    def reset_knowledge(self, command: ResetKnowledge) -> LogPosition | None:
        return self._change(command, lambda base: base.reset(actor_id=command.actor_id))

    def delete_knowledge(self, command: DeleteKnowledge) -> LogPosition | None:
        return self._change(command, lambda base: base.delete(actor_id=command.actor_id))

    def delete_knowledge_of(self, command: DeleteKnowledgeOf) -> LogPosition | None:
        """Idempotent, for a reaction: bases already deleted, or not the person's, are skipped."""
        def attempt() -> LogPosition | None:
            owned = [base for base in map(self._found, command.knowledge_ids)
                     if base is not None and base.owner_id == command.owner_id]
            for base in owned:
                base.delete(actor_id=command.actor_id)
            return self.commit(*owned)

        return self.retrying(attempt)

    def drop_file_everywhere(self, command: DropFileEverywhere) -> LogPosition | None:
        return self._in_bases_holding(command.knowledge_ids, lambda base: base.drop_file(
            actor_id=command.actor_id, file_id=command.file_id))

    def reprocess_file_everywhere(self, command: ReprocessFileEverywhere) -> LogPosition | None:
        return self._in_bases_holding(command.knowledge_ids, lambda base: base.reprocess_if_held(
            actor_id=command.actor_id, file_id=command.file_id))

    def _in_bases_holding(self, knowledge_ids: list[UUID],
                          change: Callable[[KnowledgeBase], bool]) -> LogPosition | None:
        """Idempotent, for a reaction: ``change`` says whether the base held the file (and changed)."""
        def attempt() -> LogPosition | None:
            return self.commit(*[base for base in map(self._found, knowledge_ids)
                                 if base is not None and change(base)])

        return self.retrying(attempt)

    def withdraw_group_from_knowledge(self, command: WithdrawGroupFromKnowledge) -> LogPosition | None:
        """Idempotent, for a reaction: one save for every base that still granted the group."""
        def attempt() -> LogPosition | None:
            granting = [base for base in map(self._found, command.knowledge_ids) if base is not None
                        and base.withdraw_group(actor_id=command.actor_id, group_id=command.group_id)]
            return self.commit(*granting)

        return self.retrying(attempt)

    def report_processing(self, command: ReportProcessing) -> LogPosition | None:
        """The pipeline's word on a file in a base; the pipeline is trusted, so no access is checked."""
        def attempt() -> LogPosition | None:
            base = self.knowledge_base(command.knowledge_id)
            if command.outcome == STARTED:
                base.start_processing(actor_id=command.actor_id, file_id=command.file_id)
            elif command.outcome == COMPLETED:
                base.complete_processing(actor_id=command.actor_id, file_id=command.file_id)
            elif command.outcome == FAILED:
                base.fail_processing(actor_id=command.actor_id, file_id=command.file_id, error=command.error)
            else:
                raise InvalidKnowledgeError(f"processing is {STARTED}, {COMPLETED} or {FAILED}, not "
                                            f"{command.outcome!r}")
            return self.commit(base)

        return self.retrying(attempt, turn=command.knowledge_id)

    # -- reads the write side answers ------------------------------------------------------------

    def knowledge_base(self, knowledge_id: UUID) -> KnowledgeBase:
        base = self._found(knowledge_id)
        if base is None:
            raise KnowledgeNotFoundError(knowledge_id)
        return base

    def readable(self, knowledge_id: UUID, user_id: str, is_admin: bool,
                 group_ids: frozenset[str] = frozenset()) -> KnowledgeBase:
        """The base, if the caller may read it; to anyone else it does not exist."""
        base = self.knowledge_base(knowledge_id)
        if not permits(Principal.acting(user_id, is_admin, group_ids), Action.READ, Kind.KNOWLEDGE, base.owner_id,
                       base.grants):
            raise ForeignKnowledgeError(knowledge_id, user_id)
        return base

    def writable(self, knowledge_id: UUID, user_id: str, is_admin: bool,
                 group_ids: frozenset[str] = frozenset()) -> KnowledgeBase:
        base = self.readable(knowledge_id, user_id, is_admin, group_ids)
        if not permits(Principal.acting(user_id, is_admin, group_ids), Action.WRITE, Kind.KNOWLEDGE, base.owner_id,
                       base.grants):
            raise KnowledgeAccessDeniedError(knowledge_id, user_id)
        return base

    def _found(self, knowledge_id: UUID) -> KnowledgeBase | None:
        base = self.find(knowledge_id)
        return base if isinstance(base, KnowledgeBase) and not base.deleted else None

    def _change(self, command: KnowledgeCommand, change: Callable[[KnowledgeBase], object]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            base = self.writable(command.knowledge_id, command.actor_id, command.actor_is_admin,
                                 command.actor_group_ids)
            change(base)
            return self.commit(base)

        return self.retrying(attempt, turn=command.knowledge_id)
