from __future__ import annotations

from collections.abc import Mapping

from application.audit.aggregation import Recording, RefusalAggregation
from application.audit.commands import RecordDisclosure, RecordRefusal, RecordTokenUse
from application.audit.script_uses import FirstUses
from application.context import BoundedContext, CommitListener, EventSealing
from application.log_positions import LogPosition
from domain.audit.disclosure import Disclosure
from domain.audit.refusal import Refusal
from domain.audit.token_use import TokenUse

MAX_PATH = 512
MAX_REASON = 300
MAX_METHOD = 16
MAX_EMAIL = 320
MAX_CLIENT = 200
OWNERS_NAMED = 100
"""A disclosure names at most this many owners (a page of the event API names a few)."""


class Audit(BoundedContext):
    """The security record beside the other contexts' logs: refused sign-ins and requests, as
    many as can be told apart and the rest counted (``RefusalAggregation``), admins' reads of
    other people's content, and scripts' use of people's tokens (``FirstUses``).

    Successful sign-ins need no record here: they are the identity context's ``User.SignedIn``.
    """

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener,
                 aggregation: RefusalAggregation | None = None, sealing: EventSealing | None = None) -> None:
        super().__init__(env, on_commit, sealing)
        self._aggregation = aggregation or RefusalAggregation()
        self._script_uses = FirstUses()

    def record_refusal(self, command: RecordRefusal) -> LogPosition | None:
        return self._commit_recordings(self._aggregation.take(_bounded(command)))

    def record_counts_due(self) -> LogPosition | None:
        """Records the counts of the intervals that ended (called every few seconds)."""
        return self._commit_recordings(self._aggregation.due())

    def record_all_counts(self) -> LogPosition | None:
        return self._commit_recordings(self._aggregation.drain())

    def _commit_recordings(self, recordings: list[Recording]) -> LogPosition | None:
        if not recordings:
            return None
        return self.commit(*(Refusal(
            kind=r.kind, reason=r.reason, method=r.method, path=r.path, status=r.status, address=r.address,
            user_id=r.user_id, email=r.email, folded=folded) for r, folded in recordings))

    def record_token_use(self, command: RecordTokenUse) -> LogPosition | None:
        """Recorded if it is the first use of its session, address and client in the interval."""
        client = command.client[:MAX_CLIENT]
        if not self._script_uses.first((command.user_id, command.session_id, command.address, client)):
            return None
        return self.commit(TokenUse(user_id=command.user_id, session_id=command.session_id, address=command.address,
                                    client=client, method=command.method[:MAX_METHOD], path=command.path[:MAX_PATH]))

    def record_disclosure(self, command: RecordDisclosure) -> LogPosition | None:
        owners = sorted(set(command.owners))[:OWNERS_NAMED]
        return self.commit(Disclosure(user_id=command.user_id, owners=owners, resource=command.resource,
                                      path=command.path[:MAX_PATH]))


def _bounded(command: RecordRefusal) -> RecordRefusal:
    """What a request brought (its path, the e-mail typed) is kept only so long."""
    return RecordRefusal(
        kind=command.kind, reason=command.reason[:MAX_REASON], method=command.method[:MAX_METHOD],
        path=command.path[:MAX_PATH], status=command.status, address=command.address, user_id=command.user_id,
        email=command.email[:MAX_EMAIL] if command.email else None)
