"""`Filters` over a table of chunks as numpy masks: one comparison per field, not a loop per chunk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .types import Chunk, Filters


class ChunkTable:
    """The filterable fields of some chunks, column by column, in the order given: code columns
    over lists of names for source and document type, years (NaN: unknown) and, per city, the rows
    of the chunks that name it. `columns` and `from_columns` save and restore it (see `tables`)."""

    def __init__(self, sources: list[str], doc_types: list[str], source: np.ndarray, doc_type: np.ndarray,
                 year: np.ndarray, city_rows: dict[str, np.ndarray]) -> None:
        self._sources = {s: n for n, s in enumerate(sources)}
        self._types = {t: n for n, t in enumerate(doc_types)}
        self.source, self.doc_type, self.year = source, doc_type, year
        self._city_rows = city_rows
        self.size = len(source)

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> ChunkTable:
        sources = list(dict.fromkeys(c.source for c in chunks))
        doc_types = list(dict.fromkeys(c.doc_type for c in chunks))
        code_s, code_t = {s: n for n, s in enumerate(sources)}, {t: n for n, t in enumerate(doc_types)}
        # NaN for an unknown year: it compares false with any bound, as `store.matches` wants.
        year = np.fromiter((np.nan if c.year is None else c.year for c in chunks), dtype=np.float64, count=len(chunks))
        rows: dict[str, list[int]] = {}
        for n, chunk in enumerate(chunks):
            for city in chunk.cities:
                rows.setdefault(city, []).append(n)
        return cls(
            sources, doc_types,
            np.fromiter((code_s[c.source] for c in chunks), dtype=np.int32, count=len(chunks)),
            np.fromiter((code_t[c.doc_type] for c in chunks), dtype=np.int32, count=len(chunks)),
            year, {city: np.array(r, dtype=np.int64) for city, r in rows.items()},
        )

    def columns(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """(names as JSON, arrays) that `from_columns` restores the table from."""
        names = {"sources": list(self._sources), "doc_types": list(self._types), "cities": list(self._city_rows)}
        arrays = {"source": self.source, "doc_type": self.doc_type, "year": self.year,
                  **{f"city{n}": rows for n, rows in enumerate(self._city_rows.values())}}
        return names, arrays

    @classmethod
    def from_columns(cls, names: dict[str, Any], arrays: dict[str, np.ndarray]) -> ChunkTable:
        city_rows = {city: arrays[f"city{n}"] for n, city in enumerate(names["cities"])}
        return cls(names["sources"], names["doc_types"], arrays["source"], arrays["doc_type"], arrays["year"], city_rows)

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
