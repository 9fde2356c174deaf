"""Rows of a saved matrix (.npy), and records of a file of them, read from the file as they are
asked for, with `os.pread`.

A big index's unit and chunk vectors are read a few hundred rows per question. Memory-mapping
the file would do the same reads, but every page a process maps counts in its resident memory,
and the kernel maps far more than the rows read (large page-cache folios: hundreds of KB per
row touched, measured here), so a server's resident set would grow towards the whole file. Reads
into fresh arrays leave the file in the page cache, shared and reclaimable.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


class RowFile:
    """The matrix saved at `path` by `np.save` (2-D, C order); `rows[i]` or `rows[array]` reads rows."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as f:
            version = np.lib.format.read_magic(f)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read_header(f)
            offset = f.tell()
        if fortran or len(shape) != 2:
            raise ValueError(f"{path} is not a 2-D C-order matrix")
        self.path, self.shape, self.dtype, self._offset = path, shape, dtype, offset
        self._row_bytes = shape[1] * dtype.itemsize
        if os.path.getsize(path) != offset + shape[0] * self._row_bytes:
            raise ValueError(f"{path} is {os.path.getsize(path)} bytes, not the {shape} its header says")
        self._fd = os.open(path, os.O_RDONLY)  # kept open: an ingest may unlink the file meanwhile

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: int | np.ndarray) -> np.ndarray:
        if np.ndim(rows) == 0:
            return self.take(np.array([rows]))[0]
        return self.take(np.asarray(rows))

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The given rows in the given order; one read per run of consecutive rows."""
        rows = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self.shape[1]), dtype=self.dtype)
        if not len(rows):
            return out
        if rows.min() < 0 or rows.max() >= self.shape[0]:
            raise IndexError(f"row out of range 0..{self.shape[0] - 1} of {self.path}")
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        cuts = np.flatnonzero(np.diff(ordered) != 1) + 1
        for start, end in zip(np.r_[0, cuts], np.r_[cuts, len(rows)]):
            size = (end - start) * self._row_bytes
            data = os.pread(self._fd, size, self._offset + int(ordered[start]) * self._row_bytes)
            if len(data) != size:
                raise ValueError(f"{self.path} ended early: it was truncated after it was opened")
            out[order[start:end]] = np.frombuffer(data, dtype=self.dtype).reshape(end - start, self.shape[1])
        return out


class RecordFile:
    """Records of the file at `path`: record n is the bytes `offsets[n]:offsets[n + 1]`."""

    def __init__(self, path: Path, offsets: np.ndarray) -> None:
        if os.path.getsize(path) != int(offsets[-1]):
            raise ValueError(f"{path} is {os.path.getsize(path)} bytes, not the {int(offsets[-1])} its offsets say")
        self.path, self._offsets = path, offsets
        self._fd = os.open(path, os.O_RDONLY)

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, n: int) -> bytes:
        start, end = int(self._offsets[n]), int(self._offsets[n + 1])
        return os.pread(self._fd, end - start, start)
