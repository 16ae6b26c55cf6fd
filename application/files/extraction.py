"""A file's text, for models to read without retrieval (Open WebUI's full-context mode): text files
as they are, documents (PDF, Word, PowerPoint, Excel, HTML) through a ``DocumentReader``. A text
longer than the limit is refused rather than cut, so a model is never shown half a document as if
it were whole."""

from __future__ import annotations

from application.files.ports import DocumentReader, Extracted, ExtractionError
from domain.files.kinds import document_kind, extension, is_raster_image, is_text

NOT_TEXT = ("Text is not extracted from .{kind} files: the file is kept, but models are not shown its "
            "contents. Save it as PDF, Word (.docx) or text, or paste the text.")
NOT_UTF8 = "The file is not UTF-8 text, so models cannot be shown its contents."
PICTURE = "Pictures have no text to extract; vision models are shown them as they are."
NO_TEXT = ("No text was found in the document (a scanned page is a picture, and text is not read from "
           "pictures), so models cannot be shown its contents.")
TOO_LONG = ("Its text is {length:,} characters long; at most {limit:,} are given to models, so it is kept "
            "but not shown to them. Split it, or paste the part that matters.")

__all__ = ["Extracted", "Extraction", "ExtractionError"]


class Extraction:
    def __init__(self, documents: DocumentReader, max_characters: int) -> None:
        self._documents = documents
        self.max_characters = max_characters

    def extracted(self, name: str, content_type: str | None, data: bytes) -> Extracted:
        """The text models are shown of a file (and a document's structure); ``ExtractionError``
        saying why there is none."""
        extracted = self._read(name, content_type, data)
        if len(extracted.text) > self.max_characters:
            raise ExtractionError(TOO_LONG.format(length=len(extracted.text), limit=self.max_characters))
        return extracted

    def _read(self, name: str, content_type: str | None, data: bytes) -> Extracted:
        if is_raster_image(content_type):
            raise ExtractionError(PICTURE)
        if kind := document_kind(name, content_type):
            return _found(self._documents.read(kind, data))
        if not is_text(name, content_type):
            raise ExtractionError(NOT_TEXT.format(kind=extension(name) or "these"))
        try:
            return Extracted(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ExtractionError(NOT_UTF8) from None


def _found(extracted: Extracted) -> Extracted:
    if not extracted.text.strip():
        raise ExtractionError(NO_TEXT)
    return extracted
