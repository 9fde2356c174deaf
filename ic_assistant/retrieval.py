"""Hybrid retrieval: dense (Chroma), BM25 and best-sentence candidates, ranked by the fitted
passage model (how much each retriever counts is learned on the dev splits; reciprocal rank
fusion picks the pool and ranks when no model is given), then near-duplicates collapsed and
diversity kept with MMR."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .acronyms import expanded
from .config import RetrievalSettings
from .embeddings import Embedder
from .lexical import BM25Index, stem_terms
from .question import function_stems
from .sentences import SentenceIndex
from .store import IndexStore
from .tables import ChunkRecords
from .types import Chunk, Filters, Passage


PASSAGE_FEATURES = (
    "dense",  # the chunk's cosine with the question
    "bm25",  # its BM25 score over the best candidate's
    "sentence",  # its best unit's cosine with the question
    "rr_dense",  # 1 / rank in each retriever's list (0 when absent)
    "rr_bm25",
    "rr_sentence",
    "heading_cover",  # share of question terms in its title and heading path
)
POOL = 40  # candidates (by reciprocal rank fusion) that the passage model ranks


@dataclass
class Retrieval:
    """Ranked passages plus what the explain view shows."""

    passages: list[Passage]
    candidates: list[Passage]  # ranked pool before de-duplication and MMR
    dropped_duplicates: list[str] = field(default_factory=list)
    query_vector: np.ndarray | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    features: np.ndarray | None = None  # PASSAGE_FEATURES of `candidates`, row by row


def rrf_fuse(rankings: list[list[str]], k: int) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) for the ids it ranks (rank from 1)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (k + rank)
    return fused


def mmr_select(relevance: np.ndarray, vectors: np.ndarray, k: int, lam: float) -> list[int]:
    """Maximal marginal relevance: indices of k items trading relevance against similarity."""
    chosen: list[int] = []
    remaining = list(range(len(relevance)))
    sims = vectors @ vectors.T if len(vectors) else np.zeros((0, 0))
    while remaining and len(chosen) < k:
        if chosen:
            penalty = sims[np.ix_(remaining, chosen)].max(axis=1)
        else:
            penalty = np.zeros(len(remaining))
        scores = lam * relevance[remaining] - (1 - lam) * penalty
        best = remaining[int(np.argmax(scores))]
        chosen.append(best)
        remaining.remove(best)
    return chosen


SAME_WORDS = 0.9  # share of a passage's words found in another that says the same
_WORDS = re.compile(r"[a-z0-9]+")


def _said_by(p: Passage, q: Passage) -> bool:
    """Whether `q` holds nearly every word of `p` (`SAME_WORDS` of its distinct words)."""
    words = set(_WORDS.findall(p.chunk.text.lower()))
    return not words or len(words & set(_WORDS.findall(q.chunk.text.lower()))) >= SAME_WORDS * len(words)


class HybridRetriever:
    """Owns the chunk records and BM25 index; asks Chroma for dense neighbours."""

    def __init__(
        self,
        settings: RetrievalSettings,
        store: IndexStore,
        embedder: Embedder,
        chunks: ChunkRecords | Sequence[Chunk],
        bm25: BM25Index,
        sentences: SentenceIndex | None = None,
        passage_model=None,  # noqa: ANN001 - scorer.LinearModel over PASSAGE_FEATURES, or None for RRF
        acronyms: dict[str, str] | None = None,  # defined in the documents (`acronyms.defined_acronyms`)
    ) -> None:
        self.settings = settings
        self.acronyms = acronyms or {}
        self.passage_model = passage_model
        self.sentences = sentences or SentenceIndex.from_spans([], np.zeros((0, embedder.dimension), dtype=np.float32))
        self.store = store
        self.embedder = embedder
        self.chunks = chunks if isinstance(chunks, ChunkRecords) else ChunkRecords.of(chunks)
        self.bm25 = bm25
        # Filters are numpy masks over the chunk table, taken through each retriever's row order
        # (-1: a row whose chunk is not in the table, which no filter passes).
        self._table = self.chunks.table
        self._bm25_rows = self._rows_of(bm25.ids)
        self._sentence_rows = self._rows_of(self.sentences.chunk_ids)

    def _rows_of(self, ids: list[str]) -> np.ndarray:
        if ids == self.chunks.ids:
            return np.arange(len(ids), dtype=np.int64)  # the same order: no look-up per chunk
        return np.array([-1 if (n := self.chunks.row(cid)) is None else n for cid in ids], dtype=np.int64)

    def _dense(self, vector: np.ndarray, k: int, filters: Filters) -> list[tuple[str, float]]:
        """(chunk id, cosine) of the k nearest chunks that pass `filters`: exactly from their vectors
        in the tables when at most `ann_min_units` chunks pass, else from Chroma's HNSW index. Exact
        below that size, because HNSW search is approximate and its files are rewritten by every
        ingest: 3 of about 40 eval runs of one corpus changed 4 dev answers and recall@6. A filtered
        Chroma query also grows with the index, whatever the filter leaves. The rows are read in
        one call (`RowFile.take`: one read per run of consecutive rows); `np.asarray` of the file
        itself read it row by row, 250 ms a question at 10,000 chunks (`make bench-scale`)."""
        vectors = self.chunks.vectors
        if vectors is not None:
            every = filters.is_empty()
            rows = np.arange(len(self.chunks.ids)) if every else np.flatnonzero(self._table.mask(filters))
            if len(rows) <= self.settings.ann_min_units:
                sims = np.asarray(vectors[rows], dtype=np.float32) @ vector
                best = np.lexsort((rows, -sims))[:k]
                return [(self.chunks.ids[rows[i]], float(sims[i])) for i in best]
        return [(cid, sim) for cid, sim in self.store.query_dense(vector, k, filters) if cid in self.chunks]

    def _vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The chunk vectors of `ids`: from the tables when they hold them, else from Chroma."""
        if self.chunks.vectors is None:
            return self.store.embeddings_for(ids)
        rows = np.array([self.chunks.row(cid) for cid in ids], dtype=np.int64)
        order = np.argsort(rows)
        matrix = np.asarray(self.chunks.vectors[rows[order]], dtype=np.float32)
        return {ids[i]: matrix[n] for n, i in enumerate(order)}

    def _mask_rows(self, filters: Filters, rows: np.ndarray) -> np.ndarray:
        passing = np.append(self._table.mask(filters), False)  # index -1 reads the appended False
        return passing[rows]

    def _bm25_mask(self, filters: Filters) -> np.ndarray | None:
        if filters.is_empty():
            return None
        return self._mask_rows(filters, self._bm25_rows).astype(np.float64)

    def retrieve(
        self,
        query: str,
        filters: Filters = Filters(),
        k: int | None = None,
        vector: np.ndarray | None = None,
        mode: str = "hybrid",
    ) -> Retrieval:
        """Top-k passages. `mode` "dense" or "bm25" uses that retriever alone, without fusion,
        de-duplication or MMR (the baselines the evals compare against)."""
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"unknown retrieval mode {mode!r}: use hybrid, dense or bm25")
        s = self.settings
        k = k or s.k_final
        timings: dict[str, float] = {}
        t = time.perf_counter()
        if vector is None:
            vector = self.embedder.embed_query(query)
        timings["embed_query"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        dense = self._dense(vector, s.k_dense, filters)
        timings["dense"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        mask = self._bm25_mask(filters)
        # Hybrid retrieval reads a defined acronym as its full name too, and a full name as its
        # acronym; the BM25 baseline reads the question as it is.
        words = expanded(query, self.acronyms) if mode == "hybrid" else query
        lexical = [] if mask is not None and not mask.any() else self.bm25.search(words, s.k_bm25, mask)
        lexical = [(cid, score) for cid, score in lexical if cid in self.chunks]
        timings["bm25"] = (time.perf_counter() - t) * 1000

        if mode != "hybrid":
            ranked = dense if mode == "dense" else lexical
            single = [
                Passage(self.chunks[cid], score, **({"dense_rank": r, "dense_score": score} if mode == "dense"
                                                    else {"bm25_rank": r, "bm25_score": score}))
                for r, (cid, score) in enumerate(ranked[:k], start=1)
            ]
            return Retrieval(single, single, [], vector, timings)

        t = time.perf_counter()
        allowed = None if filters.is_empty() else self._mask_rows(filters, self._sentence_rows)
        by_sentence = self.sentences.top_chunks(vector, s.k_sentence, allowed)
        by_sentence = [(cid, sim) for cid, sim in by_sentence if cid in self.chunks]
        timings["sentences"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        fused = rrf_fuse([[c for c, _ in dense], [c for c, _ in lexical], [c for c, _ in by_sentence]], s.rrf_k)
        pool_ids = [cid for cid, _ in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))][:POOL]
        vectors = self._vectors(pool_ids)
        pool_ids = [cid for cid in pool_ids if cid in vectors]
        dense_info = {cid: (rank, sim) for rank, (cid, sim) in enumerate(dense, start=1)}
        bm25_info = {cid: (rank, sc) for rank, (cid, sc) in enumerate(lexical, start=1)}
        features = self._passage_features(query, vector, pool_ids, vectors, dense, lexical, by_sentence)
        if self.passage_model is not None and len(pool_ids):
            scores = self.passage_model.logit(features)
        else:
            scores = np.array([fused[cid] for cid in pool_ids])
        order = sorted(range(len(pool_ids)), key=lambda i: (-scores[i], pool_ids[i]))
        candidates = [
            Passage(
                chunk=self.chunks[pool_ids[i]],
                score=float(scores[i]),
                dense_rank=dense_info.get(pool_ids[i], (None, None))[0],
                dense_score=float(vectors[pool_ids[i]] @ vector),
                bm25_rank=bm25_info.get(pool_ids[i], (None, None))[0],
                bm25_score=bm25_info.get(pool_ids[i], (None, None))[1],
            )
            for i in order
        ]
        features = features[order] if len(order) else features
        pool = candidates[: max(4 * k, 20)]
        kept, dropped = self._collapse_duplicates(pool, vectors)
        if kept:
            matrix = np.stack([vectors[p.chunk.id] for p in kept])
            raw = np.array([p.score for p in kept])
            relevance = 1.0 / (1.0 + np.exp(-raw)) if self.passage_model is not None else raw / raw[0]
            order = mmr_select(relevance, matrix, k, s.mmr_lambda)
            passages = [kept[i] for i in order]
        else:
            passages = []
        # The chunks holding the few best-matching sentences always reach the answerer: a single
        # fact can match a question closely while its chunk as a whole ranks low.
        chosen = {p.chunk.id for p in passages}
        by_id = {p.chunk.id: p for p in candidates}
        for cid, _ in by_sentence[: s.sentence_hits]:
            if cid not in chosen and cid in by_id and cid not in dropped:
                passages.append(by_id[cid])
                chosen.add(cid)
        timings["fuse_mmr"] = (time.perf_counter() - t) * 1000
        return Retrieval(passages, candidates, dropped, vector, timings, features)

    def _passage_features(
        self, query: str, vector: np.ndarray, ids: list[str], vectors: dict[str, np.ndarray],
        dense: list[tuple[str, float]], lexical: list[tuple[str, float]], by_sentence: list[tuple[str, float]],
    ) -> np.ndarray:
        """A (len(ids) x PASSAGE_FEATURES) matrix for the candidate pool."""
        X = np.zeros((len(ids), len(PASSAGE_FEATURES)))
        bm25 = dict(lexical)
        best_bm25 = max(bm25.values(), default=0.0) or 1.0
        sentence = dict(by_sentence)
        ranks = [{cid: r for r, (cid, _) in enumerate(found, start=1)} for found in (dense, lexical, by_sentence)]
        terms = set(stem_terms(query)) - function_stems()
        for i, cid in enumerate(ids):
            chunk = self.chunks[cid]
            heading_terms = set(stem_terms(" ".join((chunk.title, *chunk.headings, chunk.section))))
            X[i] = (
                float(vectors[cid] @ vector),
                bm25.get(cid, 0.0) / best_bm25,
                sentence.get(cid, 0.0),
                *(1.0 / r[cid] if cid in r else 0.0 for r in ranks),
                len(terms & heading_terms) / len(terms) if terms else 0.0,
            )
        return X

    def _collapse_duplicates(
        self, pool: list[Passage], vectors: dict[str, np.ndarray]
    ) -> tuple[list[Passage], list[str]]:
        """Keep the best-ranked of passages that say the same: near-identical vectors, and most of
        the lower one's words in the higher one. Two copies of a page (an archived one and the live
        one) are close in their vectors as wholes, though one may hold a sentence the other lacks: by
        vectors alone, the copy that held who sits on a taskforce had been dropped for one that did not."""
        kept: list[Passage] = []
        dropped: list[str] = []
        for p in pool:
            v = vectors.get(p.chunk.id)
            if v is None:
                continue
            near = self.settings.duplicate_similarity
            if any(float(v @ vectors[q.chunk.id]) >= near and _said_by(p, q) for q in kept):
                dropped.append(p.chunk.id)
                continue
            kept.append(p)
        return kept, dropped
