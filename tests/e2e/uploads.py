"""Files as Open WebUI 0.12.4's app uploads them and attaches them to a message."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.people import Person

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
"""A 1x1 picture."""


def upload(person: Person, name: str, data: bytes, content_type: str, *, process: bool = True,
           metadata: dict[str, Any] | None = None) -> httpx.Response:
    """``POST /api/v1/files/`` as the app sends it: the file, the metadata as JSON, ``process`` in the query."""
    form = {"metadata": json.dumps(metadata)} if metadata else None
    return person.http.post("/api/v1/files/", params={"process": str(process).lower()},
                            files={"file": (name, data, content_type)}, data=form)


def uploaded(person: Person, name: str, data: bytes, content_type: str, *, process: bool = True) -> dict[str, Any]:
    response = upload(person, name, data, content_type, process=process)
    assert response.status_code == 200, response.text
    return response.json()


def attached(file: dict[str, Any]) -> dict[str, Any]:
    """The file item the app puts in the message's ``files`` once the upload is answered."""
    return {"type": "file", "file": file, "id": file["id"], "url": file["id"], "name": file["filename"],
            "collection_name": "", "status": "uploaded", "size": file["meta"]["size"], "error": "",
            "itemId": str(uuid.uuid4()), "content_type": file["meta"]["content_type"]}


def blob_path(data_dir: Path, file_id: str) -> Path:
    """Where the embedded default keeps a file's bytes."""
    return data_dir / "files" / file_id[:2] / file_id


def text_path(data_dir: Path, file_id: str) -> Path:
    """Where the embedded default keeps the text extracted from a file, beside its bytes."""
    return blob_path(data_dir, file_id).with_name(f"{file_id}.txt")


def structure_path(data_dir: Path, file_id: str) -> Path:
    """Where the embedded default keeps a converted document's structure, beside its text."""
    return blob_path(data_dir, file_id).with_name(f"{file_id}.json")
