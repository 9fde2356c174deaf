"""The original files behind the index: which one a cited source names, and its media type.

The web app serves them so that a reader can open a cited PDF at its page. Only documents the
index holds are served, and only from inside the corpus folder, so a source name can never
reach another file (`../`, an absolute path, a symlink out of the folder).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from .errors import SpanError

# By the suffix ingest loaded the file with (uploads are checked by content before they get one).
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".markdown": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".text": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    media_type: str


def source_file(corpus_dir: Path, source: str, indexed: Container[str]) -> SourceFile:
    """The corpus file of an indexed `source`, or a `SpanError` saying why there is none."""
    if source not in indexed:
        raise SpanError(f"{source} is not a document in the index.")
    root = corpus_dir.resolve()
    path = (root / source).resolve()
    if not path.is_relative_to(root) or path == root:
        raise SpanError(f"{source} is outside the corpus folder {root}.")
    if not path.is_file():
        raise SpanError(f"{source} is no longer in the corpus folder {root}: it was deleted since the last ingest.")
    return SourceFile(path, MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream"))
