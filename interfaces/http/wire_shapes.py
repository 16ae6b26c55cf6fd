"""Open WebUI's open JSON objects, as the OpenAPI document describes them: a chat document or a
message may hold members nobody listed (they are kept as sent), but the ones Annals reads have a
shape, and the document says so, so that clients and the fuzzing suite know what is expected.
The handlers check those members themselves (``chat_documents``, ``completions``)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
TEXTS = {"type": "array", "items": TEXT}
OBJECTS = {"type": "array", "items": {"type": "object"}}
CONTENT = {"oneOf": [TEXT, {"type": "array", "items": {"type": "object", "properties": {
    "type": TEXT, "text": TEXT, "image_url": {"type": "object", "properties": {"url": TEXT}}}}}, {"type": "null"}]}


def open_object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> msgspec.Meta:
    """The ``Meta`` of a ``dict`` annotated with the members Annals reads (Litestar puts its
    ``extra`` into the schema)."""
    return msgspec.Meta(extra_json_schema={"extra": {"properties": properties, "required": list(required) or None}})


MESSAGE = {"role": {"enum": ["system", "user", "assistant", "tool", "developer"]}, "content": CONTENT,
           "name": TEXT}
"""An OpenAI chat message."""

CHAT_MESSAGE = {"id": {**TEXT, "minLength": 1, "maxLength": 255}, "parentId": TEXT_OR_NULL,
                "childrenIds": TEXTS, "role": {"enum": ["user", "assistant", "system"]}, "content": CONTENT,
                "timestamp": {"type": "integer"}, "models": TEXTS, "model": TEXT, "files": OBJECTS,
                "done": {"type": "boolean"}}
"""A message of a chat's history, as the app keeps it."""

CHAT_DOCUMENT = {"title": TEXT_OR_NULL, "models": TEXTS, "params": {"type": "object"}, "files": OBJECTS,
                 "tags": {"type": "array"}, "timestamp": {"type": "integer"},
                 "history": {"type": "object", "properties": {
                     "currentId": TEXT_OR_NULL,
                     "messages": {"type": "object", "additionalProperties": {
                         "type": "object", "properties": CHAT_MESSAGE}}}},
                 "messages": {"type": "array", "items": {"type": "object", "properties": CHAT_MESSAGE}}}
"""A chat as the app saves it: ``history`` is the tree, ``messages`` the branch shown (derived)."""

ChatMessages = Annotated[list[dict[str, Any]], msgspec.Meta(extra_json_schema={"extra": {
    "items": {"type": "object", "properties": MESSAGE, "required": ["role"]}}})]
"""OpenAI's ``messages`` (Litestar reads no ``Meta`` of a list's items, only of the list)."""
ChatDocument = Annotated[dict[str, msgspec.Raw], open_object(CHAT_DOCUMENT)]
