"""The built-in model's tokenizer, loaded twice from the same files: one for the embedder, one for
the chunkers, each configured once here and never changed by a call.

transformers keeps a tokenizer's truncation and padding on the Rust tokenizer it wraps, and sets
them anew for each call that asks for others (``set_truncation_and_padding``). One instance shared
by the embedder (truncating at 256 tokens, padding a batch to its longest text) and the chunkers
(whole texts, unpadded) let each thread work with the other's settings: measured, a 450-token text
was cut into windows as if it ended at its 256th token, and a batch to embed lost its padding
("Unable to create tensor"). Each loads in ~0.1 s; encoding a batch directly is a little faster
than through transformers (15 ms for 32 texts of 130 tokens, against 19)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PAD = "[PAD]"


def embedding_tokenizer(directory: Path, max_tokens: int) -> Any:
    """The Rust tokenizer itself, truncating at ``max_tokens`` (special tokens included) and
    padding a batch to its longest text, as transformers' ``padding=True, truncation=True`` does:
    ``encode_batch`` only reads these settings, so threads may share it."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id(PAD), pad_token=PAD)
    return tokenizer


def counting_tokenizer(directory: Path) -> Any:
    """transformers' tokenizer (docling's chunker and semchunk take that kind) without the
    truncation and padding its file carries (128 tokens): the chunkers' calls ask for neither, so
    transformers finds nothing to change, and threads may share it."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
    tokenizer.backend_tokenizer.no_truncation()
    tokenizer.backend_tokenizer.no_padding()
    return tokenizer
