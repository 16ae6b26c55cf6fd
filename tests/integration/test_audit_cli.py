"""``annals audit export``, ``annals audit verify-export`` and ``annals export-person``, on both stores."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

import pytest

from application.chats.commands import CreateChat
from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from interfaces.cli.main import main
from tests.integration.workload import founding_admin
from tests.unit.builders import snapshot


@pytest.fixture
def person(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> str:
    """Someone with a chat, in a data directory the CLI is pointed at (as ``annals`` reads its environment)."""
    container = build_container(settings, role="cli")
    try:
        founder = founding_admin(container, "founder@example.org", session_id="s-1")
        container.chats.create_chat(CreateChat(chat_id=uuid.uuid4(), owner_id=str(founder),
                                               state=snapshot(title="kept")))
    finally:
        container.close()
    monkeypatch.setenv("ANNALS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ANNALS_LOCAL_MODEL", "off")
    if settings.database_url:
        monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return str(founder)


def test_an_export_verifies_and_a_changed_byte_does_not(person: str, tmp_path: Path):
    out = tmp_path / "trail.jsonl"
    assert main(["audit", "export", "--out", str(out)]) == 0
    signature = tmp_path / "trail.jsonl.sig"
    assert main(["audit", "verify-export", str(out), str(signature)]) == 0
    data = bytearray(out.read_bytes())
    data[10] ^= 0x01
    out.write_bytes(bytes(data))
    assert main(["audit", "verify-export", str(out), str(signature)]) == 1


def test_an_export_verifies_against_the_published_public_key(person: str, settings: Settings, tmp_path: Path):
    out, key = tmp_path / "trail.csv", tmp_path / "key.pem"
    assert main(["audit", "export", "--format", "csv", "--person", person, "--out", str(out)]) == 0
    container = build_container(settings, role="cli")
    key.write_text(container.audit_key.public_pem)
    container.close()
    assert main(["audit", "verify-export", str(out), f"{out}.sig", "--key", str(key)]) == 0
    assert out.read_text().splitlines()[0].startswith("context,position,time")
    assert "Chat.Created" in out.read_text() and "Checkpoint" in out.read_text()


def test_a_bad_filter_is_refused_with_its_reason(person: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["audit", "export", "--context", "nowhere", "--out", str(tmp_path / "x")]) == 2
    assert "context must be one of" in capsys.readouterr().err and not (tmp_path / "x").exists()


def test_a_person_is_exported_to_one_archive(person: str, tmp_path: Path):
    out = tmp_path / "person.zip"
    assert main(["export-person", person, "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        chats = [json.loads(line) for line in archive.read("views/chats.jsonl").splitlines()]
    assert manifest["person"] == person and [c["title"] for c in chats] == ["kept"]


def test_an_unknown_person_is_said_to_be_unknown(person: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "nobody.zip"
    assert main(["export-person", str(uuid.uuid4()), "--out", str(out)]) == 1
    assert "no account" in capsys.readouterr().err and not out.exists()
