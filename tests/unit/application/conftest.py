from __future__ import annotations

import pytest

from application.chats.service import Chats
from application.identity.service import Identity
from tests.unit.application.given import INITIAL_AUTH_CONFIG, Commits
from tests.unit.application.passwords import CheapPasswords
from tests.unit.application.racing import RACING


@pytest.fixture
def commits() -> Commits:
    return Commits()


@pytest.fixture
def passwords() -> CheapPasswords:
    return CheapPasswords()


@pytest.fixture
def identity(passwords: CheapPasswords, commits: Commits) -> Identity:
    """In memory, on an event store where rival writers can be made to win races."""
    return Identity(RACING, commits, hasher=passwords, initial_auth_config=INITIAL_AUTH_CONFIG)


@pytest.fixture
def chats(commits: Commits) -> Chats:
    return Chats(RACING, commits)
