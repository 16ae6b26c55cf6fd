"""A long chat's unchanged messages are parsed once; anything that differs, by a byte, is parsed anew."""

from __future__ import annotations

import msgspec

from interfaces.http.chat_documents import ParsedMessages, chat_state

encode = msgspec.json.encode


def _raw(message: dict) -> msgspec.Raw:
    return msgspec.Raw(encode(message))


def _message(text: str) -> dict:
    return {"id": "m1", "parentId": None, "childrenIds": [], "role": "user", "content": text}


def test_a_resent_message_is_the_one_parsed_before() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    first = parsed.parse("m1", _raw(_message("hello")))
    assert parsed.parse("m1", _raw(_message("hello"))) is first


def test_an_edited_message_is_parsed_again_with_its_new_fingerprint() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    before = parsed.parse("m1", _raw(_message("hello")))
    after = parsed.parse("m1", _raw(_message("hello!")))
    assert after.fields["content"] == "hello!"
    assert after.digest != before.digest


def test_the_same_bytes_under_another_key_are_another_message() -> None:
    parsed = ParsedMessages(max_bytes=1 << 20)
    body = msgspec.Raw(encode({"role": "user", "content": "hi"}))
    assert parsed.parse("a", body).id == "a"
    assert parsed.parse("b", body).id == "b"


def test_the_least_recently_seen_messages_go_once_the_bound_is_reached() -> None:
    one, two = _raw(_message("one")), _raw(_message("two"))
    parsed = ParsedMessages(max_bytes=len(one) + len(two) - 1)
    first = parsed.parse("m1", one)
    parsed.parse("m1", two)
    assert parsed.parse("m1", one) is not first


def test_a_fingerprint_does_not_depend_on_whether_the_message_was_held() -> None:
    document = {"history": msgspec.Raw(encode({"messages": {"m1": _message("hello")}, "currentId": "m1"}))}
    held, fresh = chat_state(document, parsed=ParsedMessages(max_bytes=1 << 20)), chat_state(document)
    assert held.messages == fresh.messages
