from __future__ import annotations

from collections.abc import Mapping

from application.audit.commands import RecordRefusal
from application.audit.folding import RepeatFolding
from application.context import BoundedContext, CommitListener
from domain.audit.refusal import Refusal

FOLDING_WINDOW_SECONDS = 10.0


class Audit(BoundedContext):
    """The security record beside the other contexts' logs: refused sign-ins and requests.

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
