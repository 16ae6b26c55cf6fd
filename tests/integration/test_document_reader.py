"""docling, offline, as the files context reads documents with it: a PDF's text layer, Word,
PowerPoint, Excel and HTML as Markdown; damaged, password-protected or oversized documents end in
an error a person can read, never an exception of docling's."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from application.files.ports import ExtractionError
from infrastructure.documents import DoclingReader
from tests.sample_documents import docx, pdf, pptx, xlsx


@pytest.fixture(scope="module")
def reader() -> DoclingReader:
    return DoclingReader(max_pages=3, max_unpacked_mb=1)


def test_a_pdfs_text_is_read_page_after_page_and_its_pages_kept_in_its_structure(reader: DoclingReader):
    from docling_core.types.doc import DoclingDocument

    read = reader.read("pdf", pdf("Quarterly report (draft)\nRevenue grew 12%.", "Costs fell."))
    assert read.text.split("\n\n") == ["Quarterly report (draft)", "Revenue grew 12%.", "Costs fell."]
    assert read.structure is not None
    document = DoclingDocument.model_validate_json(read.structure)
    assert [(item.text, item.prov[0].page_no) for item in document.texts][-1] == ("Costs fell.", 2)


def test_a_word_documents_headings_and_paragraphs_are_read(reader: DoclingReader):
    assert reader.read("docx", docx("Minutes", "The board met on Tuesday.")).text == (
        "## Minutes\n\nThe board met on Tuesday.")


def test_a_presentations_slides_are_read(reader: DoclingReader):
    assert reader.read("pptx", pptx("Roadmap", "Ship in March")).text == "# Roadmap\n\n- Ship in March"


def test_a_spreadsheet_is_read_as_a_table(reader: DoclingReader):
    text = reader.read("xlsx", xlsx(("fruit", "count"), ("apples", 7))).text
    assert [row.split("|")[1].strip() for row in text.splitlines() if "--" not in row] == ["fruit", "apples"]


def test_html_is_read_as_text_without_its_scripts_or_anything_it_points_at(reader: DoclingReader):
    page = (b"<html><head><script>alert('owned')</script><style>p{color:red}</style></head><body>"
            b"<h1>Menu</h1><p>Soup of the <b>day</b></p><img src='http://127.0.0.1:9/tracker.png'></body></html>")
    assert reader.read("html", page).text == "# Menu\n\nSoup of the **day**"


def test_a_damaged_pdf_is_unreadable(reader: DoclingReader):
    with pytest.raises(ExtractionError, match=r"could not be read as a \.pdf document"):
        reader.read("pdf", b"%PDF-1.4 not really")


def test_a_pdf_cut_short_is_unreadable(reader: DoclingReader):
    whole = pdf("one", "two")
    with pytest.raises(ExtractionError, match="could not be read"):
        reader.read("pdf", whole[: len(whole) // 2])


def test_a_password_protected_pdf_says_so(reader: DoclingReader):
    with pytest.raises(ExtractionError, match="protected by a password"):
        reader.read("pdf", pdf("secret", password_protected=True))


def test_a_pdf_longer_than_the_limit_is_not_read(reader: DoclingReader):
    with pytest.raises(ExtractionError, match="The PDF has 4 pages; text is read from at most 3"):
        reader.read("pdf", pdf("1", "2", "3", "4"))


def test_a_damaged_word_document_is_unreadable(reader: DoclingReader):
    with pytest.raises(ExtractionError, match=r"could not be read as a \.docx document"):
        reader.read("docx", b"PK\x03\x04 not a zip after all")


def test_a_zip_that_is_no_word_document_is_unreadable(reader: DoclingReader):
    package = BytesIO()
    with zipfile.ZipFile(package, "w") as written:
        written.writestr("hello.txt", "hello")
    with pytest.raises(ExtractionError, match="could not be read"):
        reader.read("docx", package.getvalue())


def test_a_password_protected_office_document_says_so(reader: DoclingReader):
    with pytest.raises(ExtractionError, match="protected by a password or saved in an old Office format"):
        reader.read("docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def test_a_document_that_unpacks_beyond_the_limit_is_not_parsed(reader: DoclingReader):
    package = BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as written:
        written.writestr("word/document.xml", b" " * (2 * 1024 * 1024))
    with pytest.raises(ExtractionError, match="unpacks to more than 1 MB"):
        reader.read("docx", package.getvalue())
