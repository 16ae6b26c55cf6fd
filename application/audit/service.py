from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from application.audit.aggregation import Recording, RefusalAggregation
from application.audit.api_key_uses import ApiKeyUses, Tally, UseCounts
from application.audit.commands import (
    RecordApiKeyUse,
    RecordDisclosure,
    RecordRefusal,
    RecordScimTokenUse,
    RecordTokenUse,
    RecordVerification,
)
from application.audit.script_uses import FirstUses
from application.context import BoundedContext, CommitListener, EventSealing
from application.log_positions import LogPosition
from domain.audit.api_key_use import ApiKeyUse
from domain.audit.disclosure import Disclosure
from domain.audit.refusal import Refusal
from domain.audit.scim_token_use import ScimTokenUse
from domain.audit.token_use import TokenUse
from domain.audit.verification import Verification

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
    other people's content, scripts' use of people's tokens (``FirstUses``), and every use of an
    API key and of every identity provider's SCIM token, counted as it happens and recorded with
    the counts (``UseCounts``), and each check of a log against its hash chain with its result.

    Successful sign-ins need no record here: they are the identity context's ``User.SignedIn``.
    """

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener,
                 aggregation: RefusalAggregation | None = None, sealing: EventSealing | None = None) -> None:
        super().__init__(env, on_commit, sealing)
        self._aggregation = aggregation or RefusalAggregation()
        self._script_uses = FirstUses()
        self._api_key_uses = ApiKeyUses()
        self._scim_token_uses = UseCounts[RecordScimTokenUse]()

    def record_refusal(self, command: RecordRefusal) -> LogPosition | None:
        return self._commit_recordings(self._aggregation.take(_bounded(command)))

    def count_api_key_use(self, command: RecordApiKeyUse) -> None:
        """Counted now, in memory; recorded with the next counts (``record_counts_due``)."""
        self._api_key_uses.count(RecordApiKeyUse(
            user_id=command.user_id, key_digest=command.key_digest, method=command.method[:MAX_METHOD],
            path=command.path[:MAX_PATH], address=command.address, client=command.client[:MAX_CLIENT]))

    def count_scim_token_use(self, command: RecordScimTokenUse) -> None:
        """Counted now, in memory; recorded with the next counts (``record_counts_due``)."""
        self._scim_token_uses.count(msgspec.structs.replace(
            command, method=command.method[:MAX_METHOD], path=command.path[:MAX_PATH],
            client=command.client[:MAX_CLIENT]))

    def record_counts_due(self) -> LogPosition | None:
        """Records the refusal counts of the intervals that ended and the key and token uses counted
        (called every few seconds)."""
        return self._commit_recordings(self._aggregation.due(), self._api_key_uses.take(),
                                       self._scim_token_uses.take())

    def record_all_counts(self) -> LogPosition | None:
        return self._commit_recordings(self._aggregation.drain(), self._api_key_uses.take(),
                                       self._scim_token_uses.take())

    def _commit_recordings(self, recordings: list[Recording], key_uses: Sequence[Tally[RecordApiKeyUse]] = (),
                           token_uses: Sequence[Tally[RecordScimTokenUse]] = ()) -> LogPosition | None:
        if not recordings and not key_uses and not token_uses:
            return None
        return self.commit(*(Refusal(
            kind=r.kind, reason=r.reason, method=r.method, path=r.path, status=r.status, address=r.address,
            user_id=r.user_id, email=r.email, folded=folded) for r, folded in recordings), *map(_key_use, key_uses),
            *map(_token_use, token_uses))

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

    def record_verification(self, command: RecordVerification) -> LogPosition | None:
        """The last of these per context is what the console's health page shows."""
        return self.commit(Verification(actor_id=command.actor_id, context=command.context, events=command.events,
                                        first_disagreement=command.first_disagreement, reason=command.reason))


def _token_use(tally: Tally[RecordScimTokenUse]) -> ScimTokenUse:
    use = tally.use
    return ScimTokenUse(provider_id=use.provider_id, token_digest=use.token_digest, method=use.method, path=use.path,
                        address=use.address, client=use.client, uses=tally.uses, first_at=tally.first_at,
                        last_at=tally.last_at)


def _key_use(tally: Tally[RecordApiKeyUse]) -> ApiKeyUse:
    use = tally.use
    return ApiKeyUse(user_id=use.user_id, key_digest=use.key_digest, method=use.method, path=use.path,
                     address=use.address, client=use.client, uses=tally.uses, first_at=tally.first_at,
                     last_at=tally.last_at)


def _bounded(command: RecordRefusal) -> RecordRefusal:
    """What a request brought (its path, the e-mail typed) is kept only so long."""
    return RecordRefusal(
        kind=command.kind, reason=command.reason[:MAX_REASON], method=command.method[:MAX_METHOD],
        path=command.path[:MAX_PATH], status=command.status, address=command.address, user_id=command.user_id,
        email=command.email[:MAX_EMAIL] if command.email else None)
