"""An approximate-nearest-neighbour index over the unit vectors (faiss IVF-PQ), so that a question
on a big index reads a few lists of compact codes instead of every unit's vector.

It only proposes candidates: their cosines are computed again from the unit vectors themselves
(`sentences.SentenceIndex`), so a score never depends on the quantisation. Built at ingest, saved
beside the unit vectors of its generation (`tables`), read whole at start (about 56 bytes a unit).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

_TRAIN_ROWS = 100_000  # enough for the coarse centroids and the product quantiser


def build_ann(vectors: np.ndarray, seed: int = 0):  # noqa: ANN201 - faiss.IndexIVFPQ
    """An IVF-PQ index of `vectors` (rows normalised: inner product is cosine), trained on a
    sample: about sqrt(n) lists, and codes of 8 dimensions a byte (fewer bits on tiny indexes,
    which have too few rows to train 256 centroids per sub-space)."""
    import faiss

    n, dim = vectors.shape
    lists = max(1, min(int(np.sqrt(n)), n // 39))
    bits = 8 if n >= 39 * 256 else max(1, int(np.log2(max(2, n // 39))))
    sub = next(m for m in (dim // 8, dim // 12, dim // 16, dim // 24, dim // 32, 1) if m and dim % m == 0)
    coarse = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFPQ(coarse, dim, lists, sub, bits, faiss.METRIC_INNER_PRODUCT)
    index.own_fields = True
    coarse.this.disown()
    # Fewer k-means rounds and points than faiss's defaults: a few times faster to build, and the
    # candidates are re-ranked exactly anyway.
    index.cp.niter, index.cp.max_points_per_centroid = 10, 128
    index.pq.cp.niter, index.pq.cp.max_points_per_centroid = 10, 64
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=min(n, _TRAIN_ROWS), replace=False))
    index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
    for start in range(0, n, 65536):  # in slices: the float16 matrix is never all in float32 at once
        index.add(np.ascontiguousarray(vectors[start : start + 65536], dtype=np.float32))
    return index


def save_ann(index, path: Path) -> None:  # noqa: ANN001
    import faiss

    faiss.write_index(index, str(path))


def load_ann(path: Path):  # noqa: ANN201
    import faiss

    return faiss.read_index(str(path), faiss.IO_FLAG_READ_ONLY)


def search_ann(index, query: np.ndarray, k: int, probe: int, allowed: np.ndarray | None = None) -> np.ndarray:  # noqa: ANN001
    """Rows of up to `k` units the index ranks nearest to `query`, probing `probe` lists;
    `allowed` (a boolean mask over the rows) restricts the search to its rows."""
    import faiss

    params = faiss.SearchParametersIVF(nprobe=min(probe, index.nlist))
    if allowed is not None:
        # The bitmap and the selector must outlive the search: faiss holds raw pointers to them.
        bitmap = np.packbits(allowed, bitorder="little")
        selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap))
        params.sel = selector
    _, rows = index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), k, params=params)
    rows = rows[0]
    return rows[rows >= 0]
