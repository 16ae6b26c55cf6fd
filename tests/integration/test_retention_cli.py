"""``annals retention``: the policy set by the operator, and a purge applied at once."""

from __future__ import annotations

import argparse
import json

from pytest import CaptureFixture

from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from interfaces.cli.retention import run
from tests.integration.test_retention import chat_updated
from tests.integration.workload import sign_up


def arguments(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**{"chat_days": None, "file_days": None, "audit_days": None, "apply": False, **given})


def test_the_operator_sets_the_policy_and_applies_it(settings: Settings, capsys: CaptureFixture[str]) -> None:
    container = build_container(settings, "cli")
    old = chat_updated(container, sign_up(container, "owner@example.org"), days_ago=40)
    container.close()
    assert run(settings, arguments(chat_days=30, apply=True)) == 0
    assert json.loads(capsys.readouterr().out) == {"chat_days": 30, "file_days": 0, "audit_days": 0, "revision": 1,
                                                   "applied_run": 1}
    container = build_container(settings, "cli")
    assert container.chat_views.get_chat(str(old)) is None
    container.close()


def test_days_out_of_range_are_refused_with_the_reason(settings: Settings, capsys: CaptureFixture[str]) -> None:
    assert run(settings, arguments(audit_days=-3)) == 2
    assert "audit" in capsys.readouterr().err
