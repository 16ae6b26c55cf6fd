"""Profile pictures of people and models, as the app's ``<img>`` tags ask for them.

A picture stored as a ``data:`` URL is served from our own origin, decoded, only for raster image
types, with ``nosniff`` and a sandbox, so an uploaded SVG or HTML can never run as our page.
Anything else gets Open WebUI's default picture: we do not redirect browsers to other sites.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Annotated, Any

import msgspec
from litestar import MediaType, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect

from application.models.catalog import readable
from infrastructure.profile_pictures import RASTER_TYPES
from infrastructure.settings import Settings
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.errors import NOT_FOUND
from projections.models.queries import ModelPresetQueries
from projections.users.queries import UserQueries

DEFAULT_USER_IMAGE = "/static/user.png"
DEFAULT_MODEL_IMAGE = "/static/favicon.png"
IMAGE_HEADERS = {"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff",
                 "Content-Security-Policy": "default-src 'none'; sandbox", "Cache-Control": "private, no-cache"}


@get("/api/v1/users/{user_id:str}/profile/image", sync_to_thread=True, guards=[members])
def user_image(user_id: FromPath[str], users: NamedDependency[UserQueries]) -> Response[Any]:
    record = users.get_user(user_id)
    if record is None:
        raise NotFoundException(NOT_FOUND)
    return _image(record["profile_image_url"] or "", DEFAULT_USER_IMAGE)


@get("/api/v1/models/model/profile/image", sync_to_thread=True, guards=[members])
def model_image(user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
                model_views: NamedDependency[ModelPresetQueries],
                model_id: Annotated[str, QueryParameter(name="id", max_length=1000)]) -> Response[Any]:
    """A preset's picture, for those who may use it; to anyone else, as for a model without one,
    Open WebUI's logo (so that pictures do not tell which presets exist)."""
    preset = model_views.get_preset(model_id)
    if preset is None or not (user.is_admin or settings.bypass_model_access_control
                              or readable(preset, user.id, user.group_ids)):
        return Redirect(DEFAULT_MODEL_IMAGE)
    return _image((preset["meta"] or {}).get("profile_image_url") or "", DEFAULT_MODEL_IMAGE)


@get("/api/v1/utils/gravatar", sync_to_thread=False, guards=[members])
def gravatar(email: Annotated[str, QueryParameter(max_length=320)]) -> Response[bytes]:
    """The Gravatar address of an e-mail (SHA-256 of it trimmed and lower-cased, Gravatar's mystery
    person when it has none), as the app's Account settings ask for it with "Use Gravatar". Nothing
    is fetched here; as any picture that is not stored with us, it is shown as the default one."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return Response(msgspec.json.encode(f"https://www.gravatar.com/avatar/{digest}?d=mp"), media_type=MediaType.JSON)


def _image(url: str, default: str) -> Response[Any]:
    decoded = _decode_data_url(url)
    if decoded is None:
        return Redirect(default)
    media_type, content = decoded
    return Response(content, media_type=media_type, headers=IMAGE_HEADERS)


def _decode_data_url(url: str) -> tuple[str, bytes] | None:
    """``data:image/png;base64,...`` → (``image/png``, bytes), for raster types only."""
    header, comma, payload = url.partition(",")
    if not comma or not header.lower().startswith("data:") or not header.lower().endswith(";base64"):
        return None
    media_type = header[len("data:"):].split(";", 1)[0].strip().lower()
    if media_type not in RASTER_TYPES:
        return None
    try:
        return media_type, base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


ROUTES = [user_image, model_image, gravatar]
