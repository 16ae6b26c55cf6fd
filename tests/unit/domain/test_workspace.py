"""The workspace's sign-up policy, and the index that keeps email addresses unique."""

from __future__ import annotations

import uuid

import pytest

from domain.identity.email_index import EmailIndex
from domain.identity.errors import InvalidRoleError
from domain.identity.workspace import WORKSPACE_ID, Workspace
from tests.unit.domain.given import new_events, recorded


def a_workspace(**auth_config: object) -> Workspace:
    workspace = Workspace(primary_admin_id=uuid.uuid4(), auth_config=auth_config)
    recorded(workspace)
    return workspace


def test_every_founding_names_the_same_workspace():
    assert a_workspace().id == a_workspace().id == WORKSPACE_ID


def test_signup_is_open_to_pending_users_unless_configured_otherwise():
    workspace = a_workspace()
    assert (workspace.signup_enabled, workspace.default_user_role) == (True, "pending")


def test_founding_closes_sign_up_behind_the_first_account():
    workspace = Workspace.found(primary_admin_id=uuid.uuid4(), auth_config={"ENABLE_SIGNUP": True})
    assert new_events(workspace) == ["Founded", "AuthConfigChanged"]
    assert workspace.signup_enabled is False


def test_founding_with_sign_up_already_closed_records_no_change():
    workspace = Workspace.found(primary_admin_id=uuid.uuid4(), auth_config={"ENABLE_SIGNUP": False})
    assert new_events(workspace) == ["Founded"]


def test_changing_the_auth_config_records_the_changes():
    workspace = a_workspace(ENABLE_SIGNUP=True)
    workspace.change_auth_config({"ENABLE_SIGNUP": False, "DEFAULT_USER_ROLE": "user"})
    [changed] = recorded(workspace)
    assert (type(changed).__name__, changed.changes) == (
        "AuthConfigChanged", {"ENABLE_SIGNUP": False, "DEFAULT_USER_ROLE": "user"})
    assert (workspace.signup_enabled, workspace.default_user_role) == (False, "user")


def test_an_auth_config_change_that_changes_nothing_produces_no_event():
    workspace = a_workspace(ENABLE_SIGNUP=False)
    workspace.change_auth_config({"ENABLE_SIGNUP": False})
    assert new_events(workspace) == []


def test_an_unknown_default_role_is_refused():
    workspace = a_workspace()
    with pytest.raises(InvalidRoleError):
        workspace.change_auth_config({"DEFAULT_USER_ROLE": "visitor"})
    assert (new_events(workspace), workspace.default_user_role) == ([], "pending")


def test_an_email_index_ignores_case_and_surrounding_spaces():
    assert EmailIndex.create_id(" Ann@Example.ORG ") == EmailIndex.create_id("ann@example.org")


def test_a_released_email_can_be_claimed_by_someone_else():
    index = EmailIndex(email="ann@example.org", user_id=uuid.uuid4())
    index.release()
    newcomer = uuid.uuid4()
    index.reclaim(newcomer)
    assert (new_events(index), index.user_id) == (["Claimed", "Released", "Reclaimed"], newcomer)
