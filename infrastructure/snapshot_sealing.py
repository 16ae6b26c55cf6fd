"""Snapshots sealed whole under their aggregate's data key, where events seal only their personal texts.

An event keeps its public fields in clear so that they stay queryable; nobody queries a snapshot,
and an aggregate's state holds texts where no field name says so (a chat's tags are keyed by what
someone typed). So all of a snapshot is sealed, bound to its aggregate, its version and to being a
snapshot. Once the key is destroyed (the chat deleted, its owner forgotten) the snapshot cannot be
opened and the aggregate is replayed from its events, which read ``[erased]`` where they should:
a snapshot never keeps a text its events no longer show.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, cast

import structlog
from eventsourcing.persistence import Mapper, StoredEvent, TranscodingNotRegisteredError, find_id_convertor
from eventsourcing.utils import TopicError, get_topic, resolve_topic

from application.snapshots import NoKeyForSnapshotError, SnapshotTranscoder, UnreadableSnapshotError
from infrastructure.person_keys import Destroyed
from infrastructure.resource_keys import NewKey, ResourceKeys
from infrastructure.sealed_state import SealBroken, seal, unseal

SEALED = "__sealed__"
log = structlog.get_logger()


class SealedSnapshotMapper(Mapper[Any]):
    def __init__(self, transcoder: SnapshotTranscoder, keys: ResourceKeys) -> None:
        super().__init__(transcoder)
        self.keys = keys

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id, version = state.pop("originator_id"), state.pop("originator_version")
        secret = self._secret(originator_id)
        if secret is None:
            raise NoKeyForSnapshotError(originator_id)
        sealed = seal(secret, self.transcoder.encode(state), _bound_to(originator_id, version))
        stored = self.transcoder.encode({SEALED: sealed})
        return StoredEvent(originator_id, version, get_topic(type(domain_event)), stored)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        originator_id, version = stored_event.originator_id, stored_event.originator_version
        secret = self._secret(originator_id)
        if secret is None:
            raise UnreadableSnapshotError(originator_id)
        try:
            sealed = self.transcoder.decode(stored_event.state)[SEALED]
            state = self.transcoder.decode(unseal(secret, sealed, _bound_to(originator_id, version)))
            cls = resolve_topic(stored_event.topic)
        except (SealBroken, KeyError, TypeError, ValueError, TranscodingNotRegisteredError, TopicError) as error:
            # Altered bytes, or a snapshot moved from another aggregate or version: the events say
            # what it was (and ``annals verify`` whether they were changed).
            log.warning("snapshot.unreadable", aggregate=str(originator_id), version=version, error=repr(error))
            raise UnreadableSnapshotError(originator_id) from error
        snapshot = object.__new__(cls)
        as_id = find_id_convertor(cls, cast(Hashable, type(originator_id)))
        object.__setattr__(snapshot, "__dict__", {**state, "originator_id": as_id(originator_id),
                                                  "originator_version": version})
        return snapshot

    def _secret(self, originator_id: Any) -> bytes | None:
        """The aggregate's key, None once destroyed or if it never had one (none of its events had
        a text to seal)."""
        key = self.keys.key_of(str(originator_id))
        if key is None or isinstance(key, Destroyed):
            return None
        return key.secret if isinstance(key, NewKey) else key


def _bound_to(originator_id: Any, version: int) -> bytes:
    """Not what an event at the same version is bound to: sealed texts never pass for the other."""
    return f"{originator_id}/{version}/snapshot".encode()
