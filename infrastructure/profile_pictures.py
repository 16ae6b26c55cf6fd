"""Profile pictures an identity provider points at (the OpenID ``picture`` claim), fetched once at
sign-in and kept as ``data:`` URLs, as Open WebUI keeps them.

The address is the provider's to choose, so it is fetched through the outbound guard with no
private network allowed unless the operator listed it (``ANNALS_OAUTH_PICTURE_PRIVATE_NETWORKS``;
the model servers' loopback default does not apply), within a time and size limit, and kept only
if it is a raster picture (what ``/profile/image`` serves) whose bytes are what its type says.
Unlike Open WebUI, the provider's access token is not sent along: a claim may point anywhere.
Whatever fails, the answer is None: a picture never fails a sign-in.
"""

from __future__ import annotations

import asyncio
import base64
import binascii

import httpx
import structlog

from infrastructure.outbound import SSRFProtectionError, UpstreamAddressPolicy, guarded_client

log = structlog.get_logger()

RASTER_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
"""The picture types the app's ``<img>`` tags are served (never SVG: it can carry scripts)."""
MAX_PICTURE_BYTES = 1024 * 1024
FETCH_SECONDS = 5.0


class PictureRefusedError(ValueError):
    """Why a picture is not kept (logged; the person keeps the picture they have)."""


class GuardedProfilePictures:
    def __init__(self, policy: UpstreamAddressPolicy, max_bytes: int = MAX_PICTURE_BYTES,
                 seconds: float = FETCH_SECONDS) -> None:
        self._policy, self._max_bytes, self._seconds = policy, max_bytes, seconds

    def fetch(self, url: str) -> str | None:
        """Called from a worker thread (the sign-in's): the fetch runs in an event loop of its own
        (``asyncio.run``, not ``anyio.run``: the thread carries the request's context, in which
        anyio believes a loop is running already)."""
        try:
            media_type, content = _inline(url) if url.startswith("data:") else asyncio.run(self._download(url))
            return data_url(media_type, _checked(media_type, content, self._max_bytes))
        except PictureRefusedError:
            # Neither the address nor the reason, which may name its host: its owner typed it, and a
            # log line outlives their forgetting.
            log.warning("profile_picture.refused")
            return None

    async def _download(self, url: str) -> tuple[str, bytes]:
        if not url.lower().startswith(("https://", "http://")):
            raise PictureRefusedError("not an http(s) address")
        try:
            async with asyncio.timeout(self._seconds):
                async with guarded_client(self._policy, trust_env=False, follow_redirects=True,
                                          max_redirects=3) as client, client.stream("GET", url) as response:
                    return await self._body(response)
        except SSRFProtectionError as error:
            raise PictureRefusedError(f"{error.hostname} is at {error.ip_addr}, a private address") from error
        except TimeoutError as error:
            raise PictureRefusedError(f"no answer within {self._seconds:g} s") from error
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError) as error:
            raise PictureRefusedError(f"unreachable: {error!r}") from error

    async def _body(self, response: httpx.Response) -> tuple[str, bytes]:
        if response.status_code != 200:
            raise PictureRefusedError(f"answered {response.status_code}")
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in RASTER_TYPES:
            raise PictureRefusedError(f"not a picture: {media_type or 'no type'}")
        content = bytearray()
        async for chunk in response.aiter_bytes():
            content += chunk
            if len(content) > self._max_bytes:
                raise PictureRefusedError(f"larger than {self._max_bytes} bytes")
        return media_type, bytes(content)


def data_url(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def _inline(url: str) -> tuple[str, bytes]:
    """A picture the claim carries itself: held to the same rules as one fetched."""
    header, comma, payload = url.partition(",")
    if not comma or not header.lower().endswith(";base64"):
        raise PictureRefusedError("a data: URL that is not base64")
    try:
        return header[len("data:"):].split(";", 1)[0].strip().lower(), base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise PictureRefusedError("a data: URL whose base64 is broken") from error


_SIGNATURES = {"image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",),
               "image/gif": (b"GIF87a", b"GIF89a"), "image/webp": (b"RIFF",)}


def _checked(media_type: str, content: bytes, max_bytes: int) -> bytes:
    if media_type not in RASTER_TYPES:
        raise PictureRefusedError(f"not a picture: {media_type or 'no type'}")
    if len(content) > max_bytes:
        raise PictureRefusedError(f"larger than {max_bytes} bytes")
    if not content.startswith(_SIGNATURES[media_type]) or (media_type == "image/webp" and content[8:12] != b"WEBP"):
        raise PictureRefusedError(f"its bytes are not {media_type}")
    return content
