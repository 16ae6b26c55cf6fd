"""The model's tokenizer as docling's HybridChunker uses it, remembering what it counted. The
chunker counts the same text again and again: an item's text alone and in context (the same text
where there are no headings, as in a PDF's text layer), then once more when it merges neighbours.
Counting is deterministic, so a remembered count is the count: the chunks are the same. One is
made for each document, so what it remembers is bounded by that document and shared with no
other thread. Imported on first use, as docling is."""

from __future__ import annotations

from docling_core.transforms.chunker.tokenizer.huggingface import HuggingFaceTokenizer
from pydantic import PrivateAttr


class RememberingTokenizer(HuggingFaceTokenizer):
    _counts: dict[str, int] = PrivateAttr(default_factory=dict)

    def count_tokens(self, text: str) -> int:
        if (count := self._counts.get(text)) is None:
            count = self._counts[text] = super().count_tokens(text)
        return count
