"""A file's text, for models to read without retrieval (Open WebUI's full-context mode). Only text
files are read for now; other documents are kept and say that their extraction comes later."""

from __future__ import annotations

from domain.files.kinds import extension, is_raster_image, is_text

NOT_TEXT = ("Text is not extracted from .{kind} files yet: the file is kept, but models are not shown "
            "its contents. Paste the text, or upload it as a text file.")
NOT_UTF8 = "The file is not UTF-8 text, so models cannot be shown its contents."
PICTURE = "Pictures have no text to extract; vision models are shown them as they are."


class ExtractionError(Exception):
    """Why a file's text cannot be read; said to the person, not raised to the client."""


def extracted_text(name: str, content_type: str | None, data: bytes) -> str:
    if is_raster_image(content_type):
        raise ExtractionError(PICTURE)
    if not is_text(name, content_type):
        raise ExtractionError(NOT_TEXT.format(kind=extension(name) or "these"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(NOT_UTF8) from None
