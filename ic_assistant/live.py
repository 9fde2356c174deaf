"""The index generation a running assistant answers from, switched when an ingest commits a new one.

`state.json` is the commit point of an ingest (see `store`): a new generation there means new
chunks, BM25 and sentence vectors. A long-running process (the web app) stats the file at each
request and, when it changed, builds the parts of the new generation beside the old ones and
swaps one reference, reusing the embedding and answer models it already holds. With a Chroma
server, it first asks the server for its generation (every `store.server_poll_s` at most) and
copies a newer one into the folder (`server_cache`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .backends import AnswerBackend, make_backend
from .config import Settings
from .embeddings import Embedder
from .errors import ICError, IndexMissingError, StoreError
from .extractive import Lexicon
from .lexical import BM25Index
from .lexicon_file import LEXICON_FILE, build_lexicon, load_lexicon
from .programme import Programme, load_programme
from .retrieval import HybridRetriever
from .scorer import AnswerModel, load_model
from .server_cache import mirror_server, programme_folder
from .store import IndexStore
from .tables import open_tables, tables_in_memory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexParts:
    """What answering needs from one index generation, built together and swapped as one."""

    store: IndexStore
    retriever: HybridRetriever
    backend: AnswerBackend
    lexicon: Lexicon
    programme: Programme

    @property
    def generation(self) -> str:
        return self.store.state.get("generation", "")


def load_index_parts(
    settings: Settings, store: IndexStore, embedder: Embedder, model: AnswerModel, backend: AnswerBackend | None = None
) -> IndexParts:
    """Chunks, BM25, sentence vectors, lexicon and retriever for the generation `store` holds, and
    the extractive backend over them (an LLM `backend` given here is kept: it reads no index)."""
    generation = store.state["generation"]
    tables = open_tables(settings.index_dir, generation, settings.retrieval)
    if tables is None:
        # An interrupted (or running) ingest, or an older version, left no tables for this generation.
        tables = tables_in_memory(store.load_chunks(), *store.load_sentences(), settings.retrieval)
    chunks = tables.chunks
    bm25 = BM25Index.load(settings.index_dir / "bm25")
    if bm25 is None or bm25.generation != generation:
        # An interrupted (or running) ingest left the saved BM25 index behind the state: rebuild in memory.
        bm25 = BM25Index.build(list(chunks.values()), generation)
    sentences = tables.sentences
    lexicon = load_lexicon(settings.index_dir / LEXICON_FILE, generation) or build_lexicon(list(chunks.values()))
    retriever = HybridRetriever(settings.retrieval, store, embedder, chunks, bm25, sentences, model.passage,
                                acronyms=lexicon.acronyms)
    programme = load_programme(programme_folder(settings))
    if backend is None or backend.name == "extractive":
        backend = make_backend(settings, embedder, lexicon, sentences, programme, model, chunks)
    return IndexParts(store, retriever, backend, lexicon, programme)


def _state_signature(path: Path) -> tuple[int, ...] | None:
    """A cheap stamp of state.json: ingest replaces it atomically, so any commit changes it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


class LiveIndex:
    """The current `IndexParts` of one index folder; `refresh` moves them to the newest generation."""

    def __init__(self, settings: Settings, parts: IndexParts, model: AnswerModel | None = None) -> None:
        self.settings = settings
        self.parts = parts
        self.model = model
        self._lock = threading.Lock()
        self._state_path = settings.index_dir / "state.json"
        self._signature: tuple[int, ...] | None = ()  # unknown: the first refresh reads the generation
        self._polled = time.monotonic()  # build_assistant has just copied the server's generation

    def refresh(self, force: bool = False) -> bool:
        """Switch to a newer index generation if an ingest has committed one since; True if it did.

        Costs one stat of state.json when nothing changed (`force` reads the state anyway). The new
        parts are built in full before they replace the old ones, so a request in flight finishes
        on the generation it started with. If the new generation cannot be loaded (an ingest is
        still pruning files), the current one keeps serving and the next request tries again.
        With a Chroma server, a newer generation there is first copied into the folder."""
        self._follow_server(force)
        signature = _state_signature(self._state_path)
        if signature == self._signature and not force:
            return False
        with self._lock:
            if signature == self._signature and not force:
                return False  # another thread refreshed meanwhile
            current = self.parts
            try:
                store = current.store.reopen()
                if store.state.get("generation") == current.generation:
                    self._signature = signature
                    return False
                model = self.model = self.model or load_model(self.settings.answer.model_path)
                parts = load_index_parts(self.settings, store, current.retriever.embedder, model, current.backend)
            except (StoreError, IndexMissingError) as exc:
                log.warning("keeping index generation %s: the new one cannot be loaded yet (%s)",
                            current.generation, exc)
                return False
            self.parts = parts
            self._signature = signature
            log.info("switched to index generation %s", parts.generation)
            return True

    def _follow_server(self, force: bool) -> None:
        """Copy the server's generation into the folder if it is newer (a no-op without a server)."""
        server = self.parts.store.server
        if server is None or (not force and time.monotonic() - self._polled < self.settings.store.server_poll_s):
            return
        self._polled = time.monotonic()
        try:
            mirror_server(self.settings, server=server, serving=self.parts.generation)
        except ICError as exc:
            log.warning("keeping index generation %s: cannot follow the Chroma server (%s)", self.parts.generation, exc)
