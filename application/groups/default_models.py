"""The models a member's new chat starts with, as their groups choose them (the group editor's
default models, ``data.config.default_models``), as Open WebUI 0.12.4 answers them in
``/api/config``: of the member's groups that name any, the oldest one's (groups are flat here,
so no group is deeper than another; ties by id), kept to the models the member may use and that
are not hidden. None (the workspace's default models) if no group names any that remain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Json = dict[str, Any]


def chosen_by_groups(groups: Iterable[Json]) -> list[str] | None:
    """The oldest of the groups' choices, if any group made one."""
    configured = [group for group in groups if _default_models(group)]
    if not configured:
        return None
    return _default_models(min(configured, key=lambda group: (group["created_at"], group["id"])))


def usable_of(model_ids: list[str], usable: list[Json]) -> list[str]:
    """The models chosen that the member may use and are not hidden, in the order chosen."""
    shown = {model["id"] for model in usable if not _hidden(model)}
    return [model_id for model_id in model_ids if model_id in shown]


def _default_models(group: Json) -> list[str]:
    return ((group.get("data") or {}).get("config") or {}).get("default_models") or []


def _hidden(model: Json) -> bool:
    return bool(((model.get("info") or {}).get("meta") or {}).get("hidden"))
