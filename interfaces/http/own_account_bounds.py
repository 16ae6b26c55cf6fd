"""How much a person may keep on their account for the app's own use, and in what form: their
``info`` (the app keeps their location there) and their prompt variables, which Open WebUI checks
as it does here (keys that a prompt's ``{{user.variables.key}}`` can name, texts of bounded length).
Beyond the bounds a request is refused with the reason, before anything is written."""

from __future__ import annotations

import json
import re
from typing import Any

from litestar.exceptions import ClientException, HTTPException
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE

MAX_INFO_BYTES = 16 * 1024
"""The whole of a person's ``info`` as JSON: the app keeps a location there, some tens of bytes."""
MAX_VARIABLES_CHARACTERS = 100_000
MAX_VARIABLE_CHARACTERS = 20_000
VARIABLE_KEY = re.compile(r"[a-z][a-z0-9_]*")


def check_info_bound(kept: dict[str, Any] | None, changes: dict[str, Any]) -> None:
    """``changes`` laid over what is kept must stay within the bound."""
    merged = {**(kept or {}), **changes}
    size = len(json.dumps(merged, ensure_ascii=False).encode())
    if size > MAX_INFO_BYTES:
        raise HTTPException(status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                            detail=f"info would take {size} bytes; it may take at most {MAX_INFO_BYTES}")


def checked_variables(variables: Any) -> dict[str, str]:
    """The variables as kept (line ends as ``\\n``), or a refusal naming what is wrong."""
    if not isinstance(variables, dict):
        raise ClientException("variables must be an object of texts")
    if len(json.dumps(variables, ensure_ascii=False)) > MAX_VARIABLES_CHARACTERS:
        raise HTTPException(status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                            detail=f"variables may take at most {MAX_VARIABLES_CHARACTERS} characters as JSON")
    return {key: _checked_variable(key, value) for key, value in variables.items()}


def _checked_variable(key: str, value: Any) -> str:
    if not VARIABLE_KEY.fullmatch(key):
        raise ClientException(f"variable {key[:100]!r}: a key is a lower-case letter, then letters, digits or _")
    if not isinstance(value, str):
        raise ClientException(f"variable {key!r} must be a text")
    value = value.replace("\r\n", "\n")
    if len(value) > MAX_VARIABLE_CHARACTERS:
        raise ClientException(f"variable {key!r} may be at most {MAX_VARIABLE_CHARACTERS} characters long")
    return value
