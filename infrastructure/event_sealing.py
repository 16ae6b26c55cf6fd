"""Every context's events sealed under their people's keys: the mapper and the recorder of each
context, joined by the context's resource keys (``BoundedContext``'s ``EventSealing``)."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, Mapper

from application.snapshots import SnapshotTranscoder
from infrastructure.keyed_recorders import KeyedPostgresApplicationRecorder, KeyedSQLiteApplicationRecorder
from infrastructure.person_keys import PersonKeys
from infrastructure.resource_keys import ResourceKeys
from infrastructure.sealing_mapper import SealingMapper
from infrastructure.snapshot_sealing import SealedSnapshotMapper


class EventSealing:
    def __init__(self, people: PersonKeys) -> None:
        self.people = people

    def mapper(self, context: Application) -> Mapper[Any]:
        return SealingMapper(context.construct_transcoder(), ResourceKeys(self.people))

    def snapshot_mapper(self, mapper: Mapper[Any], transcoder: SnapshotTranscoder) -> Mapper[Any]:
        assert isinstance(mapper, SealingMapper)
        return SealedSnapshotMapper(transcoder, mapper.keys)  # the same keys, made and cached once

    def attach(self, mapper: Mapper[Any], recorder: ApplicationRecorder) -> None:
        if not isinstance(recorder, KeyedSQLiteApplicationRecorder | KeyedPostgresApplicationRecorder):
            raise TypeError(f"{type(recorder).__name__} keeps no data keys: events could not be opened again")
        assert isinstance(mapper, SealingMapper)
        mapper.keys.bind(recorder)
        recorder.key_ledger = mapper.keys

    def save_over(self, mapper: Mapper[Any]) -> None:
        assert isinstance(mapper, SealingMapper)
        mapper.keys.save_over()
