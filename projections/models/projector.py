from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.models.preset import ModelPreset
from domain.privacy.personal_fields import ERASED
from projections.grants import grant_rows
from projections.models.table import ModelTables, define_model_tables
from projections.runtime.projector import Change, Projector, epoch

NOTHING: tuple[Change, ...] = ()


class ModelPresetViews(Projector):
    """The workspace's model presets as Open WebUI's ``ModelModel`` rows, and who made those deleted
    (``retired``). A preset outlives its creator's account, but not their forgetting: its id is
    theirs too."""

    view = "model_presets"
    context = "Models"
    outlives_owners = True
    revision = 2  # a preset whose id is erased is left out
    tables: ModelTables

    def replica(self, metadata: MetaData, suffix: str) -> ModelPresetViews:
        return ModelPresetViews(define_model_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING  # connection events, and whatever comes later

    @apply.register(ModelPreset.Created)
    @apply.register(ModelPreset.Recreated)
    def _(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        presets, retired, now = self.tables.presets, self.tables.retired, epoch(event)
        conn.execute(presets.delete().where(presets.c.aggregate_id == str(event.originator_id)))
        conn.execute(retired.delete().where(retired.c.aggregate_id == str(event.originator_id)))
        if event.model_id == ERASED:
            return NOTHING  # its creator typed its id, and is forgotten: nobody can name it any more
        conn.execute(presets.insert().values(
            aggregate_id=str(event.originator_id), id=event.model_id, user_id=event.owner_id,
            base_model_id=event.base_model_id, name=event.name, params=event.params, meta=event.meta,
            access_grants=grant_rows("model", event.model_id, event.access_grants, now), is_active=event.is_active,
            created_at=now, updated_at=now))
        return NOTHING

    @apply.register
    def _(self, event: ModelPreset.Updated, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, base_model_id=event.base_model_id, name=event.name, params=event.params,
                     meta=event.meta, is_active=event.is_active)
        return NOTHING

    @apply.register
    def _(self, event: ModelPreset.AccessChanged, conn: Connection, position: int) -> Iterable[Change]:
        presets = self.tables.presets
        model_id = conn.execute(select(presets.c.id).where(presets.c.aggregate_id == str(event.originator_id))
                                ).scalar() or ""
        self._update(conn, event, access_grants=grant_rows("model", model_id, event.access_grants, epoch(event)))
        return NOTHING

    @apply.register
    def _(self, event: ModelPreset.Activated, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, is_active=True)
        return NOTHING

    @apply.register
    def _(self, event: ModelPreset.Deactivated, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, is_active=False)
        return NOTHING

    @apply.register
    def _(self, event: ModelPreset.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        presets, aggregate_id = self.tables.presets, str(event.originator_id)
        creator = select(presets.c.id, presets.c.user_id).where(presets.c.aggregate_id == aggregate_id)
        if (row := conn.execute(creator).first()) is not None:
            conn.execute(self.tables.retired.insert().values(aggregate_id=aggregate_id, id=row.id,
                                                             user_id=row.user_id))
        conn.execute(presets.delete().where(presets.c.aggregate_id == aggregate_id))
        return NOTHING

    def _update(self, conn: Connection, event: Any, **values: Any) -> None:
        presets = self.tables.presets
        conn.execute(presets.update().where(presets.c.aggregate_id == str(event.originator_id))
                     .values(updated_at=epoch(event), **values))
