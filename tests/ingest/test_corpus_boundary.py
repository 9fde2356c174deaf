"""The corpus boundary: files whose real path is outside the corpus folder, and files over the
size limit, are skipped with a reason, by ingest and by the staleness check alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ic_assistant.config import IngestSettings, Settings
from ic_assistant.corpus_state import changed_sources, corpus_fingerprint, scan_corpus
from ic_assistant.embeddings import Embedder
from ic_assistant.store import IndexStore
from ingest.sync import sync_corpus

from tests.conftest import make_settings

SMALL_SOURCES = ["action-plan.md", "pilot-report-2021.pdf", "welcome-guide.html"]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRETMARKER a private file outside the corpus.\n", encoding="utf-8")
    return secret


def test_a_symlink_out_of_the_corpus_is_skipped_with_its_target(small_corpus: Path, outside: Path) -> None:
    (small_corpus / "leak.txt").symlink_to(outside)
    (small_corpus / "linked-dir").symlink_to(outside.parent, target_is_directory=True)

    scan = scan_corpus(small_corpus)

    assert "leak.txt" in scan.skipped
    assert "outside the corpus folder" in scan.skipped["leak.txt"] and str(outside) in scan.skipped["leak.txt"]
    assert [p.name for p in scan.files] == SMALL_SOURCES
    assert "leak.txt" not in corpus_fingerprint(small_corpus)


def test_a_symlink_inside_the_corpus_is_a_document(small_corpus: Path) -> None:
    (small_corpus / "sub").mkdir()
    (small_corpus / "sub" / "alias.md").symlink_to(small_corpus / "action-plan.md")

    scan = scan_corpus(small_corpus)

    assert scan.skipped == {}
    assert "sub/alias.md" in corpus_fingerprint(small_corpus)


def test_a_file_over_the_limit_is_skipped_naming_its_size_and_the_setting(small_corpus: Path) -> None:
    (small_corpus / "big.txt").write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB

    scan = scan_corpus(small_corpus, max_file_mb=1)

    reason = scan.skipped["big.txt"]
    assert "1.4 MB" in reason and "1 MB limit" in reason and "IC_INGEST__MAX_FILE_MB" in reason
    assert "big.txt" not in corpus_fingerprint(small_corpus, 1)
    assert "big.txt" in corpus_fingerprint(small_corpus, 2)


def test_the_limit_is_a_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().ingest.max_file_mb == IngestSettings().max_file_mb == 25
    monkeypatch.setenv("IC_INGEST__MAX_FILE_MB", "0.5")
    assert Settings().ingest.max_file_mb == 0.5


@pytest.mark.slow
def test_ingest_skips_both_with_reasons_and_the_index_is_not_stale(
    small_corpus: Path, tmp_path: Path, outside: Path, embedder: Embedder,
) -> None:
    (small_corpus / "leak.txt").symlink_to(outside)
    (small_corpus / "alias.md").symlink_to(small_corpus / "action-plan.md")
    (small_corpus / "big.txt").write_text("word " * 300_000, encoding="utf-8")
    settings = make_settings(small_corpus, tmp_path / "index", ingest={"max_file_mb": 1})

    report = sync_corpus(settings, embedder=embedder)

    assert report.ok, report.errors
    assert sorted(report.skipped) == ["big.txt", "leak.txt"]
    assert "outside the corpus folder" in report.skipped["leak.txt"]
    assert "MB limit" in report.skipped["big.txt"]
    assert report.added == ["action-plan.md", "alias.md", "pilot-report-2021.pdf", "welcome-guide.html"]
    store = IndexStore.open(settings)
    assert not any("SECRETMARKER" in c.text for c in store.load_chunks())
    # The recorded corpus state follows the same rule: the skipped files never make it stale.
    assert changed_sources(store.state["fingerprint"], corpus_fingerprint(small_corpus, 1)) == ()
    os.utime(outside)  # nothing about the outside file matters
    assert sync_corpus(settings, embedder=embedder).embedded == 0
