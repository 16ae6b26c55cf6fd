"""``annals show KIND ID --as-of``: a resource as it was, printed as JSON, on both stores."""

from __future__ import annotations

import json
import uuid

import pytest

from application.chats import commands as c
from application.knowledge import commands as k
from infrastructure.container import Container
from infrastructure.settings import Settings
from interfaces.cli.main import main
from interfaces.cli.show import show
from tests.integration.workload import chat_with_replies, sign_up


@pytest.fixture
def renamed_chat(container: Container) -> tuple[uuid.UUID, int]:
    """A chat of two messages renamed "Later", and the position before the rename."""
    owner = sign_up(container, "ann@example.org")
    chat_id = chat_with_replies(container, owner, replies=2)
    before = container.chats.position
    container.chats.rename_chat(c.RenameChat(chat_id=chat_id, actor_id=str(owner), title="Later"))
    return chat_id, before


def test_a_chat_is_shown_as_it_was_at_a_position(settings: Settings, renamed_chat: tuple[uuid.UUID, int],
                                                 capsys: pytest.CaptureFixture[str]):
    chat_id, before = renamed_chat
    assert show(settings, "chat", str(chat_id), str(before)) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == str(chat_id) and shown["title"] != "Later"
    assert shown["chat"]["history"]["currentId"] == "m1"
    assert shown["chat"]["history"]["messages"]["m1"]["content"] == "text of m1"


def test_without_as_of_it_is_shown_as_it_is(settings: Settings, renamed_chat: tuple[uuid.UUID, int],
                                            capsys: pytest.CaptureFixture[str]):
    assert show(settings, "chat", str(renamed_chat[0]), None) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Later"


def test_a_bad_point_exits_2_saying_why(settings: Settings, renamed_chat: tuple[uuid.UUID, int],
                                        capsys: pytest.CaptureFixture[str]):
    assert show(settings, "chat", str(renamed_chat[0]), "soon") == 2
    assert "neither a log position nor an ISO 8601 time" in capsys.readouterr().err


def test_before_it_existed_exits_1_saying_so(settings: Settings, renamed_chat: tuple[uuid.UUID, int],
                                             capsys: pytest.CaptureFixture[str]):
    assert show(settings, "chat", str(renamed_chat[0]), "0") == 1
    assert "did not exist yet" in capsys.readouterr().err


def test_a_knowledge_base_is_shown_as_it_was(settings: Settings, container: Container,
                                             capsys: pytest.CaptureFixture[str]):
    owner, base_id = str(sign_up(container, "kim@example.org")), uuid.uuid4()
    container.knowledge.create_knowledge(k.CreateKnowledge(knowledge_id=base_id, owner_id=owner, name="Before",
                                                           description="Handbook"))
    before = container.knowledge.position
    container.knowledge.update_knowledge(k.UpdateKnowledge(knowledge_id=base_id, actor_id=owner, name="After",
                                                           description="Handbook"))
    assert show(settings, "knowledge", str(base_id), str(before)) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Before"


def test_the_command_line_refuses_an_unknown_kind():
    with pytest.raises(SystemExit):
        main(["show", "planet", "mars"])
