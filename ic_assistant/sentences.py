"""Sentence vectors of the whole index, held in memory: a matrix product ranks them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


class SentenceIndex:
    """(chunk id, start, end) spans in chunk texts, with their normalised vectors."""

    def __init__(self, spans: Sequence[tuple[str, int, int]], matrix: np.ndarray) -> None:
        self.spans = list(spans)
        self.matrix = matrix
        self._row = {span: i for i, span in enumerate(self.spans)}

    def __len__(self) -> int:
        return len(self.spans)

    def top_chunks(
        self, query: np.ndarray, k: int, allowed: Callable[[str], bool] | None = None
    ) -> list[tuple[str, float]]:
        """Chunks ranked by their best sentence's cosine to `query` (at most k)."""
        if not self.spans or k <= 0:
            return []
        sims = self.matrix @ query
        best: dict[str, float] = {}
        for row in np.argsort(-sims, kind="stable"):
            cid = self.spans[row][0]
            if cid in best or (allowed is not None and not allowed(cid)):
                continue
            best[cid] = float(sims[row])
            if len(best) == k:
                break
        return list(best.items())

    def vector(self, chunk_id: str, start: int, end: int) -> np.ndarray | None:
        row = self._row.get((chunk_id, start, end))
        return None if row is None else self.matrix[row]
