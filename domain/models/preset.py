from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.models.errors import InvalidGrantError, InvalidModelIdError, ModelIdTakenError

READ, WRITE = "read", "write"
EVERYONE = "*"
"""A grant to user ``*`` is public."""
_PRINCIPALS = ("user", "group")
Grant = dict[str, str]


class ModelPreset(Aggregate):
    """A workspace model: a base model with a name, a system prompt and parameters, and who may
    use it (its owner, the holders of its grants, or everyone).

    Its id derives from the model id, so two presets can never hold one model id, even when
    created at the same moment. A deleted preset's id can be taken again; the preset is recreated.
    """

    @staticmethod
    def create_id(model_id: str) -> UUID:  # type: ignore[override]
        return uuid5(NAMESPACE_URL, f"annals:model:{model_id}")

    @classmethod
    def new(cls, *, model_id: str, owner_id: str, base_model_id: str | None, name: str,
            params: dict[str, Any], meta: dict[str, Any], access_grants: list[Grant], is_active: bool,
            ) -> ModelPreset:
        _check_id(model_id)
        return cls(id=cls.create_id(model_id), model_id=model_id, owner_id=owner_id,
                   base_model_id=_base(model_id, base_model_id), name=name, params=params, meta=meta,
                   access_grants=normalised(access_grants), is_active=is_active)

    @event("Created")
    def __init__(self, *, id: UUID, model_id: str, owner_id: str, base_model_id: str | None, name: str,
                 params: dict[str, Any], meta: dict[str, Any], access_grants: list[Grant],
                 is_active: bool) -> None:
        self._set(model_id, owner_id, base_model_id, access_grants, is_active)

    def recreate(self, *, owner_id: str, base_model_id: str | None, name: str, params: dict[str, Any],
                 meta: dict[str, Any], access_grants: list[Grant], is_active: bool) -> None:
        if not self.deleted:
            raise ModelIdTakenError(self.model_id)
        self._recreate(model_id=self.model_id, owner_id=owner_id, base_model_id=_base(self.model_id, base_model_id),
                       name=name, params=params, meta=meta, access_grants=normalised(access_grants),
                       is_active=is_active)

    @event("Recreated")
    def _recreate(self, *, model_id: str, owner_id: str, base_model_id: str | None, name: str,
                  params: dict[str, Any], meta: dict[str, Any], access_grants: list[Grant], is_active: bool) -> None:
        self._set(model_id, owner_id, base_model_id, access_grants, is_active)

    def _set(self, model_id: str, owner_id: str, base_model_id: str | None, grants: list[Grant],
             is_active: bool) -> None:
        self.model_id = model_id
        self.owner_id = owner_id
        self.base_model_id = base_model_id
        self.grants = grants
        self.is_active = is_active
        self.deleted = False

    def allows(self, user_id: str, permission: str, group_ids: Iterable[str] = ()) -> bool:
        """The owner may do anything; others what a grant to them, their groups or everyone says."""
        if user_id == self.owner_id:
            return True
        groups = set(group_ids)
        return any(g["permission"] == permission and (
            (g["principal_type"] == "user" and g["principal_id"] in (user_id, EVERYONE))
            or (g["principal_type"] == "group" and g["principal_id"] in groups)) for g in self.grants)

    def update(self, *, base_model_id: str | None, name: str, params: dict[str, Any], meta: dict[str, Any],
               is_active: bool) -> None:
        self._update(base_model_id=_base(self.model_id, base_model_id), name=name, params=params, meta=meta,
                     is_active=is_active)

    @event("Updated")
    def _update(self, *, base_model_id: str | None, name: str, params: dict[str, Any], meta: dict[str, Any],
                is_active: bool) -> None:
        self.base_model_id = base_model_id
        self.is_active = is_active

    def change_access(self, access_grants: list[Grant]) -> None:
        grants = normalised(access_grants)
        if grants != self.grants:
            self._change_access(access_grants=grants)

    @event("AccessChanged")
    def _change_access(self, *, access_grants: list[Grant]) -> None:
        self.grants = access_grants

    def toggle(self) -> None:
        if self.is_active:
            self._deactivate()
        else:
            self._activate()

    @event("Activated")
    def _activate(self) -> None:
        self.is_active = True

    @event("Deactivated")
    def _deactivate(self) -> None:
        self.is_active = False

    @event("Deleted")
    def delete(self) -> None:
        self.deleted = True


def normalised(grants: list[Grant]) -> list[Grant]:
    """Checked, without duplicates, in a stable order."""
    seen: dict[tuple[str, str, str], Grant] = {}
    for grant in grants:
        if not isinstance(grant, dict):
            raise InvalidGrantError(grant)
        kind, principal, permission = (grant.get(k) for k in ("principal_type", "principal_id", "permission"))
        if kind not in _PRINCIPALS or permission not in (READ, WRITE) or not isinstance(principal, str) \
                or not principal or len(principal) > 255:
            raise InvalidGrantError(grant)
        seen[(kind, principal, permission)] = {"principal_type": kind, "principal_id": principal,
                                               "permission": permission}
    return [seen[k] for k in sorted(seen)]


def _check_id(model_id: str) -> None:
    if not model_id or len(model_id) > 256 or any(c.isspace() for c in model_id):
        raise InvalidModelIdError(model_id)


def _base(model_id: str, base_model_id: str | None) -> str | None:
    """A model cannot be based on itself: that would be an override of the base model."""
    return None if not base_model_id or base_model_id == model_id else base_model_id
