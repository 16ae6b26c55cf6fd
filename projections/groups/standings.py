"""What a person's groups give them, asked on every request: kept per person while the groups'
log stands still, and asked again of the views once it moved.

Like the session's account (``projections/users/sessions.py``): every change that may give or take
a permission (a group's permissions, its members, its deletion, the members' defaults) is an event
of the groups context, so it moves that log's position, and the views are caught up with the
position before they are asked. A request that read the positions as it began finds its caller's
standing here with no query while the log stands still.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from domain.groups.permissions import Permissions, combined
from projections.groups.queries import GroupQueries
from projections.users.sessions import NOT_HELD, NotHeld

KEPT_PEOPLE = 10_000


@dataclass(frozen=True)
class PersonStanding:
    group_ids: frozenset[str]
    permissions: Permissions
    """In force: the defaults with every group's laid over them (``domain/groups/permissions.py``)."""
    default_models: list[str] | None = None
    """The models their groups would have them start with (None: the workspace's)."""


class Standings:
    def __init__(self, queries: GroupQueries, initial_defaults: Permissions, position: Callable[[], int],
                 caught_up: Callable[[int], None], kept: int = KEPT_PEOPLE) -> None:
        self._queries = queries
        self._initial = initial_defaults
        self._position = position
        self._caught_up = caught_up
        self._kept = kept
        self._lock = threading.Lock()
        self._as_of = -1
        self._people: dict[str, PersonStanding] = {}
        self._defaults: Permissions | None = None

    def held(self, person_id: str, as_of: int) -> PersonStanding | NotHeld:
        """The person's standing as kept for the log at ``as_of`` or later, without asking anything."""
        with self._lock:
            if as_of <= self._as_of and person_id in self._people:
                return self._people[person_id]
        return NOT_HELD

    def get(self, person_id: str) -> PersonStanding:
        position = self._position()
        standing = self.held(person_id, position)
        if isinstance(standing, PersonStanding):
            return standing
        self._caught_up(position)
        defaults = self.defaults_at(position)
        found = self._queries.standing(person_id)
        standing = PersonStanding(found.group_ids, combined(defaults, self._initial, found.group_permissions),
                                  found.default_models)
        with self._lock:
            if position >= self._as_of:
                if len(self._people) >= self._kept:
                    self._people.clear()
                self._people[person_id] = standing
        return standing

    def defaults_at(self, position: int) -> Permissions:
        """The members' defaults, as saved (or the environment's), with the views at ``position``."""
        with self._lock:
            if position > self._as_of:
                self._as_of, self._people, self._defaults = position, {}, None
            if self._defaults is not None:
                return self._defaults
        defaults = self._queries.default_permissions() or self._initial
        with self._lock:
            if position == self._as_of:
                self._defaults = defaults
        return defaults

    def defaults(self) -> Permissions:
        position = self._position()
        self._caught_up(position)
        return self.defaults_at(position)
