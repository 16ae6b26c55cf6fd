"""eventsourcing's Mapper, sealing each event's personal texts under its aggregate's data key.

Stored state: the event's fields with every personal text emptied, plus ``__sealed__``: those texts,
AES-GCM encrypted under the aggregate's key and bound to its id and version (``sealed_state``). A
model's text written from other people's texts (``subjects.drawn_on``) is sealed again under a new
key of each of them not yet forgotten, in order (``__layered__`` names them): it opens only while
every one of those keys is there. Written from the passages of someone forgotten meanwhile (a reply
under way when they were), it is stored erased.
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

from domain.privacy.personal_fields import ERASED, SPLIT_VERSION, public_fields_of
from domain.privacy.subjects import (
    cited,
    data_subject,
    drawn_on,
    holder_of,
    layer_for,
    quoted_person,
    sealed_as,
)
from domain.text import UnstorableTextError
from infrastructure.person_keys import Destroyed
from infrastructure.resource_keys import NewKey, ResourceKeys
from infrastructure.sealed_state import SealBroken, join, seal, split, unseal

SEALED = "__sealed__"
LAYERED = "__layered__"
"""The people under whose keys the sealed texts were sealed again, in order (``subjects.drawn_on``)."""
SPLIT = "__split__"
"""The version of the policy of what is personal that the event was split by (absent: the first)."""
log = structlog.get_logger()


class SealedStoredEvent(StoredEvent):
    """A stored event that brings the keys made to seal it, for the recorder to store with it."""

    def __init__(self, originator_id: Any, originator_version: int, topic: str, state: bytes,
                 new_keys: tuple[NewKey, ...]) -> None:
        super().__init__(originator_id, originator_version, topic, state)
        object.__setattr__(self, "new_keys", new_keys)


class SealingMapper(Mapper[Any]):
    def __init__(self, transcoder: Transcoder, keys: ResourceKeys, split_version: int = SPLIT_VERSION) -> None:
        """``split_version``: the version of the policy of what is personal that events are split by
        (an earlier one only as a release that ran it did)."""
        super().__init__(transcoder)
        self.keys = keys
        self.split_version = split_version

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id, version = state.pop("originator_id"), state.pop("originator_version")
        if (class_version := getattr(type(domain_event), "class_version", 1)) > 1:
            state["class_version"] = class_version
        public = public_fields_of(type(domain_event))
        skeleton, texts = split(state, public, self.split_version)
        new_keys: tuple[NewKey, ...] = ()
        if texts:
            resource_id = sealed_as(str(originator_id), version, state)
            key = self._sealing_key(domain_event, resource_id, version)
            if isinstance(key, Destroyed) or (layers := self._layers(resource_id, state)) is None:
                skeleton = join(skeleton, repeat(ERASED), public, self.split_version)
            else:
                new_keys = tuple(k for k in (key, *layers) if isinstance(k, NewKey))
                sealed, bound = self._encoded(texts, state), _bound_to(originator_id, version)
                for secret in (_secret(key), *(layer.secret for layer in layers)):  # innermost first
                    sealed = seal(secret, sealed, bound).encode()
                skeleton[SEALED] = sealed.decode()
                if self.split_version > 1:
                    skeleton[SPLIT] = self.split_version
                if layers:
                    skeleton[LAYERED] = [layer.person_id for layer in layers]
        return SealedStoredEvent(originator_id, version, get_topic(type(domain_event)),
                                 self.transcoder.encode(skeleton), new_keys)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self._event(stored_event, self._state(stored_event))

    def to_domain_events(self, stored_events: Sequence[StoredEvent]) -> list[Any]:
        """A page of events, their keys not yet open looked up at once (one query, not one each:
        a projector reading a page of new messages would otherwise ask for each message's key)."""
        states = [self._state(stored_event) for stored_event in stored_events]
        self.keys.prefetch([key for e, state in zip(stored_events, states, strict=True) if SEALED in state
                            for key in _keys_of(e, state)])
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
            keys = _keys_of(stored_event, state)
            state.pop(LAYERED, None)
            version = state.pop(SPLIT, 1)
            state = join(state, self._texts(stored_event, keys, sealed), public_fields_of(cls), version)
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

    def _layers(self, resource_id: str, state: dict[str, Any]) -> list[NewKey] | None:
        """A new key for each person drawn on; None if the texts are written from the passages of
        someone who is forgotten by now. Someone forgotten before, whose texts the prompt no longer
        held (a later turn of the chat), gets no layer: there is nothing of theirs left to repeat."""
        layers, forgotten = [], set()
        for person in drawn_on(state):
            layer = self.keys.new_key(layer_for(resource_id, person), person)
            if isinstance(layer, Destroyed):
                forgotten.add(person)
            else:
                layers.append(layer)
        return None if forgotten & cited(state) else layers

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

    def _texts(self, stored_event: StoredEvent, resource_ids: list[str], sealed: str) -> Any:
        """``resource_ids``: the keys the texts were sealed under, innermost first."""
        payload, bound = sealed.encode(), _bound_to(stored_event.originator_id, stored_event.originator_version)
        for resource_id in reversed(resource_ids):
            key = self.keys.key_of(resource_id)
            if key is None or isinstance(key, Destroyed):
                return repeat(ERASED)
            try:
                payload = unseal(_secret(key), payload.decode(), bound)
            except SealBroken:
                # Altered bytes, or sealed texts moved from another event: read as erased, never shown, and
                # said (``annals verify`` names the position where the log was changed).
                log.warning("event.unsealable", resource=resource_id, version=stored_event.originator_version)
                return repeat(ERASED)
        return iter(self.transcoder.decode(payload))


def _keys_of(stored_event: StoredEvent, state: dict[str, Any]) -> list[str]:
    """The resources whose keys sealed the event's texts, innermost first."""
    resource_id = sealed_as(str(stored_event.originator_id), stored_event.originator_version, state)
    layered = state.get(LAYERED)
    return [resource_id, *(layer_for(resource_id, str(person)) for person in (layered or []))]


def _secret(key: bytes | NewKey) -> bytes:
    return key.secret if isinstance(key, NewKey) else key


def _bound_to(originator_id: Any, version: int) -> bytes:
    return f"{originator_id}/{version}".encode()
