"""The bits of ASGI the fake upstream's routes share: reading a body, answering JSON."""

from __future__ import annotations

import json
from typing import Any


async def body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def answer_json(send: Any, status: int, payload: Any) -> None:
    encoded = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(encoded)).encode())]})
    await send({"type": "http.response.body", "body": encoded})


class StreamBroken(Exception):
    """Raised mid-response: uvicorn then drops the connection without finishing the body."""


async def disconnected(receive: Any) -> None:
    """Returns once the client has gone (the request's body already read)."""
    while (await receive())["type"] != "http.disconnect":
        pass
