"""The one rule of who may do what to a resource, as Open WebUI 0.12.4 decides it:

- nobody and pending people may do nothing, except read a share open to anyone;
- the owner may do anything to their own;
- admins may do anything to knowledge bases, model presets, files and groups (Open WebUI's
  ``BYPASS_ADMIN_ACCESS_CONTROL``), but chats, folders and shares stay their owners' (admins read
  those through the admin routes, under ``ENABLE_ADMIN_CHAT_ACCESS``);
- a grant lets its holder (a person, a group of theirs, everyone signed in, anyone) read, or
  change, a knowledge base, a model preset or a share; a group's members may read it;
- and some actions also need a permission in force (``PERMISSIONS``): sharing a chat needs
  ``chat.share``, a knowledge base ``sharing.knowledge``.
"""

from __future__ import annotations

from collections.abc import Sequence

from application.access.resources import Action, Decision, Holding, Kind, Principal
from domain.grants import READ, WRITE, Grant, allows
from domain.groups.permissions import switch

ADMIN_BYPASS = frozenset({Kind.KNOWLEDGE, Kind.MODEL, Kind.FILE, Kind.GROUP})
GRANTED = frozenset({Kind.KNOWLEDGE, Kind.MODEL, Kind.SHARE})
PERMISSIONS: dict[tuple[Kind, Action], str] = {
    (Kind.CHAT, Action.SHARE): "chat.share", (Kind.CHAT, Action.DELETE): "chat.delete",
    (Kind.KNOWLEDGE, Action.SHARE): "sharing.knowledge"}


def decide_on(principal: Principal, action: Action, kind: Kind, holding: Holding | None) -> Decision:
    """``holding``: what the views (or the aggregate, inside a command) hold of it; None if it is not there."""
    if holding is None:
        return Decision(False, f"no such {kind}", exists=False)
    if not _holds(principal, action, kind, holding):
        return Decision(False, _whose(principal, kind))
    needed = PERMISSIONS.get((kind, action))
    if needed is not None and not principal.is_admin and not switch(dict(principal.permissions), needed):
        return Decision(False, f"permission {needed} is off", permission=needed)
    return Decision(True, "owner" if principal.user_id == holding.owner_id else "granted")


def permits(principal: Principal, action: Action, kind: Kind, owner_id: str, grants: Sequence[Grant]) -> bool:
    """The rule on what a command's aggregate, or a view's row in hand, holds of a resource."""
    return decide_on(principal, action, kind, Holding(owner_id, grants)).allowed


def _holds(principal: Principal, action: Action, kind: Kind, holding: Holding) -> bool:
    if not principal.is_member:
        return kind is Kind.SHARE and action is Action.READ and allows(holding.grants, None, READ)
    if principal.user_id == holding.owner_id or (principal.is_admin and kind in ADMIN_BYPASS):
        return True
    if kind is Kind.GROUP:
        return action is Action.READ and principal.user_id in holding.member_ids
    permission = READ if action is Action.READ else WRITE
    return kind in GRANTED and allows(holding.grants, principal.user_id, permission, principal.group_ids)


def _whose(principal: Principal, kind: Kind) -> str:
    if principal.user_id is None:
        return f"a {kind} not open to anyone"
    if not principal.is_member:
        return f"role {principal.role} may not do this"
    return f"someone else's {kind}"
