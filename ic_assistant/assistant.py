"""The public API: `build_assistant(settings)` loads once; `ask` and `search` answer."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from .backends import AnswerBackend, make_backend
from .config import Settings
from .corpus_state import changed_sources, corpus_fingerprint
from .embeddings import Embedder, shared_embedder
from .errors import QuestionError, SpanError
from .extractive import Lexicon
from .programme import Programme, load_programme
from .question import analyse
from .lexical import BM25Index
from .prompts import REFUSAL, STALE_INDEX_WARNING
from .retrieval import HybridRetriever
from .scorer import load_model
from .sentences import SentenceIndex
from .store import IndexStore
from .types import Answer, Citation, DocumentInfo, Filters, IndexStatus, Passage, Turn
from .verify import verify

History = Sequence[str | Turn]


class Assistant:
    """Answers and searches over one index. Thread-safe for reads; share one per process."""

    def __init__(
        self,
        settings: Settings,
        store: IndexStore,
        retriever: HybridRetriever,
        backend: AnswerBackend,
        lexicon: Lexicon,
        programme: Programme | None = None,
    ) -> None:
        self.settings = settings
        self.programme = programme or Programme()
        self.store = store
        self.retriever = retriever
        self.backend = backend
        self.lexicon = lexicon
        self._status = self.status()

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

    def resolve(self, question: str, history: History = ()) -> str:
        """The standalone question a follow-up stands for (condensed by the LLM when there is one)."""
        earlier = _earlier(history)
        if not earlier:
            return question
        condense = getattr(self.backend, "condense", None)
        if condense is not None:
            return condense(question, earlier)
        return analyse(question, self.programme, earlier).standalone

    def ask(
        self, question: str, history: History = (), filters: Filters = Filters(), explain: bool = False
    ) -> Answer:
        """Answer `question` (in the context of earlier user questions) with verified citations."""
        started = time.perf_counter()
        question = self.check_question(question)
        earlier = _earlier(history)
        analysis = analyse(question, self.programme, earlier)
        standalone = self.resolve(question, earlier) if earlier else question
        retrieval = self.retriever.retrieve(standalone, filters)
        passages = retrieval.passages
        timings = dict(retrieval.timings_ms)

        t = time.perf_counter()
        if self.backend.name == "extractive":
            draft = self.backend.generate(standalone, passages, analysis=analysis, query_vector=retrieval.query_vector)
        else:
            draft = self.backend.generate(standalone, passages)
        timings["generate"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        checked = verify(draft.claims, passages, draft.proposed)
        timings["verify"] = (time.perf_counter() - t) * 1000
        refused = draft.refused or not checked.citations
        timings["total"] = (time.perf_counter() - started) * 1000

        explanation = {}
        if explain:
            explanation = {
                "standalone_question": standalone,
                "backend": self.backend.name,
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
            citations=() if refused else self._with_documents(checked.citations),
            refused=refused,
            passages=tuple(passages),
            suggestions=_nearest_documents(passages) if refused else (),
            timings_ms=timings,
            warnings=self.warnings(),
            explanation=explanation,
            backend=self.backend.name,
        )

    def search(
        self, query: str, filters: Filters = Filters(), k: int | None = None, mode: str = "hybrid"
    ) -> list[Passage]:
        """Ranked passages for researchers: hybrid retrieval without an answer ("dense" or
        "bm25" for one retriever alone)."""
        query = self.check_question(query)
        k = k or self.settings.retrieval.k_final
        return self.retriever.retrieve(query, filters, k=k, mode=mode).passages[:k]

    # --- the index -----------------------------------------------------------------------

    def status(self) -> IndexStatus:
        """What is indexed, and whether the corpus folder has changed since."""
        state = self.store.state
        recorded = state.get("fingerprint", {})
        changes = changed_sources(recorded, corpus_fingerprint(self.settings.corpus_dir, self.settings.ingest.max_file_mb))
        documents = tuple(
            DocumentInfo(
                source=d["source"],
                title=d["title"],
                doc_type=d["doc_type"],
                year=d["year"],
                pages=d["pages"],
                chunks=d["chunks"],
                ingested_at=d["ingested_at"],
                url=d.get("url", ""),
            )
            for d in sorted(state["documents"].values(), key=lambda d: d["source"])
        )
        self._status = IndexStatus(documents, bool(changes), changes, state.get("updated_at", ""))
        return self._status

    def warnings(self) -> tuple[str, ...]:
        if not self._status.stale:
            return ()
        return (STALE_INDEX_WARNING.format(changes=", ".join(self._status.changed)),)

    def page_text(self, source: str, page: int | None) -> str:
        """The cleaned text of a page (or of a whole non-PDF document) that offsets point into."""
        for p in self.store.load_pages(source):
            if p.number == page:
                return p.text
        raise KeyError(f"{source} has no page {page}")

    def source_text(self, source: str, page: int | None = None, start: int = 0, end: int | None = None) -> str:
        """The cleaned text `page_text(source, page)` after checking that `source`, `page` and
        the offsets `start:end` exist; a `SpanError` saying which does not, otherwise."""
        documents = {d.source: d for d in self._status.documents}
        if source not in documents:
            known = ", ".join(sorted(documents)[:5]) + (", ..." if len(documents) > 5 else "")
            raise SpanError(
                f"{source} is not in the index at {self.settings.index_dir} (it holds {known or 'nothing'})."
            )
        numbers = [p.number for p in self.store.load_pages(source)]
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

    def with_backend(self, name: str) -> Assistant:
        """The same index and model with another answer backend (used by the eval baselines)."""
        settings = self.settings.with_overrides(answer=self.settings.answer.model_copy(update={"backend": name}))
        model = getattr(self.backend, "model", None)
        backend = make_backend(settings, self.retriever.embedder, self.lexicon, self.retriever.sentences, self.programme,
                               model)
        return Assistant(settings, self.store, self.retriever, backend, self.lexicon, self.programme)

    def _with_documents(self, citations: Sequence[Citation]) -> tuple[Citation, ...]:
        """Citations with their document's year and URL from the index state."""
        documents = {d.source: d for d in self._status.documents}
        return tuple(
            replace(c, year=documents[c.source].year, url=documents[c.source].url) if c.source in documents else c
            for c in citations
        )


def _earlier(history: History) -> list[str]:
    earlier = [t.question if isinstance(t, Turn) else t for t in history]
    return [q.strip() for q in earlier if q and q.strip()]


def _nearest_documents(passages: Sequence[Passage]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for p in passages:
        c = p.chunk
        if c.source not in seen:
            seen[c.source] = f"{c.title}" + (f", page {c.page}" if c.page else "")
    return tuple(list(seen.values())[:3])


def build_assistant(settings: Settings, embedder: Embedder | None = None) -> Assistant:
    """Open the index, load the model and the BM25 index, and pick the answer backend."""
    store = IndexStore.open(settings)
    embedder = embedder or shared_embedder()
    chunks = store.load_chunks()
    bm25 = BM25Index.load(settings.index_dir / "bm25")
    if bm25 is None or bm25.generation != store.state["generation"]:
        # An interrupted ingest left the saved BM25 index behind the state: rebuild in memory.
        bm25 = BM25Index.build(chunks, store.state["generation"])
    sentences = SentenceIndex(*store.load_sentences())
    model = load_model(settings.answer.model_path)
    retriever = HybridRetriever(settings.retrieval, store, embedder, chunks, bm25, sentences, model.passage)
    # Section headings and document titles name a topic; they are never quoted as an answer.
    headings = frozenset(c.section for c in chunks if c.section) | frozenset(c.title for c in chunks)
    lexicon = Lexicon([c.text for c in chunks], headings)
    programme = load_programme(settings.corpus_dir)
    backend = make_backend(settings, embedder, lexicon, sentences, programme, model)
    return Assistant(settings, store, retriever, backend, lexicon, programme)

