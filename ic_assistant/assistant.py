"""The public API: `build_assistant(settings)` loads once; `ask` and `search` answer."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from .backends import AnswerBackend, make_backend
from .combined_answer import combined
from .config import Settings
from .corpus_state import HashCache, changed_sources, corpus_fingerprint
from .embeddings import Embedder, shared_embedder
from .errors import IndexFileMissingError, PageGoneError, QuestionError, RequestError, SpanError
from .extractive import Lexicon
from .live import IndexParts, LiveIndex, load_index_parts
from .programme import Programme
from .question import Question, analyse, as_asked, questions_in, statements_and_question
from .prompts import REFUSAL, STALE_INDEX_WARNING
from .retrieval import HybridRetriever
from .scorer import AnswerModel, load_model
from .server_cache import mirror_server
from .sources import SourceFile, source_file
from .store import IndexStore
from .types import Answer, Citation, DocumentInfo, Filters, IndexStatus, Passage, Turn
from .verify import verify

History = Sequence[str | Turn]


class Assistant:
    """Answers and searches over one index, following it when an ingest commits a new generation.
    Thread-safe; share one per process."""

    def __init__(
        self,
        settings: Settings,
        store: IndexStore,
        retriever: HybridRetriever,
        backend: AnswerBackend,
        lexicon: Lexicon,
        programme: Programme | None = None,
        model: AnswerModel | None = None,
    ) -> None:
        self.settings = settings
        parts = IndexParts(store, retriever, backend, lexicon, programme or Programme())
        self._live = LiveIndex(settings, parts, model or getattr(backend, "model", None))
        self._hashes: HashCache = {}

    # The parts of the current index generation. A request reads them once (`parts = self._parts`)
    # so that a refresh between two of its steps cannot mix generations.
    @property
    def _parts(self) -> IndexParts:
        return self._live.parts

    @property
    def store(self) -> IndexStore:
        return self._parts.store

    @property
    def retriever(self) -> HybridRetriever:
        return self._parts.retriever

    @property
    def backend(self) -> AnswerBackend:
        return self._parts.backend

    @property
    def lexicon(self) -> Lexicon:
        return self._parts.lexicon

    @property
    def programme(self) -> Programme:
        return self._parts.programme

    def refresh(self, force: bool = False) -> bool:
        """Switch to a newer index generation if an ingest has committed one since; True if it
        did. Called at the start of every request; see `LiveIndex.refresh`."""
        return self._live.refresh(force)

    # --- questions ---------------------------------------------------------------------

    def check_question(self, question: str) -> str:
        """The question stripped, or a `QuestionError` saying what is wrong with it."""
        text = (question or "").strip()
        if not text:
            raise QuestionError("the question is empty: type a question about the Inclusive Cities documents.")
        limit = self.settings.answer.max_question_chars
        if len(text) > limit:
            raise QuestionError(
                f"the question is {len(text)} characters long; the limit is {limit} "
                "(IC_ANSWER__MAX_QUESTION_CHARS). Ask one shorter question."
            )
        return text

    def check_history(self, history: History) -> None:
        """A `RequestError` when a history holds too many earlier questions or one too long."""
        s = self.settings.answer
        if len(history) > s.max_history_items:
            raise RequestError(
                f"the history holds {len(history)} earlier questions; the limit is {s.max_history_items} "
                "(IC_ANSWER__MAX_HISTORY_ITEMS): send only the most recent ones."
            )
        for i, item in enumerate(_earlier(history), start=1):
            if len(item) > s.max_question_chars:
                raise RequestError(
                    f"earlier question {i} of the history is {len(item)} characters long; the limit is "
                    f"{s.max_question_chars} (IC_ANSWER__MAX_QUESTION_CHARS)."
                )

    def check_k(self, k: int | None) -> int:
        """`k` passages to return (the default when None), or a `RequestError` when out of range."""
        if k is None:
            return self.settings.retrieval.k_final
        limit = self.settings.retrieval.max_k
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= limit:
            raise RequestError(f"k must be a whole number from 1 to {limit} (IC_RETRIEVAL__MAX_K), not {k!r}.")
        return k

    def resolve(self, question: str, history: History = ()) -> str:
        """The standalone question a follow-up stands for (condensed by the LLM when there is one)."""
        return self._resolve(self._parts, *self.as_asked(question, history))

    def as_asked(self, question: str, history: History = ()) -> tuple[str, list[str]]:
        """The question and the earlier ones as the answer model's dev questions are written
        (`question.as_asked`), typos respelled (`BM25Index.respelled`)."""
        bm25, names = self._parts.retriever.bm25, self._parts.programme.name_words
        # Statements typed before the question are read as earlier turns: context (`analyse`).
        statements, question = statements_and_question(question)
        earlier = _said(_earlier(history)) + statements
        recased = self._parts.programme.recased
        return (bm25.respelled(recased(as_asked(question)), names),
                [bm25.respelled(recased(q), names) for q in earlier])

    def _resolve(
        self, parts: IndexParts, question: str, earlier: list[str], analysis: Question | None = None,
    ) -> str:
        """The standalone question: the LLM's condensing when there is one, else `analysis`'s (the
        question analysed with `earlier`, made here when not given)."""
        if not earlier:
            return question
        condense = getattr(parts.backend, "condense", None)
        if condense is not None:
            return condense(question, earlier)
        return (analysis or analyse(question, parts.programme, earlier)).standalone

    def ask(
        self, question: str, history: History = (), filters: Filters = Filters(), explain: bool = False
    ) -> Answer:
        """Answer `question` (in the context of earlier user questions) with verified citations. A
        message of several questions gets an answer to each in turn, each read after the ones
        before it as a follow-up is, and as one whenever it names nothing of its own (`analyse`'s
        `joined`; `combined_answer.combined`)."""
        question = self.check_question(question)
        self.check_history(history)
        self.refresh()
        pieces = questions_in(question)
        if len(pieces) == 1:
            return self._answer(question, history, filters, explain)
        answers: list[Answer] = []
        for i, piece in enumerate(pieces):
            said = tuple(c for a in answers for c in a.citations)
            answers.append(self._answer(piece, [*history, *pieces[:i]], filters, explain, said, joined=i > 0))
        return combined(question, [statements_and_question(p)[1] for p in pieces], answers)

    def _answer(
        self, question: str, history: History, filters: Filters, explain: bool, said: tuple[Citation, ...] = (),
        joined: bool = False,
    ) -> Answer:
        started = time.perf_counter()
        parts = self._parts
        asked, earlier = self.as_asked(question, history)
        analysis = analyse(asked, parts.programme, earlier, joined)
        standalone = self._resolve(parts, asked, earlier, analysis)
        retrieval = parts.retriever.retrieve(standalone, filters)
        passages = retrieval.passages
        timings = dict(retrieval.timings_ms)

        t = time.perf_counter()
        backend = parts.backend
        draft = backend.generate(standalone, passages, analysis=analysis, query_vector=retrieval.query_vector,
                                 said=said)
        timings["generate"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        checked = verify(draft.claims, draft.passages or passages, draft.proposed)
        timings["verify"] = (time.perf_counter() - t) * 1000
        refused = draft.refused or not checked.citations
        timings["total"] = (time.perf_counter() - started) * 1000

        explanation = {}
        if explain:
            explanation = {
                "standalone_question": standalone,
                "backend": backend.name,
                "candidates": [p.to_dict() for p in retrieval.candidates[:20]],
                "duplicates_dropped": retrieval.dropped_duplicates,
                "kept": [p.chunk.id for p in passages],
                "dropped_sentences": checked.dropped,
                **draft.details,
            }
            if refused and "reason" not in explanation:
                explanation["reason"] = "no sentence of the answer survived verification"
        return Answer(
            question=question,
            text=REFUSAL if refused else checked.text,
            citations=() if refused else _with_documents(parts.store, checked.citations),
            refused=refused,
            passages=tuple(passages),
            suggestions=_nearest_documents(passages) if refused else (),
            timings_ms=timings,
            warnings=self.warnings(),
            explanation=explanation,
            backend=backend.name,
        )

    def search(
        self, query: str, filters: Filters = Filters(), k: int | None = None, mode: str = "hybrid"
    ) -> list[Passage]:
        """Ranked passages for researchers: hybrid retrieval without an answer ("dense" or
        "bm25" for one retriever alone)."""
        query = self.check_question(query)
        k = self.check_k(k)
        self.refresh()
        return self.retriever.retrieve(query, filters, k=k, mode=mode).passages[:k]

    # --- the index -----------------------------------------------------------------------

    def status(self) -> IndexStatus:
        """What is indexed, and whether the corpus folder has changed since (checked now)."""
        self.refresh()
        store = self._parts.store
        changes = self._changes(store)
        documents = tuple(_documents(store).values())
        return IndexStatus(documents, bool(changes), changes, store.state.get("updated_at", ""))

    def _changes(self, store: IndexStore) -> tuple[str, ...]:
        """Sources added, changed or removed in the corpus folder since `store`'s generation (none
        for an app server of a Chroma server index without a corpus folder: its ingest is elsewhere)."""
        if self.settings.chroma_url and not self.settings.corpus_dir.is_dir():
            return ()
        current = corpus_fingerprint(self.settings.corpus_dir, self.settings.ingest.max_file_mb, self._hashes)
        return changed_sources(store.state.get("fingerprint", {}), current)

    def documents(self) -> dict[str, DocumentInfo]:
        """The documents of the current index generation by source (no corpus check)."""
        return _documents(self._parts.store)

    def warnings(self) -> tuple[str, ...]:
        """The stale-index warning when the corpus differs from what the index holds now."""
        changes = self._changes(self._parts.store)
        return (STALE_INDEX_WARNING.format(changes=", ".join(changes)),) if changes else ()

    def page_text(self, source: str, page: int | None) -> str:
        """The cleaned text of a page (or of a whole non-PDF document) that offsets point into.

        If an ingest has replaced or removed the document meanwhile, the state is read again once;
        a page still missing then is a `PageGoneError` (the citation is from an older index)."""
        self.refresh()
        for attempt in range(2):
            try:
                for p in self._parts.store.load_pages(source) if source in self._parts.store.documents else ():
                    if p.number == page:
                        return p.text
            except IndexFileMissingError:
                pass  # an ingest pruned this version's file between our refresh and the read
            if attempt == 0:
                self.refresh(force=True)
        where = f"page {page} of {source}" if page is not None else source
        raise PageGoneError(
            f"{where} is no longer in the index at {self.settings.index_dir}: the document was re-ingested "
            "or removed since this answer. Ask again to cite its current text."
        )

    def source_text(self, source: str, page: int | None = None, start: int = 0, end: int | None = None) -> str:
        """The cleaned text `page_text(source, page)` after checking that `source`, `page` and
        the offsets `start:end` exist; a `SpanError` saying which does not, otherwise."""
        self.refresh()
        store = self._parts.store
        documents = _documents(store)
        if source not in documents:
            known = ", ".join(sorted(documents)[:5]) + (", ..." if len(documents) > 5 else "")
            raise SpanError(
                f"{source} is not in the index at {self.settings.index_dir} (it holds {known or 'nothing'})."
            )
        numbers = [p.number for p in store.load_pages(source)]
        if page not in numbers:
            if numbers == [None]:
                raise SpanError(f"{source} has no pages: its offsets index the whole document, so leave out --page.")
            pages = f"pages {min(numbers)} to {max(numbers)}"
            if page is None:
                raise SpanError(f"{source} has {pages}: say which with --page.")
            raise SpanError(f"{source} has no page {page}: it has {pages}.")
        text = self.page_text(source, page)
        end = len(text) if end is None else end
        if not 0 <= start < end <= len(text):
            where = f"page {page} of {source}" if page is not None else source
            raise SpanError(
                f"offsets {start}:{end} are outside {where}, whose cleaned text has {len(text)} characters "
                "(start must be >= 0 and below end, end at most the length)."
            )
        return text

    def source_file(self, source: str) -> SourceFile:
        """The original corpus file of an indexed document and its media type (for the web app's
        links); a `SpanError` when `source` names no indexed document inside the corpus folder."""
        return source_file(self.settings.corpus_dir, source, self.documents())

    def with_backend(self, name: str) -> Assistant:
        """The same index and model with another answer backend (used by the eval baselines)."""
        settings = self.settings.with_overrides(answer=self.settings.answer.model_copy(update={"backend": name}))
        parts = self._parts
        backend = make_backend(settings, parts.retriever.embedder, parts.lexicon, parts.retriever.sentences,
                               parts.programme, self._live.model, parts.retriever.chunks)
        return Assistant(settings, parts.store, parts.retriever, backend, parts.lexicon, parts.programme, self._live.model)


def _documents(store: IndexStore) -> dict[str, DocumentInfo]:
    return {
        d["source"]: DocumentInfo(
            source=d["source"],
            title=d["title"],
            doc_type=d["doc_type"],
            year=d["year"],
            pages=d["pages"],
            chunks=d["chunks"],
            ingested_at=d["ingested_at"],
            url=d.get("url", ""),
        )
        for d in sorted(store.state["documents"].values(), key=lambda d: d["source"])
    }


def _with_documents(store: IndexStore, citations: Sequence[Citation]) -> tuple[Citation, ...]:
    """Citations with their document's year and URL from the index state (read for the cited
    documents only: an index may hold thousands)."""
    documents = store.state["documents"]
    return tuple(
        replace(c, year=documents[c.source]["year"], url=documents[c.source].get("url", ""))
        if c.source in documents else c
        for c in citations
    )


def _earlier(history: History) -> list[str]:
    earlier = [t.question if isinstance(t, Turn) else t for t in history]
    return [q.strip() for q in earlier if q and q.strip()]


def _said(messages: Sequence[str]) -> list[str]:
    """Earlier messages as `analyse` reads them: each question's statements, then the question as
    asked, for each question of each message."""
    said: list[str] = []
    for message in messages:
        for piece in questions_in(message):
            statements, question = statements_and_question(piece)
            said += [*statements, as_asked(question)]
    return said


def _nearest_documents(passages: Sequence[Passage]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for p in passages:
        c = p.chunk
        if c.source not in seen:
            seen[c.source] = f"{c.title}" + (f", page {c.page}" if c.page else "")
    return tuple(list(seen.values())[:3])


def build_assistant(settings: Settings, embedder: Embedder | None = None) -> Assistant:
    """Open the index, load the model and the BM25 index, and pick the answer backend. With a
    Chroma server, the folder first gets the generation the server holds."""
    if settings.chroma_url:
        mirror_server(settings)
    store = IndexStore.open(settings)
    embedder = embedder or shared_embedder(settings.embedding)
    model = load_model(settings.answer.model_path)
    parts = load_index_parts(settings, store, embedder, model)
    return Assistant(settings, parts.store, parts.retriever, parts.backend, parts.lexicon, parts.programme, model)
