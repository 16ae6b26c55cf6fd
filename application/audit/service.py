from __future__ import annotations

from collections.abc import Mapping

from application.audit.commands import RecordDisclosure, RecordRefusal
from application.audit.folding import RepeatFolding
from application.context import BoundedContext, CommitListener
from domain.audit.disclosure import Disclosure
from domain.audit.refusal import Refusal

FOLDING_WINDOW_SECONDS = 10.0
OWNERS_NAMED = 100
"""A disclosure names at most this many owners (a page of the event API names a few)."""


class Audit(BoundedContext):
    """The security record beside the other contexts' logs: refused sign-ins and requests, and
    admins' reads of other people's content.

    Successful sign-ins need no record here: they are the identity context's ``User.SignedIn``.
    """

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener,
                 folding: RepeatFolding | None = None) -> None:
        super().__init__(env, on_commit)
        self._folding = folding or RepeatFolding(FOLDING_WINDOW_SECONDS)

    def record_refusal(self, command: RecordRefusal) -> int | None:
        key = (command.kind, command.reason, command.address, command.user_id, command.email, command.path)
        folded = self._folding.admit(key)
        if folded is None:
            return None
        return self.commit(Refusal(
            kind=command.kind, reason=command.reason, method=command.method, path=command.path[:2048],
            status=command.status, address=command.address, user_id=command.user_id,
            email=command.email[:320] if command.email else None, folded=folded))

    def record_disclosure(self, command: RecordDisclosure) -> int | None:
        owners = sorted(set(command.owners))[:OWNERS_NAMED]
        return self.commit(Disclosure(user_id=command.user_id, owners=owners, resource=command.resource,
                                      path=command.path[:2048]))
