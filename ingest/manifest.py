"""corpus/manifest.csv: titles, types, years and URLs of the documents, keyed by file name."""

from __future__ import annotations

import csv
import os
from dataclasses import asdict, dataclass, field
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


@dataclass(frozen=True)
class Manifest:
    """The usable rows by file name, the names of rows skipped, and why each was skipped."""

    rows: dict[str, ManifestRow] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    skipped: frozenset[str] = frozenset()

    def get(self, name: str) -> ManifestRow | None:
        return self.rows.get(name)


def read_manifest(path: Path) -> Manifest:
    """Rows by file name; a missing manifest is an empty one. A bad row is skipped with the reason
    (its document then takes its metadata from the file); only a manifest without a `file`
    column is a `DocumentError`."""
    if not path.exists():
        return Manifest()
    rows: dict[str, ManifestRow] = {}
    problems: list[str] = []
    skipped: set[str] = set()
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
                problems.append(
                    f"{path.name} line {line} ({name}): year {year_text!r} is not a number; row skipped, "
                    "so the document takes its metadata from the file (fix the year and ingest again)"
                )
                skipped.add(name)
                continue
            rows[name] = ManifestRow(
                file=name,
                title=(raw.get("title") or "").strip(),
                doc_type=(raw.get("doc_type") or "").strip(),
                publisher=(raw.get("publisher") or "").strip(),
                year=int(year_text) if year_text else None,
                url=(raw.get("url") or "").strip(),
                authors=(raw.get("authors") or "").strip(),
            )
    return Manifest(rows, tuple(problems), frozenset(skipped))


def write_manifest_row(path: Path, row: ManifestRow) -> None:
    """Add `row` to the manifest (or replace the row of the same file), keeping every other row
    and column as it is."""
    fields, rows = _read_rows(path)
    values = {k: ("" if v is None else str(v)) for k, v in asdict(row).items()}
    rows = [r for r in rows if (r.get("file") or "").strip() != row.file] + [values]
    _write_rows(path, [*fields, *(c for c in COLUMNS if c not in fields)], rows)


def remove_manifest_row(path: Path, file: str) -> None:
    """Drop the row of `file` from the manifest, if it has one."""
    if not path.exists():
        return
    fields, rows = _read_rows(path)
    kept = [r for r in rows if (r.get("file") or "").strip() != file]
    if len(kept) != len(rows):
        _write_rows(path, fields, kept)


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        return list(COLUMNS), []
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        fields = list(reader.fieldnames or ())
    if "file" not in fields:
        raise DocumentError(path.name, f"manifest needs a 'file' column; expected columns {', '.join(COLUMNS)}")
    return fields, rows


def _write_rows(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    # Written beside and renamed over: an ingest reading the manifest meanwhile sees the old or the new one.
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)
