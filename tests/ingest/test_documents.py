"""One document added from the browser or removed: type by content, safe names, the manifest row,
and an index that holds exactly the corpus afterwards."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ic_assistant import Settings
from ic_assistant.errors import DocumentError
from ingest.documents import HTML, PDF, TEXT, Upload, add_document, check_upload, content_type, corpus_name

from tests.conftest import make_settings, write_pdf, write_small_corpus

NOTE = "# Harbour pilot\n\nThe harbour pilot trained forty volunteer interpreters in Seaport during 2024.\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(write_small_corpus(tmp_path / "corpus"), tmp_path / "index")


def manifest_rows(settings: Settings) -> dict[str, dict[str, str]]:
    with (settings.corpus_dir / "manifest.csv").open(newline="", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


def test_type_comes_from_the_content(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "a.pdf", [["Title", "Text"]]).read_bytes()
    assert content_type(pdf) == PDF
    assert content_type(b"\xef\xbb\xbf<!DOCTYPE html><html><p>x</p></html>") == HTML
    assert content_type(b"<!-- saved --> <html lang=en>") == HTML
    assert content_type("# Plan\n\nCaf\u00e9 <b>bold</b> text".encode()) == TEXT
    assert content_type("plain".encode("utf-16")) == TEXT
    with pytest.raises(DocumentError, match="binary data that is not a PDF"):
        content_type(b"MZ\x90\x00\x03\x00")  # a Windows program
    with pytest.raises(DocumentError, match="not UTF-8"):
        content_type(b"caf\xe9 au lait")


@pytest.mark.parametrize(
    ("given", "safe"),
    [("Report 2024.PDF", "Report-2024.pdf"), ("../../etc/passwd.txt", "passwd.txt"), ("C:\\Users\\a\\b.md", "b.md"),
     (".hidden.md", "hidden.md"), ("manifest.csv", "manifest.csv"), ("$$$.txt", "document.txt")],
)
def test_corpus_names_are_plain_file_names(given: str, safe: str) -> None:
    assert corpus_name(given) == safe


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (Upload("notes.pdf", b"# not a pdf"), "named .pdf but its content is text"),
        (Upload("page.html", b"just words"), "named .html but its content is text"),
        (Upload("tool.exe", b"MZ\x90\x00"), "unsupported file type '.exe'"),
        (Upload("manifest.csv", b"file,title\n"), "unsupported file type '.csv'"),
        (Upload("x.txt", b""), "empty file"),
        (Upload("big.txt", b"a" * 2_000_000), "over the 1 MB limit"),
        (Upload("action-plan.md", b"# again"), "already in the corpus"),
        (Upload("n.md", b"# n", year=20245), "not a year"),
    ],
)
def test_bad_uploads_are_refused_with_the_reason(settings: Settings, upload: Upload, says: str) -> None:
    settings = settings.with_overrides(ingest={"max_file_mb": 1})
    with pytest.raises(DocumentError, match=says):
        check_upload(upload, settings)


def test_html_may_be_uploaded_as_markdown_or_text(settings: Settings) -> None:
    assert check_upload(Upload("page.md", b"<html><p>Hello</p></html>"), settings) == "page.md"


@pytest.mark.slow
def test_add_then_remove_keeps_index_and_corpus_in_step(settings: Settings, embedder) -> None:  # noqa: ANN001
    from ic_assistant import build_assistant
    from ingest.documents import remove_document
    from ingest.sync import sync_corpus

    assert sync_corpus(settings, embedder=embedder).ok
    upload = Upload("Harbour pilot.md", NOTE.encode(), title="Harbour pilot note", doc_type="note", year=2024)
    source, report = add_document(settings, upload, embedder=embedder)
    assert source == "Harbour-pilot.md" and report.added == [source]
    assert sorted(report.unchanged) == ["action-plan.md", "pilot-report-2021.pdf", "welcome-guide.html"]
    row = manifest_rows(settings)[source]
    assert (row["title"], row["doc_type"], row["year"]) == ("Harbour pilot note", "note", "2024")
    assert "action-plan.md" in manifest_rows(settings)  # the other rows stay

    assistant = build_assistant(settings, embedder=embedder)
    info = assistant.documents()[source]
    assert (info.title, info.doc_type, info.year) == ("Harbour pilot note", "note", 2024)
    answer = assistant.ask("How many volunteer interpreters did the harbour pilot train?")
    assert not answer.refused and answer.citations[0].source == source
    assert not assistant.status().stale

    report = remove_document(settings, source, embedder=embedder)
    assert report.removed == [source] and report.embedded == 0
    assert not (settings.corpus_dir / source).exists() and source not in manifest_rows(settings)
    assert not assistant.status().stale and source not in assistant.documents()  # status() follows the ingest


@pytest.mark.slow
def test_a_file_that_cannot_be_read_is_taken_out_again(settings: Settings, embedder) -> None:  # noqa: ANN001
    from ingest.sync import sync_corpus

    assert sync_corpus(settings, embedder=embedder).ok
    with pytest.raises(DocumentError, match="empty.md"):
        add_document(settings, Upload("empty.md", b"   \n\n  "), embedder=embedder)
    assert not (settings.corpus_dir / "empty.md").exists() and "empty.md" not in manifest_rows(settings)


def test_remove_refuses_anything_but_a_corpus_document(settings: Settings) -> None:
    from ingest.documents import remove_document

    for source in ("manifest.csv", "programme.toml", "../index/state.json", "missing.md"):
        with pytest.raises(DocumentError):
            remove_document(settings, source)
    assert (settings.corpus_dir / "manifest.csv").exists()
