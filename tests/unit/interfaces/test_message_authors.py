"""A person's messages say who wrote them (``user_id``, ``user``), as Open WebUI's do: the one who
sent them, whatever the client claimed; the model's replies are nobody's."""

from __future__ import annotations

from dataclasses import dataclass

from interfaces.http.chat_documents import attributed, parse_message


@dataclass(frozen=True)
class Someone:
    id: str
    name: str


ADA = Someone("ada-id", "Ada")


def test_a_message_without_an_author_becomes_the_senders() -> None:
    message = attributed(parse_message("m", {"role": "user", "content": "hi"}), ADA)
    assert (message.fields["user_id"], message.fields["user"]) == ("ada-id", {"id": "ada-id", "name": "Ada"})


def test_a_message_claiming_someone_else_becomes_the_senders() -> None:
    claimed = {"role": "user", "content": "hi", "user_id": "bob-id", "user": {"id": "bob-id", "name": "Bob"}}
    assert attributed(parse_message("m", claimed), ADA).fields["user"] == {"id": "ada-id", "name": "Ada"}


def test_a_message_already_the_senders_is_kept_as_it_is_with_the_name_it_had() -> None:
    message = parse_message("m", {"role": "user", "content": "hi", "user_id": "ada-id",
                                  "user": {"id": "ada-id", "name": "Ada Before"}})
    assert attributed(message, ADA) is message


def test_the_models_replies_are_left_alone() -> None:
    reply = parse_message("r", {"role": "assistant", "content": "hello"})
    assert attributed(reply, ADA) is reply


def test_an_attributed_message_is_fingerprinted_with_its_author() -> None:
    before = parse_message("m", {"role": "user", "content": "hi"})
    assert attributed(before, ADA).digest != before.digest
