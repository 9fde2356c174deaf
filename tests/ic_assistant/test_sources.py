"""Which corpus file a cited source names: indexed documents inside the corpus folder only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic_assistant.errors import SpanError
from ic_assistant.sources import source_file


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "sub" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    return root


def test_an_indexed_file_with_its_media_type(corpus: Path) -> None:
    indexed = {"report.pdf", "sub/notes.md"}
    assert source_file(corpus, "report.pdf", indexed).media_type == "application/pdf"
    found = source_file(corpus, "sub/notes.md", indexed)
    assert found.path == (corpus / "sub" / "notes.md").resolve() and found.media_type.startswith("text/markdown")


@pytest.mark.parametrize(
    ("source", "indexed", "says"),
    [
        ("manifest.csv", {"report.pdf"}, "not a document in the index"),
        ("../secret.txt", {"../secret.txt"}, "outside the corpus folder"),
        (str(Path("/etc/passwd")), {"/etc/passwd"}, "outside the corpus folder"),
        ("link.txt", {"link.txt"}, "outside the corpus folder"),  # a symlink out of the folder
        ("gone.pdf", {"gone.pdf"}, "no longer in the corpus folder"),
    ],
)
def test_nothing_else_is_served(corpus: Path, source: str, indexed: set[str], says: str) -> None:
    with pytest.raises(SpanError, match=says):
        source_file(corpus, source, indexed)
