"""Reading text files: the encoding rules shared by the text, Markdown and HTML loaders."""

from __future__ import annotations

import re
from pathlib import Path

from ic_assistant.errors import DocumentError

from .blocks import ParsedFile, ParsedPage, attach_lead_ins, bulleted_lines


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error."""
    data = path.read_bytes()
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            path.name, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); re-save it as UTF-8"
        ) from exc


def load_text(path: Path) -> ParsedFile:
    """Plain text: one page, a paragraph per blank-line-separated part, or the list its bulleted
    lines make, under the lines before them."""
    parts = re.split(r"\n\s*\n", read_text(path))
    return ParsedFile([ParsedPage(None, attach_lead_ins([b for part in parts for b in bulleted_lines(part)]))])
