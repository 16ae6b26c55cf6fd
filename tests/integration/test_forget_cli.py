"""``annals forget`` and ``annals keys rewrap``, on each store."""

from __future__ import annotations

import base64
import os
import uuid
from pathlib import Path

import msgspec
import pytest
from pytest import CaptureFixture

from application.identity.commands import PlaceHold
from infrastructure.bootstrap import build_container
from infrastructure.person_keys import WrongKeyFileError
from infrastructure.settings import Settings
from interfaces.cli.forget import forget, rewrap_keys
from tests.integration.workload import founding_admin, sign_up


def test_forgetting_from_the_command_line_deletes_and_erases(settings: Settings) -> None:
    container = build_container(settings, "cli")
    founding_admin(container, "admin@example.org")
    person = sign_up(container, "leaving@example.org")
    container.close()
    assert forget(settings, str(person)) == 0
    container = build_container(settings, "cli")
    assert container.identity.find(person).name == "[erased]"
    assert container.identity.user_by_email("leaving@example.org") is None
    container.close()


def test_a_held_person_is_not_forgotten_and_the_reason_is_printed(settings: Settings,
                                                                   capsys: CaptureFixture[str]) -> None:
    container = build_container(settings, "cli")
    admin = founding_admin(container, "admin@example.org")
    person = sign_up(container, "held@example.org")
    container.identity.place_hold(PlaceHold(actor_id=admin, user_id=person, reason="audit 7"))
    container.close()
    assert forget(settings, str(person)) == 1
    assert "audit 7" in capsys.readouterr().err


def test_no_user_id_is_refused(settings: Settings) -> None:
    assert forget(settings, "nobody") == 2


def test_keys_rewrapped_by_a_new_key_encryption_key_still_open(settings: Settings, tmp_path: Path) -> None:
    key_file = tmp_path / "keys" / "annals.kek"
    settings = msgspec.structs.replace(settings, key_file=key_file)
    container = build_container(settings, "cli")
    person = sign_up(container, "kept@example.org")
    container.close()
    old = key_file.read_text()
    key_file.write_text(base64.b64encode(os.urandom(32)).decode() + "\n" + old)
    assert rewrap_keys(settings) == 0
    key_file.write_text(key_file.read_text().splitlines()[0] + "\n")  # the old key retired
    container = build_container(settings, "cli")
    assert container.identity.find(person).name == "Kept"
    assert container.identity.find(uuid.uuid4()) is None
    container.close()


def test_a_process_started_with_another_key_file_stops_saying_so(settings: Settings, tmp_path: Path) -> None:
    build_container(msgspec.structs.replace(settings, key_file=tmp_path / "first.kek"), "cli").close()
    with pytest.raises(WrongKeyFileError, match="ANNALS_KEY_FILE"):
        build_container(msgspec.structs.replace(settings, key_file=tmp_path / "another.kek"), "cli")
