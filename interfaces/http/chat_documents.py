"""Maps the SPA's chat document onto what the Chat aggregate understands.

The document is Open WebUI's: ``{title, models, params, history: {messages: {id: {...}},
currentId}, messages: [...], ...}``. ``messages`` is derived from ``history``, ``tags`` live in
their own events, everything else top-level is a property kept as sent.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Protocol

import msgspec
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE

from domain.chats.message import ChatState, Message
from interfaces.http.wire_shapes import ChatDocument
from projections.chats.document import VARIABLES

_DERIVED = {"id", "title", "history", "messages", "tags"}
_encoder = msgspec.json.Encoder(order="sorted")


def digest(value: Any) -> str:
    return hashlib.blake2b(_encoder.encode(value), digest_size=16).hexdigest()


class History(msgspec.Struct):
    messages: dict[str, msgspec.Raw] = {}
    currentId: str | None = None


class ChatForm(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Open WebUI's ChatForm. The document stays undecoded until we know what each part is: the
    derived ``messages`` list is never parsed at all, which halves the work on long chats."""

    chat: ChatDocument
    variables: dict[str, Any] | None = None
    folder_id: str | None = None


def decode_chat_form(body: bytes, max_bytes: int) -> ChatForm:
    """Decoded by hand: Litestar decodes a body to Python objects first, and ``msgspec.Raw`` parts
    (the document's messages stay undecoded until needed) cannot be made from those."""
    if len(body) > max_bytes:
        raise HTTPException(status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                            detail=f"This chat is larger than the {max_bytes // (1024 * 1024)} MB a chat may be here. "
                                   "Start a new chat, or attach long texts as files.")
    try:
        return msgspec.json.decode(body, type=ChatForm)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise ValidationException(f"invalid chat form: {error}") from None


class Author(Protocol):
    """Whoever a person's messages are by (the session's user)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def chat_state(document: dict[str, msgspec.Raw], variables: dict[str, Any] | None = None,
               parsed: ParsedMessages | None = None, *, author: Author) -> ChatState:
    """The document's parts are decoded here, where a part that is not UTF-8 is found (decoding
    the form skipped over them): the sender's mistake, a 422 naming it."""
    try:
        return _chat_state(document, variables, parsed, author)
    except msgspec.DecodeError as error:
        raise ValidationException(f"chat: {error}") from None


def _chat_state(document: dict[str, msgspec.Raw], variables: dict[str, Any] | None,
                parsed: ParsedMessages | None, author: Author) -> ChatState:
    history = _decode(document, "history", History | None) or History()
    title = _decode(document, "title", str | None)
    properties = {k: msgspec.json.decode(v) for k, v in document.items() if k not in _DERIVED}
    if variables is not None:
        properties[VARIABLES] = variables
    messages = parsed.parse_all(history.messages, author) if parsed is not None else tuple(
        _parse_raw(key, body, author) for key, body in history.messages.items())
    return ChatState(
        title=title,
        properties=properties,
        property_digests={k: digest(v) for k, v in properties.items()},
        messages=messages,
        current_message_id=history.currentId,
    )


def state_of(document: Mapping[str, Any], variables: dict[str, Any] | None = None, *,
             author: Author) -> ChatState:
    """A chat document held as values (a stored chat, a copy of one) as if its new owner sent it."""
    raw = msgspec.json.decode(_encoder.encode(document), type=dict[str, msgspec.Raw])
    return chat_state(raw, variables, author=author)


def attributed(message: Message, author: Author) -> Message:
    """A person's message says who wrote it, as Open WebUI's do (``user_id`` and ``user: {id, name}``),
    whatever a client claimed: the one who sends it. The app states both on the messages it makes, so
    most arrive right and are kept as they are; a name stated earlier stays, so renaming oneself
    changes no message. The model's replies are not a person's and are left alone."""
    fields = message.fields
    if fields.get("role") not in (None, "user"):
        return message
    stated = fields.get("user")
    if (fields.get("user_id") == author.id and isinstance(stated, dict) and stated.get("id") == author.id
            and isinstance(stated.get("name"), str)):
        return message
    body = {**fields, "user_id": author.id, "user": {"id": author.id, "name": author.name}}
    return Message(id=message.id, parent_id=message.parent_id, digest=digest(body), fields=body)


class ParsedMessages:
    """The messages a long chat resends unchanged after every turn, parsed, attributed and
    fingerprinted once: a client that leaves out who wrote its messages would otherwise have every
    one of a long chat's prompts attributed and fingerprinted again on every save.

    Keyed by a message's exact bytes, its key in the history and its author's id and name, so a
    hit is the same message, never a guess; the least recently seen go first once ``max_bytes`` of
    them are held. Shared by the request threads: the parsed messages are never changed after parsing."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._held = 0
        self._messages: OrderedDict[tuple[str, bytes, str, str], Message] = OrderedDict()
        self._lock = threading.Lock()

    def parse_all(self, messages: Mapping[str, msgspec.Raw], author: Author) -> tuple[Message, ...]:
        """The history's messages in its order, as ``author`` sent them. One lock for all the
        lookups: a long chat is a thousand of them on every save, and a lock and a call each cost
        four times as much."""
        entries = [(key, bytes(body), author.id, author.name) for key, body in messages.items()]
        with self._lock:
            held = [self._messages.get(entry) for entry in entries]
            for entry, message in zip(entries, held, strict=True):
                if message is not None:
                    self._messages.move_to_end(entry)
        parsed = tuple(message or _parse_raw(entry[0], entry[1], author)
                       for entry, message in zip(entries, held, strict=True))
        new = [(entry, message) for entry, message, was in zip(entries, parsed, held, strict=True) if was is None]
        with self._lock:
            for entry, message in new:
                if entry not in self._messages:
                    self._messages[entry] = message
                    self._held += len(entry[1])
            while self._held > self._max_bytes:
                (_, evicted, _, _), _ = self._messages.popitem(last=False)
                self._held -= len(evicted)
        return parsed


def _parse_raw(key: str, body: msgspec.Raw | bytes, author: Author) -> Message:
    return attributed(parse_message(key, msgspec.json.decode(body)), author)  # valid JSON: the form checked it


def _decode(document: dict[str, msgspec.Raw], key: str, kind: Any) -> Any:
    if key not in document:
        return None
    try:
        return msgspec.json.decode(document[key], type=kind)
    except msgspec.ValidationError as error:
        raise ValidationException(f"chat.{key}: {error}") from None


def parse_message(key: str, body: Any) -> Message:
    """Cheap for the thousands of messages a long chat resends: only the tree links are read here;
    the rest is fingerprinted, and looked at by the chat only if the fingerprint changed."""
    if not isinstance(body, dict):
        raise ValidationException(f"chat.history.messages[{key!r}] must be an object")
    message_id = body.pop("id", key)
    parent_id = body.pop("parentId", None)
    body.pop("childrenIds", None)
    if not isinstance(message_id, str) or not message_id or len(message_id) > 255:
        raise ValidationException(f"message {key!r} needs a string id of at most 255 characters")
    if parent_id is not None and not isinstance(parent_id, str):
        raise ValidationException(f"message {message_id!r}: parentId must be a string or null")
    return Message(id=message_id, parent_id=parent_id, digest=digest(body), fields=body)
