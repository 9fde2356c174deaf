"""An app server's index folder as a cache of the named index on a Chroma server.

`mirror_server` copies the generation the server has committed into the folder with the store's
own writers (document files, unit vectors, the BM25 index and lexicon tagged with the
generation, state.json last), so the rest of the code reads it as an index it built. Document
versions the folder already holds intact are kept, not fetched again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from .config import Settings
from .corpus_state import file_sha256
from .errors import ICError, IndexBusyError, ServerIndexMissingError, StoreError
from .index_lock import index_lock
from .integrity import bm25_checksums
from .lexical import BM25Index
from .lexicon_file import LEXICON_FILE, build_lexicon, save_lexicon
from .programme import PROGRAMME_FILE
from .server_sync import Head, ServerIndex, ServerMoved, index_names, server_client
from .store import DocumentWrite, IndexStore, collection_name, open_collection
from .tables import prune_tables, write_tables_from
from .types import Chunk, Page

log = logging.getLogger(__name__)

_ATTEMPTS = 3


def mirror_server(
    settings: Settings, *, locked: bool = False, derive: bool = True, server: ServerIndex | None = None,
    serving: str = "",
) -> bool:
    """Bring `settings.index_dir` to the generation the server holds under `settings.index_name`;
    True if it copied one. `locked`: the caller (an ingest) holds the folder's lock; otherwise a
    folder an ingest is writing is left to it. `derive` builds the BM25 index and lexicon too.
    `serving` is the generation the caller answers from: when the server holds it, the folder's
    state is not read (it is large, and a running app checks every few seconds).

    A reader (not `locked`) of a name the server does not know gets a `ServerIndexMissingError`
    naming the indexes it does know; an ingest goes on from its folder and publishes it."""
    server = server or ServerIndex.open(settings, create=locked)
    try:
        return _mirror(settings, server, locked, derive, serving)
    except ICError:
        raise
    except Exception as exc:  # the Chroma client's own errors: the server went away, or answered badly
        raise StoreError(f"cannot read index {settings.index_name!r} from Chroma at {settings.chroma_url}: {exc}") from exc


def _mirror(settings: Settings, server: ServerIndex, locked: bool, derive: bool, serving: str) -> bool:
    for _ in range(_ATTEMPTS):
        head = server.head()
        if head is None:
            if locked:
                return False
            names = index_names(server_client(settings))
            raise ServerIndexMissingError(settings.index_name, str(settings.chroma_url), names, settings.index_dir)
        if head.generation == serving or head.generation == _local_generation(settings.index_dir):
            return False
        try:
            if locked:
                _copy(settings, server, head, derive)
            else:
                with index_lock(settings.index_dir, 0):
                    _copy(settings, server, head, derive)
        except IndexBusyError:
            return False
        except ServerMoved as exc:
            log.info("index generation %s moved on while it was copied (%s): trying again", head.generation, exc)
            continue
        log.info("copied index %r generation %s from %s", settings.index_name, head.generation, settings.chroma_url)
        return True
    raise StoreError(
        f"index {settings.index_name!r} on {settings.chroma_url} changed {_ATTEMPTS} times while it was being "
        "copied: try again when the ingest has finished"
    )


def _local_generation(index_dir: Path) -> str:
    try:
        return str(json.loads((index_dir / "state.json").read_text(encoding="utf-8")).get("generation", ""))
    except (OSError, ValueError, AttributeError):
        return ""  # none, or damaged: copy the server's over it


def _local_documents(index_dir: Path) -> dict[str, dict[str, Any]]:
    """The folder's committed documents by content hash (empty when there is no readable state)."""
    try:
        documents = json.loads((index_dir / "state.json").read_text(encoding="utf-8"))["documents"]
        return {d["content_hash"]: d for d in documents.values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _intact(index_dir: Path, files: dict[str, str]) -> bool:
    try:
        return bool(files) and all(file_sha256(index_dir / name) == sha for name, sha in files.items())
    except OSError:
        return False


def _document_write(entry: dict[str, Any], document: dict[str, Any], units: np.ndarray | None) -> DocumentWrite:
    chunks = [Chunk.from_dict(raw) for raw in document["chunks"]]
    row = {c.id: i for i, c in enumerate(chunks)}
    return DocumentWrite(
        entry=entry,
        pages=[Page(p["number"], p["text"]) for p in document["pages"]],
        chunks=chunks,
        vectors=np.zeros((0, 0), dtype=np.float32),  # chunk vectors stay on the server
        sentences=[(row[cid], s, e) for cid, s, e in document.get("sentences", [])],
        sentence_vectors=units,
    )


def _copy(settings: Settings, server: ServerIndex, head: Head, derive: bool) -> None:
    state = server.read_state(head)
    held = _local_documents(settings.index_dir)
    store = IndexStore.local(settings, {**state, "documents": {}})
    for source, entry in sorted(state["documents"].items()):
        kept = held.get(entry["content_hash"])
        if kept is not None and _intact(settings.index_dir, kept.get("files", {})):
            store.documents[source] = {**entry, "files": kept["files"]}
            continue
        document, units = server.read_document(entry["content_hash"])
        store.save_documents([_document_write(entry, document, units)])
    if head.programme_sha:
        programme = settings.index_dir / PROGRAMME_FILE
        if not programme.is_file() or file_sha256(programme) != head.programme_sha:
            data = server.read_programme()
            if data is not None:
                _write_bytes(programme, data)
    extra: dict[str, Any] = {"bm25_files": None, "table_files": None}  # the writer's are not copied
    if derive:
        chunks = store.load_chunks()
        BM25Index.build(chunks, head.generation).save(settings.index_dir / "bm25")
        save_lexicon(build_lexicon(chunks), head.generation, settings.index_dir / LEXICON_FILE)
        extra["bm25_files"] = bm25_checksums(settings.index_dir)
        # The tables read the chunk vectors from the server's collection; nothing is written there.
        reader = IndexStore(settings, open_collection(settings, collection_name(settings, state)), store.state)
        extra["table_files"] = write_tables_from(reader, head.generation)
    store.commit(generation=head.generation, updated_at=state.get("updated_at", ""), **extra)
    prune_tables(settings.index_dir, head.generation)
    store.prune_doc_files()


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def programme_folder(settings: Settings) -> Path:
    """Where the programme file is read from: the corpus folder, or, for an app server of a Chroma
    server index that has no corpus folder, the copy `mirror_server` keeps in the index folder."""
    if settings.chroma_url and not (settings.corpus_dir / PROGRAMME_FILE).is_file():
        return settings.index_dir
    return settings.corpus_dir
