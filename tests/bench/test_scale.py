"""The scale benchmark builds a working index of the size asked for from real text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.__main__ import _with_section
from bench.scale import StandInEmbedder, build_index, parse_documents
from ic_assistant import Settings, build_assistant

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_stand_in_vectors_are_deterministic_unit_vectors() -> None:
    a, b = StandInEmbedder(), StandInEmbedder()
    texts = ["Leeds joined the programme in 2019.", "Leeds joined the programme.", "Unrelated words here."]
    vectors, weights = a.embed_weighted(texts)
    assert np.allclose(vectors, b.embed(texts)) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] and weights[0] > weights[1]


def test_a_built_index_of_repeated_documents_answers(tmp_path: Path) -> None:
    documents = parse_documents(CORPUS, max_files=0)
    unique = sum(len(c) for _, c in documents)
    built = build_index(tmp_path / "index", CORPUS, documents, unique + 10)
    assert built["chunks"] == unique + 10 and built["documents"] > len(documents)
    assistant = build_assistant(Settings(corpus_dir=CORPUS, index_dir=tmp_path / "index"), embedder=StandInEmbedder())
    assert len(assistant.retriever.chunks) == unique + 10
    assert assistant.search("Paul Hamlyn Foundation")


def test_the_scale_section_is_replaced_in_place() -> None:
    text = "# Benchmarks\n\n## Ingest\n\nold\n\n## Scale\n\nold scale\n\n## Later\n\nkept\n"
    new = _with_section(text, "## Scale", ["## Scale", "", "new scale"])
    assert "new scale" in new and "old scale" not in new and new.index("new scale") < new.index("## Later")
    assert _with_section("# B\n", "## Scale", ["## Scale"]).endswith("## Scale\n")


def test_a_run_without_enough_distinct_text_stops_and_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python3-doc's pages the project corpus (60 chunks) would be repeated to 100k: every
    figure would measure ties, not an index. The run stops before building anything."""
    from bench import scale

    monkeypatch.setattr(scale, "_html_sources", lambda: [])
    with pytest.raises(SystemExit, match="python3-doc"):
        scale.run([100_000], CORPUS)
