"""Sentence vectors of the whole index, held in memory: a matrix product ranks them all."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class SentenceIndex:
    """(chunk id, start, end) spans in chunk texts, with their normalised vectors."""

    def __init__(self, spans: Sequence[tuple[str, int, int]], matrix: np.ndarray) -> None:
        self.spans = list(spans)
        self.matrix = matrix
        self._row = {span: i for i, span in enumerate(self.spans)}
        # Each row's chunk as a number (`chunk_ids[n]`): ranking and filtering stay in numpy.
        self.chunk_ids = list(dict.fromkeys(cid for cid, _, _ in self.spans))
        code = {cid: n for n, cid in enumerate(self.chunk_ids)}
        self.row_chunk = np.fromiter((code[cid] for cid, _, _ in self.spans), dtype=np.int64, count=len(self.spans))

    def __len__(self) -> int:
        return len(self.spans)

    def top_chunks(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Chunks ranked by their best sentence's cosine to `query` (at most k); `allowed` is a
        boolean mask over `chunk_ids` (None allows all)."""
        if not self.spans or k <= 0:
            return []
        sims = self.matrix @ query
        if allowed is not None:
            sims = np.where(allowed[self.row_chunk], sims, -np.inf)
        # Only the best rows are sorted: enough of them to hold k distinct chunks, widened if not.
        want = min(len(sims), 8 * k)
        while True:
            top = np.argpartition(-sims, want - 1)[:want] if want < len(sims) else np.arange(len(sims))
            top = top[np.lexsort((top, -sims[top]))]  # best first, ties in row order (as a stable sort)
            top = top[np.isfinite(sims[top])]
            _, first = np.unique(self.row_chunk[top], return_index=True)
            if len(first) >= k or want >= len(sims) or len(top) < want:
                break
            want = min(len(sims), want * 4)
        rows = top[np.sort(first)][:k]
        return [(self.chunk_ids[self.row_chunk[r]], float(sims[r])) for r in rows]

    def vector(self, chunk_id: str, start: int, end: int) -> np.ndarray | None:
        row = self._row.get((chunk_id, start, end))
        return None if row is None else self.matrix[row]
