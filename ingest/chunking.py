"""Structure-aware chunking: headings and paragraphs first, then whole sentences.

Chunks never cross a page or (unless tiny) a heading, never cut a sentence, and keep exact
offsets: ``page.text[chunk.start:chunk.end] == chunk.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ic_assistant.config import ChunkingSettings
from ic_assistant.embeddings import count_tokens
from ic_assistant.programme import Programme
from ic_assistant.text import split_sentences
from ic_assistant.types import Chunk, Document

from .loaders import HEADING, ParsedFile

_MIN_TOKENS = 48  # a section smaller than this shares a chunk with what follows it


@dataclass(frozen=True)
class _Unit:
    """A sentence (or heading) with its offsets in the page text and its section."""

    start: int
    end: int
    tokens: int
    section: str
    heading: bool = False


def chunk_id(source: str, page: int | None, start: int, text: str) -> str:
    """Stable content hash: the same text at the same place always gets the same id."""
    return hashlib.sha256(f"{source}\x00{page}\x00{start}\x00{text}".encode()).hexdigest()[:32]


def chunk_document(
    doc: Document, parsed: ParsedFile, settings: ChunkingSettings, programme: Programme | None = None
) -> list[Chunk]:
    """Split a parsed document into chunks of about `settings.target_tokens` word-pieces; each
    records the programme's cities it names (for the city filter)."""
    programme = programme or Programme()
    chunks: list[Chunk] = []
    section = ""
    for page in parsed.pages:
        units: list[_Unit] = []
        for block in page.blocks:
            if block.kind == HEADING:
                section = block.text
                units.append(_Unit(block.start, block.end, count_tokens(block.text), section, heading=True))
                continue
            for s, e in split_sentences(block.text):
                text = block.text[s:e]
                units.append(_Unit(block.start + s, block.start + e, count_tokens(text), section))
        for group in _pack(units, settings):
            start, end = group[0].start, group[-1].end
            text = page.text[start:end]
            label = next((u.section for u in group if not u.heading), group[0].section)
            chunks.append(
                Chunk(
                    id=chunk_id(doc.source, page.number, start, text),
                    doc_id=doc.id,
                    source=doc.source,
                    title=doc.title,
                    doc_type=doc.doc_type,
                    year=doc.year,
                    page=page.number,
                    section=label,
                    start=start,
                    end=end,
                    text=text,
                    cities=programme.cities_in(text),
                )
            )
    return chunks


def _pack(units: list[_Unit], settings: ChunkingSettings) -> list[list[_Unit]]:
    """Greedy packing of sentences into chunks, with whole-sentence overlap inside a section."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    size = 0
    for unit in units:
        new_section = unit.heading and current
        too_big = size + unit.tokens > settings.target_tokens and size > 0
        if (new_section and size >= _MIN_TOKENS) or too_big:
            groups.append(current)
            overlap: list[_Unit] = []
            if not new_section and not unit.heading:
                # Overlap never pushes the next chunk past the hard ceiling.
                budget = min(settings.overlap_tokens, settings.max_tokens - unit.tokens)
                for prev in reversed(current):
                    if prev.heading or prev.tokens > budget or len(overlap) + 1 >= len(current):
                        break
                    overlap.insert(0, prev)
                    budget -= prev.tokens
            current, size = overlap, sum(u.tokens for u in overlap)
        current.append(unit)
        size += unit.tokens
    if current and all(u.heading for u in current):
        # A heading at the foot of a page has its text on the next page; alone it says nothing.
        current = []
    if current:
        if groups and size < _MIN_TOKENS // 2 and all(not u.heading for u in current):
            # A short tail joins the previous chunk unless that would break the hard ceiling.
            tail_tokens = sum(u.tokens for u in groups[-1])
            if tail_tokens + size <= settings.max_tokens:
                groups[-1] = groups[-1] + [u for u in current if u not in groups[-1]]
                return groups
        groups.append(current)
    return groups
