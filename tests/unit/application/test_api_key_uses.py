"""Every use of an API key is counted as it happens and taken for recording in one go."""

from __future__ import annotations

from application.audit.api_key_uses import ApiKeyUses
from application.audit.commands import RecordApiKeyUse
from tests.unit.application.test_script_uses import Clock


def use(path: str = "/api/models", user_id: str = "ann") -> RecordApiKeyUse:
    return RecordApiKeyUse(user_id=user_id, key_digest="d" * 64, method="GET", path=path, address="10.0.0.1",
                           client="curl/8")


def test_the_same_use_repeated_is_one_tally_that_counts_them():
    clock = Clock()
    uses = ApiKeyUses(clock=clock)
    uses.count(use())
    clock.now = 5
    uses.count(use())
    uses.count(use("/api/v1/chats/"))
    tallies = {t.use.path: (t.uses, t.first_at, t.last_at) for t in uses.take()}
    assert tallies == {"/api/models": (2, 0, 5), "/api/v1/chats/": (1, 5, 5)}


def test_taking_empties_the_tallies():
    uses = ApiKeyUses(clock=Clock())
    uses.count(use())
    uses.take()
    assert uses.take() == []


def test_beyond_the_kept_uses_each_persons_others_are_counted_together():
    uses = ApiKeyUses(kept=1, clock=Clock())
    for path in ("/a", "/b", "/c"):
        uses.count(use(path))
    uses.count(use("/d", user_id="bob"))
    tallies = sorted((t.use.user_id, t.use.path, t.use.address, t.uses) for t in uses.take())
    assert tallies == [("ann", "*", None, 2), ("ann", "/a", "10.0.0.1", 1), ("bob", "*", None, 1)]
