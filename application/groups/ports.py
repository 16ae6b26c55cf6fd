from __future__ import annotations

from collections.abc import Callable

UnknownPeople = Callable[[list[str]], list[str]]
"""Those of the ids given that name no account (a deleted one included), in the order given:
members added to a group must have one."""
