"""Small types that cross package boundaries: ingest -> store -> retrieval -> answer -> UI/CLI.

LangChain, Chroma and bm25s objects never leave the module that uses them; these do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

@dataclass(frozen=True)
class Page:
    """One unit of source text: a PDF page (number >= 1) or a whole web/text document (number None)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Document:
    """A parsed corpus file with its metadata and cleaned text, page by page."""

    id: str
    source: str  # file name relative to the corpus folder, e.g. "report.pdf"
    title: str
    doc_type: str
    year: int | None
    pages: tuple[Page, ...]
    content_hash: str
    publisher: str = ""
    url: str = ""
    authors: str = ""


@dataclass(frozen=True)
class Span:
    """A structural unit inside a chunk: offsets in chunk.text."""

    kind: str  # "paragraph" | "list_item" | "table_row" | "heading"
    start: int
    end: int
    context: str = ""  # table row: caption and column headers; list item: the list's lead-in; paragraph: the item it goes on from
    breaks: tuple[int, ...] = ()  # offsets in chunk.text where a page break cut the block (a PDF's)


@dataclass(frozen=True)
class Chunk:
    """A retrievable span of a page: ``page_text[start:end] == text``."""

    id: str
    doc_id: str
    source: str
    title: str
    doc_type: str
    year: int | None
    page: int | None
    section: str
    start: int
    end: int
    text: str
    cities: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()  # the heading path, outermost first; `section` is the innermost
    spans: tuple[Span, ...] = ()  # every block of the chunk: chunk.text[s.start:s.end] is its text

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Chunk:
        """Rebuild a chunk from its JSON form (`asdict`): lists back to tuples and spans."""
        spans = tuple(Span(**{**s, "breaks": tuple(s.get("breaks", ()))}) for s in raw.get("spans", ()))
        cities, headings = tuple(raw.get("cities", ())), tuple(raw.get("headings", ()))
        return cls(**{**raw, "cities": cities, "headings": headings, "spans": spans})

    @property
    def unquoted_context(self) -> tuple[str, ...]:
        """What its blocks sit under that its text does not hold: a table's column headers (the
        header row is not a row of the chunk), a list's lead-in left on the page before. Read by
        retrieval with the text, never quoted."""
        seen = dict.fromkeys(s.context for s in self.spans if s.context and s.context not in self.text)
        return tuple(seen)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its scores, as returned by ``Assistant.search``."""

    chunk: Chunk
    score: float  # fused (RRF) score used for ranking
    dense_rank: int | None = None
    bm25_rank: int | None = None
    dense_score: float | None = None
    bm25_score: float | None = None
    retrieved: bool = True  # False: a chunk next to a retrieved one, read for an outline's labels (`outlines.py`)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.chunk.source,
            "title": self.chunk.title,
            "doc_type": self.chunk.doc_type,
            "year": self.chunk.year,
            "page": self.chunk.page,
            "section": self.chunk.section,
            "start": self.chunk.start,
            "end": self.chunk.end,
            "text": self.chunk.text,
            "score": round(self.score, 6),
            "dense_rank": self.dense_rank,
            "bm25_rank": self.bm25_rank,
            "chunk_id": self.chunk.id,
        }


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer: a verbatim quote with its place in the source text."""

    n: int
    source: str
    title: str
    page: int | None
    section: str
    quote: str
    start: int  # offsets of the quote in the cleaned text of `page` (or of the document)
    end: int
    chunk_id: str = ""
    year: int | None = None  # the document's, filled in by the Assistant from the index state
    url: str = ""
    context: str = ""  # what the quote sits under, never quoted: a table's caption and headers, a list's lead-in

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What ``Assistant.ask`` returns, whatever the backend."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    passages: tuple[Passage, ...] = ()
    suggestions: tuple[str, ...] = ()  # titles of the nearest documents, given when refused
    timings_ms: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    explanation: dict[str, Any] = field(default_factory=dict)
    backend: str = "extractive"
    parts: tuple[str, ...] = ()  # a message of several questions: each, on the first line of its paragraph

    @property
    def body(self) -> str:
        """The text without the questions a message of several opens its paragraphs with: what the
        documents say, as the evals score it (a key fact the user's own question holds is not found
        by echoing it)."""
        text, at = self.text, 0
        for question in self.parts:  # each opens the text or a paragraph, in turn
            line = f"{question}\n"
            found = text.find(line, at)
            while found > 0 and text[found - 2 : found] != "\n\n":
                found = text.find(line, found + 1)
            if found >= 0:
                text, at = text[:found] + text[found + len(line) :], found
        return text

    def to_dict(self, include_passages: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": list(self.suggestions),
            "warnings": list(self.warnings),
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "backend": self.backend,
        }
        if include_passages:
            data["passages"] = [p.to_dict() for p in self.passages]
        if self.parts:
            data["parts"] = list(self.parts)
        if self.explanation:
            data["explanation"] = self.explanation
        return data


@dataclass(frozen=True)
class Filters:
    """Scope of a search or a conversation; every field is optional and they combine with AND."""

    sources: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    cities: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.sources or self.doc_types or self.cities) and self.year_min is None and self.year_max is None


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation, used to resolve follow-up questions."""

    question: str
    answer: Answer | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What the index holds about one document (for the Documents view)."""

    source: str
    title: str
    doc_type: str
    year: int | None
    pages: int
    chunks: int
    ingested_at: str
    url: str = ""


@dataclass(frozen=True)
class IndexStatus:
    """The index compared with the corpus folder as it is now."""

    documents: tuple[DocumentInfo, ...]
    stale: bool
    changed: tuple[str, ...] = ()  # sources added, changed or deleted since the last ingest
    ingested_at: str = ""

    @property
    def chunk_count(self) -> int:
        return sum(d.chunks for d in self.documents)


@dataclass
class Draft:
    """A backend's answer before verification: claims with the passage numbers they cite."""

    claims: list[tuple[str, list[int]]]
    refused: bool = False
    # (claim index, passage number) -> quote offsets in that passage's chunk text
    proposed: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)  # scores and reasons for --explain
    # The passages its claims number, when more than those retrieved: an outline quotes chunks next
    # to them (`outlines.outline_reach`). None: the retrieved ones.
    passages: list[Passage] | None = None
