"""Everyone's model list as the admin's defaults arrange it (Open WebUI's ``/api/models``): in the
admin's order (models not in it after, by name), each model given the default metadata for what
it does not say itself (capabilities are merged one by one). Pictures are left out: the app asks
for them one by one (``/api/v1/models/model/profile/image``), and a picture is up to 2 MB."""

from __future__ import annotations

import copy
from typing import Any

Json = dict[str, Any]


def arranged(models: list[Json], defaults: Json) -> list[Json]:
    metadata = defaults.get("DEFAULT_MODEL_METADATA") or {}
    listed = [_listed(model, metadata) for model in models]
    order = {model_id: i for i, model_id in enumerate(defaults.get("MODEL_ORDER_LIST") or [])}
    if order:
        listed.sort(key=lambda m: (order.get(m.get("id", ""), len(order)), m.get("name") or ""))
    return listed


def _listed(model: Json, metadata: Json) -> Json:
    """A new dict where anything changes: the models given are the catalog's, shared between callers."""
    info = model.get("info") if isinstance(model.get("info"), dict) else None
    meta = info.get("meta") if info is not None and isinstance(info.get("meta"), dict) else {}
    if not metadata and "profile_image_url" not in meta:
        return model
    meta = {key: value for key, value in meta.items() if key != "profile_image_url"}
    for key, value in metadata.items():
        if key == "capabilities" and isinstance(value, dict):
            meta["capabilities"] = {**value, **(meta.get("capabilities") or {})}
        elif meta.get(key) is None:
            meta[key] = copy.deepcopy(value)
    return {**model, "info": {**(info or {}), "meta": meta}}
