"""Load corpus files into structured pages of blocks (headings, paragraphs, list items, table rows).

One loader per format (`pdf`, `html`, `markdown`, `textfile`, `docx`); `load_file` picks by extension
and raises `DocumentError` with the file and a specific reason for anything it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ic_assistant.errors import DocumentError

from .blocks import (
    HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block, ParsedFile, ParsedPage, labelled_groups, stacked_headers,
    without_contents,
)
from .docx import load_docx
from .html import load_html
from .markdown import load_markdown
from .pdf import load_pdf
from .reader_copy import reader_letters, with_reader_breaks
from .textfile import load_text

__all__ = [
    "HEADING",
    "LIST_ITEM",
    "LOADERS",
    "PARAGRAPH",
    "TABLE_ROW",
    "Block",
    "ParsedFile",
    "ParsedPage",
    "load_file",
    "load_html",
    "load_markdown",
    "load_pdf",
    "load_text",
]

LOADERS: dict[str, Callable[[Path], ParsedFile]] = {
    ".pdf": load_pdf,
    ".html": load_html,
    ".htm": load_html,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".docx": load_docx,
}


def load_file(path: Path, row_keys: tuple[str, ...] = ()) -> ParsedFile:
    """Parse one file; raise `DocumentError` naming the file and the reason when it cannot be used.
    `row_keys`: known names that start table rows set as plain lines in a PDF (see `load_pdf`)."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(LOADERS)
        raise DocumentError(path.name, f"unknown file type {path.suffix or '(none)'!r}; supported: {supported}")
    if path.stat().st_size == 0:
        raise DocumentError(path.name, "empty file")
    parsed = load_pdf(path, row_keys) if loader is load_pdf else loader(path)
    grouped = labelled_groups(stacked_headers(without_contents([p.blocks for p in parsed.pages])))
    parsed = replace(parsed, pages=[ParsedPage(p.number, blocks) for p, blocks in zip(parsed.pages, grouped)])
    if not any(page.text.strip() for page in parsed.pages):
        raise DocumentError(path.name, "no text found in the file")
    # A quote over a place where our text parts from a reader's copy of the file is cited in parts.
    return with_reader_breaks(parsed, reader_letters(path))
