"""Uses of an identity provider's SCIM token: which provider and token, asked what (method and path),
from where and as what client; never what the request carried. Counted per interval as API keys'
uses are (``application.audit.api_key_uses``): one record per distinct use, with how many."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class ScimTokenUse(Aggregate):
    class Recorded(Aggregate.Created):
        provider_id: str
        token_digest: str
        method: str
        path: str
        address: str | None
        client: str
        uses: int
        first_at: float
        last_at: float

    @event(Recorded)
    def __init__(self, *, provider_id: str, token_digest: str, method: str, path: str, address: str | None,
                 client: str, uses: int, first_at: float, last_at: float) -> None:
        self.provider_id = provider_id
