"""Evidence units: the pieces of a chunk an answer can quote.

A unit is a sentence of a paragraph, a list item, a whole list with its lead-in, a table row,
or a table's first column when it names the rows. Headings never are: they are context (the
section path), as are a table's column headers and a list's lead-in for its items. Units come
from the chunk's structure (`Chunk.spans`, set at ingest); a chunk without spans (an index from
before structure was kept) is read block by block, sentence by sentence. Ingest embeds exactly these units, so their vectors are stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import groupby

from .text import (
    BLOCK_SEPARATOR, CELL_SEPARATOR, DATE, EMPTY_CELL, LINK, MIN_QUOTE_CHARS, ONLY_LINKS, capitalised, split_sentences,
    without_item_numbers,
)
from .types import Chunk, Span

SENTENCE, LIST, LIST_ITEM, TABLE_ROW, PAIR, COLUMN = "sentence", "list", "list_item", "table_row", "pair", "table_column"
MAX_PAIR_CHARS = 360  # two neighbouring sentences quoted together, when short enough
MAX_LIST_CHARS = 700  # a lead-in with more items than fit here is quoted item by item, and in windows:
WINDOW_CHARS = 300  # runs of a long list's items quoted together under its lead-in
SHORT_LEAD_WORDS = 6  # a lead-in this short ("These include:") says what it lists only with the sentence before
_LABEL_CELL_WORDS = 8  # a first column of cells this short names the rows: it lists what the table holds
_MARKER = re.compile(r"^(?:[-*\u2022\u25aa\u25cf\u2013]|\d{1,2}[.)])\s+")
# Links glued before a sentence or after its stop are a note's, not the sentence's (a PDF's link
# notes mid-page, a web page's "Source: https://..." after a paragraph): quoted, they fill the
# answer's room with addresses. After a colon or mid-sentence, a link is what the text says.
_LEADING_LINKS = re.compile(rf"(?:{LINK}\s+)+(?=[A-Z\"'\u2018\u201c])")
_TRAILING_LINKS = re.compile(rf"(?<=[.!?\"'\u2019\u201d)])(?:\s+{LINK})+\s*$")


@dataclass(frozen=True)
class UnitSpan:
    """A unit's place in its chunk: offsets in `chunk.text`, kind and context."""

    start: int
    end: int
    kind: str
    context: str = ""  # table headers, a list item's lead-in, the item a paragraph goes on from (its
    # sentences'); the section path is the chunk's
    # (a list whose lead-in is not in the chunk, closing the page or chunk before, has it as context)


@dataclass(frozen=True)
class Unit:
    """A unit of one retrieved passage (1-based `passage`), as the answer step scores it."""

    passage: int
    start: int
    end: int
    kind: str
    text: str
    context: str = ""
    parts: tuple[int, ...] = ()  # a pair, column or announced list: the indices of the units it is made of
    lead: int = 1  # blocks of a list's text that are its lead-in (2 with the sentence before it, 0 for none)
    omitted: int = 0  # items of a list left out of its quote (`compose` quotes a list's first items that fit)
    abridged: Unit | None = None  # a list whose items open with labels: its lead-in and their labels
    labels: bool = False  # an abridged list or a table's first column: it quotes labels, not what they label
    # An outline's quotes (passage, start, end, text): its lead-in, then each label, cited where it is
    # (its labels sit in several chunks, some only read for it: `outlines.py`).
    pieces: tuple[tuple[int, int, int, str], ...] = ()

    @cached_property  # read by every feature, the refusal, compose's pairwise tests and the answer text
    def plain(self) -> str:
        """Its text as it is embedded, matched and read in an answer: without its items' numbers."""
        return without_item_numbers(self.text)

    def lead_and_items(self) -> tuple[str, list[str]]:
        """Its text (`plain`) as its lead-in (the first `lead` blocks, joined) and the blocks after it:
        a list's items, none for a sentence."""
        blocks = [block.strip() for block in self.plain.split(BLOCK_SEPARATOR)]
        return " ".join(blocks[: self.lead]), blocks[self.lead :]

    @property
    def items(self) -> int:
        """Items of a list or column unit (its lead-in excluded); 0 for other kinds."""
        return self.text.count(BLOCK_SEPARATOR) - (self.lead - 1) if self.kind in (LIST, COLUMN) else 0


def headings_at(chunk: Chunk, start: int) -> tuple[str, ...]:
    """The heading path of the text at `start` in `chunk`: the chunk's own path, its innermost
    heading replaced by the last heading of the chunk's text before `start`. A chunk holding
    "Ultimate goal" and then "Intermediate outcomes" reads its outcomes under the second (the
    chunk's `section` is the heading of its first text)."""
    path = chunk.headings or ((chunk.section,) if chunk.section else ())
    inner = [s for s in chunk.spans if s.kind == "heading" and s.end <= start]
    if not inner:
        return path
    nearest = chunk.text[inner[-1].start : inner[-1].end].strip()
    return path if path and path[-1] == nearest else (*path[:-1], nearest)


def section_at(chunk: Chunk, start: int) -> str:
    """The innermost heading of the text at `start` in `chunk` (see `headings_at`)."""
    path = headings_at(chunk, start)
    return path[-1] if path else chunk.section


def unit_spans(chunk: Chunk) -> tuple[UnitSpan, ...]:
    """The units of `chunk`, in reading order (a list unit before its items)."""
    return _unit_spans(chunk.text, chunk.spans)


@lru_cache(maxsize=16384)  # chunks come back question after question; spans are pure
def _unit_spans(text: str, spans: tuple[Span, ...]) -> tuple[UnitSpan, ...]:
    blocks = list(spans) or _blocks(text)
    out: list[UnitSpan] = []
    windows: dict[int, UnitSpan] = {}  # a long list's runs of items, by the block they open at
    windowed = 0  # where the last list cut into windows ends
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "heading":
            i += 1
            continue
        if block.kind == "table_row":
            out.append(UnitSpan(block.start, block.end, TABLE_ROW, block.context))
            i += 1
            continue
        if block.kind == "list_item":
            whole = (_headed_list(text, blocks, i, out) or _headless_list(text, blocks, i, out)
                     or _list_under_heading(text, blocks, i))
            if whole is not None:
                out.append(whole)
            elif block.start >= windowed and not any(u.kind == LIST and u.start <= block.start < u.end for u in out):
                run = _run(text, blocks, i)
                windows.update(_windows(text, blocks, run))
                windowed = blocks[run[-1]].end
            if whole is None and i in windows:
                out.append(windows[i])
            start, end = _without_links(text, block.start, block.end)
            if start < end:
                out.append(UnitSpan(start, end, LIST_ITEM, block.context))
            i += 1
            continue
        sentences = [(block.start + s, block.start + e) for s, e in split_sentences(text[block.start : block.end])]
        for s, e in sentences:
            marker = _MARKER.match(text[s:e])  # a quote starts at the item, not its bullet
            s, e = _without_links(text, s + (marker.end() if marker else 0), e)
            if s < e:
                out.append(UnitSpan(s, e, SENTENCE, block.context))  # a paragraph under a list item has it as context
        # A paragraph ending in ':' introduces what follows: the list items of the structure, or
        # (without structure) the blocks after it, up to the next lead-in.
        if sentences and text[sentences[-1][0] : sentences[-1][1]].rstrip().endswith(":"):
            lead_start, lead_end = sentences[-1]
            lead = text[lead_start:lead_end]
            j, end = i + 1, lead_end
            # Without structure, bulleted blocks after a lead-in are its items (when the first is
            # bulleted), else the blocks up to the next lead-in.
            bulleted = j < len(blocks) and bool(_MARKER.match(text[blocks[j].start : blocks[j].end]))
            while j < len(blocks) and blocks[j].kind in ("list_item", "paragraph") and blocks[j].end - lead_start <= MAX_LIST_CHARS:
                block_text = text[blocks[j].start : blocks[j].end]
                if blocks[j].kind == "paragraph" and (
                    spans or block_text.rstrip().endswith(":") or (bulleted and not _MARKER.match(block_text))
                ):
                    break
                end = blocks[j].end
                j += 1
            if j > i + 1:
                out.append(UnitSpan(lead_start, end, LIST))
                if not spans:  # unstructured items: each is quotable alone, with its lead-in
                    for b in blocks[i + 1 : j]:
                        marker = _MARKER.match(text[b.start : b.end])
                        out.append(UnitSpan(b.start + (marker.end() if marker else 0), b.end, LIST_ITEM, lead))
                    i = j
                    continue
        i += 1
    return tuple(replace(u, end=_without_links(text, u.start, u.end)[1]) if u.kind == LIST else u for u in out)


def _without_links(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`, `end` without the links glued before the sentence there or after its stop (empty
    when there are only links)."""
    if ONLY_LINKS.fullmatch(text, start, end):
        return start, start
    lead = _LEADING_LINKS.match(text, start, end)
    trail = _TRAILING_LINKS.search(text, start, end)
    return (lead.end() if lead else start), (trail.start() if trail else end)


def _headed_list(text: str, blocks: list[Span], i: int, out: list[UnitSpan]) -> UnitSpan | None:
    """The whole list whose first item is `blocks[i]`, with the lead-in it was given as context
    (a line or sentence without a colon, which the rule above does not see), when it
    fits: "The cities took inspiration from the US exchange" and its four items answer
    together what no item answers alone."""
    first = blocks[i]
    if not first.context or i == 0 or (out and out[-1].kind == LIST and out[-1].end > first.start):
        return None
    lead = blocks[i - 1]
    at = text.rfind(first.context, lead.start, lead.end)
    # A heading is context, never quoted; an item leads in to its own items ("caused by:").
    if at < 0 or not (lead.kind == "paragraph" or (lead.kind == "list_item" and first.context.rstrip().endswith(":"))):
        return None
    end = _items_end(text, blocks, i, at)
    return UnitSpan(at, end, LIST) if end is not None else None


def _headless_list(text: str, blocks: list[Span], i: int, out: list[UnitSpan]) -> UnitSpan | None:
    """The whole list whose first item is `blocks[i]` when its lead-in is not in the chunk: it
    closed the page or chunk before ("The aims of the meeting were:" at the foot of a page). The
    items are quoted together, the lead-in is their context."""
    first = blocks[i]
    if not first.context or first.context in text[: first.start] or (i and blocks[i - 1].kind == "list_item"
                                                                      and blocks[i - 1].context == first.context):
        return None
    end = _items_end(text, blocks, i, first.start)
    return UnitSpan(first.start, end, LIST, first.context) if end is not None else None


def _list_under_heading(text: str, blocks: list[Span], i: int) -> UnitSpan | None:
    """The whole list whose first item is `blocks[i]` when a heading, not a sentence, leads in to
    it ("Opening times" over "Monday to Friday" and "Saturday morning"): the items are quoted
    together, the heading is their context, as for a list whose lead-in closed the page before."""
    first = blocks[i]
    if first.context or i == 0 or blocks[i - 1].kind != "heading":
        return None
    end = _items_end(text, blocks, i, first.start)
    heading = text[blocks[i - 1].start : blocks[i - 1].end]
    return UnitSpan(first.start, end, LIST, heading) if end is not None else None


def _windows(text: str, blocks: list[Span], run: list[int]) -> dict[int, UnitSpan]:
    """A list too long to quote whole, cut into runs of items of up to WINDOW_CHARS, each quoted
    under the list's lead-in (its context), where a run holds an item too short to quote alone
    ("Refugees" in a list of who is exempt): such an item is quoted among its neighbours. (Runs of
    long items only added noise beside the items, each a unit already; runs of capitalised entries
    are a page's menu.)"""
    first = blocks[run[0]]
    lead = first.context
    if not lead and run[0] and blocks[run[0] - 1].kind == "heading":
        lead = text[blocks[run[0] - 1].start : blocks[run[0] - 1].end]
    if not lead:
        return {}
    out: dict[int, UnitSpan] = {}
    k = 0
    while k < len(run):
        m = k
        while m + 1 < len(run) and blocks[run[m + 1]].end - blocks[run[k]].start <= WINDOW_CHARS:
            m += 1
        items = [_MARKER.sub("", text[blocks[j].start : blocks[j].end]).strip() for j in run[k : m + 1]]
        if m > k and any(len(item) < MIN_QUOTE_CHARS for item in items) and not all(map(capitalised, items)):
            out[run[k]] = UnitSpan(blocks[run[k]].start, blocks[run[m]].end, LIST, lead)
        k = m + 1
    return out


def _items_end(text: str, blocks: list[Span], i: int, start: int) -> int | None:
    """Where the run of items from `blocks[i]` under the same lead-in ends (`_run`), when it holds
    two or more and the list from `start` fits MAX_LIST_CHARS."""
    run = _run(text, blocks, i)
    end = blocks[run[-1]].end
    return end if len(run) >= 2 and end - start <= MAX_LIST_CHARS else None


def _run(text: str, blocks: list[Span], i: int) -> list[int]:
    """The items from `blocks[i]` on under the same lead-in, with the sub-items of any of them
    (items led in by one of the run's items: "... a condition caused by:" over "Torture")."""
    run = [i]
    j = i + 1
    while j < len(blocks) and blocks[j].kind == "list_item":
        context = blocks[j].context
        if context != blocks[i].context and not (
            context and any(context in text[blocks[k].start : blocks[k].end] for k in run)
        ):
            break
        run.append(j)
        j += 1
    return run


def _blocks(text: str) -> list[Span]:
    spans, pos = [], 0
    for block in text.split(BLOCK_SEPARATOR):
        if block.strip():
            spans.append(Span("paragraph", pos, pos + len(block)))
        pos += len(block) + len(BLOCK_SEPARATOR)
    return spans


def units_of(
    passages: list, skip: frozenset[str] = frozenset(), keep: Callable[[str], bool] = lambda text: True,
    dated: bool = False, asked: frozenset[str] | None = None,
) -> list[Unit]:
    """Every unit of the passages (`Passage` list, numbered from 1), each text once; texts in
    `skip` (headings, document titles) or refused by `keep` are not units. Two neighbouring
    sentences also make a pair unit: a fact is often stated next to the sentence that names
    the topic ("In 1977 the agency issued rules for X ... These were the first ..."). With
    `dated` (a "when" question), the first sentence under a heading that holds a date is also a
    pair with that heading: timelines and minutes date their entries in headings ("January 2019:
    Action plans finalised"), and the sentence under it does not say when. (For every question,
    such pairs took the answer's room with a date nobody asked for: dev lost two facts for one.)
    With `asked` (the question's words), a glossary row ("TRE | Trusted Research Environment") is a
    unit only when they name its letters: it answers what they stand for, and for any other question
    its words, the question's own, had made it the best unit; and a question naming one row of a
    table gets no column of the table's labels (`_tables_asked_by_row`). Outlines, whose labels
    several chunks hold, are `outlines.outline_units`."""
    seen: dict[str, int] = {}  # a unit's words -> where it is in `out`
    out: list[Unit] = []
    rows_asked = _tables_asked_by_row(passages, asked) if asked else frozenset()
    for n, passage in enumerate(passages, start=1):
        chunk = passage.chunk
        spans = unit_spans(chunk)
        label: UnitSpan | None = None  # a label line waiting for the sentence it names
        field: UnitSpan | None = None  # a field's name ("Authors:") waiting for its value on the next line
        dated_at = _dated_headings(chunk) if dated else {}
        first_of_passage = len(out)
        previous: int | None = None
        for k, span in enumerate(spans):
            text = chunk.text[span.start : span.end]
            key = " ".join(text.lower().split())
            if (key in seen and out[seen[key]].passage != n and span.kind == SENTENCE and previous is not None
                    and not is_label(text) and not _leads_in(spans, k, text)):
                # Quoted already from another passage (chunks overlap: "This allowed ..." opened the
                # next one, cut from what "this" is), it still ends a pair with the sentence before it.
                _pair(n, chunk, out, previous, seen[key], span)
            if field is not None and span.kind == SENTENCE and is_label(text) and key not in seen and text not in skip:
                # "Authors:" over "Jane Smith, Ann Lee": a page's field with its value, which alone says
                # whose names they are (the names had labelled nothing and were dropped; short, not quoted).
                seen[key] = len(out)
                alone = keep(text)
                if alone:
                    out.append(Unit(n, span.start, span.end, span.kind, text, span.context))
                out.append(Unit(n, field.start, span.end, PAIR, chunk.text[field.start : span.end],
                                parts=(len(out) - 1, len(out) - 1) if alone else ()))
                field, label, previous = None, None, len(out) - 2 if alone else None
                continue
            if (key in seen or text in skip or text == chunk.section or not (keep(text) or _row_of_cells(span, text))
                    or (asked is not None and span.kind == TABLE_ROW and gloss_of(text) not in (None, *asked))):
                label, previous = None, None
                field = span if span.kind == SENTENCE and _FIELD.fullmatch(text) else None
                continue
            field = None
            after = chunk.text[spans[k + 1].start : spans[k + 1].end] if k + 1 < len(spans) else ""
            # A name line under a quotation ("Wesal, CRRC Beneficiary") says who said it: it labels
            # nothing after it (it had led an unrelated paragraph in: "Wesal, ...: Some families ...").
            said_by = (span.kind == SENTENCE and is_label(text) and k > 0
                       and chunk.text[spans[k - 1].start : spans[k - 1].end].rstrip().endswith(_CLOSING_QUOTES))
            if said_by:  # quoted alone, it named the quote's speaker for any question on the words in it
                label, previous = None, None
                continue
            if (span.kind == SENTENCE and is_label(text) and after and not is_label(after)
                    and not _heading_between(chunk, span.end, spans[k + 1].start)):  # else it labels nothing
                label, previous = span, None  # like a heading: context for what follows, never alone
                continue
            seen[key] = len(out)
            headless = span.kind == LIST and bool(span.context)
            out.append(Unit(n, span.start, span.end, span.kind, text, span.context, lead=0 if headless else 1))
            at = len(out) - 1
            if span.kind == LIST and not headless:
                announced = _announced(n, chunk.text, out, first_of_passage)
                if announced is not None:
                    out.append(announced)
            if span.kind != SENTENCE:
                out.extend(_dated_label(n, chunk.text, label))
                label, previous = None, None
                continue
            if _leads_in(spans, k, text):
                # A lead-in is quoted with its list: ending a pair, it announces what the pair leaves out.
                out.extend(_dated_label(n, chunk.text, label))
            elif (label is not None and span.end - label.start <= MAX_PAIR_CHARS
                  and not _heading_between(chunk, label.end, span.start)):
                # "Culture and Recreation" + "Data on arts, museums ...": the label with its text
                out.append(Unit(n, label.start, span.end, PAIR, chunk.text[label.start : span.end], parts=(at, at)))
            elif previous is not None:
                _pair(n, chunk, out, previous, at, span)
            heading = dated_at.get(span.start)
            if heading is not None and span.end - heading <= MAX_PAIR_CHARS:
                # "January 2019: Action plans finalised" + "The action plans ... were signed off": the
                # heading dates the sentence under it, and says what "When ...?" asks for.
                out.append(Unit(n, heading, span.end, PAIR, chunk.text[heading : span.end], parts=(at, at)))
            label, previous = None, at
        out.extend(_columns(n, out, first_of_passage, rows_asked))
        _abridge_lists(n, out, first_of_passage)
    return out


# A page's field name on a line of its own: "Authors:", "Posted by:", "Date published:".
_FIELD = re.compile(r"[A-Z][\w-]*(?: [\w-]+){0,2}:")


def _leads_in(spans: list[UnitSpan], k: int, text: str) -> bool:
    """Whether the sentence `spans[k]` is a list's lead-in."""
    return text.rstrip().endswith(":") or (k + 1 < len(spans) and spans[k + 1].kind == LIST
                                           and spans[k + 1].start == spans[k].start)


def _pair(passage: int, chunk: Chunk, out: list[Unit], first_at: int, second_at: int, span: UnitSpan) -> None:
    """Two neighbouring sentences as one unit, when short enough. Not over a heading (nor is a
    label's pair): the two are in two sections, and the pair would quote the heading as if it were
    text ("... Migration & Diversity: Funding; The ...")."""
    first = out[first_at]
    if (span.end - first.start <= MAX_PAIR_CHARS and first.end <= span.start
            and not _heading_between(chunk, first.end, span.start)):
        out.append(Unit(passage, first.start, span.end, PAIR, chunk.text[first.start : span.end],
                        parts=(first_at, second_at)))


_SPACE = re.compile(r"\s*")
_CLOSING_QUOTES = ('"', "\u201d", "\u2019")


def _heading_between(chunk: Chunk, start: int, end: int) -> bool:
    return any(s.kind == "heading" and start <= s.start and s.end <= end for s in chunk.spans)


def _dated_label(passage: int, text: str, label: UnitSpan | None) -> list[Unit]:
    """A label line that names nothing after it (a lead-in or a list follows) and gives a date, as a
    unit of its own: "Published 18 October 2024" over "The Secretary of State makes the following
    determination:" says when, and had been dropped as a label of nothing."""
    if label is None or not DATE.search(text[label.start : label.end]):
        return []
    return [Unit(passage, label.start, label.end, SENTENCE, text[label.start : label.end])]


def _dated_headings(chunk: Chunk) -> dict[int, int]:
    """Where the text under each heading that holds a date starts -> where that heading starts:
    timelines and minutes date their entries in headings ("February 2019: The final convening")."""
    return {_SPACE.match(chunk.text, span.end).end(): span.start for span in chunk.spans
            if span.kind == "heading" and DATE.search(chunk.text[span.start : span.end])}


def _announced(passage: int, text: str, units: list[Unit], first: int) -> Unit | None:
    """The list just added to `units` quoted with the sentence before its lead-in, when that lead-in
    is too short to say what it lists: "Low health literacy has been linked to a range of important
    problems." + "These include:" + the items. The sentence names the topic, the items hold the
    facts; neither answers alone. Its direction is the mean of the two (`parts`)."""
    whole = units[-1]
    lead = text[whole.start : whole.end].split(BLOCK_SEPARATOR)[0]
    if not lead.rstrip().endswith(":") or len(lead.split()) > SHORT_LEAD_WORDS:
        return None
    before = max((i for i in range(first, len(units) - 1) if units[i].kind == SENTENCE and units[i].end <= whole.start),
                 key=lambda i: units[i].end, default=None)
    if (before is None or text[units[before].end : whole.start].strip()
            or whole.end - units[before].start > MAX_LIST_CHARS):
        return None
    start = units[before].start
    lead_blocks = 1 + text[start : whole.start].count(BLOCK_SEPARATOR)
    return Unit(passage, start, whole.end, LIST, text[start : whole.end], whole.context,
                parts=(before, len(units) - 1), lead=lead_blocks)


def _row_of_cells(span: UnitSpan, text: str) -> bool:
    """A table row of two filled cells or more is a statement under its headers however short
    ("Trial | Team | 50" under "Service status | Sends to | Daily limit"): shorter than a quotable
    sentence, it had never been a unit, and a longer row of another status answered instead."""
    return span.kind == TABLE_ROW and sum(bool(re.search(r"\w", c)) for c in text.split(CELL_SEPARATOR)) >= 2


_CODE = re.compile(r"^[A-Z][A-Z&./]{1,7}$")  # "CHC", "R&D", "I.T"


def gloss_of(row: str) -> str | None:
    """The letters that a glossary row spells out ("TRE | Trusted Research Environment": the capitals
    of its second cell open with them, in order), or None: such a row says what the letters stand for
    and nothing else."""
    cells = [c.strip() for c in row.split(CELL_SEPARATOR)]
    if len(cells) != 2 or not _CODE.match(cells[0]):
        return None
    letters = [c for c in cells[0] if c.isalpha()]
    capitals = iter(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", cells[1]) if w[0].isupper())
    return cells[0] if all(letter in capitals for letter in letters) and cells[1][:1] == letters[0] else None


LABEL_WORD = re.compile(r"[^\W_]+")  # a label's words, as a question's are matched against them


def _tables_asked_by_row(passages: list, asked: frozenset[str]) -> frozenset[str]:
    """The tables (by their column headers) one of whose rows the question names by a word of its
    label that no other row's label has, capitalised as names are ("Who is the Armed Forces Champion
    for Dover District Council?" names the "Dover DC" row; "Council", in many labels, names none)."""
    words = {w.lower() for w in asked if w[:1].isupper()}  # a name: "council" or "hotels" names no row
    if not words:
        return frozenset()
    labels: dict[str, dict[str, set[str]]] = {}  # headers -> first cell -> its words
    for passage in passages:
        chunk = passage.chunk
        for span in unit_spans(chunk):
            if span.kind == TABLE_ROW and CELL_SEPARATOR in span.context:
                cell = chunk.text[span.start : span.end].split(CELL_SEPARATOR)[0].strip()
                labels.setdefault(span.context, {})[cell] = {w.lower() for w in LABEL_WORD.findall(cell)}
    return frozenset(
        headers for headers, cells in labels.items()
        if any(w in words and sum(w in other for other in cells.values()) == 1
               for label in cells.values() for w in label)
    )


def _columns(passage: int, units: list[Unit], first: int, rows_asked: frozenset[str] = frozenset()) -> list[Unit]:
    """A table's first column as one unit, "Method: Column Removal; Obfuscation; Banding", when
    its cells are short labels: it answers "which methods ...?", which no single row does. It
    quotes the rows it lists; its direction is the mean of theirs (`parts`). Not for a question
    that names one of its rows (`rows_asked`): that asks about the row, and the column had led the
    answer with every row's label before the row itself."""
    out: list[Unit] = []
    # Runs of neighbouring rows under the same headers (anything else between them ends a run).
    runs = groupby(range(first, len(units)), key=lambda i: units[i].context if units[i].kind == TABLE_ROW else None)
    for headers, rows in runs:
        run = list(rows)
        if headers is None or len(run) < 2 or CELL_SEPARATOR not in headers or headers in rows_asked:
            continue
        header = headers.split(CELL_SEPARATOR)[0].strip()
        cells = [units[j].text.split(CELL_SEPARATOR)[0].strip() for j in run]
        named = header.strip(f"-{EMPTY_CELL} ")  # no name over the labels ("– | 2018 £ Budget"): no "Label: A; B"
        if named and all(CELL_SEPARATOR in units[j].text and c != EMPTY_CELL and 0 < len(c.split()) <= _LABEL_CELL_WORDS
                         for j, c in zip(run, cells)):
            # A group's label once, though each row of its group says it (a rowspan cell). A column of
            # one label over and over ("Jurisdiction: New South Wales") lists nothing.
            labels = list(dict.fromkeys(cells))
            body = BLOCK_SEPARATOR.join([header, *labels])
            # An abbreviations table's letters alone ("AHSN: CCG; CHC; CY; ...") say nothing: each row
            # says what its letters stand for.
            codes = all(_CODE.match(c) for c in (header, *labels))
            if len(labels) >= 2 and len(body) <= MAX_LIST_CHARS and not codes:
                start, end = units[run[0]].start, units[run[-1]].end
                out.append(Unit(passage, start, end, COLUMN, body, headers, parts=tuple(run), labels=True))
    return out


def _abridge_lists(passage: int, units: list[Unit], first: int) -> None:
    """Give each list whose items all open with a short sentence or label ("Reporting staff. Open
    data is a great way ...") its abridged form: its lead-in and the first sentence or label of every
    item, "... consult: Data Coordinator; Program subject matter experts; Reporting staff; ...". A
    list too long for the answer's room (or cut at MAX_LIST_CHARS) is quoted so (`compose`), as a
    table is by its first column: every item named, rather than its first items in full."""
    runs = groupby(range(first, len(units)), key=lambda i: units[i].context if units[i].kind == LIST_ITEM else None)
    for lead, items in runs:
        run = [units[i] for i in items]
        labels = [_item_label(u.text) for u in run]
        if not lead or len(run) < 2 or not all(labels) or labels == [u.text for u in run]:
            continue
        for k in range(first, len(units)):
            whole = units[k]
            if whole.kind != LIST or not whole.start <= run[0].start < whole.end:
                continue
            blocks = whole.text.split(BLOCK_SEPARATOR)
            if lead not in (blocks[whole.lead - 1] if whole.lead else whole.context):
                continue
            body = BLOCK_SEPARATOR.join([*blocks[: whole.lead], *labels])
            if len(body) <= MAX_LIST_CHARS:
                short = Unit(passage, whole.start, run[-1].end, LIST, body, whole.context, lead=whole.lead, labels=True)
                units[k] = replace(whole, abridged=short)


_ITEM_LABEL_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?][\"')\u2019\u201d]*\s")


def _item_label(item: str) -> str | None:
    """What an item says first, when it is short: a phrase before a colon ("Privacy: ..."), or its
    first sentence ("Leadership." before "Depending on the dataset, ...", or the whole item)."""
    colon = item.find(": ")
    # Not past a sentence's end: "Calling 1-800-MIS-USED. Hours of Operation: ..." opens with a sentence.
    if colon > 0 and len(item[:colon].split()) <= _LABEL_CELL_WORDS and not _SENTENCE_END.search(item[:colon]):
        return item[:colon]
    sentences = split_sentences(item)
    label = item[sentences[0][0] : sentences[0][1]] if sentences else ""
    return label if 0 < len(label.split()) <= _ITEM_LABEL_WORDS else None


_LABEL_MAX_WORDS = 10


def is_label(text: str) -> bool:
    """A short line with no closing punctuation. Followed by a sentence, it is a heading in all
    but markup ("Moving beyond the council") and names what follows; a run of them is a list."""
    return text.rstrip()[-1:] not in ".!?:;)\"'" and len(text.split()) <= _LABEL_MAX_WORDS
