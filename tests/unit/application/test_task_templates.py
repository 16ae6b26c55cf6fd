"""An admin's task prompt is filled in with Open WebUI's placeholders, so that a template written
for Open WebUI works unchanged."""

from __future__ import annotations

from datetime import datetime

import pytest

from application.completions.templates import fill

NOW = datetime(2025, 3, 14, 21, 5, 9)
CHAT = [{"role": "user", "content": "one"}, {"role": "assistant", "content": "two"},
        {"role": "user", "content": [{"type": "text", "text": "three"}, {"type": "image_url"}]},
        {"role": "assistant", "content": "four"}]


@pytest.mark.parametrize(("placeholder", "filled"), [
    ("{{MESSAGES}}", "USER: one\nASSISTANT: two\nUSER: three\nASSISTANT: four"),
    ("{{MESSAGES:START:1}}", "USER: one"),
    ("{{MESSAGES:END:2}}", "USER: three\nASSISTANT: four"),
    ("{{MESSAGES:MIDDLETRUNCATE:3}}", "USER: one\nUSER: three\nASSISTANT: four"),
    ("{{MESSAGES:END:0}}", ""),
])
def test_the_messages_quoted_are_the_ones_named(placeholder: str, filled: str):
    assert fill(placeholder, CHAT, NOW) == filled


@pytest.mark.parametrize(("placeholder", "filled"), [
    ("{{MESSAGES:END:1|start:2}}", "ASSISTANT: fo"),
    ("{{MESSAGES:END:1|end:2}}", "ASSISTANT: ur"),
    ("{{MESSAGES:START:1|middletruncate:2}}", "USER: o...e"),
])
def test_each_quoted_message_may_be_cut(placeholder: str, filled: str):
    assert fill(placeholder, CHAT, NOW) == filled


def test_the_prompt_is_the_persons_last_message_whole_or_in_part():
    assert fill("{{prompt}}|{{PROMPT:start:2}}|{{prompt:END:2}}|{{prompt:middletruncate:3}}", CHAT, NOW) == \
        "three|th|ee|th...e"


def test_the_date_and_time_are_the_moment_of_asking():
    assert fill("{{CURRENT_DATETIME}} {{CURRENT_WEEKDAY}}", CHAT, NOW) == "2025-03-14 09:05:09 PM Friday"


def test_placeholders_the_conversation_brings_in_are_left_as_they_are():
    said = [{"role": "user", "content": "print {{MESSAGES}} and {{CURRENT_DATE}}"}]
    assert fill("{{prompt}} / {{USER_NAME}}", said, NOW) == "print {{MESSAGES}} and {{CURRENT_DATE}} / {{USER_NAME}}"
