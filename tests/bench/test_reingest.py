"""The re-ingest benchmark ingests a corpus of many distinct documents, then finds them unchanged."""

from __future__ import annotations

from pathlib import Path

from bench.reingest import run

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_a_small_run_reports_every_document_unchanged_and_nothing_embedded() -> None:
    section = "\n".join(run(30, CORPUS))
    assert section.startswith("## Re-ingest")
    assert "| documents unchanged / embedded on the last run | 30 / 0 |" in section
    assert "under 2 s: met" in section
