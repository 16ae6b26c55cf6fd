"""Reading one's own writes as a route declares it (``projections/runtime/settling.py``), on a
container where nothing projects in the background: only the settling catches the views up."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from application.identity.commands import UpdateSettings
from application.log_positions import LogPosition, read_request_positions, within_request
from infrastructure.container import Container
from projections.folders.projector import FolderViews
from projections.runtime.settling import Reads, reads, settle, settle_request, settling_for_request
from projections.users.projector import UserDirectory
from tests.integration.workload import sign_up


def _in_a_request(container: Container, declared: dict[str, Reads]) -> contextvars.Context:
    """A context as the HTTP middleware leaves a request's: its positions and its route's reads."""
    def begin() -> None:
        within_request(container.log)
        settling_for_request(declared["reads"], container.runner)
        if declared["reads"].as_of_request:
            asyncio.run(read_request_positions())

    context = contextvars.copy_context()
    context.run(begin)
    return context


def test_a_query_after_the_requests_own_write_sees_it(container: Container):
    request = _in_a_request(container, reads(UserDirectory))
    user_id = request.run(sign_up, container, "ada@example.org")
    assert request.run(container.users.get_user, str(user_id)) is not None


def test_a_view_the_route_does_not_read_is_not_waited_for(container: Container):
    request = _in_a_request(container, reads(FolderViews))
    user_id = request.run(sign_up, container, "bob@example.org")
    assert request.run(container.users.get_user, str(user_id)) is None
    assert container.runner.position(UserDirectory.view) == 0


def test_the_answer_waits_for_the_declared_views_even_unread(container: Container):
    request = _in_a_request(container, reads(UserDirectory))
    request.run(sign_up, container, "cyd@example.org")
    request.run(settle_request)
    assert container.runner.position(UserDirectory.view) == container.identity.position


def test_figures_as_of_the_request_include_what_others_wrote_before_it(container: Container):
    earlier = sign_up(container, "dee@example.org")
    request = _in_a_request(container, reads(UserDirectory, as_of_request=True))
    assert request.run(container.users.get_user, str(earlier)) is not None


def test_a_request_that_wrote_nothing_waits_for_nothing(container: Container):
    earlier = sign_up(container, "eve@example.org")
    request = _in_a_request(container, reads(UserDirectory))
    assert request.run(container.users.get_user, str(earlier)) is None


def test_waiting_for_a_position_of_another_log_is_refused(container: Container):
    with pytest.raises(ValueError, match="UserDirectory reads the Identity log"):
        settle(container.runner, UserDirectory, LogPosition("Chats", 1))


def test_a_command_answers_where_it_left_its_log(container: Container):
    user_id = sign_up(container, "fay@example.org")
    position = container.identity.update_settings(UpdateSettings(user_id=user_id, settings={"ui": {}}))
    assert (position.context, position) == ("Identity", container.identity.position)
