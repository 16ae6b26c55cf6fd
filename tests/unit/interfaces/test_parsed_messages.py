"""A long chat's unchanged messages are parsed once; anything that differs, by a byte, is parsed anew."""

from __future__ import annotations

import msgspec

from interfaces.http.chat_documents import ParsedMessages, chat_state
from tests.unit.interfaces.test_message_authors import ADA, Someone

encode = msgspec.json.encode


def _raw(message: dict) -> msgspec.Raw:
    return msgspec.Raw(encode(message))


def _message(text: str) -> dict:
    return {"id": "m1", "parentId": None, "childrenIds": [], "role": "user", "content": text}


def test_a_resent_message_is_the_one_parsed_before() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    first = parsed.parse_all({"m1": _raw(_message("hello"))}, ADA)[0]
    assert parsed.parse_all({"m1": _raw(_message("hello"))}, ADA)[0] is first


def test_an_edited_message_is_parsed_again_with_its_new_fingerprint() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    before = parsed.parse_all({"m1": _raw(_message("hello"))}, ADA)[0]
    after = parsed.parse_all({"m1": _raw(_message("hello!"))}, ADA)[0]
    assert after.fields["content"] == "hello!"
    assert after.digest != before.digest


def test_the_same_bytes_under_another_key_are_another_message() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    body = msgspec.Raw(encode({"role": "user", "content": "hi"}))
    assert parsed.parse_all({"a": body}, ADA)[0].id == "a"
    assert parsed.parse_all({"b": body}, ADA)[0].id == "b"


def test_the_least_recently_seen_messages_go_once_the_bound_is_reached() -> None:
    one, two = _raw(_message("one")), _raw(_message("two"))
    parsed = ParsedMessages(max_bytes=len(one) + len(two) - 1)
    first = parsed.parse_all({"m1": one}, ADA)[0]
    parsed.parse_all({"m1": two}, ADA)
    assert parsed.parse_all({"m1": one}, ADA)[0] is not first


def test_a_fingerprint_does_not_depend_on_whether_the_message_was_held() -> None:
    document = {"history": msgspec.Raw(encode({"messages": {"m1": _message("hello")}, "currentId": "m1"}))}
    held = chat_state(document, parsed=ParsedMessages(max_bytes=1 << 20), author=ADA)
    fresh = chat_state(document, author=ADA)
    assert held.messages == fresh.messages


def test_a_history_keeps_its_order_with_held_and_new_messages_mixed() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    parsed.parse_all({"b": _raw({**_message("b"), "id": "b"})}, ADA)
    history = {key: _raw({**_message(key), "id": key}) for key in ("a", "b", "c")}
    assert [m.id for m in parsed.parse_all(history, ADA)] == ["a", "b", "c"]


def test_a_resent_message_without_its_author_is_attributed_once() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    first = parsed.parse_all({"m1": _raw(_message("hello"))}, ADA)[0]
    assert first.fields["user"] == {"id": "ada-id", "name": "Ada"}
    assert parsed.parse_all({"m1": _raw(_message("hello"))}, ADA)[0] is first


def test_the_same_bytes_sent_by_someone_else_are_theirs() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    parsed.parse_all({"m1": _raw(_message("hello"))}, ADA)
    theirs = parsed.parse_all({"m1": _raw(_message("hello"))}, Someone("bob-id", "Bob"))[0]
    assert theirs.fields["user"] == {"id": "bob-id", "name": "Bob"}
