"""The sentence index and the chunk filters give what the plain loops gave, at numpy speed."""

from __future__ import annotations

import itertools
import random

import numpy as np

from ic_assistant.filtering import ChunkTable
from ic_assistant.sentences import SentenceIndex
from ic_assistant.store import matches
from ic_assistant.types import Chunk, Filters


def _reference(index: SentenceIndex, query: np.ndarray, k: int, allowed) -> list[tuple[str, float]]:  # noqa: ANN001
    """The full stable sort and loop that `top_chunks` replaces."""
    sims = index.matrix @ query
    best: dict[str, float] = {}
    for row in np.argsort(-sims, kind="stable"):
        cid = index.chunk_ids[index.row_chunk[row]]
        if cid in best or (allowed is not None and not allowed(cid)):
            continue
        best[cid] = float(sims[row])
        if len(best) == k:
            break
    return list(best.items())


def test_top_chunks_equals_the_full_sort() -> None:
    rng = np.random.default_rng(3)
    spans = [(f"c{rng.integers(0, 300)}", i, i + 5) for i in range(3000)]
    matrix = rng.standard_normal((3000, 16)).astype(np.float32)
    index = SentenceIndex.from_spans(spans, matrix)
    allowed_ids = {f"c{n}" for n in range(0, 300, 7)}
    mask = np.array([cid in allowed_ids for cid in index.chunk_ids])
    for k in (1, 5, 30, 400):
        query = rng.standard_normal(16).astype(np.float32)
        assert index.top_chunks(query, k) == _reference(index, query, k, None)
        assert index.top_chunks(query, k, mask) == _reference(index, query, k, allowed_ids.__contains__)
    assert index.top_chunks(query, 5, np.zeros(len(index.chunk_ids), dtype=bool)) == []
    assert SentenceIndex.from_spans([], np.zeros((0, 16), dtype=np.float32)).top_chunks(query, 5) == []


def test_chunk_table_masks_match_the_filter_test() -> None:
    rnd = random.Random(5)
    cities = ("Leeds", "Cardiff", "Belfast")
    chunks = [
        Chunk(id=f"c{n}", doc_id="d", source=rnd.choice(["a.pdf", "b.md", "c.html"]), title="t",
              doc_type=rnd.choice(["PDF document", "web page"]), year=rnd.choice([None, 2019, 2021, 2023]),
              page=None, section="", start=0, end=1, text="x",
              cities=tuple(c for c in cities if rnd.random() < 0.3))
        for n in range(200)
    ]
    table = ChunkTable.of(chunks)
    options = [
        Filters(), Filters(sources=("a.pdf",)), Filters(sources=("missing.pdf",)),
        Filters(doc_types=("web page",), year_min=2020), Filters(year_max=2021), Filters(cities=("Leeds",)),
        Filters(cities=("Cardiff", "Nowhere"), sources=("b.md", "c.html"), year_min=2019, year_max=2023),
    ]
    for filters in itertools.chain(options):
        assert table.mask(filters).tolist() == [matches(c, filters) for c in chunks], filters
