"""An index on a Chroma server: everything an app server needs to answer, under the index's name.

An index named N (`IC_INDEX_NAME`) has three collections, so that one server holds many indexes
and an ingest only ever touches its own::

    ic-N-chunks   chunk vectors, texts and metadata (queried for dense retrieval)
    ic-N-units    each document version's unit vectors (sentences, list items, table rows) as
                  float16 bytes, `<content_hash>:<part>`
    ic-N-meta     each document version's file (`doc:<hash>:<part>`), the state
                  (`state:<generation>:<part>`), the programme file and `head`

`head` names the committed generation. It is written last, so it is the commit point on the
server as state.json is in a folder; what an older generation alone needs is deleted after it.

Units and meta records hold their data in a metadata value (unlike a document, not indexed for
full-text search) and a one-number placeholder vector. App servers rank units in their own
memory, so the server needs no search graph over them: stored as vectors, a local server took
them at 450 units/s and gave them back at 4,000/s; as bytes, 4,600/s and 30,000/s.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import numpy as np

from .config import Settings
from .embeddings import offline_environment
from .errors import ServerIndexMissingError, StoreError

_PART_CHARS = 1_000_000
_PART_UNITS = 1000  # 384 float16 each: 1 MB of base64 per record
_BATCH = 1000
_NO_VECTOR = [1.0]  # meta records carry no vector, but Chroma stores one per record
HEAD = "head"
PROGRAMME = "programme"


def server_client(settings: Settings):  # noqa: ANN201 - chromadb.HttpClient
    """A client of the Chroma server at `settings.chroma_url` (telemetry off)."""
    offline_environment()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    url = urlparse(settings.chroma_url or "")
    return chromadb.HttpClient(
        host=url.hostname or "127.0.0.1",
        port=url.port or (443 if url.scheme == "https" else 8000),
        ssl=url.scheme == "https",
        settings=ChromaSettings(anonymized_telemetry=False),
    )


def server_collection(index_name: str, kind: str) -> str:
    """The name of an index's `kind` collection ("chunks", "units" or "meta") on a server."""
    return f"ic-{index_name}-{kind}"


def index_names(client: Any) -> list[str]:
    """The names of the indexes a server holds (for the message of a name it does not)."""
    names = [getattr(c, "name", c) for c in client.list_collections()]
    return sorted(n[3:-5] for n in names if n.startswith("ic-") and n.endswith("-meta"))


@dataclass(frozen=True)
class Head:
    """The server's commit record: the committed generation and how to read its state."""

    generation: str
    parts: int
    programme_sha: str = ""


@dataclass(frozen=True)
class Upload:
    """One document version to publish: its file (as the folder holds it) and its unit vectors."""

    document: dict[str, Any]
    unit_vectors: np.ndarray | None


class ServerMoved(StoreError):
    """A record the head named is gone: an ingest committed a newer generation meanwhile."""


def _split(text: str) -> list[str]:
    return [text[i : i + _PART_CHARS] for i in range(0, len(text), _PART_CHARS)] or [""]


def _batches(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


class ServerIndex:
    """The units and meta collections of one named index on a Chroma server."""

    def __init__(self, settings: Settings, units: Any, meta: Any) -> None:
        self.settings = settings
        self.units = units
        self.meta = meta

    @classmethod
    def open(cls, settings: Settings, create: bool = False) -> ServerIndex:
        """Connect and open the index's collections; `create` (for an ingest) makes them where there
        are none. A `ServerIndexMissingError` naming the indexes the server holds when the name is
        unknown there, a `StoreError` naming the URL if the server cannot be reached."""
        from chromadb.errors import NotFoundError

        name = settings.index_name
        try:
            client = server_client(settings)
            get = client.get_or_create_collection if create else client.get_collection
            units = get(server_collection(name, "units"), embedding_function=None)
            meta = get(server_collection(name, "meta"), embedding_function=None)
        except NotFoundError:
            raise ServerIndexMissingError(name, str(settings.chroma_url), index_names(client), settings.index_dir) from None
        except Exception as exc:
            raise StoreError(f"cannot open Chroma at {settings.chroma_url}: {exc}") from exc
        return cls(settings, units, meta)

    # --- reading -------------------------------------------------------------------------

    def head(self) -> Head | None:
        """The committed generation, or None when nothing was ever committed under this name."""
        got = self.meta.get(ids=[HEAD], include=["metadatas"])
        if not got["ids"]:
            return None
        meta = got["metadatas"][0]
        return Head(str(meta["generation"]), int(meta["parts"]), str(meta.get("programme_sha", "")))

    def _read_text(self, ids: list[str]) -> str:
        got = self.meta.get(ids=ids, include=["metadatas"])
        blobs = dict(zip(got["ids"], (m["blob"] for m in got["metadatas"])))
        if len(blobs) != len(ids):
            raise ServerMoved(f"index {self.settings.index_name!r} changed on the server while it was read")
        return "".join(blobs[i] for i in ids)

    def read_state(self, head: Head) -> dict[str, Any]:
        """The state committed as `head`."""
        return json.loads(self._read_text([f"state:{head.generation}:{i}" for i in range(head.parts)]))

    def read_document(self, digest: str) -> tuple[dict[str, Any], np.ndarray | None]:
        """A document version's file and its unit vectors (float16, as a folder keeps them; None
        when it has no units)."""
        first = self.meta.get(ids=[f"doc:{digest}:0"], include=["metadatas"])
        if not first["ids"]:
            raise ServerMoved(f"document version {digest} is no longer on the server")
        parts = int(first["metadatas"][0]["parts"])
        document = json.loads(self._read_text([f"doc:{digest}:{i}" for i in range(parts)]))
        rows = len(document.get("sentences", []))
        if not rows:
            return document, None
        ids = [f"{digest}:{part}" for part in range(-(-rows // _PART_UNITS))]
        got = self.units.get(ids=ids, include=["metadatas"])
        found = dict(zip(got["ids"], got["metadatas"]))
        if len(found) != len(ids):
            raise ServerMoved(f"unit vectors of document version {digest} are no longer on the server")
        vectors = np.concatenate([
            np.frombuffer(base64.b64decode(found[i]["blob"]), dtype=np.float16).reshape(-1, int(found[i]["dim"]))
            for i in ids
        ])
        if len(vectors) != rows:
            raise StoreError(f"document version {digest} on the server has {rows} units but {len(vectors)} vectors")
        return document, vectors

    def read_programme(self) -> bytes | None:
        got = self.meta.get(ids=[PROGRAMME], include=["metadatas"])
        return got["metadatas"][0]["blob"].encode("utf-8") if got["ids"] else None

    def document_hashes(self) -> set[str]:
        """Document versions whose files are on the server."""
        return {i.split(":")[1] for i in self._meta_ids() if i.startswith("doc:") and i.endswith(":0")}

    def _meta_ids(self) -> list[str]:
        return self.meta.get(include=[])["ids"]

    # --- writing -------------------------------------------------------------------------

    def publish(
        self,
        state: dict[str, Any],
        uploads: dict[str, Upload],
        removed: set[str],
        programme: bytes | None,
        expected: str | None,
    ) -> None:
        """Commit `state` on the server: the new document versions (`uploads`, by content hash)
        and the state first, then `head`, then delete what only older generations named
        (`removed` document versions). `expected` is the generation this writer last saw; when
        another writer has committed since, nothing is written."""
        current = self.head()
        if expected is not None and current is not None and current.generation != expected:
            raise StoreError(
                f"index {self.settings.index_name!r} on {self.settings.chroma_url} was committed by another "
                f"ingest (generation {current.generation}) while this one ran: run the ingest again"
            )
        for digest, upload in uploads.items():
            self._put_document(digest, upload)
        programme_sha = hashlib.sha256(programme).hexdigest() if programme is not None else ""
        if programme is not None and (current is None or current.programme_sha != programme_sha):
            self._put_text(PROGRAMME, programme.decode("utf-8"), {"kind": "programme"})
        generation = state["generation"]
        parts = _split(json.dumps(state, ensure_ascii=False))
        for i, part in enumerate(parts):
            self._put_text(f"state:{generation}:{i}", part, {"kind": "state", "generation": generation})
        self.meta.upsert(
            ids=[HEAD],
            embeddings=[_NO_VECTOR],
            metadatas=[{"kind": "head", "generation": generation, "parts": len(parts), "programme_sha": programme_sha}],
        )
        if current is not None and current.generation != generation:
            self.meta.delete(ids=[f"state:{current.generation}:{i}" for i in range(current.parts)])
        self._delete_documents(sorted(removed))

    def _put_text(self, record: str, text: str, metadata: dict[str, Any]) -> None:
        self.meta.upsert(ids=[record], embeddings=[_NO_VECTOR], metadatas=[{**metadata, "blob": text}])

    def _put_document(self, digest: str, upload: Upload) -> None:
        # Units before the file: a reader that finds a file finds its vectors.
        rows = len(upload.document.get("sentences", []))
        vectors = upload.unit_vectors
        if rows and (vectors is None or len(vectors) != rows):
            raise StoreError(f"document version {digest}: {rows} units but {0 if vectors is None else len(vectors)} vectors")
        for part, first in enumerate(range(0, rows, _PART_UNITS)):
            block = np.ascontiguousarray(vectors[first : first + _PART_UNITS], dtype=np.float16)
            self.units.upsert(
                ids=[f"{digest}:{part}"],
                embeddings=[_NO_VECTOR],
                metadatas=[{"doc": digest, "part": part, "dim": block.shape[1],
                            "blob": base64.b64encode(block.tobytes()).decode("ascii")}],
            )
        parts = _split(json.dumps(upload.document, ensure_ascii=False))
        for i, part in enumerate(parts):
            self._put_text(f"doc:{digest}:{i}", part, {"kind": "doc", "doc": digest, "part": i, "parts": len(parts)})

    def _delete_documents(self, digests: list[str]) -> None:
        for batch in _batches(digests):
            self.meta.delete(where={"doc": {"$in": batch}})
            self.units.delete(where={"doc": {"$in": batch}})

    def sweep(self, live: set[str]) -> int:
        """Delete the records no committed generation names (left by an interrupted publish):
        document versions outside `live` and states other than the head's. Returns how many."""
        head = self.head()
        keep_state = {f"state:{head.generation}:{i}" for i in range(head.parts)} if head else set()
        stale = [
            i for i in self._meta_ids()
            if (i.startswith("doc:") and i.split(":")[1] not in live) or (i.startswith("state:") and i not in keep_state)
        ]
        for batch in _batches(stale):
            self.meta.delete(ids=batch)
        units = [i for i in self.units.get(include=[])["ids"] if i.split(":")[0] not in live]
        for batch in _batches(units):
            self.units.delete(ids=batch)
        return len(stale) + len(units)
