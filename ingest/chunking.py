"""Structure-aware chunking: headings, paragraphs, lists and table rows first, then whole sentences.

Chunks never cross a page or (unless tiny) a heading, never cut a sentence, keep a list with
its lead-in and a table row whole when they fit, and keep exact offsets:
``page.text[chunk.start:chunk.end] == chunk.text``. Each chunk records its heading path and
the blocks it holds (`Chunk.spans`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ic_assistant.config import ChunkingSettings
from ic_assistant.embeddings import count_tokens
from ic_assistant.programme import Programme
from ic_assistant.text import split_sentences
from ic_assistant.types import Chunk, Document, Span

from .blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block, ParsedFile, ParsedPage

_MIN_TOKENS = 48  # a section smaller than this shares a chunk with what follows it


@dataclass(frozen=True)
class _Unit:
    """A sentence, heading, list item or table row with its offsets in the page text and its headings."""

    start: int
    end: int
    tokens: int
    path: tuple[str, ...]  # heading path, outermost first
    heading: bool = False
    sentence: bool = False  # a sentence of a paragraph: the only kind repeated as overlap


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
    stack: list[tuple[int, str]] = []  # open headings (level, text); carried over page breaks
    for page in parsed.pages:
        atoms = _atoms(page.blocks, stack, settings)
        for group in _pack(atoms, settings):
            start, end = group[0].start, group[-1].end
            text = page.text[start:end]
            path = next((u.path for u in group if not u.heading), group[0].path)
            chunks.append(
                Chunk(
                    id=chunk_id(doc.source, page.number, start, text),
                    doc_id=doc.id,
                    source=doc.source,
                    title=doc.title,
                    doc_type=doc.doc_type,
                    year=doc.year,
                    page=page.number,
                    section=path[-1] if path else "",
                    start=start,
                    end=end,
                    text=text,
                    cities=programme.cities_in(text),
                    headings=path,
                    spans=_spans(page, start, end),
                )
            )
    return chunks


def _spans(page: ParsedPage, start: int, end: int) -> tuple[Span, ...]:
    """The blocks (or the parts of them) inside [start, end), with offsets in the chunk text."""
    return tuple(
        Span(b.kind, max(b.start, start) - start, min(b.end, end) - start, b.context,
             tuple(b.start + x - start for x in b.breaks if start < b.start + x < end))
        for b in page.blocks
        if b.start < end and b.end > start
    )


def _units(block: Block, path: tuple[str, ...], whole: bool) -> list[_Unit]:
    """A block's units: itself when `whole` and it fits, else its sentences."""
    tokens = count_tokens(block.text)
    if whole:
        return [_Unit(block.start, block.end, tokens, path)]
    return [
        _Unit(block.start + s, block.start + e, count_tokens(block.text[s:e]), path, sentence=block.kind == PARAGRAPH)
        for s, e in split_sentences(block.text)
    ]


def _atoms(blocks: list[Block], stack: list[tuple[int, str]], settings: ChunkingSettings) -> list[list[_Unit]]:
    """Units grouped into what packing never splits: a list with its lead-in sentence, a table
    row, a list item, a sentence; a heading is an atom of its own."""
    atoms: list[list[_Unit]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == HEADING:
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, block.text))
            path = tuple(t for _, t in stack)
            atoms.append([_Unit(block.start, block.end, count_tokens(block.text), path, heading=True)])
            i += 1
            continue
        path = tuple(t for _, t in stack)
        if block.kind == LIST_ITEM or (block.kind == PARAGRAPH and _next_kind(blocks, i) == LIST_ITEM):
            j = i + 1 if block.kind == PARAGRAPH else i
            while j < len(blocks) and blocks[j].kind == LIST_ITEM:
                j += 1
            atoms.extend(_list_atoms(blocks[i:j], path, settings))
            i = j
            continue
        if block.kind == TABLE_ROW:  # a table's rows stay together when they fit
            j = i
            while j < len(blocks) and blocks[j].kind == TABLE_ROW and blocks[j].context == block.context:
                j += 1
            atoms.extend(_list_atoms(blocks[i:j], path, settings))
            i = j
            continue
        atoms.extend([u] for u in _units(block, path, whole=False))
        i += 1
    return atoms


def _next_kind(blocks: list[Block], i: int) -> str:
    return blocks[i + 1].kind if i + 1 < len(blocks) else ""


def _list_atoms(blocks: list[Block], path: tuple[str, ...], settings: ChunkingSettings) -> list[list[_Unit]]:
    """A list (with the paragraph leading into it) or a table is one atom when it fits the
    ceiling; else each item or row is, the lead-in sentence going with the first item."""
    lead: list[_Unit] = []
    if blocks[0].kind == PARAGRAPH:
        sentences = _units(blocks[0], path, whole=False)
        head, lead = [[u] for u in sentences[:-1]], sentences[-1:]
        blocks = blocks[1:]
    else:
        head = []
    items = [_units(b, path, whole=count_tokens(b.text) <= settings.max_tokens) for b in blocks]
    everything = lead + [u for item in items for u in item]
    if sum(u.tokens for u in everything) <= settings.max_tokens:
        return [*head, everything]
    atoms = [*head]
    for n, item in enumerate(items):
        if len(item) == 1:
            atoms.append((lead if n == 0 else []) + item)
        else:  # an item longer than the ceiling: its sentences, one by one
            atoms.extend([u] for u in ((lead if n == 0 else []) + item))
    return atoms


def _pack(atoms: list[list[_Unit]], settings: ChunkingSettings) -> list[list[_Unit]]:
    """Greedy packing of atoms into chunks, with whole-sentence overlap inside a section.

    A chunk never ends with a heading: headings move on with what follows them.
    """
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    for atom in atoms:
        tokens = sum(u.tokens for u in atom)
        heading = atom[0].heading
        content = sum(u.tokens for u in current if not u.heading)
        size = sum(u.tokens for u in current)
        new_section = heading and content > 0
        too_big = content > 0 and size + tokens > settings.target_tokens
        if (new_section and size >= _MIN_TOKENS) or too_big:
            cut = len(current)
            while cut and current[cut - 1].heading:
                cut -= 1
            body, trailing = current[:cut], current[cut:]
            groups.append(body)
            overlap: list[_Unit] = []
            if not heading and not trailing:
                # Overlap never pushes the next chunk past the hard ceiling.
                budget = min(settings.overlap_tokens, settings.max_tokens - tokens)
                for prev in reversed(body):
                    if not prev.sentence or prev.tokens > budget or len(overlap) + 1 >= len(body):
                        break
                    overlap.insert(0, prev)
                    budget -= prev.tokens
            current = overlap + trailing
        current.extend(atom)
    while current and current[-1].heading:
        # A heading at the foot of a page has its text on the next page; alone it says nothing.
        current.pop()
    if current:
        size = sum(u.tokens for u in current)
        if groups and size < _MIN_TOKENS // 2 and all(not u.heading for u in current):
            # A short tail joins the previous chunk unless that would break the hard ceiling.
            tail_tokens = sum(u.tokens for u in groups[-1])
            if tail_tokens + size <= settings.max_tokens:
                groups[-1] = groups[-1] + [u for u in current if u not in groups[-1]]
                return groups
        groups.append(current)
    return groups
