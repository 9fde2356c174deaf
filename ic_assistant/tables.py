"""The files a reader opens to serve one index generation, written once per generation at ingest:
the chunk records, their filter columns, and the unit vectors with their spans (and, on a big
index, the approximate index over them). Opening them is a few file opens, not a read of every
document's JSON; rows and records are then read as questions need them.

Layout of ``<index_dir>/tables/<generation>/``::

    meta.json          chunk ids in reading order, names for the filter columns, counts
    chunks.jsonl       one JSON record per chunk, found by its offsets (decoded when asked for)
    columns.npz        record offsets and the filter columns (`filtering.ChunkTable`)
    chunk_vectors.npy  float32 rows: the chunk vectors Chroma holds (a filtered dense search over
                       few chunks, and the candidates' vectors, read them here)
    unit_spans.npy     int32 rows (chunk row, start, end): each unit's place in its chunk's text
    unit_vectors.npy   float16 rows, normalised, read row by row on a big index (`row_file`)
    units.faiss        the approximate index over them, from `retrieval.ann_min_units` units on

Like the BM25 index, the files are written before the state commit that names their generation,
whose ``table_files`` records their sha256 (see `integrity`); a generation without its folder (an
interrupted ingest, an index from an older version) is served from the documents' own files,
built in memory (`tables_in_memory`). Other writers of an index folder (a pull from a Chroma
server) write the same files with `write_tables`.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .ann import build_ann, load_ann, save_ann
from .config import RetrievalSettings
from .corpus_state import file_sha256
from .filtering import ChunkTable
from .row_file import RecordFile, RowFile
from .sentences import SentenceIndex
from .store import IndexStore
from .types import Chunk

log = logging.getLogger(__name__)

TABLES = "tables"
ANN_FILE = "units.faiss"
_DECODED = 8192  # chunk records kept decoded: a question reads a few hundred
_FETCH = 1000  # chunk vectors read from Chroma per request


def tables_path(index_dir: Path, generation: str) -> Path:
    return index_dir / TABLES / generation


class ChunkRecords(Mapping[str, Chunk]):
    """The chunks of one generation by id, in reading order, each decoded when first asked for,
    with their filter columns (`table`)."""

    def __init__(self, ids: Sequence[str], table: ChunkTable, read: Callable[[int], Chunk],
                 vectors: np.ndarray | None = None) -> None:
        self.ids = list(ids)
        self.table = table
        self.vectors = vectors  # float32 rows in `ids` order, or None: ask Chroma
        self._row = {cid: n for n, cid in enumerate(self.ids)}
        self._read = lru_cache(maxsize=_DECODED)(read)

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> ChunkRecords:
        """Records of chunks held in memory."""
        chunks = list(chunks)
        return cls([c.id for c in chunks], ChunkTable.of(chunks), chunks.__getitem__)

    def row(self, chunk_id: str) -> int | None:
        return self._row.get(chunk_id)

    def next_to(self, chunk_id: str, step: int) -> Chunk | None:
        """The chunk `step` places after `chunk_id` in reading order (before it when negative), if any."""
        row = self.row(chunk_id)
        if row is None or not 0 <= row + step < len(self.ids):
            return None
        return self._read(row + step)

    def __getitem__(self, chunk_id: str) -> Chunk:
        return self._read(self._row[chunk_id])

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self._row

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Tables:
    """What a reader serves one generation from: its chunks and its unit index."""

    chunks: ChunkRecords
    sentences: SentenceIndex


def _unit_rows(chunk_ids: Sequence[str], spans: Sequence[tuple[str, int, int]]) -> np.ndarray:
    """(chunk row, start, end) of each unit; units of chunks not in `chunk_ids` are dropped."""
    row = {cid: n for n, cid in enumerate(chunk_ids)}
    return np.array([(row.get(cid, -1), s, e) for cid, s, e in spans], dtype=np.int64).reshape(-1, 3)


def _sentence_index(chunk_ids: Sequence[str], rows: np.ndarray, vectors: np.ndarray, ann,  # noqa: ANN001
                    settings: RetrievalSettings) -> SentenceIndex:
    return SentenceIndex(chunk_ids, rows, vectors, ann, settings.ann_min_units, settings.ann_probe,
                         settings.ann_candidates)


def tables_in_memory(chunks: Sequence[Chunk], spans: Sequence[tuple[str, int, int]], vectors: np.ndarray,
                     settings: RetrievalSettings) -> Tables:
    """Tables of a generation built from its documents' files, held in memory and searched
    exactly (the slow path, for a generation whose folder is missing)."""
    records = ChunkRecords.of(chunks)
    rows = _unit_rows(records.ids, spans)
    keep = rows[:, 0] >= 0
    return Tables(records, _sentence_index(records.ids, rows[keep], np.asarray(vectors[keep], dtype=np.float32),
                                           None, settings))


def write_tables_from(store: IndexStore, generation: str) -> dict[str, str]:
    """`write_tables` for the generation `store` holds, from its documents' files and Chroma."""
    chunks = store.load_chunks()
    ids = [c.id for c in chunks]
    parts = []
    for start in range(0, len(ids), _FETCH):
        got = store.embeddings_for(ids[start : start + _FETCH])
        parts.append(np.stack([got[cid] for cid in ids[start : start + _FETCH]]).astype(np.float32))
    chunk_vectors = np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)
    return write_tables(store.root, generation, chunks, chunk_vectors, *store.load_sentences(), store.settings.retrieval)


def write_tables(index_dir: Path, generation: str, chunks: Sequence[Chunk], chunk_vectors: np.ndarray,
                 spans: Sequence[tuple[str, int, int]], vectors: np.ndarray, settings: RetrievalSettings) -> dict[str, str]:
    """Write the tables of `generation` (whole, or not at all: into a temporary folder renamed
    last) from its chunks in reading order with their vectors, and its units' spans and vectors;
    the sha256 of each file by name, for the state's ``table_files``."""
    final = tables_path(index_dir, generation)
    tmp = final.with_name(f".{generation}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    ids = [c.id for c in chunks]
    rows = _unit_rows(ids, spans)
    keep = rows[:, 0] >= 0
    rows, vectors = rows[keep].astype(np.int32), np.asarray(vectors[keep], dtype=np.float16)
    offsets = [0]
    with (tmp / "chunks.jsonl").open("wb") as f:
        for chunk in chunks:
            record = json.dumps(asdict(chunk), ensure_ascii=False).encode("utf-8") + b"\n"
            f.write(record)
            offsets.append(offsets[-1] + len(record))
    names, arrays = ChunkTable.of(chunks).columns()
    buffer = io.BytesIO()
    np.savez(buffer, offsets=np.array(offsets, dtype=np.int64), **arrays)
    (tmp / "columns.npz").write_bytes(buffer.getvalue())
    # An index of no chunks (every file failed) still gets its (empty) tables.
    chunk_vectors = np.asarray(chunk_vectors, dtype=np.float32)
    np.save(tmp / "chunk_vectors.npy", chunk_vectors.reshape(len(ids), -1) if len(ids) else chunk_vectors.reshape(0, 0))
    np.save(tmp / "unit_spans.npy", rows)
    np.save(tmp / "unit_vectors.npy", vectors)
    ann = len(rows) >= settings.ann_min_units
    if ann:
        save_ann(build_ann(np.load(tmp / "unit_vectors.npy", mmap_mode="r")), tmp / ANN_FILE)
    meta = {"generation": generation, "chunk_ids": ids, **names, "units": len(rows),
            "dimension": int(vectors.shape[1]) if vectors.ndim == 2 else 0, "ann": ann}
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    checksums = {}
    for path in sorted(tmp.iterdir()):
        with path.open("rb") as f:
            os.fsync(f.fileno())
        checksums[path.name] = file_sha256(path)
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    return checksums


def link_tables(index_dir: Path, old: str, new: str, recorded: Mapping[str, str] | None) -> dict[str, str] | None:
    """Give generation `new` the tables of `old` (the same chunks under a new state): the files
    as hard links, `meta.json` written anew to name `new` (readers check it). Returns the new
    checksums, or None when `old` has no tables or no recorded checksums (write them instead)."""
    source = tables_path(index_dir, old)
    if recorded is None or not (source / "meta.json").is_file():
        return None
    tmp = tables_path(index_dir, f".{new}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for path in source.iterdir():
        if path.name != "meta.json":
            os.link(path, tmp / path.name)
    meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
    meta["generation"] = new
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with (tmp / "meta.json").open("rb") as f:
        os.fsync(f.fileno())
    tmp.rename(tables_path(index_dir, new))
    return {**recorded, "meta.json": file_sha256(tables_path(index_dir, new) / "meta.json")}


def prune_tables(index_dir: Path, keep: str) -> None:
    """Remove the tables of every generation but `keep` (a reader still mapping them keeps its
    copy until it closes them: the files are only unlinked)."""
    for path in (index_dir / TABLES).glob("*"):
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)


def open_tables(index_dir: Path, generation: str, settings: RetrievalSettings) -> Tables | None:
    """The tables of `generation`, or None when it has none (serve it with `tables_in_memory`).
    When an approximate index is used, unit vectors are read from their file as candidates need
    them (`RowFile`), else read whole into a float32 matrix; chunk vectors and records are read
    from their files as retrieval asks for them."""
    folder = tables_path(index_dir, generation)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    try:
        if meta.get("generation") != generation:
            raise ValueError(f"written for generation {meta.get('generation')}")
        with np.load(folder / "columns.npz") as saved:
            arrays = {name: saved[name] for name in saved.files}
        table = ChunkTable.from_columns(meta, arrays)
        records = RecordFile(folder / "chunks.jsonl", arrays["offsets"])
        chunk_vectors = RowFile(folder / "chunk_vectors.npy")
        chunks = ChunkRecords(meta["chunk_ids"], table, lambda row: Chunk.from_dict(json.loads(records[row])),
                              chunk_vectors)
        rows = np.load(folder / "unit_spans.npy")
        ann = load_ann(folder / ANN_FILE) if meta["ann"] and len(rows) >= settings.ann_min_units else None
        vectors = (RowFile(folder / "unit_vectors.npy") if ann is not None
                   else np.asarray(np.load(folder / "unit_vectors.npy"), dtype=np.float32))
        if len(rows) != len(vectors) or len(records) != len(chunks) or len(chunk_vectors) != len(chunks):
            raise ValueError("the files disagree on how many chunks or units there are")
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        log.warning("tables at %s cannot be read (%s): serving the generation from its documents' files", folder, exc)
        return None
    return Tables(chunks, _sentence_index(chunks.ids, rows, vectors, ann, settings))
