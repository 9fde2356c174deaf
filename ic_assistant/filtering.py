"""`Filters` over a table of chunks as numpy masks: one comparison per field, not a loop per chunk."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .types import Chunk, Filters


class ChunkTable:
    """The filterable fields of some chunks, column by column, in the order given."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._sources = {s: n for n, s in enumerate(dict.fromkeys(c.source for c in chunks))}
        self._types = {t: n for n, t in enumerate(dict.fromkeys(c.doc_type for c in chunks))}
        self.source = np.fromiter((self._sources[c.source] for c in chunks), dtype=np.int32, count=len(chunks))
        self.doc_type = np.fromiter((self._types[c.doc_type] for c in chunks), dtype=np.int32, count=len(chunks))
        # NaN for an unknown year: it compares false with any bound, as `store.matches` wants.
        self.year = np.fromiter(
            (np.nan if c.year is None else c.year for c in chunks), dtype=np.float64, count=len(chunks)
        )
        rows: dict[str, list[int]] = {}
        for n, chunk in enumerate(chunks):
            for city in chunk.cities:
                rows.setdefault(city, []).append(n)
        self._city_rows = {city: np.array(r, dtype=np.int64) for city, r in rows.items()}
        self.size = len(chunks)

    def mask(self, filters: Filters) -> np.ndarray:
        """True for the chunks that pass `filters` (the same test as `store.matches`)."""
        keep = np.ones(self.size, dtype=bool)
        if filters.sources:
            keep &= np.isin(self.source, [self._sources[s] for s in filters.sources if s in self._sources])
        if filters.doc_types:
            keep &= np.isin(self.doc_type, [self._types[t] for t in filters.doc_types if t in self._types])
        if filters.year_min is not None:
            keep &= self.year >= filters.year_min
        if filters.year_max is not None:
            keep &= self.year <= filters.year_max
        if filters.cities:
            named = np.zeros(self.size, dtype=bool)
            for city in filters.cities:
                named[self._city_rows.get(city, np.zeros(0, dtype=np.int64))] = True
            keep &= named
        return keep
