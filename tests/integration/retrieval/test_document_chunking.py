"""Documents converted by docling, cut along their structure by its HybridChunker with the
embedding model's tokenizer (offline: its default tokenizer would be downloaded), from the JSON the
files context keeps of them."""

from __future__ import annotations

import textwrap

import pytest
from docling_core.transforms.chunker.hybrid_chunker import HybridChunker
from docling_core.transforms.chunker.tokenizer.huggingface import HuggingFaceTokenizer
from docling_core.types.doc import DoclingDocument

from application.knowledge.file_indexing import UnreadableStructureError
from infrastructure.chunking.documents import DocumentChunker
from infrastructure.chunking.page_bound import PageBoundHybridChunker
from infrastructure.documents import DoclingReader
from infrastructure.embeddings.minilm import MAX_TOKENS, MiniLM
from tests import sample_documents
from tests.docstring_corpus import docstring_pairs


def structure(kind: str, data: bytes) -> bytes:
    """As the files context's reader keeps it."""
    kept = DoclingReader(max_pages=5).read(kind, data).structure
    assert kept is not None
    return kept


def test_a_long_section_is_cut_within_the_model_tokens_each_piece_under_its_heading(minilm: MiniLM):
    document = structure("docx", sample_documents.docx("Refunds", "Refunds are paid within 14 days. " * 60))
    chunks = DocumentChunker(lambda: minilm.tokenizer).chunks("file-1", "kb", document)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert chunk.text.startswith("Refunds\n") and chunk.metadata["headings"] == "Refunds"
        assert len(minilm.tokenizer(chunk.text)["input_ids"]) <= MAX_TOKENS


def test_a_pdfs_pages_are_never_merged_and_each_chunk_knows_its_page_counted_from_0(minilm: MiniLM):
    document = structure("pdf", sample_documents.pdf("First page text.", "Second page: shipping takes 3 days."))
    chunks = DocumentChunker(lambda: minilm.tokenizer).chunks("file-2", "kb", document)
    assert [(chunk.text, chunk.metadata["page"]) for chunk in chunks] == [
        ("First page text.", 0), ("Second page: shipping takes 3 days.", 1)]


def test_chunking_a_document_again_gives_the_same_ids(minilm: MiniLM):
    document = structure("docx", sample_documents.docx("Shipping", "It takes three days.", "Or five."))
    once = DocumentChunker(lambda: minilm.tokenizer).chunks("file-3", "kb", document)
    assert [c.id for c in once] == [c.id for c in DocumentChunker(lambda: minilm.tokenizer).chunks(
        "file-3", "kb", document)]


def test_a_structure_docling_cannot_read_says_so(minilm: MiniLM):
    with pytest.raises(UnreadableStructureError):
        DocumentChunker(lambda: minilm.tokenizer).chunks("file-4", "kb", b'{"schema_name": "nothing"}')


class DoclingsOwnCounting(PageBoundHybridChunker):
    """Every count asked of the tokenizer, every chunk copied: docling's chunker as it comes."""

    _split_using_plain_text = HybridChunker._split_using_plain_text


def test_a_long_pdf_is_cut_as_docling_cuts_it_with_its_own_counting(minilm: MiniLM):
    words = " ".join(pair.document for pair in docstring_pairs(40)).encode("ascii", "ignore").decode().split()
    pages = ["\n".join(textwrap.wrap(" ".join(words[n * 300:(n + 1) * 300]), 80)) for n in range(4)]
    document = structure("pdf", sample_documents.pdf(*pages))
    ours = DocumentChunker(lambda: minilm.tokenizer).chunks("file-5", "kb", document)
    docling = DoclingsOwnCounting(tokenizer=HuggingFaceTokenizer(tokenizer=minilm.tokenizer, max_tokens=MAX_TOKENS))
    theirs = docling.chunk(DoclingDocument.model_validate_json(document))
    assert len(ours) > len(pages)
    assert [chunk.text for chunk in ours] == [docling.contextualize(chunk) for chunk in theirs]
