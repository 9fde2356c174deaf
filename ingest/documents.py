"""Adding one document to the corpus, or removing one, and bringing the index in step at once.

For the web app's Documents tab (officers do not run `ingest`). An upload's type is checked by
its content, never by its name alone: a PDF must start like one, a Word document must be the
zip container a .docx is, HTML and text must be text. Its
title, type and year go to manifest.csv, where ingest reads them; then the usual incremental
sync embeds the new document only (or drops the removed one).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ic_assistant.config import Settings
from ic_assistant.corpus_state import MANIFEST_NAME
from ic_assistant.embeddings import Embedder
from ic_assistant.errors import DocumentError

from .loaders import LOADERS
from .manifest import ManifestRow, remove_manifest_row, write_manifest_row
from .sync import IngestReport, sync_corpus

# What each accepted file name ending must hold, by content.
PDF, DOCX, HTML, TEXT = "PDF", "Word document", "HTML", "text"
UPLOAD_TYPES = {
    ".pdf": PDF, ".docx": DOCX, ".html": HTML, ".htm": HTML,
    ".md": TEXT, ".markdown": TEXT, ".txt": TEXT, ".text": TEXT,
}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)

# One change to the corpus folder and its manifest at a time in this process (two uploads would
# otherwise both rewrite manifest.csv from the same old copy).
_CHANGING = threading.Lock()


@dataclass(frozen=True)
class Upload:
    """A file from the browser: its name as given, its bytes, and the optional manifest fields."""

    name: str
    data: bytes
    title: str = ""
    doc_type: str = ""
    year: int | None = None


def content_type(data: bytes) -> str:
    """PDF, Word document, HTML or text, from the bytes; a `DocumentError` for anything else
    (binary data, text that is not UTF-8)."""
    if b"%PDF-" in data[:1024]:  # the header may follow a few bytes of junk (PDF 1.7, 7.5.2)
        return PDF
    if data.startswith(b"PK\x03\x04") and b"word/" in data:  # a .docx is a zip holding word/document.xml
        return DOCX
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("upload", "binary data that is not a PDF or a Word document")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data.decode("utf-16").encode("utf-8")
        else:
            data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError("upload", f"not UTF-8 text (byte {exc.start}); re-save it as UTF-8") from None
    return HTML if _HTML_START.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]) else TEXT


def corpus_name(name: str) -> str:
    """A safe file name for the corpus folder: no folders, no hidden or odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_") or "document"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def check_upload(upload: Upload, settings: Settings) -> str:
    """The corpus file name `upload` will get, after checking its size, its name's ending and
    that its content is what that ending says; a `DocumentError` naming the problem otherwise."""
    name = corpus_name(upload.name)
    suffix = Path(name).suffix
    if suffix not in UPLOAD_TYPES:
        accepted = ", ".join(UPLOAD_TYPES)
        raise DocumentError(upload.name, f"unsupported file type {suffix or '(none)'!r}: upload one of {accepted}")
    if not upload.data:
        raise DocumentError(upload.name, "empty file")
    limit = settings.ingest.max_file_mb
    if len(upload.data) > limit * 1024 * 1024:
        raise DocumentError(
            upload.name, f"{len(upload.data) / (1024 * 1024):.1f} MB, over the {limit:g} MB limit (IC_INGEST__MAX_FILE_MB)"
        )
    try:
        found = content_type(upload.data)
    except DocumentError as exc:
        raise DocumentError(upload.name, exc.reason) from None
    expected = UPLOAD_TYPES[suffix]
    if found != expected and not (expected == TEXT and found == HTML):  # Markdown may hold HTML
        raise DocumentError(upload.name, f"named {suffix} but its content is {found}: check the file")
    if (settings.corpus_dir / name).exists():
        raise DocumentError(upload.name, f"{name} is already in the corpus: delete it first, or rename the file")
    if upload.year is not None and not 1000 <= upload.year <= 2999:
        raise DocumentError(upload.name, f"year {upload.year} is not a year")
    return name


def add_document(
    settings: Settings, upload: Upload, *, embedder: Embedder | None = None, progress: bool = False
) -> tuple[str, IngestReport]:
    """Check `upload`, write it and its manifest row into the corpus folder, and ingest it
    (only it is embedded). Returns its source name and the ingest report. If it cannot be
    ingested, the file and the row are taken out again and a `DocumentError` says why."""
    with _CHANGING:
        source = check_upload(upload, settings)
        path = settings.corpus_dir / source
        manifest = settings.corpus_dir / MANIFEST_NAME
        tmp = path.with_name(f".{source}.upload")  # hidden, so a concurrent ingest skips it
        tmp.write_bytes(upload.data)
        os.replace(tmp, path)
        write_manifest_row(manifest, ManifestRow(source, upload.title.strip(), upload.doc_type.strip(), year=upload.year))
        try:
            report = sync_corpus(settings, embedder=embedder, progress=progress)
        except BaseException:
            _take_out(path, manifest, source)
            raise
        if source in report.errors:
            _take_out(path, manifest, source)
            raise DocumentError(upload.name, report.errors[source])
        return source, report


def remove_document(
    settings: Settings, source: str, *, embedder: Embedder | None = None, progress: bool = False
) -> IngestReport:
    """Delete the corpus file `source` and its manifest row, and drop it from the index."""
    with _CHANGING:
        root = settings.corpus_dir.resolve()
        path = (root / source).resolve()
        if not path.is_relative_to(root):
            raise DocumentError(source, f"not a document of the corpus folder {root}")
        if path.suffix.lower() not in LOADERS or not path.is_file():  # the manifest is no document
            raise DocumentError(source, f"no such document in the corpus folder {root}")
        _take_out(path, settings.corpus_dir / MANIFEST_NAME, source)
        return sync_corpus(settings, embedder=embedder, progress=progress)


def _take_out(path: Path, manifest: Path, source: str) -> None:
    path.unlink(missing_ok=True)
    remove_manifest_row(manifest, source)
