"""A deleted group's grants leave every preset and knowledge base that gave it any, as Open WebUI
deletes a group's access grants with the group: otherwise the app's Access dialog still lists a
group it can no longer look up. A reaction to the Groups log, so that a crash between the contexts
finishes on restart (each withdrawal only changes what still grants the group)."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from application.identity.person_deletion import OwnedIds, Settled
from application.knowledge.commands import WithdrawGroupFromKnowledge
from application.knowledge.service import Knowledge
from application.models.commands import WithdrawGroupFromPresets
from application.models.service import Models
from domain.groups.group import Group


class GrantsLeavingWithGroups:
    name: ClassVar[str] = "grants_leaving_with_groups"
    context: ClassVar[str] = "Groups"
    reacts_to: ClassVar[tuple[type, ...]] = (Group.Deleted,)

    def __init__(self, models: Models, knowledge: Knowledge, *, presets_granting: OwnedIds,
                 bases_granting: OwnedIds, settled: Settled) -> None:
        self._models, self._knowledge, self._settled = models, knowledge, settled
        self._presets_granting, self._bases_granting = presets_granting, bases_granting

    def react(self, event: Any) -> None:
        if isinstance(event, Group.Deleted):
            group_id = str(event.originator_id)
            self._from_presets(group_id)
            self._from_bases(group_id, actor_id=event.actor_id)

    def _from_presets(self, group_id: str) -> None:
        if model_ids := self._presets_granting(group_id):
            withdrawn = self._models.withdraw_group_from_presets(
                WithdrawGroupFromPresets(group_id=group_id, model_ids=model_ids))
            self._settled(self._models.name, withdrawn)

    def _from_bases(self, group_id: str, actor_id: str) -> None:
        if knowledge_ids := [UUID(k) for k in self._bases_granting(group_id)]:
            withdrawn = self._knowledge.withdraw_group_from_knowledge(
                WithdrawGroupFromKnowledge(group_id=group_id, knowledge_ids=knowledge_ids, actor_id=actor_id))
            self._settled(self._knowledge.name, withdrawn)
