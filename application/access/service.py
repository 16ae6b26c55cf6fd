"""The authorisation service: ``decide(principal, action, resource)`` from the read models, for
every kind of resource. Each view answers what it holds of its own resources (``AccessFacts``,
implemented by the projections' queries); the rule is ``rules.decide_on``, the same one commands
apply to their aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from application.access.resources import Action, Decision, Holding, Kind, Principal, Resource
from application.access.rules import decide_on


class AccessFacts(Protocol):
    def access_of(self, resource_id: str) -> Holding | None:
        """The resource's owner and grants, None if the view has no such resource."""


class FileLender(Protocol):
    def lends_file(self, file_id: str, owner_id: str, principal: Principal) -> bool:
        """Whether something of the file's owner that carries it (a share, a knowledge base) is
        readable by ``principal``, and so lends them the file (Open WebUI's ``has_access_to_file``)."""


class Authorisation:
    def __init__(self, facts: Mapping[Kind, AccessFacts], lenders: tuple[FileLender, ...] = ()) -> None:
        missing = set(Kind) - set(facts)
        if missing:
            raise ValueError(f"no view answers for {sorted(missing)}")
        self._facts = facts
        self._lenders = lenders

    def decide(self, principal: Principal, action: Action, resource: Resource) -> Decision:
        holding = self._facts[resource.kind].access_of(resource.id)
        decision = decide_on(principal, action, resource.kind, holding)
        if decision.allowed or holding is None or resource.kind is not Kind.FILE or action is not Action.READ:
            return decision
        if principal.is_member and any(lender.lends_file(resource.id, holding.owner_id, principal)
                                       for lender in self._lenders):
            return Decision(True, "lent by something they may read")
        return decision
