"""Documents converted by docling, cut along their structure by its HybridChunker with the
embedding model's tokenizer (offline: its default tokenizer would be downloaded)."""

from __future__ import annotations

import io
from typing import Any

from infrastructure.chunking.documents import DocumentChunker
from infrastructure.embeddings.minilm import MAX_TOKENS, MiniLM
from tests import sample_documents


def converted(kind: str, data: bytes) -> Any:
    """Converted as the files context's reader converts (its PDF pipeline is the offline one)."""
    from docling.datamodel.base_models import DocumentStream

    from infrastructure.documents import _converter

    return _converter(60).convert(DocumentStream(name=f"sample.{kind}", stream=io.BytesIO(data))).document


def test_a_long_section_is_cut_within_the_model_tokens_each_piece_under_its_heading(minilm: MiniLM):
    document = converted("docx", sample_documents.docx("Refunds", "Refunds are paid within 14 days. " * 60))
    chunks = DocumentChunker(lambda: minilm.tokenizer).chunks("file-1", "kb", document)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert chunk.text.startswith("Refunds\n") and chunk.metadata["headings"] == "Refunds"
        assert len(minilm.tokenizer(chunk.text)["input_ids"]) <= MAX_TOKENS


def test_pdf_chunks_know_their_page(minilm: MiniLM):
    document = converted("pdf", sample_documents.pdf("First page text.", "Second page: shipping takes 3 days."))
    chunks = DocumentChunker(lambda: minilm.tokenizer).chunks("file-2", "kb", document)
    assert chunks[0].metadata["page"] == 1 and "shipping" in chunks[-1].text


def test_chunking_a_document_again_gives_the_same_ids(minilm: MiniLM):
    document = converted("docx", sample_documents.docx("Shipping", "It takes three days.", "Or five."))
    once = DocumentChunker(lambda: minilm.tokenizer).chunks("file-3", "kb", document)
    assert [c.id for c in once] == [c.id for c in DocumentChunker(lambda: minilm.tokenizer).chunks(
        "file-3", "kb", document)]
