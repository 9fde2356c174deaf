"""corpus/manifest.csv: titles, types, years and URLs of the documents, keyed by file name."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ic_assistant.errors import DocumentError

COLUMNS = ("file", "title", "doc_type", "publisher", "year", "url", "authors")


@dataclass(frozen=True)
class ManifestRow:
    file: str
    title: str = ""
    doc_type: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""
    authors: str = ""


def read_manifest(path: Path) -> dict[str, ManifestRow]:
    """Rows by file name; a missing manifest is an empty one."""
    if not path.exists():
        return {}
    rows: dict[str, ManifestRow] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise DocumentError(path.name, f"manifest needs a 'file' column; expected columns {', '.join(COLUMNS)}")
        for line, raw in enumerate(reader, start=2):
            name = (raw.get("file") or "").strip()
            if not name:
                continue
            year_text = (raw.get("year") or "").strip()
            if year_text and not year_text.isdigit():
                raise DocumentError(path.name, f"line {line}: year {year_text!r} is not a number")
            rows[name] = ManifestRow(
                file=name,
                title=(raw.get("title") or "").strip(),
                doc_type=(raw.get("doc_type") or "").strip(),
                publisher=(raw.get("publisher") or "").strip(),
                year=int(year_text) if year_text else None,
                url=(raw.get("url") or "").strip(),
                authors=(raw.get("authors") or "").strip(),
            )
    return rows
