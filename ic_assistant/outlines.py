"""Outlines: the sentence that announces groups of items, with the groups' labels, as one unit.

A report's table of feedback or themes, read as labels each over its own bullets, runs over several
chunks and pages. An outline names its groups together, reads the chunks next to the retrieved ones
for the rest of them (`outline_reach`), and cites each label where it is (`Unit.pieces`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .text import BLOCK_SEPARATOR, split_sentences
from .types import Chunk
from .units import LABEL_WORD, LIST, MAX_LIST_CHARS, Unit, section_at


@dataclass(frozen=True)
class _Group:
    passage: int
    start: int  # where its label starts in the chunk's text
    end: int  # where its label ends
    label: str


def outline_units(passages: list, asked: frozenset[str] | None = None) -> list[Unit]:
    """The labels of groups of items under one heading, with the sentence that leads in to them,
    as one unit: "The survey also identified a number of areas for development: Moving beyond the
    council; Mainstreaming ...; Navigating the national policy landscape". A report's table of
    themes, each a label over its own bullets, runs over several chunks and pages; no chunk's
    units had named the themes together, and "What areas ...?" was answered by one theme's
    bullets. The labels are read from every passage of the document (each label once, in reading
    order; the chunks next to the retrieved ones too, `outline_reach`), and each is quoted and
    cited where it is (`Unit.pieces`, `piece_claims`). Only where the sentence that announces them
    is retrieved: the labels alone had answered "How did the programme build new networks?" with
    the names of the groups. Nor for a question that names one of the labels (most of its words,
    as `asked` gives them): it asks about that group. Passages are numbered from 1, as `units_of`
    numbers them."""
    groups: dict[tuple[str, str], dict[str, _Group]] = {}
    for n, passage in enumerate(passages, start=1):
        for section, group in _groups_in(passage.chunk, n):
            groups.setdefault((passage.chunk.source, section), {}).setdefault(group.label, group)
    out: list[Unit] = []
    for (source, section), found in groups.items():
        if len(found) < 2:
            continue
        ordered = sorted(found.values(), key=lambda g: (_order(passages[g.passage - 1].chunk), g.start))
        lead = _outline_lead(passages, source, section)
        if lead is None or (asked is not None and any(_names_label(g.label, asked) for g in ordered)):
            continue
        body = BLOCK_SEPARATOR.join([lead[3], *(g.label for g in ordered)])
        if len(body) > MAX_LIST_CHARS:
            continue
        # Each label quoted alone: a quote from one label to the next had held the bullets between them.
        pieces = (lead, *((g.passage, g.start, g.end, g.label) for g in ordered))
        # Where it sits in its first passage, for the answer's overlap tests: from the lead-in to its
        # last label there (a table's header line between them is no unit of its own beside it).
        end = max(e for n, _, e, _ in pieces if n == lead[0])
        out.append(Unit(lead[0], lead[1], end, LIST, body, section, labels=True, pieces=pieces))
    return out


def _groups_in(chunk: Chunk, n: int) -> list[tuple[str, _Group]]:
    """The group labels of `chunk` (passage `n`), each with the heading it is under."""
    out = []
    for k, block in enumerate(chunk.spans[:-1]):
        text = chunk.text[block.start : block.end].strip()
        after = chunk.spans[k + 1]
        if (block.kind == "paragraph" and after.kind == "list_item" and after.context.strip() == text
                and _group_label(text)):
            out.append((section_at(chunk, block.start), _Group(n, block.start, block.end, text)))
    return out


OUTLINE_REACH = 8  # chunks read on each side of a retrieved one for its outline's groups (a table over 5 pages)


def outline_reach(passages: list, neighbour: Callable[[str, int], Chunk | None]) -> list[Chunk]:
    """The chunks next to the retrieved ones that an outline's labels may be in: where a retrieved
    chunk holds a group label under a heading whose announcing sentence is retrieved too, the
    chunks before and after it in reading order (`neighbour(chunk_id, step)`) while they are under
    that heading, up to OUTLINE_REACH each way; where it holds the announcing sentence (or closes
    with it), the chunks after it under the heading it announces. A table of feedback runs over
    five chunks; the six passages kept for "What were the strengths?" held two of its five groups,
    and for "How was the feedback gathered?" only the sentence that announces it."""
    kept = {p.chunk.id for p in passages}
    out: dict[str, Chunk] = {}
    for passage in passages:
        chunk = passage.chunk
        # Each heading with groups here once, its lead-in looked for once (not per group and direction).
        led = {section for section in {s for s, _ in _groups_in(chunk, 0)}
               if _outline_lead(passages, chunk.source, section) is not None}
        walks = {(section, step) for section in led for step in (-1, 1)}
        # A heading announced in the chunk (or opening the next one) whose groups are all after it.
        walks |= {(section, 1) for section in _announced(chunk, neighbour)}
        for section, step in walks:
            at = chunk
            for _ in range(OUTLINE_REACH):
                nxt = neighbour(at.id, step)
                if nxt is None or nxt.source != chunk.source or not _under(nxt, section):
                    break
                if nxt.id not in kept:
                    out.setdefault(nxt.id, nxt)
                at = nxt
    return list(out.values())


def _announced(chunk: Chunk, neighbour: Callable[[str, int], Chunk | None]) -> set[str]:
    """The headings that an announcing sentence of `chunk` leads in to: a heading right after it in
    the chunk, or opening the next chunk when the sentence closes this one."""
    spans = chunk.spans
    out = {chunk.text[h.start : h.end].strip() for k, h in enumerate(spans)
           if k and h.kind == "heading" and _closing_lead(0, chunk, spans[k - 1].start, spans[k - 1].end)}
    if spans and _closing_lead(0, chunk, spans[-1].start, spans[-1].end):
        nxt = neighbour(chunk.id, 1)
        if nxt is not None and nxt.source == chunk.source and nxt.spans and nxt.spans[0].kind == "heading":
            out.add(nxt.text[nxt.spans[0].start : nxt.spans[0].end].strip())
    return out


def _under(chunk: Chunk, section: str) -> bool:
    """Whether any of `chunk`'s text is under the heading `section`."""
    return chunk.section == section or any(
        s.kind == "heading" and chunk.text[s.start : s.end].strip() == section for s in chunk.spans)


def piece_claims(unit: Unit) -> list[tuple[str, int, int, int]]:
    """An outline's claims, one per part (text, passage, start, end), read as one sentence: the
    lead-in, then its labels, each but the last closed by ';'."""
    out = []
    for k, (n, start, end, said) in enumerate(unit.pieces):
        last = k == len(unit.pieces) - 1
        out.append((said if said.endswith(":") else f"{said}." if last else f"{said};", n, start, end))
    return out


_GROUP_LABEL_WORDS = 16


def _group_label(text: str) -> bool:
    """A line its items take as their lead-in, without a closing stop: their label. Longer than
    `is_label` allows ("Mainstreaming, making sure the work 'lands' and ensuring ..."), since the
    items, not its length, say it labels them."""
    return text.rstrip()[-1:] not in ".!?:;" and len(text.split()) <= _GROUP_LABEL_WORDS


def _names_label(label: str, asked: frozenset[str]) -> bool:
    """Whether the question's words hold most of a label's words of four letters or more."""
    words = {w.lower() for w in LABEL_WORD.findall(label) if len(w) >= 4}
    return bool(words) and len(words & {w.lower() for w in asked}) * 2 > len(words)


def _order(chunk: Chunk) -> tuple[int, int]:
    return (chunk.page or 0, chunk.start)


def _outline_lead(passages: list, source: str, section: str) -> tuple[int, int, int, str] | None:
    """The sentence ending in ':' just before the heading `section` of `source`, in the heading's
    chunk or closing the chunk before it on its page: (passage, start, end, text)."""
    for n, passage in enumerate(passages, start=1):
        chunk = passage.chunk
        if chunk.source != source:
            continue
        for k, block in enumerate(chunk.spans):
            if block.kind != "heading" or chunk.text[block.start : block.end].strip() != section:
                continue
            if k:
                before = chunk.spans[k - 1]
                return _closing_lead(n, chunk, before.start, before.end)
            for m, other in enumerate(passages, start=1):  # the heading opens its chunk
                c = other.chunk
                if (c.source == source and c.page == chunk.page and c.spans
                        and 0 <= chunk.start - c.end <= 2):
                    return _closing_lead(m, c, c.spans[-1].start, c.spans[-1].end)
            return None
    return None


def _closing_lead(n: int, chunk: Chunk, start: int, end: int) -> tuple[int, int, int, str] | None:
    """The last sentence of chunk.text[start:end] when it ends in ':'."""
    if not chunk.text[start:end].rstrip().endswith(":"):  # no sentence splitting (the costly part) for most blocks
        return None
    sentences = split_sentences(chunk.text[start:end])
    if not sentences:
        return None
    s, e = sentences[-1]
    text = chunk.text[start + s : start + e].strip()
    return (n, start + s, start + e, text) if text.endswith(":") else None
