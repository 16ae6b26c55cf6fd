"""Documents' text through docling, offline: PDFs by its model-free ``NativePdfPipeline`` on the
pypdfium2 backend (the text layer, without headings or tables; the layout pipeline needs weights
from a model hub), Word, PowerPoint, Excel and HTML by its declarative backends, as Markdown.
HTML is parsed, never rendered, and nothing a document points at is fetched. Beside the text, the
converted ``DoclingDocument`` as docling's JSON (its pictures' pixels left out: chunks are cut
from words), which ``infrastructure.chunking.documents`` cuts along headings and pages.

docling is imported on first use: it takes seconds (it brings torch and transformers along), and
most processes (the worker, the CLI) never read a document. One document is converted at a time:
pdfium is not thread-safe, and on a small machine two conversions at once would only slow both."""

from __future__ import annotations

import io
import threading
import zipfile
from typing import Any

import structlog

from application.files.ports import Extracted, ExtractionError

log = structlog.get_logger()

PACKAGES = frozenset({"docx", "pptx", "xlsx"})
"""Office Open XML: zip files, whose unpacked size is checked before they are parsed."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
"""A compound file: what a password-protected Office document (or a pre-2007 one) is, not a zip."""

UNREADABLE = ("The file could not be read as a .{kind} document (it may be damaged, or not what its "
              "name says), so models cannot be shown its contents.")
LOCKED = ("The document is protected by a password, so its text cannot be read. Upload a copy "
          "without the password, or paste the text.")
LOCKED_OR_OLD = ("The document is protected by a password or saved in an old Office format, so its text "
                 "cannot be read. Save it as .{kind} without a password, or paste the text.")
TOO_MANY_PAGES = ("The PDF has {pages:,} pages; text is read from at most {limit:,}, so it is kept but "
                  "not shown to models. Split it, or upload the pages that matter.")
TOO_BIG_UNPACKED = ("The .{kind} document unpacks to more than {limit:,} MB, so its text is not read. "
                    "Split it, or paste the part that matters.")


class DoclingReader:
    def __init__(self, *, max_pages: int, max_unpacked_mb: int = 256, timeout_seconds: float = 120) -> None:
        self.max_pages = max_pages
        self.max_unpacked_mb = max_unpacked_mb
        self.timeout_seconds = timeout_seconds
        self._lock = threading.Lock()
        self._converter: Any = None

    def read(self, kind: str, data: bytes) -> Extracted:
        with self._lock:
            try:
                self._check(kind, data)
                return self._converted(kind, data)
            except ExtractionError:
                raise
            except Exception:  # docling's and its parsers' failures are many; the person gets one answer
                log.warning("document.unreadable", kind=kind, size=len(data), exc_info=True)
                raise ExtractionError(UNREADABLE.format(kind=kind)) from None

    def _check(self, kind: str, data: bytes) -> None:
        """Refuse before converting what would fail late or cost without bound."""
        if kind == "pdf":
            self._check_pdf(data)
        elif kind in PACKAGES:
            self._check_package(kind, data)

    def _check_pdf(self, data: bytes) -> None:
        import pypdfium2

        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as why:
            locked = getattr(why, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD
            raise ExtractionError(LOCKED if locked else UNREADABLE.format(kind="pdf")) from None
        try:
            pages = len(document)
        finally:
            document.close()
        if pages > self.max_pages:
            raise ExtractionError(TOO_MANY_PAGES.format(pages=pages, limit=self.max_pages))

    def _check_package(self, kind: str, data: bytes) -> None:
        if data.startswith(OLE_MAGIC):
            raise ExtractionError(LOCKED_OR_OLD.format(kind=kind))
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                unpacked = sum(member.file_size for member in package.infolist())
        except zipfile.BadZipFile:
            raise ExtractionError(UNREADABLE.format(kind=kind)) from None
        if unpacked > self.max_unpacked_mb * 1024 * 1024:
            raise ExtractionError(TOO_BIG_UNPACKED.format(kind=kind, limit=self.max_unpacked_mb))

    def _converted(self, kind: str, data: bytes) -> Extracted:
        from docling.datamodel.base_models import ConversionStatus, DocumentStream

        if self._converter is None:
            self._converter = _converter(self.timeout_seconds)
        result = self._converter.convert(DocumentStream(name=f"document.{kind}", stream=io.BytesIO(data)),
                                         raises_on_error=False, max_num_pages=self.max_pages)
        if result.status != ConversionStatus.SUCCESS:  # a partial text would be shown as if whole
            log.warning("document.unconverted", kind=kind, status=str(result.status),
                        errors=[error.error_message for error in result.errors])
            raise ExtractionError(UNREADABLE.format(kind=kind))
        document = result.document
        if kind == "pdf":  # plain text items only: Markdown would add nothing but time
            text = document.export_to_text()
        else:
            text = document.export_to_markdown(image_placeholder="", escape_underscores=False, escape_html=False)
        for picture in document.pictures:
            picture.image = None
        return Extracted(text, document.model_dump_json(by_alias=True, exclude_none=True).encode())


def _converter(timeout_seconds: float) -> Any:
    from docling.backend.pypdfium2_backend import PyPdfiumDocumentBackend
    from docling.datamodel.backend_options import HTMLBackendOptions
    from docling.datamodel.base_models import InputFormat
    from docling.datamodel.pipeline_options import NativePdfPipelineOptions
    from docling.document_converter import DocumentConverter, HTMLFormatOption, PdfFormatOption
    from docling.pipeline.native_pdf_pipeline import NativePdfPipeline

    pdf = NativePdfPipelineOptions(generate_page_images=False, generate_picture_images=False, parser_threads=1,
                                   document_timeout=timeout_seconds)
    html = HTMLBackendOptions(render_page=False, fetch_images=False, enable_remote_fetch=False,
                              enable_local_fetch=False)
    return DocumentConverter(
        allowed_formats=[InputFormat.PDF, InputFormat.DOCX, InputFormat.PPTX, InputFormat.XLSX, InputFormat.HTML],
        format_options={
            InputFormat.PDF: PdfFormatOption(pipeline_cls=NativePdfPipeline, backend=PyPdfiumDocumentBackend,
                                             pipeline_options=pdf),
            InputFormat.HTML: HTMLFormatOption(backend_options=html)})
