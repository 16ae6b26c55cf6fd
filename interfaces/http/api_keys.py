"""/api/v1/auths/api_key: a person's API key, as in Open WebUI: one at most, made (``POST``, which
replaces the one before), shown (``GET``) and deleted (``DELETE``).

The key is in the answer to ``POST`` and nowhere else, ever: only its digest is kept, so ``GET``
answers what is kept, a redacted stand-in (``sk-`` and the first digits of the key's SHA-256,
enough to tell which key is in force) and when it was made, where Open WebUI answers the key itself.

The three handlers are async and hand their blocking work to a thread themselves: Litestar registers a
path's handlers again each time it adds one more, wrapping a sync handler's thread hop again each
time, and a sync handler wrapped three times answers a coroutine instead of its value.
"""

from __future__ import annotations

import uuid
from typing import Any

import anyio
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException

from application.identity.api_key_rules import CurrentApiKeyRules
from application.identity.commands import IssueApiKey, RevokeApiKey
from application.identity.service import Identity
from domain.identity.api_keys import PREFIX, api_key_digest, fingerprint, new_api_key
from interfaces.http.access import members
from interfaces.http.api_key_access import KEYS_OFF
from interfaces.http.auth import SessionUser
from interfaces.http.permissions import require
from interfaces.http.refusals import ApiKeyRefusedError
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries

NO_KEY = "You have no API key. Make one with POST /api/v1/auths/api_key (Settings, Account, API keys)."


@post("/api/v1/auths/api_key", status_code=200, guards=[members], opt=reads(UserDirectory))
async def create_api_key(user: NamedDependency[SessionUser], identity: NamedDependency[Identity],
                         api_key_rules: NamedDependency[CurrentApiKeyRules]
                         ) -> dict[str, str]:
    if not (await anyio.to_thread.run_sync(api_key_rules)).enabled:
        raise ApiKeyRefusedError(KEYS_OFF, user.id, "API keys are turned off")
    require(user, "features.api_keys", status=403)
    key = new_api_key()
    command = IssueApiKey(user_id=uuid.UUID(user.id), key_digest=api_key_digest(key))
    await anyio.to_thread.run_sync(identity.issue_api_key, command)
    return {"api_key": key}


@get("/api/v1/auths/api_key", guards=[members])
async def show_api_key(user: NamedDependency[SessionUser], users: NamedDependency[UserQueries]) -> dict[str, Any]:
    kept = await anyio.to_thread.run_sync(users.get_api_key, user.id)
    if kept is None:
        raise NotFoundException(NO_KEY)
    return {"api_key": redacted(kept["key_digest"]), "created_at": kept["created_at"]}


@delete("/api/v1/auths/api_key", status_code=200, guards=[members], opt=reads(UserDirectory))
async def delete_api_key(user: NamedDependency[SessionUser], identity: NamedDependency[Identity]) -> bool:
    """The key stops working at once; answered ``true`` whether there was one or not, as in Open WebUI."""
    await anyio.to_thread.run_sync(identity.revoke_api_key, RevokeApiKey(user_id=uuid.UUID(user.id)))
    return True


def redacted(key_digest: str) -> str:
    """What stands for a key that is kept only as its digest: visibly no key (too short to be one),
    and telling which key it is (its ``fingerprint``)."""
    return f"{PREFIX}{'*' * 8}{fingerprint(key_digest)}"


ROUTES = [create_api_key, show_api_key, delete_api_key]
