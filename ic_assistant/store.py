"""The index: chunk vectors in Chroma, a BM25 index, page texts and the ingest state.

Layout of ``settings.index_dir``::

    chroma/            embedded Chroma (unused when settings.chroma_url points at a server)
    state.json         the commit point: which documents, chunk ids and corpus state the index holds
    docs/<hash>.json   page texts and chunks of one document version
    docs/<hash>.npy    its unit vectors
    tables/<gen>/      chunk records and unit vectors of the whole generation, for fast loading (see tables)
    bm25/              bm25s index over the chunks of state.json (tagged with its generation)
    ingest.lock        held by the ingest that is writing (see index_lock)

The state records the sha256 of every file it commits (a document's files in its entry,
``bm25_files`` for the BM25 index, ``table_files`` for the generation's tables), so `integrity`
can tell a damaged file from a good one.

Writers change Chroma first and commit ``state.json`` last (atomic rename); readers trust
only chunk ids listed in the state, and the next sync deletes anything else. So a document
is in the index whole or not at all, whatever interrupts a write.

With a Chroma server (``settings.chroma_url``) the server is authoritative and the folder is a
cache. The index is named (``settings.index_name``) and lives in collections of its own
(`server_sync`): chunk vectors, unit vectors, and every document file and the state. Each commit
publishes the new document versions and the state to the server before writing state.json, and
deletes old vectors only after both; so "anything else" is only ever this index's own leftovers,
and two indexes holding the same file (the same chunk ids) cannot touch each other's vectors.
An app server with another folder copies the committed generation into it (`server_cache`)
with the writers below, and answers from it as from an index it built.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from .config import Settings, other_indexes
from .embeddings import MODEL_NAME, offline_environment
from .errors import IndexFileMissingError, IndexMissingError, StoreError
from .programme import PROGRAMME_FILE
from .readonly import chroma_is_read_only, private_copy
from .server_sync import ServerIndex, Upload, server_client, server_collection
from .types import Chunk, Filters, Page

log = logging.getLogger(__name__)

STATE_VERSION = 1
_CHROMA_BATCH = 1000


def city_key(city: str) -> str:
    """Chroma metadata key marking chunks that mention `city` (Chroma has no list values)."""
    return "city_" + "".join(c if c.isalnum() else "_" for c in city.lower()).strip("_")


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "source": chunk.source,
        "title": chunk.title,
        "doc_type": chunk.doc_type,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "cities": ", ".join(chunk.cities),
    }
    if chunk.year is not None:
        meta["year"] = chunk.year
    if chunk.page is not None:
        meta["page"] = chunk.page
    for city in chunk.cities:
        meta[city_key(city)] = True
    return meta


def chroma_where(filters: Filters) -> dict[str, Any] | None:
    """The Chroma `where` clause for `filters` (None when unfiltered)."""
    clauses: list[dict[str, Any]] = []
    if filters.sources:
        clauses.append({"source": {"$in": list(filters.sources)}})
    if filters.doc_types:
        clauses.append({"doc_type": {"$in": list(filters.doc_types)}})
    if filters.year_min is not None:
        clauses.append({"year": {"$gte": filters.year_min}})
    if filters.year_max is not None:
        clauses.append({"year": {"$lte": filters.year_max}})
    if filters.cities:
        keys = [{city_key(c): True} for c in filters.cities]
        clauses.append(keys[0] if len(keys) == 1 else {"$or": keys})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def matches(chunk: Chunk, filters: Filters) -> bool:
    """The same filter as `chroma_where`, for chunks held in memory (BM25 side)."""
    if filters.sources and chunk.source not in filters.sources:
        return False
    if filters.doc_types and chunk.doc_type not in filters.doc_types:
        return False
    if filters.year_min is not None and (chunk.year is None or chunk.year < filters.year_min):
        return False
    if filters.year_max is not None and (chunk.year is None or chunk.year > filters.year_max):
        return False
    return not filters.cities or any(c in chunk.cities for c in filters.cities)


def _empty_state(index_id: str = "") -> dict[str, Any]:
    return {"version": STATE_VERSION, "index_id": index_id or new_index_id(), "generation": "",
            "documents": {}, "fingerprint": {}}


def new_index_id() -> str:
    return uuid.uuid4().hex


def collection_name(settings: Settings, state: dict[str, Any]) -> str:  # noqa: ARG001 - kept for callers
    """The Chroma collection of the chunk vectors: the named index's own on a server, which
    other indexes share; the configured one in the index's own embedded Chroma."""
    if settings.chroma_url:
        return server_collection(settings.index_name, "chunks")
    return settings.store.collection


def _previous_index_id(settings: Settings) -> str:
    """The index id of the state on disk, if it can be read (`ingest --rebuild` keeps it); empty
    otherwise."""
    try:
        return str(_read_state(settings.index_dir / "state.json").get("index_id") or "")
    except StoreError:
        return ""


def _damaged(path: Path, reason: object) -> StoreError:
    return StoreError(f"index file {path} is damaged ({reason}): run `ic-assistant ingest --rebuild`")


def _read_state(path: Path) -> dict[str, Any]:
    """state.json, or a StoreError naming the file and the fix if it is truncated or invalid."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _damaged(path, exc) from None
    if not isinstance(state, dict) or not isinstance(state.get("documents"), dict) or "generation" not in state:
        raise _damaged(path, "not an index state file")
    return state


def _load_state(settings: Settings) -> dict[str, Any]:
    """The committed state of the index at `settings.index_dir`, checked for format."""
    state_path = settings.index_dir / "state.json"
    if not state_path.exists():
        raise IndexMissingError(settings.index_dir, other_indexes(settings.index_dir))
    state = _read_state(state_path)
    if state.get("version") != STATE_VERSION:
        raise StoreError(
            f"index at {settings.index_dir} has format {state.get('version')}: run `ic-assistant ingest --rebuild`"
        )
    return state


def _atomic_write_bytes(path: Path, data: bytes) -> str:
    """Write `data` to `path` whole or not at all; returns its sha256 for the state."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return hashlib.sha256(data).hexdigest()


def _atomic_write_json(path: Path, data: Any) -> str:
    return _atomic_write_bytes(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _atomic_save_npy(path: Path, array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return _atomic_write_bytes(path, buffer.getvalue())


def open_collection(settings: Settings, name: str | None = None):  # noqa: ANN201 - chromadb.Collection
    """Chroma collection `name` (default: `settings.store.collection`) for chunk vectors: embedded
    in index_dir, or on the configured server."""
    offline_environment()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            client = server_client(settings)
        else:
            path = settings.index_dir / "chroma"
            path.mkdir(parents=True, exist_ok=True)
            if chroma_is_read_only(path):
                path = private_copy(path)  # Chroma writes its files even to read them
            client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        # Vectors are always computed by our bundled model and passed in; no embedding function
        # is attached, so Chroma can never fall back to its downloading default.
        return client.get_or_create_collection(
            name or settings.store.collection,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedding_model": MODEL_NAME},
        )
    except Exception as exc:
        where = settings.chroma_url or settings.index_dir / "chroma"
        raise StoreError(f"cannot open Chroma at {where}: {exc}") from exc


def new_generation() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class DocumentWrite:
    """One document version for `IndexStore.write_documents`: its state entry, pages, chunks and
    their vectors, and its units as (chunk index, start, end) spans in the chunk texts with theirs."""

    entry: dict[str, Any]
    pages: list[Page]
    chunks: list[Chunk]
    vectors: np.ndarray
    sentences: list[tuple[int, int, int]]
    sentence_vectors: np.ndarray | None = None


class IndexStore:
    """Read and write access to one index directory (and its Chroma collection); with `server`,
    commits are published to the named index on a Chroma server too."""

    def __init__(
        self, settings: Settings, collection: Any, state: dict[str, Any], server: ServerIndex | None = None
    ) -> None:
        self.settings = settings
        self.collection = collection
        self.state = state
        self.root = settings.index_dir
        self.server = server
        self._counted: tuple[str, int] = ("", 0)  # (generation, chunks): every commit changes the generation
        # Server mode: document versions to publish at the next commit, those the server holds,
        # and the generation this writer last saw there (None: take over whatever is there).
        self._uploads: dict[str, Upload] = {}
        self._published = {d["content_hash"] for d in state["documents"].values()}
        self._expected: str | None = state.get("generation", "")

    @classmethod
    def local(cls, settings: Settings, state: dict[str, Any]) -> IndexStore:
        """A store that writes `state` and document files into the folder only (no Chroma): what
        `server_cache` fills with a generation copied from the server."""
        return cls(settings, None, state)

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings, create: bool = False, fresh: bool = False) -> IndexStore:
        """Open the index; `create` starts an empty one where there is none, and `fresh` (for
        `ingest --rebuild`) starts empty without reading the state on disk, damaged or not (only
        its index id, if readable). Opening to write gives an index made before index ids one."""
        state_path = settings.index_dir / "state.json"
        if fresh or (create and not state_path.exists()):
            state = _empty_state(_previous_index_id(settings) if fresh else "")
        else:
            state = _load_state(settings)
        if create and not state.get("index_id"):
            state["index_id"] = new_index_id()
        server = ServerIndex.open(settings, create=create) if settings.chroma_url else None
        store = cls(settings, open_collection(settings, collection_name(settings, state)), state, server)
        if fresh:
            store._expected = None
        return store

    def reopen(self) -> IndexStore:
        """The same index and Chroma collection with the state on disk now (after an ingest)."""
        return IndexStore(self.settings, self.collection, _load_state(self.settings), self.server)

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        return self.state["documents"]

    def chunk_count(self) -> int:
        """Chunks of the committed documents, from the state (not a Chroma round trip per query)."""
        generation = self.state.get("generation", "")
        if self._counted[0] != generation or not generation:
            self._counted = (generation, sum(len(d["chunk_ids"]) for d in self.documents.values()))
        return self._counted[1]

    def live_ids(self) -> set[str]:
        return {cid for doc in self.documents.values() for cid in doc["chunk_ids"]}

    # --- reading -----------------------------------------------------------------------

    def load_doc(self, source: str) -> dict[str, Any]:
        path = self.root / "docs" / f"{self.documents[source]['content_hash']}.json"
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise IndexFileMissingError(str(_damaged(path, exc))) from None
        except (OSError, ValueError) as exc:
            raise _damaged(path, exc) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("chunks"), list):
            raise _damaged(path, "not an index document file")
        return doc

    def load_chunks(self) -> list[Chunk]:
        """Every live chunk, in document then reading order."""
        chunks = []
        for source in sorted(self.documents):
            for raw in self.load_doc(source)["chunks"]:
                chunks.append(Chunk.from_dict(raw))
        return chunks

    def load_sentences(self) -> tuple[list[tuple[str, int, int]], np.ndarray]:
        """Every live sentence as (chunk id, start, end) in its chunk's text, and their float16
        vectors, from the documents' own files (what `tables.write_tables` is written from)."""
        spans: list[tuple[str, int, int]] = []
        parts: list[np.ndarray] = []
        for source in sorted(self.documents):
            doc = self.load_doc(source)
            path = self.root / "docs" / f"{self.documents[source]['content_hash']}.npy"
            if not doc.get("sentences") or not path.exists():
                continue
            try:
                vectors = np.load(path)
            except (OSError, ValueError, EOFError) as exc:
                raise _damaged(path, exc) from None
            spans.extend((cid, s, e) for cid, s, e in doc["sentences"])
            parts.append(vectors)
        matrix = np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float16)
        return spans, matrix

    def load_pages(self, source: str) -> list[Page]:
        return [Page(p["number"], p["text"]) for p in self.load_doc(source)["pages"]]

    def embeddings_for(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"])}

    def query_dense(self, vector: np.ndarray, k: int, filters: Filters) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks that pass `filters`."""
        n = self.chunk_count()
        if n == 0:
            return []
        got = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(k, n),
            where=chroma_where(filters),
            include=["distances"],
        )
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0])]

    # --- writing (used by ingest) ------------------------------------------------------

    def write_document(
        self,
        entry: dict[str, Any],
        pages: list[Page],
        chunks: list[Chunk],
        vectors: np.ndarray,
        sentences: list[tuple[int, int, int]] | None = None,
        sentence_vectors: np.ndarray | None = None,
    ) -> None:
        """Replace one document's chunks (see `write_documents`)."""
        self.write_documents([DocumentWrite(entry, pages, chunks, vectors, sentences or [], sentence_vectors)])

    def write_documents(self, writes: list[DocumentWrite]) -> None:
        """Replace some documents' chunks: vectors first, one state commit last, then remove
        the old ones. Each document is in the index whole or not at all: until the commit none
        of them is, and the next sync deletes vectors left by an interrupted batch."""
        if not writes:
            return
        chunks = [c for w in writes for c in w.chunks]
        vectors = np.concatenate([w.vectors for w in writes])
        for i in range(0, len(chunks), _CHROMA_BATCH):
            part = chunks[i : i + _CHROMA_BATCH]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[i : i + _CHROMA_BATCH].tolist(),
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c) for c in part],
            )
        old_ids = {i for w in writes for i in self.documents.get(w.entry["source"], {}).get("chunk_ids", [])}
        self.save_documents(writes)
        self.commit()
        self._delete_ids(old_ids - self.live_ids())

    def save_documents(self, writes: list[DocumentWrite]) -> None:
        """Write the documents' files into the folder and enter them in the (uncommitted) state;
        in server mode, also queue them for the next commit to publish."""
        for w in writes:
            source, digest = w.entry["source"], w.entry["content_hash"]
            doc_file = {
                "pages": [asdict(p) for p in w.pages],
                "chunks": [asdict(c) for c in w.chunks],
                "sentences": [[w.chunks[i].id, s, e] for i, s, e in w.sentences],
            }
            files = {}
            name = f"docs/{digest}"
            units = None if w.sentence_vectors is None else w.sentence_vectors.astype(np.float16)
            if units is not None:
                files[f"{name}.npy"] = _atomic_save_npy(self.root / f"{name}.npy", units)
            files[f"{name}.json"] = _atomic_write_json(self.root / f"{name}.json", doc_file)
            self.documents[source] = {**w.entry, "chunk_ids": [c.id for c in w.chunks], "files": files}
            if self.server is not None:
                self._uploads[digest] = Upload(doc_file, units)

    def remove_document(self, source: str) -> None:
        old = self.documents.pop(source, None)
        if old is None:
            return
        self.commit()
        self._delete_ids(set(old["chunk_ids"]) - self.live_ids())

    def remove_orphans(self) -> int:
        """Delete vectors no committed document owns (left by an interrupted write)."""
        live = self.live_ids()
        stored = self.collection.get(include=[])["ids"]
        orphans = [i for i in stored if i not in live]
        self._delete_ids(orphans)
        if self.server is not None:
            swept = self.server.sweep({d["content_hash"] for d in self.documents.values()})
            if swept:
                log.info("removed %d records of %s no committed generation names", swept, self.settings.chroma_url)
        return len(orphans)

    def reset(self) -> None:
        """Forget everything: used by `ingest --rebuild`."""
        self._delete_ids(self.collection.get(include=[])["ids"])
        self.state = _empty_state(self.state.get("index_id", ""))
        self.commit()
        shutil.rmtree(self.root / "bm25", ignore_errors=True)
        shutil.rmtree(self.root / "tables", ignore_errors=True)

    def commit(self, generation: str | None = None, **extra: Any) -> None:
        """Write the state (the commit point) under a new generation; `generation` names it when
        files tagged with it (BM25) were written first. In server mode the new document versions
        and the state are published first: the server is the authority, the folder its cache."""
        self.state["generation"] = generation or new_generation()
        self.state["updated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.state.update(extra)
        if self.server is not None:
            live = {d["content_hash"] for d in self.documents.values()}
            programme = self.settings.corpus_dir / PROGRAMME_FILE
            self.server.publish(self.state, {h: u for h, u in self._uploads.items() if h in live},
                                self._published - live, programme.read_bytes() if programme.is_file() else None,
                                self._expected)
            self._uploads, self._published, self._expected = {}, live, self.state["generation"]
        _atomic_write_json(self.root / "state.json", self.state)

    def prune_doc_files(self) -> None:
        keep = {d["content_hash"] for d in self.documents.values()}
        for path in (self.root / "docs").glob("*"):
            if path.stem not in keep:
                path.unlink()

    def _delete_ids(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), _CHROMA_BATCH):
            self.collection.delete(ids=ids[i : i + _CHROMA_BATCH])

