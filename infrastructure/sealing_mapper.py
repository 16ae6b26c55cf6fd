"""eventsourcing's Mapper, sealing each event's personal texts under its aggregate's data key.

Stored state: the event's fields with every personal text emptied, plus ``__sealed__``: those texts,
AES-GCM encrypted under the aggregate's key and bound to its id and version (``sealed_state``).
Reading an event whose key was destroyed gives ``[erased]`` for each of its texts and never fails.
The hash chain covers the stored bytes, so erasure never breaks it.

Domain code knows nothing of this: the policy of what is personal is ``domain.privacy``'s, and
every context's events pass through here. Snapshots are sealed whole (``snapshot_sealing``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import repeat
from typing import Any, cast

import structlog
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from domain.privacy.personal_fields import ERASED, public_fields_of
from domain.privacy.subjects import data_subject, holder_of, quoted_person, sealed_as
from domain.text import UnstorableTextError
from infrastructure.person_keys import Destroyed
from infrastructure.resource_keys import NewKey, ResourceKeys
from infrastructure.sealed_state import SealBroken, join, seal, split, unseal

SEALED = "__sealed__"
log = structlog.get_logger()


class SealedStoredEvent(StoredEvent):
    """A stored event that brings its aggregate's new key, for the recorder to store with it."""

    def __init__(self, originator_id: Any, originator_version: int, topic: str, state: bytes,
                 new_key: NewKey | None) -> None:
        super().__init__(originator_id, originator_version, topic, state)
        object.__setattr__(self, "new_key", new_key)


class SealingMapper(Mapper[Any]):
    def __init__(self, transcoder: Transcoder, keys: ResourceKeys) -> None:
        super().__init__(transcoder)
        self.keys = keys

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id, version = state.pop("originator_id"), state.pop("originator_version")
        if (class_version := getattr(type(domain_event), "class_version", 1)) > 1:
            state["class_version"] = class_version
        public = public_fields_of(type(domain_event))
        skeleton, texts = split(state, public)
        new_key = None
        if texts:
            key = self._sealing_key(domain_event, sealed_as(str(originator_id), version, state), version)
            if isinstance(key, Destroyed):
                skeleton = join(skeleton, repeat(ERASED), public)
            else:
                new_key = key if isinstance(key, NewKey) else None
                secret = key.secret if isinstance(key, NewKey) else key
                skeleton[SEALED] = seal(secret, self._encoded(texts, state), _bound_to(originator_id, version))
        return SealedStoredEvent(originator_id, version, get_topic(type(domain_event)),
                                 self.transcoder.encode(skeleton), new_key)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self._event(stored_event, self._state(stored_event))

    def to_domain_events(self, stored_events: Sequence[StoredEvent]) -> list[Any]:
        """A page of events, their keys not yet open looked up at once (one query, not one each:
        a projector reading a page of new messages would otherwise ask for each message's key)."""
        states = [self._state(stored_event) for stored_event in stored_events]
        self.keys.prefetch([_resource_of(e, state) for e, state in zip(stored_events, states, strict=True)
                            if SEALED in state])
        return [self._event(e, state) for e, state in zip(stored_events, states, strict=True)]

    def _state(self, stored_event: StoredEvent) -> dict[str, Any]:
        try:
            state: dict[str, Any] = self.transcoder.decode(stored_event.state)
        except Exception as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{stored_event.topic}', originator_id "
                f"'{stored_event.originator_id}' and originator_version {stored_event.originator_version}: {error}"
            ) from error
        return state

    def _event(self, stored_event: StoredEvent, state: dict[str, Any]) -> Any:
        cls = resolve_topic(stored_event.topic)
        if (sealed := state.pop(SEALED, None)) is not None:
            resource_id = _resource_of(stored_event, state)
            state = join(state, self._texts(stored_event, resource_id, sealed), public_fields_of(cls))
        id_type = cast(Hashable, type(stored_event.originator_id))
        state["originator_id"] = find_id_convertor(cls, id_type)(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        from_version = state.pop("class_version", 1)
        while from_version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return domain_event

    def _sealing_key(self, domain_event: Any, resource_id: str, version: int) -> bytes | Destroyed | NewKey:
        holder = holder_of(resource_id)
        if holder != resource_id:  # a message's part: each event's is new
            return self.keys.new_key(resource_id, quoted_person(domain_event) or self.keys.person_of(holder))
        key = None if version == 1 else self.keys.key_of(resource_id)  # a new aggregate has no key yet
        if key is not None:
            return key
        return self.keys.new_key(resource_id, data_subject(domain_event))

    def _encoded(self, texts: list[str], state: dict[str, Any]) -> bytes:
        try:
            return self.transcoder.encode(texts)
        except UnstorableTextError:
            self.transcoder.encode(state)  # raises again, naming the field
            raise

    def _texts(self, stored_event: StoredEvent, resource_id: str, sealed: str) -> Any:
        key = self.keys.key_of(resource_id)
        if key is None or isinstance(key, Destroyed):
            return repeat(ERASED)
        secret = key.secret if isinstance(key, NewKey) else key
        try:
            payload = unseal(secret, sealed, _bound_to(stored_event.originator_id, stored_event.originator_version))
        except SealBroken:
            # Altered bytes, or sealed texts moved from another event: read as erased, never shown, and
            # said (``annals verify`` names the position where the log was changed).
            log.warning("event.unsealable", resource=resource_id, version=stored_event.originator_version)
            return repeat(ERASED)
        return iter(self.transcoder.decode(payload))


def _resource_of(stored_event: StoredEvent, state: dict[str, Any]) -> str:
    return sealed_as(str(stored_event.originator_id), stored_event.originator_version, state)


def _bound_to(originator_id: Any, version: int) -> bytes:
    return f"{originator_id}/{version}".encode()
