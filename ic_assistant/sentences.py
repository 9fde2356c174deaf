"""Unit ("sentence") vectors of the whole index, and the chunks whose best unit is nearest a question.

Below `RetrievalSettings.ann_min_units` units every question is compared with every unit (one
matrix product over a float32 matrix held in memory, exact). From there the vectors stay in their
float16 file and an approximate index (`ann`) proposes candidates, whose cosines are then computed
exactly from their rows, read from the file (`row_file.RowFile`); a filter that leaves fewer units than the threshold is
searched exactly over just those rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .ann import search_ann

_BLOCK = 65536  # rows converted to float32 at a time when reading the float16 file


class SentenceIndex:
    """Units as rows: `spans[n] = (chunk code, start, end)` in the text of chunk `chunk_ids[code]`,
    with their normalised vectors in `matrix` (float32 in memory, or float16 rows read from their
    file when `ann` is given)."""

    def __init__(
        self,
        chunk_ids: Sequence[str],
        spans: np.ndarray,
        matrix: np.ndarray,
        ann=None,  # noqa: ANN001 - a faiss index over `matrix` (ann.build_ann), or None: exact
        exact_limit: int = 0,
        probe: int = 32,
        candidates: int = 512,
    ) -> None:
        self.chunk_ids = list(chunk_ids)
        self.spans = np.asarray(spans, dtype=np.int64).reshape(-1, 3)
        self.matrix = matrix
        self.ann = ann
        self.exact_limit, self.probe, self.candidates = exact_limit, probe, candidates
        self.row_chunk = self.spans[:, 0]
        # Rows of chunk c: order[first[c]:first[c + 1]] (units come grouped by chunk, so no sort is needed then).
        grouped = bool(np.all(self.row_chunk[1:] >= self.row_chunk[:-1]))
        self._order = np.arange(len(self.spans)) if grouped else np.argsort(self.row_chunk, kind="stable")
        self._first = np.searchsorted(self.row_chunk[self._order], np.arange(len(self.chunk_ids) + 1))
        self._code = {cid: n for n, cid in enumerate(self.chunk_ids)}

    @classmethod
    def from_spans(cls, spans: Sequence[tuple[str, int, int]], matrix: np.ndarray) -> SentenceIndex:
        """An exact index of (chunk id, start, end) spans and their float32 vectors."""
        chunk_ids = list(dict.fromkeys(cid for cid, _, _ in spans))
        code = {cid: n for n, cid in enumerate(chunk_ids)}
        rows = np.array([(code[cid], s, e) for cid, s, e in spans], dtype=np.int64).reshape(-1, 3)
        return cls(chunk_ids, rows, matrix)

    def __len__(self) -> int:
        return len(self.spans)

    def top_chunks(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Chunks ranked by their best unit's cosine to `query` (at most k); `allowed` is a
        boolean mask over `chunk_ids` (None allows all)."""
        if not len(self.spans) or k <= 0:
            return []
        if self.ann is None:
            sims = self.matrix @ query
            if allowed is not None:
                sims = np.where(allowed[self.row_chunk], sims, -np.inf)
            return self._best(sims, None, k)
        units = None if allowed is None else allowed[self.row_chunk]
        if units is not None and int(units.sum()) <= self.exact_limit:
            rows = np.flatnonzero(units)
            return self._best(self._sims(rows, query), rows, k)
        fetch = max(self.candidates, 8 * k)
        while True:
            rows = np.sort(search_ann(self.ann, query, fetch, self.probe, units))
            found = self._best(self._sims(rows, query), rows, k)
            if len(found) >= k or len(rows) >= (len(self.spans) if units is None else int(units.sum())):
                return found
            if len(rows) < fetch or fetch >= 64 * self.candidates:
                # The probed lists hold fewer than k chunks that pass: read every allowed unit.
                rows = np.arange(len(self.spans)) if units is None else np.flatnonzero(units)
                return self._best(self._sims(rows, query), rows, k)
            fetch *= 4

    def exact_top_chunks(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """`top_chunks` with every unit compared (what the approximate path is measured against)."""
        rows = np.arange(len(self.spans))
        return self._best(self._sims(rows, query), rows, k) if len(rows) and k > 0 else []

    def _sims(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Exact cosines of `rows` (ascending) with `query`, read a block at a time."""
        out = np.empty(len(rows), dtype=np.float32)
        for start in range(0, len(rows), _BLOCK):
            part = rows[start : start + _BLOCK]
            out[start : start + len(part)] = np.asarray(self.matrix[part], dtype=np.float32) @ query
        return out

    def _best(self, sims: np.ndarray, rows: np.ndarray | None, k: int) -> list[tuple[str, float]]:
        """The best unit of each of the k best chunks, from `sims` of `rows` (None: every row),
        best first, ties in row order."""
        if not len(sims):
            return []
        row_of = (lambda at: at) if rows is None else (lambda at: rows[at])
        # Only the best are sorted: enough of them to hold k distinct chunks, widened if not.
        want = min(len(sims), 8 * k)
        while True:
            top = np.argpartition(-sims, want - 1)[:want] if want < len(sims) else np.arange(len(sims))
            top = top[np.lexsort((top, -sims[top]))]  # best first, ties in row order (as a stable sort)
            top = top[np.isfinite(sims[top])]
            _, first = np.unique(self.row_chunk[row_of(top)], return_index=True)
            if len(first) >= k or want >= len(sims) or len(top) < want:
                break
            want = min(len(sims), want * 4)
        best = top[np.sort(first)][:k]
        return [(self.chunk_ids[self.row_chunk[row_of(at)]], float(sims[at])) for at in best]

    def vector(self, chunk_id: str, start: int, end: int) -> np.ndarray | None:
        """The stored float32 vector of a unit of `chunk_id` at start:end, None if none is stored."""
        code = self._code.get(chunk_id)
        if code is None:
            return None
        for row in self._order[self._first[code] : self._first[code + 1]]:
            if self.spans[row, 1] == start and self.spans[row, 2] == end:
                return np.asarray(self.matrix[row], dtype=np.float32)
        return None
