"""Which files are documents whose text a reader extracts: by the name's ending first, then by
the declared type; a text file stays text whatever it claims."""

from __future__ import annotations

import pytest

from domain.files.kinds import document_kind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(("name", "declared", "kind"), [
    ("report.PDF", None, "pdf"), ("minutes.docx", "application/octet-stream", "docx"),
    ("slides.pptx", None, "pptx"), ("sums.xlsx", None, "xlsx"), ("page.htm", None, "html"),
    ("download", "application/pdf", "pdf"), ("minutes", DOCX, "docx"), ("page", "text/html; charset=utf-8", "html"),
    ("page.txt", "text/html", None), ("notes.md", "text/markdown", None), ("old.doc", "application/msword", None),
])
def test_a_files_kind_of_document(name: str, declared: str | None, kind: str | None):
    assert document_kind(name, declared) == kind
