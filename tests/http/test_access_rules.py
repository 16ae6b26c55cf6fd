"""Every route declares who may call it (``interfaces/http/access.py``), and every route that
changes state the views its answer reads (``projections/runtime/settling.py``): the application's
route table is walked for any route that does not, and refuses to start with one."""

from __future__ import annotations

from litestar import Litestar, get, post
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler

from interfaces.http import users
from interfaces.http.access import admins, caller, members, public, undeclared
from interfaces.http.auth import SessionUser
from interfaces.http.services import provided
from projections.runtime.settling import reads
from projections.users.projector import UserDirectory

RULE_NAMES = "['public', 'signed_in', 'members', 'admins', 'identity_providers']"


def test_every_route_of_the_application_declares_one_rule(route_table: Litestar):
    assert len(route_table.routes) > 150
    assert undeclared(route_table.routes) == []


def _faults(handler: HTTPRouteHandler) -> list[str]:
    app = Litestar([handler], dependencies={**provided(), "user": Provide(caller, sync_to_thread=False)},
                   openapi_config=None)
    return [fault.partition(": ")[2] for fault in undeclared(app.routes)]


def test_a_route_whose_rule_was_removed_is_found():
    unguarded = get("/api/v1/users/", sync_to_thread=True)(users.list_users.fn)
    assert _faults(unguarded) == [f"0 access rules, not one of {RULE_NAMES}"]


def test_a_route_with_two_rules_is_found():
    both = get("/api/v1/users/", sync_to_thread=True, guards=[members, admins])(users.list_users.fn)
    assert _faults(both) == [f"2 access rules, not one of {RULE_NAMES}"]


def test_a_public_route_that_asks_for_the_caller_is_found():
    def whoami(user: NamedDependency[SessionUser]) -> str:
        return user.id

    whoami_route = get("/whoami", sync_to_thread=False, guards=[public])(whoami)
    assert _faults(whoami_route) == ["asks for the caller, but its access rule is public"]


def test_a_route_that_changes_state_without_declaring_what_its_answer_reads_is_found():
    write = post("/api/v1/users/{user_id:str}/update", sync_to_thread=True, guards=[admins])(users.update_user.fn)
    assert _faults(write) == ["changes state but declares no reads(...) for its answer"]
    declared = post("/api/v1/users/{user_id:str}/update", sync_to_thread=True, guards=[admins],
                    opt=reads(UserDirectory))(users.update_user.fn)
    assert _faults(declared) == []


def test_a_route_with_its_one_rule_passes():
    assert _faults(get("/api/v1/users/", sync_to_thread=True, guards=[admins])(users.list_users.fn)) == []
