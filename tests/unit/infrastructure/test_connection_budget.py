"""A process's connections to Postgres, shared among its pools, never add up past its budget."""

from __future__ import annotations

import pytest

from infrastructure.connection_budget import BudgetTooSmallError, ConnectionBudget
from infrastructure.environment import SettingsError
from infrastructure.settings import Settings


@pytest.mark.parametrize("total", [18, 24, 40, 100, 500])
@pytest.mark.parametrize("contexts", [1, 6, 9])
def test_the_pools_together_stay_within_the_budget(total: int, contexts: int) -> None:
    try:
        budget = ConnectionBudget.split(total, contexts)
    except BudgetTooSmallError:
        assert total < 4 + 2 * (contexts + 1)
        return
    assert budget.most(contexts) <= total
    assert budget.events.most >= 2 and budget.views.most >= 2
    assert budget.views.size >= 1 and budget.events.size >= 1


def test_a_larger_budget_goes_to_the_event_stores_and_the_views() -> None:
    small, large = ConnectionBudget.split(24, 6), ConnectionBudget.split(100, 6)
    assert large.events.most > small.events.most and large.views.most > small.views.most
    assert large.most(6) >= 90


def test_a_budget_too_small_says_what_would_do() -> None:
    with pytest.raises(BudgetTooSmallError, match=r"ANNALS_DATABASE_CONNECTIONS=10 is too few.*at least 18"):
        ConnectionBudget.split(10, 6)


def test_the_budget_is_read_from_the_environment() -> None:
    assert Settings.from_environ({}).database_connections == 40
    assert Settings.from_environ({"ANNALS_DATABASE_CONNECTIONS": "64"}).database_connections == 64
    with pytest.raises(SettingsError, match="ANNALS_DATABASE_CONNECTIONS must be an integer"):
        Settings.from_environ({"ANNALS_DATABASE_CONNECTIONS": "many"})


def test_event_stores_may_keep_no_connection_open_while_idle() -> None:
    kept, on_demand = ConnectionBudget.split(40, 9), ConnectionBudget.split(40, 9, idle=0)
    assert (kept.events.size, on_demand.events.size) == (2, 0)
    assert on_demand.events.most == kept.events.most and on_demand.most(9) == kept.most(9)


def test_the_idle_connections_are_read_from_the_environment() -> None:
    assert Settings.from_environ({}).database_idle_connections == 2
    assert Settings.from_environ({"ANNALS_DATABASE_IDLE_CONNECTIONS": "0"}).database_idle_connections == 0
    with pytest.raises(SettingsError, match="ANNALS_DATABASE_IDLE_CONNECTIONS must be 0 or more, got -1"):
        Settings.from_environ({"ANNALS_DATABASE_IDLE_CONNECTIONS": "-1"})
