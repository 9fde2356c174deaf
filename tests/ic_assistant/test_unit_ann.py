"""The approximate unit index (faiss IVF-PQ, used from `retrieval.ann_min_units` units on) finds
what exact search finds at the top, honours filters, and searches a small filtered subset exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from ic_assistant import Settings, build_assistant
from ic_assistant.ann import build_ann
from ic_assistant.sentences import SentenceIndex
from ic_assistant.store import IndexStore
from ic_assistant.tables import ANN_FILE, tables_path, write_tables_from
from ic_assistant.types import Filters

from tests.conftest import make_settings


def _units(n_chunks: int = 600, per_chunk: int = 8, dim: int = 32, seed: int = 1):  # noqa: ANN202
    """Unit vectors in topics (a chunk's units share one), normalised and stored as float16."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((40, dim))
    topic = rng.integers(0, 40, n_chunks)
    vectors = topics[np.repeat(topic, per_chunk)] + 0.6 * rng.standard_normal((n_chunks * per_chunk, dim))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    spans = np.stack([np.repeat(np.arange(n_chunks), per_chunk), np.tile(np.arange(per_chunk) * 10, n_chunks),
                      np.tile(np.arange(per_chunk) * 10 + 9, n_chunks)], axis=1)
    return [f"c{n}" for n in range(n_chunks)], spans, vectors.astype(np.float16), rng


def test_ann_agrees_with_exact_search_and_honours_filters() -> None:
    ids, spans, vectors, rng = _units()
    exact = SentenceIndex(ids, spans, vectors.astype(np.float32))
    approx = SentenceIndex(ids, spans, vectors, build_ann(vectors), exact_limit=400, probe=8, candidates=64)
    half = rng.random(len(ids)) < 0.5
    few = np.zeros(len(ids), dtype=bool)
    few[rng.choice(len(ids), 30, replace=False)] = True  # 240 units: under exact_limit
    for row in rng.choice(len(spans), 25, replace=False):
        query = vectors[row].astype(np.float32) + 0.1 * rng.standard_normal(vectors.shape[1]).astype(np.float32)
        query /= np.linalg.norm(query)
        want, got = exact.top_chunks(query, 10), approx.top_chunks(query, 10)
        assert got[0] == want[0]
        assert len({c for c, _ in got} & {c for c, _ in want}) >= 8
        filtered = approx.top_chunks(query, 10, half)
        assert filtered[0] == exact.top_chunks(query, 10, half)[0]
        assert all(half[int(c[1:])] for c, _ in filtered)
        assert approx.top_chunks(query, 10, few) == exact.top_chunks(query, 10, few)
    assert approx.top_chunks(query, 5, np.zeros(len(ids), dtype=bool)) == []


def test_a_small_index_answers_alike_through_the_ann_index(built: Settings, tmp_path: Path, embedder) -> None:  # noqa: ANN001
    shutil.copytree(built.index_dir, tmp_path / "index")
    settings = make_settings(built.corpus_dir, tmp_path / "index",
                             retrieval={"ann_min_units": 10, "ann_candidates": 16, "ann_probe": 1})
    store = IndexStore.open(settings)
    generation = store.state["generation"]
    store.commit(generation=generation, table_files=write_tables_from(store, generation))
    assert (tables_path(settings.index_dir, generation) / ANN_FILE).is_file()

    exact, approx = build_assistant(built, embedder=embedder), build_assistant(settings, embedder=embedder)

    assert exact.retriever.sentences.ann is None and approx.retriever.sentences.ann is not None
    for question in ("Who funded the pilot?", "Cardiff welcome service", "What does the action plan add?"):
        vector = embedder.embed_query(question)
        assert approx.retriever.sentences.top_chunks(vector, 5)[0] == exact.retriever.sentences.top_chunks(vector, 5)[0]
        assert approx.search(question)[0].chunk.id == exact.search(question)[0].chunk.id
        only = Filters(sources=("welcome-guide.html",))
        assert {p.chunk.source for p in approx.search(question, only)} == {"welcome-guide.html"}


def test_dense_search_is_exact_below_the_ann_size(built: Settings, tmp_path: Path, embedder, monkeypatch) -> None:  # noqa: ANN001
    """Under `ann_min_units` chunks the k nearest come from the tables' chunk vectors, exactly and
    in a fixed order: Chroma's HNSW graph, rebuilt by every ingest, had returned a different list
    now and then. From that size on, Chroma answers."""
    assistant = build_assistant(built, embedder=embedder)
    retriever = assistant.retriever
    vectors = np.asarray(retriever.chunks.vectors, dtype=np.float32)

    def no_chroma(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("Chroma queried for a small index")

    monkeypatch.setattr(retriever.store, "query_dense", no_chroma)
    # The file's rows are read in one call (a run of consecutive rows is one read): `np.asarray` of
    # the row file itself had read it row by row, 250 ms a question at 10,000 chunks.
    reads = []
    take = retriever.chunks.vectors.take
    monkeypatch.setattr(retriever.chunks.vectors, "take", lambda rows: reads.append(len(rows)) or take(rows))
    for question in ("Who funded the pilot?", "Cardiff welcome service"):
        vector = embedder.embed_query(question)
        sims = vectors @ vector
        want = [retriever.chunks.ids[i] for i in np.lexsort((np.arange(len(sims)), -sims))[:5]]
        assert [cid for cid, _ in retriever._dense(vector, 5, Filters())] == want
    assert reads == [len(vectors)] * 2
    monkeypatch.undo()

    shutil.copytree(built.index_dir, tmp_path / "index")
    big = build_assistant(make_settings(built.corpus_dir, tmp_path / "index", retrieval={"ann_min_units": 2}),
                          embedder=embedder)
    asked = []
    query = big.retriever.store.query_dense
    monkeypatch.setattr(big.retriever.store, "query_dense", lambda *a, **kw: asked.append(1) or query(*a, **kw))
    assert big.search("Who funded the pilot?") and asked
