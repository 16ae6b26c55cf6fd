"""What a file's name and declared type say about it: a picture a vision model can be shown, a
document whose text must be extracted (PDF, Office, HTML), or text whose words a model can read.
Nothing here trusts the bytes to be what they claim."""

from __future__ import annotations

RASTER_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
"""Pictures every vision API accepts; SVG is not among them (it is a document that can run scripts)."""

TEXT_TYPES = frozenset({"application/json", "application/xml", "application/x-yaml", "application/yaml",
                        "application/javascript", "application/x-sh", "application/sql", "application/toml"})
TEXT_EXTENSIONS = frozenset({
    "txt", "md", "markdown", "rst", "csv", "tsv", "json", "jsonl", "yaml", "yml", "toml", "ini", "cfg", "conf",
    "xml", "css", "log", "tex", "sql", "sh", "bash", "zsh", "ps1", "bat",
    "py", "pyi", "ipynb", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "kts", "scala", "go", "rs",
    "c", "h", "cc", "cpp", "hpp", "cs", "rb", "php", "pl", "lua", "r", "swift", "m", "dart", "vue", "svelte",
    "hs", "ex", "exs", "erl", "clj", "elm", "jl", "zig", "nim", "graphql", "proto", "dockerfile", "makefile",
    "env", "properties", "gradle", "srt", "vtt",
})

DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/html": "html", "application/xhtml+xml": "html",
}
"""Documents whose text is extracted by a reader, by declared type, as the kind the reader is told."""
DOCUMENT_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "pptx": "pptx", "xlsx": "xlsx",
                       "html": "html", "htm": "html", "xhtml": "html"}


def media_type(content_type: str | None) -> str:
    """``Text/Plain; charset=utf-8`` → ``text/plain``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_raster_image(content_type: str | None) -> bool:
    return media_type(content_type) in RASTER_IMAGE_TYPES


def extension(name: str) -> str:
    stem, dot, tail = name.rpartition(".")
    return tail.lower() if dot and stem else name.lower()


def is_text(name: str, content_type: str | None) -> bool:
    """Text by its declared type or, since browsers often declare none, by its name's ending."""
    kind = media_type(content_type)
    return kind.startswith("text/") or kind in TEXT_TYPES or extension(name) in TEXT_EXTENSIONS


def document_kind(name: str, content_type: str | None) -> str | None:
    """``pdf``, ``docx``, ``pptx``, ``xlsx`` or ``html`` for a document whose text a reader extracts,
    by its name's ending first (what the person saw: ``page.txt`` declared ``text/html`` is text),
    else its declared type; None for anything else."""
    ending = extension(name)
    if ending in DOCUMENT_EXTENSIONS or ending in TEXT_EXTENSIONS:
        return DOCUMENT_EXTENSIONS.get(ending)
    return DOCUMENT_TYPES.get(media_type(content_type))
