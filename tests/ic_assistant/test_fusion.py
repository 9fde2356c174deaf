"""Reciprocal rank fusion and MMR, on hand-made rankings and vectors."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from ic_assistant.retrieval import HybridRetriever, mmr_select, rrf_fuse
from ic_assistant.types import Chunk, Passage


def test_rrf_rewards_agreement_between_retrievers() -> None:
    fused = rrf_fuse([["a", "b", "c"], ["b", "d", "a"]], k=60)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 63)
    assert fused["d"] == pytest.approx(1 / 62)
    assert max(fused, key=fused.get) == "b"  # second and first beats first and third
    assert set(fused) == {"a", "b", "c", "d"}


def test_rrf_of_one_list_keeps_its_order() -> None:
    fused = rrf_fuse([["x", "y", "z"]], k=10)
    assert sorted(fused, key=fused.get, reverse=True) == ["x", "y", "z"]


def test_mmr_skips_a_near_copy_of_the_first_choice() -> None:
    vectors = np.array([[1.0, 0.0], [0.999, 0.0447], [0.0, 1.0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    relevance = np.array([1.0, 0.95, 0.7])
    assert mmr_select(relevance, vectors, 2, lam=0.5) == [0, 2]
    assert mmr_select(relevance, vectors, 2, lam=1.0) == [0, 1]  # pure relevance order


def test_mmr_returns_at_most_what_it_has() -> None:
    vectors = np.eye(2, dtype=np.float32)
    assert sorted(mmr_select(np.array([0.5, 0.4]), vectors, 5, lam=0.7)) == [0, 1]


def _passage(cid: str, text: str) -> Passage:
    chunk = Chunk(id=cid, doc_id=cid, source=f"{cid}.md", title="Programme page", doc_type="web page", year=None,
                  page=None, section="", text=text, start=0, end=len(text))
    return Passage(chunk, 1.0)


def test_a_near_copy_is_dropped_only_when_the_kept_one_says_what_it_says() -> None:
    """Two copies of a page (an archived one and the live one) are close as wholes though one may
    hold a sentence the other lacks: by vectors alone, the copy saying who sits on a taskforce had
    been dropped for one that did not."""
    page = ("Each city nominates two people to the project. A senior official provides strategic "
            "leadership, and an operational lead drives the work.")
    live, copy = _passage("live", page), _passage("copy", page + " ")
    fuller = _passage("archived", page + " Taskforce members include local employers and charities.")
    vectors = {p.chunk.id: np.array([1.0, 0.0]) for p in (live, copy, fuller)}
    retriever = SimpleNamespace(settings=SimpleNamespace(duplicate_similarity=0.92))
    kept, dropped = HybridRetriever._collapse_duplicates(retriever, [live, copy, fuller], vectors)
    assert [p.chunk.id for p in kept] == ["live", "archived"] and dropped == ["copy"]
