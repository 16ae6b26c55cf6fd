"""The environment's ``SHOW_ADMIN_DETAILS`` and ``ADMIN_EMAIL`` hold until an admin saves the settings."""

from __future__ import annotations

from tests.e2e.people import Person, auth_config, sign_up
from tests.http.app import InProcessServer
from tests.http.test_admin_details import DETAILS
from tests.http.workspaces import own_workspace

HIDDEN = {"SHOW_ADMIN_DETAILS": "false", "ADMIN_EMAIL": "desk@example.org"}
server, admin = own_workspace("admin-details-hidden", HIDDEN, stores=("embedded",))


def test_the_environment_decides_until_an_admin_saves(server: InProcessServer, admin: Person) -> None:
    waiting = sign_up(server, "waiting")
    assert waiting.http.get(DETAILS).status_code == 400
    with auth_config(admin, SHOW_ADMIN_DETAILS=True):
        assert waiting.http.get(DETAILS).json() == {"name": None, "email": "desk@example.org"}
