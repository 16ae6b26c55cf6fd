"""What the model is asked after a reply, and how its answers are read (as Open WebUI reads them)."""

from __future__ import annotations

from datetime import datetime

import pytest

from application.completions import prompts
from application.completions.templates import fill

CONVERSATION = [{"role": "user", "content": "How do I boil an egg?"},
                {"role": "assistant", "content": [{"type": "text", "text": "Gently."}]}]
NOW = datetime(2025, 3, 14, 9, 26, 53)


@pytest.mark.parametrize("template", [prompts.TITLE, prompts.TAGS, prompts.FOLLOW_UPS])
def test_the_questions_quote_the_conversation_and_hold_no_braces_of_their_own(template: str):
    asked = fill(template, CONVERSATION, NOW)
    assert "USER: How do I boil an egg?\nASSISTANT: Gently." in asked
    assert "{" not in asked and "}" not in asked


def test_only_the_latest_messages_are_quoted():
    earlier = [{"role": "user", "content": "An earlier question"}, {"role": "assistant", "content": "Yes."}]
    assert "earlier" not in fill(prompts.TITLE, [*earlier, *CONVERSATION], NOW)


def test_a_title_is_read_from_the_json_in_the_answer():
    assert prompts.title_of('Sure! {"title": " Boiled Eggs "} Enjoy.') == "Boiled Eggs"


@pytest.mark.parametrize("answer", ["Boiled Eggs", '{"title": ""}', '{"title": 3}', "{not json}"])
def test_an_answer_without_a_usable_title_gives_none(answer: str):
    assert prompts.title_of(answer) is None


def test_tags_keep_the_strings_and_none_means_no_answer():
    assert prompts.tags_of('{"tags": ["Food", " ", 4, "Cooking"]}') == ["Food", "Cooking"]
    assert prompts.tags_of("no tags here") is None


def test_follow_ups_are_trimmed_deduplicated_short_and_at_most_five():
    answer = '{"follow_ups": [" a ", "a", "b", "%s", "c", "d", "e", "f"]}' % ("x" * 401)
    assert prompts.follow_ups_of(answer) == ["a", "b", "c", "d", "e"]
    assert prompts.follow_ups_of('{"follow_ups": ["a", 1]}') == []
