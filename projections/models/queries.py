from __future__ import annotations

from typing import Any

from sqlalchemy import select

from application.access.resources import Holding
from domain.grants import GROUP
from projections.models.table import ModelTables
from projections.runtime.lookup import KeyedLookup
from projections.runtime.store import ViewReader


class ModelPresetQueries:
    def __init__(self, engine: ViewReader, tables: ModelTables) -> None:
        self._engine = engine
        self._presets = presets = tables.presets
        self._retired = tables.retired
        self._access = KeyedLookup(engine, presets.c.user_id, presets.c.access_grants, key=presets.c.id)

    def list_presets(self) -> list[dict[str, Any]]:
        """Every preset, newest first, as Open WebUI's ``ModelModel``."""
        presets = self._presets
        statement = select(presets).order_by(presets.c.created_at.desc(), presets.c.id)
        with self._engine.connect() as conn:
            return [_model(row) for row in conn.execute(statement)]

    def preset_creators(self) -> dict[str, str]:
        """Who made the preset of each model id, deleted presets included (a live one wins)."""
        presets, retired = self._presets, self._retired
        with self._engine.connect() as conn:
            return dict([*conn.execute(select(retired.c.id, retired.c.user_id)).tuples(),
                         *conn.execute(select(presets.c.id, presets.c.user_id)).tuples()])

    def owned_by(self, person_id: str) -> list[dict[str, Any]]:
        """The presets ``person_id`` made, newest first (for their subject-access archive)."""
        presets = self._presets
        statement = select(presets).where(presets.c.user_id == person_id).order_by(
            presets.c.created_at.desc(), presets.c.id)
        with self._engine.connect() as conn:
            return [_model(row) for row in conn.execute(statement)]

    def get_preset(self, model_id: str) -> dict[str, Any] | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(self._presets).where(self._presets.c.id == model_id)).first()
        return _model(row) if row else None

    def granted_to_group(self, group_id: str) -> list[str]:
        """The presets with a grant to a group (a deleted group's leave them)."""
        return [p["id"] for p in self.list_presets() if any(
            (g["principal_type"], g["principal_id"]) == (GROUP, group_id) for g in p["access_grants"])]

    def access_of(self, model_id: str) -> Holding | None:
        row = self._access.row(model_id)
        return None if row is None else Holding(row.user_id, row.access_grants or ())


def _model(row: Any) -> dict[str, Any]:
    return {"id": row.id, "user_id": row.user_id, "base_model_id": row.base_model_id, "name": row.name,
            "params": row.params, "meta": row.meta, "access_grants": row.access_grants, "is_active": row.is_active,
            "version_id": None, "updated_at": row.updated_at, "created_at": row.created_at}
