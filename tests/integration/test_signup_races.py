"""Sign-ups racing on Postgres, from real threads: the index aggregates keep the invariants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.identity.errors import EmailAlreadyRegisteredError, SignupDisabledError
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from tests.integration.threads import THREADS, all_at_once
from tests.integration.workload import founding_admin, sign_up


@pytest.fixture
def container(postgres: Settings) -> Iterator[Container]:
    container = build_container(postgres, role="cli")
    yield container
    container.close()


def test_concurrent_first_signups_found_one_workspace_with_one_admin(container: Container):
    """The founder closes sign-up behind them, so the others are refused, never made admins."""
    failures = all_at_once(lambda n: sign_up(container, f"person-{n}@example.org"))
    assert [type(failure) for failure in failures] == [SignupDisabledError] * (THREADS - 1)
    container.runner.catch_up("users")
    people, total = container.users.list_users()
    assert (total, [person["role"] for person in people]) == (1, ["admin"])
    assert str(container.identity.workspace().primary_admin_id) == people[0]["id"]


def test_concurrent_signups_with_one_email_create_one_account(container: Container):
    founding_admin(container, "founder@example.org")
    failures = all_at_once(lambda n: sign_up(container, f"{'Same' if n % 2 else 'same'}@example.org"))
    assert [type(failure) for failure in failures] == [EmailAlreadyRegisteredError] * (THREADS - 1)
    container.runner.catch_up("users")
    assert container.users.count_users() == 2
    assert container.users.get_user_by_email("SAME@example.org") is not None
