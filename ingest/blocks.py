"""The one structure every loader produces: pages of typed blocks with offsets into the page text.

A page's text is its blocks joined by `BLOCK_SEPARATOR`; each block knows where it sits in
that text, so chunks and citations can point back into it exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from ic_assistant.text import BLOCK_SEPARATOR, CELL_SEPARATOR, EMPTY_CELL, NUMBER_WORDS

from .clean import is_year, normalise_block

HEADING, PARAGRAPH, LIST_ITEM, TABLE_ROW = "heading", "paragraph", "list_item", "table_row"


@dataclass(frozen=True)
class Block:
    """One structural unit of a page.

    `context` holds what a reader needs to understand the unit on its own: for a TABLE_ROW
    the caption and column headers, for a LIST_ITEM the list's lead-in sentence, for a PARAGRAPH
    written under a list item (a Markdown item's second paragraph) that item.
    """

    kind: str  # HEADING, PARAGRAPH, LIST_ITEM or TABLE_ROW
    text: str
    start: int = 0  # offsets in the page text (set by ParsedPage)
    end: int = 0
    level: int = 0  # heading level 1-6 (0 for non-headings)
    context: str = ""
    note: bool = False  # a footnote: it sits beside the page's text, not in its flow
    breaks: tuple[int, ...] = ()  # offsets in `text` where a page break cut it (`join_continuations`)


# Headings the markup does not rank sit below every ranked one: lines set wholly in bold, as word
# processors and web editors make headings ("**Who can apply**", <p><strong>Who can apply</strong></p>),
# and an accordion's <summary>. Those under one ranked heading are siblings; the next ranked one closes them.
MINOR_HEADING_LEVEL = 6
_MAX_BOLD_HEADING_WORDS = 12
_MAX_ITALIC_HEADING_WORDS = 6


def bold_heading(text: str) -> Block | None:
    """The heading a wholly bold line stands for, or None when it reads as text: a sentence or a
    lead-in (closing "." "," ";" or ":"), a label with its value ("Deadline: 31 March 2024", whose
    value a heading would hide from the answer), or a long line."""
    text = normalise_block(text)
    if not text or text[-1] in ".,;:" or ": " in text or len(text.split()) > _MAX_BOLD_HEADING_WORDS:
        return None
    if not (text[0].isupper() or text[0].isdigit()):
        return None
    return Block(HEADING, text, level=MINOR_HEADING_LEVEL)


def italic_heading(text: str) -> Block | None:
    """The heading a paragraph wholly in italics stands for: as a bold line's, but of a few words
    only, since a longer italic line is a quote, a caption or a note."""
    heading = bold_heading(text)
    return heading if heading and len(heading.text.split()) <= _MAX_ITALIC_HEADING_WORDS else None


@dataclass
class ParsedPage:
    number: int | None
    blocks: list[Block]
    text: str = ""

    def __post_init__(self) -> None:
        # The page text is the blocks joined by blank lines; block offsets point into it.
        parts, placed, pos = [], [], 0
        for block in self.blocks:
            if not block.text:
                continue
            if parts:
                pos += len(BLOCK_SEPARATOR)
            placed.append(replace(block, start=pos, end=pos + len(block.text)))
            parts.append(block.text)
            pos += len(block.text)
        self.blocks = placed
        self.text = BLOCK_SEPARATOR.join(parts)


@dataclass
class ParsedFile:
    pages: list[ParsedPage]
    title: str = ""  # from the file: PDF metadata, HTML <title> (else <h1>), a first Markdown or text heading
    meta: dict[str, str] = field(default_factory=dict)


def table_caption(before: list[Block]) -> str:
    """A line such as "Table 2: Where IC sits" just before a table is its caption."""
    return before[-1].text if before and _CAPTION.match(before[-1].text) else ""


_CAPTION = re.compile(r"(?i)table\s+\d")


def positioned(cells: list[str]) -> list[str]:
    """A row's cells (or a header row's) in their columns: an empty one with filled ones after it
    is said as EMPTY_CELL. Left out, "Library | 10am-4pm" read as weekday hours under "Service |
    Weekday hours | Weekend hours". Empty cells closing a row, and those of a row with one filled
    cell (a label over a group of rows), stay out: nothing after them moves."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    if sum(1 for c in cells if c) < 2:
        return [c for c in cells if c]
    return [c or EMPTY_CELL for c in cells]


_DIGIT = re.compile(r"\d")


def continued_rows(rows: list[list[str]]) -> list[list[str]]:
    """Body rows of a table with each row that goes on the one above joined to it, cell by cell: a
    row whose first cell is empty and whose other cells hold words, no figures, continues the row
    above (a word processor's cell of several entries, set as rows: "| | copy of filed audited
    accounts | |" under "A company ... | copy of certificate of incorporation | ..."). Apart, its
    entries had been rows of their own, under no label and in no column. A row with figures (a
    total under an empty label) stands on its own."""
    out: list[list[str]] = []
    for row in rows:
        filled = [c for c in row if c.strip()]
        above = out[-1] if out else []
        if (filled and not row[0].strip() and above and above[0].strip() and len(row) == len(above)
                and not any(_DIGIT.search(c) for c in filled)):
            out[-1] = [_joined(a, b) for a, b in zip(above, row)]
            continue
        out.append(list(row))
    return out


# A cell that is only a figure: an amount, a count or a share ("£324", "1,200", "12%"), or a dash.
_FIGURE_CELL = re.compile(r"[£$€]?\s*\(?[\d.,]+\)?\s*%?|[-\u2013\u2014]")


def filled_down(rows: list[list[str]]) -> list[list[str]]:
    """Body rows with an empty first cell given the label of the row above, when the row says more
    than figures: Markdown has no rowspan, so a page converted to it leaves the cell a spanned label
    covered empty ("| Pension Credit | £326 | Between 14 and 31 July 2022 |" over "| | £324 |
    Between 8 and 23 November 2022 |"), and the second payment's row had said no benefit. An HTML
    table's rowspan is read into each row it covers (`html`), a PDF's merged cell too. A row of
    figures alone under an empty label (a total) stays as it is."""
    out: list[list[str]] = []
    for row in rows:
        filled = [c.strip() for c in row[1:] if c.strip()]
        above = out[-1] if out else []
        if (filled and not row[0].strip() and above and above[0].strip() and len(row) == len(above)
                and not all(_FIGURE_CELL.fullmatch(c) for c in filled)):
            row = [above[0], *row[1:]]
        out.append(list(row))
    return out


def _joined(a: str, b: str) -> str:
    a, b = a.strip(), b.strip()
    if not (a and b):
        return a or b
    return f"{a} {b}" if a.endswith((".", ";", ":", ",")) else f"{a}; {b}"


def labelled(label: str, text: str) -> str:
    """A label (a definition list's term, an item's own heading, a PDF line's bold run-in label) with
    what it labels: "Staff costs: Salaries ...", and "Is it free? Yes." where the label closes with
    its own stop."""
    return f"{label} {text}" if label.endswith((".", ":", "!", "?", ";")) else f"{label}: {text}"


def table_context(caption: str, headers: list[str]) -> str:
    """Context of every row of a table: 'caption — header | header'."""
    head = CELL_SEPARATOR.join(h for h in headers if h)
    return " — ".join(x for x in (caption, head) if x)


# A line that announces how many things follow: "Five core areas of action", "The three priorities".
_ANNOUNCES = re.compile(
    r"^(?:(?:the|our|its|their|these)\s+)?(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS)
    + r")\s+(?:[\w'-]+\s+){0,3}?[\w'-]+s\b",
    re.I,
)
_PHRASE_WORDS = 15  # at most this many words: a line, not prose
_ITEM_CHARS = 200
_UNFINISHED_ITEM_CHARS = 400
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def counted_lists(blocks: list[Block]) -> list[Block]:
    """Paragraphs that a line counts are list items: "Five core areas of action" followed by five
    one-line paragraphs (web pages and PDFs often set a list as plain lines). The line stays a
    paragraph, the list's lead-in; without the count nothing marks where such a list ends."""
    out = list(blocks)
    i = 0
    while i < len(out):
        n = _announced(out[i])
        items = out[i + 1 : i + 1 + n] if n else []
        if n >= 2 and len(items) == n and all(_is_item_line(b) for b in items):
            out[i + 1 : i + 1 + n] = [replace(b, kind=LIST_ITEM, context=out[i].text) for b in items]
            i += n + 1
            continue
        i += 1
    return out


def _announced(block: Block) -> int:
    text = block.text.strip()
    if block.kind != PARAGRAPH or len(text.split()) > _PHRASE_WORDS or text.endswith((".", "!", "?", ";")):
        return 0
    m = _ANNOUNCES.match(text)
    if not m:
        return 0
    word = m.group("n").lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _is_item_line(block: Block, max_chars: int = _ITEM_CHARS) -> bool:
    text = block.text.strip()
    return (block.kind == PARAGRAPH and 0 < len(text) <= max_chars and not text.endswith(":")
            and not _SENTENCE_BREAK.search(text))


# Bullet characters (• ▪ ● ◦ ‣ ⁃, and the squares, diamonds, arrows, ticks and ornaments designed
# documents use: ■ □ ○ ◆ ◇ ► ▶ ❱ ➢ ➤ ✓ ✔ ❖; the middle dot "·" that Word's lists become when pasted
# or saved as a web page, and Word's Symbol-font bullets, read before `clean` maps them). Unlike a
# dash, a star or a number, one needs no space after it to be a bullet: a PDF sets the gap by
# position ("•Demonstrate learning ..."), and no word opens with one.
BULLET_GLYPHS = ("\u2022\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25a1\u25cb\u25c6\u25c7\u25ba\u25b6\u2771\u27a2\u27a4"
                 "\u2713\u2714\u2756\u00b7\uf0b7\uf0a7\u25b8\u25b9")
GLYPH_BULLET = rf"[{BULLET_GLYPHS}]\s*"  # a bullet character, with or without a space after it
# A line opening with a bullet character or a number ("• English classes", "2) Saturday"): an item
# of a list set as lines of text (text files, bullets pasted into Markdown from a word processor).
BULLET_LINE = re.compile(rf"^\s*(?:{GLYPH_BULLET}|(?:[\u2013*-]|\d{{1,2}}[.)]|[a-z][)])\s+)(?=\S)")


_GLYPH_OPENED = re.compile(rf"^\s*(?:{GLYPH_BULLET}|-\s+)(?=\S)")


def bulleted_paragraphs(blocks: list[Block]) -> list[Block]:
    """Two paragraphs or more in a row that each open with a bullet character (or a dash and a space)
    are list items: Word saved as a web page sets its list as "<p>·&nbsp;&nbsp;Notes ...</p>", and a
    text file may leave a blank line between its bullets; each had been a paragraph of its own with
    its bullet, none under the lead-in. (A number opens no item here: numbered paragraphs are a
    report's text.)"""
    out = list(blocks)
    k = 0
    while k < len(out):
        run = []  # (index, bullet) of the paragraphs from k on that open with a bullet
        for j in range(k, len(out)):
            mark = _GLYPH_OPENED.match(out[j].text) if out[j].kind == PARAGRAPH and not out[j].note else None
            if mark is None:
                break
            run.append((j, mark))
        if len(run) >= 2:
            for j, mark in run:
                out[j] = replace(out[j], kind=LIST_ITEM, text=out[j].text[mark.end():])
        k += max(len(run), 1)
    return out


def item_text(line: str, marker: re.Match[str]) -> str:
    """A list item's line without its bullet, but with its number or letter ("2) Saturday"): those
    are the source's words, which a quote of two items reads between them, as the page does."""
    mark = marker.group(0).strip()
    rest = line[marker.end() :]
    return f"{mark} {rest}" if mark[:1].isalnum() else rest


def bulleted_lines(part: str) -> list[Block]:
    """A blank-line-separated part of a text as blocks: its lines opening with bullets (two or more)
    are list items, each with the unbulleted lines that follow it, and the lines before the first
    are a paragraph (the lead-in); any other part is one paragraph."""
    lines = [line for line in part.splitlines() if line.strip()]
    if sum(bool(BULLET_LINE.match(line)) for line in lines) < 2:
        text = normalise_block(part)
        return [Block(PARAGRAPH, text)] if text else []
    out: list[Block] = []
    current: list[str] = []
    kind = PARAGRAPH
    for line in lines:
        marker = BULLET_LINE.match(line)
        if marker:
            if current:
                out.append(Block(kind, normalise_block(" ".join(current))))
            current, kind = [item_text(line, marker)], LIST_ITEM
        else:
            current.append(line)
    out.append(Block(kind, normalise_block(" ".join(current))))
    return [b for b in out if b.text]


def headings_over_text(blocks: list[Block]) -> list[Block]:
    """A minor heading (a bold or italic line) with no text under it, the page or a ranked heading
    coming next, is a line of text: a byline closing a section ("<em>Reported by LA County</em>")
    is no heading of the section after it."""
    out = list(blocks)
    for i, block in enumerate(out):
        if block.kind == HEADING and block.level == MINOR_HEADING_LEVEL:
            after = next((b for b in out[i + 1:] if not b.note), None)
            if after is None or (after.kind == HEADING and after.level < MINOR_HEADING_LEVEL):
                out[i] = replace(block, kind=PARAGRAPH, level=0)
    return out


_NUMBERED_PARAGRAPH = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\s")
_FIELD_VALUE_CHARS = 20  # a value shorter than a quotable sentence (`ic_assistant.text.MIN_QUOTE_CHARS`)


def fields_under_headings(blocks: list[Block]) -> list[Block]:
    """A heading over one short line and then a heading of its rank or above is a field, "Label:
    value": a report's front matter sets "Clerk to the Council" over "Olive O'Sullivan", and the name
    alone, too short to quote, was never an answer to who the clerk is."""
    out = list(blocks)
    k = 0
    while k + 2 < len(out):  # in reading order: one field's label may close the one before it
        head, value, after = out[k], out[k + 1], out[k + 2]
        if (head.kind == HEADING and value.kind == PARAGRAPH and not value.note and after.kind == HEADING
                and after.level <= head.level and len(value.text) < _FIELD_VALUE_CHARS
                and len(re.findall(r"\w", value.text)) >= 2 and not value.text.endswith((".", ":"))
                and not _NUMBERED_PARAGRAPH.match(value.text)):  # "4.0 Implications" over "4.1 None": a section
            out[k:k + 2] = [Block(PARAGRAPH, labelled(head.text, value.text))]
        k += 1
    return out


def attach_lead_ins(blocks: list[Block]) -> list[Block]:
    """Give each list item without context its list's lead-in: the paragraph just before the list
    (after `counted_lists` has found the lists set as plain lines)."""
    out: list[Block] = []
    lead = ""
    for block in counted_lists(blocks):
        if block.kind == LIST_ITEM:
            if not block.context and lead:
                block = replace(block, context=lead)
        elif block.kind == PARAGRAPH and out and out[-1].kind == LIST_ITEM and _GOES_ON_FROM.match(block.text):
            pass  # "However, capacity remains limited." after an item says more of it: the items after keep their lead-in
        elif not (block.kind == PARAGRAPH and block.context):  # a paragraph going on from an item leads nothing in
            lead = _last_sentence(block.text) if block.kind == PARAGRAPH else ""
        out.append(block)
    return out


# A sentence opening so goes on from what was said before it; it introduces no list.
_GOES_ON_FROM = re.compile(r"^(?:however|but|yet|also|moreover|furthermore|nevertheless|nonetheless|still|in addition|"
                           r"at the same time|even so)\b", re.I)


_OPEN_END = re.compile(r"[\w,\-\u2013]$")  # a block cut mid-sentence: no closing punctuation
_CONTINUES = re.compile(r"^[a-z(]")  # ... and a paragraph that starts mid-sentence
_COUNT_GOES_ON = re.compile(r"^\d[\d,.]*%?\s+[a-z(]")  # "13 people in ...", "4.2 million": not "2.8 The ..."
_TRAILING_FUNCTION_WORD = re.compile(r"\b(?:a|an|and|at|by|every|for|from|in|of|on|or|per|than|the|to|with)$")


def ends_mid_phrase(line: str) -> bool:
    """The line ends on a word that needs more after it ("... support for the", "... 1 in every"): wrapped text."""
    return bool(_TRAILING_FUNCTION_WORD.search(line))


def _goes_on(before: str, text: str) -> bool:
    """`text` goes on with the sentence that `before` leaves open: it starts mid-sentence, or with a
    count ("13 people ...") after a phrase that needs one ("... around 1 in every": the Race Disparity
    Audit's page break had cut it, and a number opens no sentence's continuation by `_CONTINUES`)."""
    if _CONTINUES.match(text):
        return bool(_OPEN_END.search(before))
    return bool(_COUNT_GOES_ON.match(text)) and ends_mid_phrase(before)


def join_continuations(pages: list[list[Block]]) -> list[list[Block]]:
    """Join a paragraph that starts mid-sentence to the open block before it, across a page or
    column break ("... the hostile environment, budget" / "cuts, Brexit and Windrush, ...").
    The joined block stays on the page where it starts, which is the page a citation names."""
    out: list[list[Block]] = []
    last: tuple[int, int] | None = None  # (page, block) of the latest paragraph or list item
    for blocks in pages:
        kept: list[Block] = []
        out.append(kept)
        for block in blocks:
            if block.note:  # a footnote neither continues the text nor is continued: the text flows past it
                kept.append(block)
                continue
            if last is not None and block.kind == PARAGRAPH:
                page, at = last
                target = out[page][at]
                if _goes_on(target.text, block.text):
                    # Where a page break cut it, the file reads running headers and a page number
                    # between the two parts: a quote is cited in its two parts (`verify`).
                    breaks = (*target.breaks, len(target.text)) if page < len(out) - 1 else target.breaks
                    out[page][at] = replace(target, text=f"{target.text} {block.text}", breaks=breaks)
                    continue
            kept.append(block)
            last = (len(out) - 1, len(kept) - 1) if block.kind in (PARAGRAPH, LIST_ITEM) else None
    return out


def carry_lead_ins(pages: list[list[Block]]) -> list[list[Block]]:
    """A list that a page break cuts from its lead-in ("The aims of the meeting were:" closing one
    page, the items opening the next), or runs on over (its items closing one page): the items
    opening the next page get that lead-in as their context, as `attach_lead_ins` gives it on one
    page."""
    out: list[list[Block]] = []
    lead = ""  # the previous page's closing paragraph ending with ':' or a label, or its closing item's lead-in
    for blocks in pages:
        kept: list[Block] = []
        carrying = bool(lead)
        for block in blocks:
            if carrying and block.kind == LIST_ITEM and not block.context:
                block = replace(block, context=lead)
            elif not block.note:
                carrying = False
            kept.append(block)
        body = [b for b in blocks if not b.note]
        last = body[-1] if body else None
        lead = _last_sentence(last.text) if last and last.kind == PARAGRAPH and _announces(last.text) else ""
        if last and last.kind == LIST_ITEM and _announces(last.context):
            # A list running on over the page break: the items opening the next page are of that
            # list ("IC has acted as a catalyst for change" leads the items on both pages). Not a
            # sentence read as its lead-in, which may only be the text before the list.
            lead = last.context
        out.append(kept)
    return out


def _announces(text: str) -> bool:
    """A lead-in that says a list follows, whatever came between: it ends with ':' or is a label."""
    return text.rstrip().endswith(":") or _label_text(text, _MAX_LEAD_LABEL_WORDS)


def numbered_paragraphs(blocks: list[Block]) -> list[Block]:
    """Paragraphs numbered 1, 2, ... in turn under a lead-in ending with ':' are its list's items, as
    a word processor's numbered list pasted into a web page reads ("... our goal is to:" then "1.
    Communicate with you in your language, and", "2. Provide forms ..."): they had been paragraphs,
    the second quoted without what it is a goal of. (`colon_lists` reads them so in PDFs.)"""
    out = list(blocks)
    for k, lead in enumerate(blocks):
        if lead.kind != PARAGRAPH or not lead.text.rstrip().endswith(":"):
            continue
        n = 0
        while k + n + 1 < len(out) and _numbered(out[k + n + 1]) == n + 1:
            n += 1
        if n >= 2:
            for j in range(k + 1, k + n + 1):
                out[j] = replace(out[j], kind=LIST_ITEM, context=_last_sentence(lead.text))
    return out


def colon_lists(pages: list[list[Block]]) -> list[list[Block]]:
    """Paragraphs under a lead-in that ends with ':', none of them a finished sentence, are the
    items of its list: PDFs whose bullets are pictures lose them in the text ("... an approach
    that is as follows:" then "Strategic across the city administration", "Consistently uses
    positive messaging ..."). So are paragraphs that each open with a short label ("The main risks
    that trustees have identified are:" then "External environment: ...", "Financial security:
    ..."), however many sentences they hold. The run ends at the first block that is not such a
    paragraph, on this page or the next (footnotes are passed over); one paragraph alone is not a
    list."""
    out = [list(blocks) for blocks in pages]
    flat = [(p, i) for p, blocks in enumerate(out) for i, b in enumerate(blocks) if not b.note]
    k = 0
    while k < len(flat):
        p, i = flat[k]
        lead = out[p][i]
        k += 1
        if lead.kind != PARAGRAPH or not lead.text.rstrip().endswith(":"):
            continue
        run = []
        while k + len(run) < len(flat):
            q, j = flat[k + len(run)]
            if not (_is_unfinished_item(out[q][j]) or _is_labelled_item(out[q][j])
                    or _numbered(out[q][j]) == len(run) + 1):
                break
            run.append((q, j))
        if len(run) < 2:
            pairs = _headed_paragraphs(out, flat, k)
            for (h, hi), (q, j) in pairs:
                out[q][j] = replace(out[q][j], kind=LIST_ITEM, text=labelled(out[h][hi].text, out[q][j].text),
                                    context=_last_sentence(lead.text))
                out[h][hi] = replace(out[h][hi], text="")  # said in its item
            k += 2 * len(pairs)
            continue
        for q, j in run:
            out[q][j] = replace(out[q][j], kind=LIST_ITEM, context=_last_sentence(lead.text))
        k += len(run)
    return [[b for b in blocks if b.text] for blocks in out]


_MAX_ITEM_HEADING_WORDS = 8


_Place = tuple[int, int]  # (page, block) in `colon_lists`' pages


def _headed_paragraphs(out: list[list[Block]], flat: list[_Place], k: int) -> list[tuple[_Place, _Place]]:
    """From `flat[k]` on, the headings of one level that each head one paragraph, when there are
    two or more: the points a lead-in announces, each set under a heading of its own ("The main
    risks that trustees have identified are:" then "External environment" over a paragraph,
    "Financial security" over one ...). Read as headings, they were siblings of the section the
    lead-in closes, and the lead-in was quoted with nothing after it."""
    pairs = []
    level = None
    while k + 1 < len(flat):
        (h, hi), (q, j) = flat[k], flat[k + 1]
        heading, text = out[h][hi], out[q][j]
        after = out[flat[k + 2][0]][flat[k + 2][1]] if k + 2 < len(flat) else None
        if (heading.kind != HEADING or level not in (None, heading.level) or text.kind != PARAGRAPH
                or len(heading.text.split()) > _MAX_ITEM_HEADING_WORDS or text.text.rstrip().endswith(":")
                or (after is not None and after.kind != HEADING)):
            break
        pairs.append(((h, hi), (q, j)))
        level = heading.level
        k += 2
    return pairs if len(pairs) >= 2 else []


# A paragraph that opens with a short label and a colon ("Financial security: Our ability to ..."), as
# a report sets the points a lead-in announces, each a paragraph of its own under a label in bold.
_LABELLED = re.compile(r"^[A-Z][\w'\u2019&/-]*(?: [\w'\u2019&/(),-]+){0,5}: \S")  # "Melrose (CD1, 201): 541.4 ..."


def _is_labelled_item(block: Block) -> bool:
    return block.kind == PARAGRAPH and bool(_LABELLED.match(block.text))


# A paragraph numbered as a list's item: "1. Communicate with you in your language, and" (a word
# processor's numbered list pasted into a web page as paragraphs).
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+\S")


def _numbered(block: Block) -> int | None:
    """The number a paragraph opens with as a list's item, or None."""
    m = _NUMBERED.match(block.text) if block.kind == PARAGRAPH else None
    rest = replace(block, text=block.text[m.end(1) + 1:]) if m else None  # "1. C" is no sentence break
    return int(m.group(1)) if rest is not None and _is_item_line(rest, _UNFINISHED_ITEM_CHARS) else None


def _is_unfinished_item(block: Block) -> bool:
    # A bullet's text may run to a few lines, but it is one unfinished sentence.
    return (_is_item_line(block, _UNFINISHED_ITEM_CHARS)
            and not block.text.strip().endswith((".", "!", "?", ";", ")", '"', "\u201d")))


def _last_sentence(text: str) -> str:
    # A long paragraph's lead-in is its last sentence ("... The five core areas are:"), or its last
    # two when the last is one word, which says nothing alone ("One of these must be true of the
    # Veteran. They:" had led in with "They:").
    # A sentence may end inside its quote or bracket: 'FAQ 4 says "... a letter." Programs include:'.
    sentences = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u2019\u201d)]))\s+(?=[A-Z])", text)
    # The sentence that points to the list leads it in, wherever it stands: "Use the checklist below
    # to gather what you need. Open enrollment ends March 31, 2014." had led in with the deadline.
    if not sentences[-1].rstrip().endswith(":"):
        pointing = [x for x in sentences[:-1] if _POINTS_TO_LIST.search(x)]
        if pointing:
            return pointing[-1]
    return " ".join(sentences[-2:] if len(sentences[-1].split()) == 1 else sentences[-1:])


_POINTS_TO_LIST = re.compile(r"\b(?:below|the following|as follows)\b", re.I)


# A link's target is a URL a reader does not read, but an e-mail address or telephone number behind
# "email us" or "Contact us" is what a reader of the page was given to contact.
_CONTACT_TARGET = re.compile(r"^(?:mailto|tel):\s*([^?]+)", re.I)


def contact_target(href: str) -> str | None:
    """The address or number of a "mailto:" or "tel:" link, else None."""
    m = _CONTACT_TARGET.match(href.strip())
    if m is None:
        return None
    return unquote(m.group(1)).strip() or None


_MAX_GROUP_LABEL_WORDS = 10
# A label closing a page leads the items opening the next (`carry_lead_ins`) at up to this many words,
# as an outline reads one: "The importance of place shaping and developing a city-wide narrative of
# inclusion" (12) had left the items under it on the next page without it.
_MAX_LEAD_LABEL_WORDS = 16


def labelled_groups(pages: list[list[Block]]) -> list[list[Block]]:
    """Table rows under a group label, with it: a row of one short cell over rows of three cells or
    more (a budget book's "Free Library" over its "Personal Services | ..." and "Total | ..." rows, an
    account's "Expenditure on:") heads them until the next label, another table or text, across a
    page break too. Alone, "Total | 45,326,677 | 58,449,945" said nothing of whose total it was; now
    it reads "Free Library: Total | ...". A label set as two such rows ("Office of Community" over
    "Empowerment and Opportunity") is read whole. The label rows are left out: each row says them."""
    flat = [(n, b) for n, page in enumerate(pages) for b in page]
    body = [i for i, (_, b) in enumerate(flat) if not b.note]  # a page's notes sit beside its flow
    out = [b for _, b in flat]
    label, context, pending, drop = "", None, [], set()
    for k, i in enumerate(body):
        block = out[i]
        if block.kind != TABLE_ROW or block.context != context:
            label, pending = "", []
            context = block.context if block.kind == TABLE_ROW else None
        if block.kind != TABLE_ROW:
            continue
        after = out[body[k + 1]] if k + 1 < len(body) else None
        if (CELL_SEPARATOR not in block.text and ends_mid_phrase(block.text) and after and after.kind == TABLE_ROW
                and after.context == context and after.text[:1].islower() and CELL_SEPARATOR in after.text):
            # A row's label wrapped onto a line of its own ("Couples ... with a child of" over
            # "qualifying age | 23000.00"): the next row's first cell, not a group's label; the label
            # rows before it head that row.
            shift = len(block.text) + 1
            out[body[k + 1]] = replace(after, text=f"{block.text} {after.text}",
                                       breaks=tuple(b + shift for b in after.breaks))
            drop.add(i)
            if pending:
                label = " ".join(out[j].text.strip() for j in pending)
                drop.update(pending)
                pending = []
            continue
        if not _label_text(block.text):
            pending = []
            if CELL_SEPARATOR not in block.text:  # a long title of one cell ends the group too
                label = ""
            elif label:
                text = labelled(label, block.text)
                shift = len(text) - len(block.text)
                out[i] = replace(block, text=text, breaks=tuple(b + shift for b in block.breaks))
                if _TOTAL.match(block.text):  # a group's total closes it ("Net movement in funds" heads no group)
                    label = ""
            continue
        if not pending:  # a new group's label ends the last group, whatever follows it
            label = ""
        pending = [*pending[-1:], i]  # a label wraps onto two rows at most
        if after and after.kind == TABLE_ROW and after.context == context and after.text.count(CELL_SEPARATOR) >= 2:
            label = " ".join(out[j].text.strip() for j in pending)
            drop.update(pending)
            pending = []
    return _paged(pages, flat, out, drop)


def stacked_headers(pages: list[list[Block]]) -> list[list[Block]]:
    """A table's column names set on several lines over its figures, each line read as a row of its
    own ("Period | Period | Period", "ended | ...", "2020 | 2019 | 2018", "£ | £ | £"), then the rows
    of figures, with a cell more for their labels and no header (an account's statement of
    financial activities): each column's lines are read down as its name, the header of those
    rows ("- | Period ended 30th June 2020 £ | ..."), and the name rows are left out. Headings
    between them (the account's "Income from:") stay. The rows had said no year."""
    flat = [(n, b) for n, page in enumerate(pages) for b in page]
    out = [b for _, b in flat]
    drop: set[int] = set()
    i = 0
    while i < len(out):
        names = _name_rows(out, i)
        if not names:
            i += 1
            continue
        width = out[i].text.count(CELL_SEPARATOR) + 1
        j = names[-1] + 1
        while j < len(out) and out[j].kind == HEADING:
            j += 1
        if not (j < len(out) and out[j].kind == TABLE_ROW and not out[j].context
                and out[j].text.count(CELL_SEPARATOR) == width):
            i = names[-1] + 1
            continue
        columns = zip(*(cells.split(CELL_SEPARATOR) for cells in (out[i].context, *(out[k].text for k in names))))
        named = [" ".join(c.strip() for c in column if c.strip()) for column in columns]
        # The rows' labels are the cell of words, first or not ("(145,000) | Economic Development | ...").
        at = next((n for n, cell in enumerate(out[j].text.split(CELL_SEPARATOR)) if _WORD_CELL.search(cell)), 0)
        header = CELL_SEPARATOR.join([*named[:at], "-", *named[at:]])
        while j < len(out) and (out[j].kind == HEADING or (out[j].kind == TABLE_ROW and not out[j].context)):
            if out[j].kind == TABLE_ROW:
                out[j] = replace(out[j], context=header)
            j += 1
        drop.update(names)
        i = j
    return _paged(pages, flat, out, drop)


def _paged(
    pages: list[list[Block]], flat: list[tuple[int, Block]], out: list[Block], drop: set[int],
) -> list[list[Block]]:
    """`out` (the blocks of `flat`, some replaced) back on their pages, without those at `drop`."""
    paged: list[list[Block]] = [[] for _ in pages]
    for k, (n, _) in enumerate(flat):
        if k not in drop:
            paged[n].append(out[k])
    return paged


def _name_rows(blocks: list[Block], i: int) -> list[int]:
    """The run of table rows from `blocks[i]` under one header whose cells, and the header's, hold
    names only: words, years, a day of the month, a currency sign; no figure."""
    head = blocks[i]
    if head.kind != TABLE_ROW or not head.context or not _names_only(head.context):
        return []
    width = head.context.count(CELL_SEPARATOR)
    run = []
    k = i
    while (k < len(blocks) and blocks[k].kind == TABLE_ROW and blocks[k].context == head.context
           and blocks[k].text.count(CELL_SEPARATOR) == width and _names_only(blocks[k].text)):
        run.append(k)
        k += 1
    return run


_WORD_CELL = re.compile(r"[^\W\d_]{2,}")  # a cell of words, not figures: a row's label
_NAME_PARTS = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)\b|[£$€]")


def _names_only(cells: str) -> bool:
    return CELL_SEPARATOR in cells and not any(c.isdigit() for c in _NAME_PARTS.sub("", cells))


_TOTAL = re.compile(r"(?i)(?:grand\s+|sub-?)?total\b")
_SENTENCE_CLOSE = re.compile(r"\b[a-z]+\.$")  # "... each year." (not "Lease/Purch.")


def _label_text(text: str, most_words: int = _MAX_GROUP_LABEL_WORDS) -> bool:
    text = text.strip()
    return (CELL_SEPARATOR not in text and any(c.isalpha() for c in text) and not _SENTENCE_CLOSE.search(text)
            and len(text.split()) <= most_words)


_CONTENTS = re.compile(r"^(?:(?:table\s+of\s+)?contents|list\s+of\s+(?:tables|figures|charts|boxes|illustrations))$", re.I)
# An entry's page number ends it, or comes before its dot leaders ("... in Germany? 3 ......."), as
# some layouts set a right-aligned number in the text before the dots that lead to it.
_PAGE_REFERENCE = re.compile(r"(?:\s|\.|" + re.escape(CELL_SEPARATOR.strip()) + r")\s*(\d{1,4})(?:\s*[.\u2026]{3,})?$")


def without_contents(pages: list[list[Block]]) -> list[list[Block]]:
    """The pages' blocks without a contents page's entries: the rows or lines under a "Contents"
    heading that end in a page number, in page order ("Risk management | 9"), on its page and the
    pages after while they go on. They are the document's navigation, not what it says: quoted,
    "Financial review and reserves policy | 28" had answered "Does the charity have a reserves
    policy?" beside the policy itself."""
    flat = [(n, block) for n, blocks in enumerate(pages) for block in blocks]
    out: list[list[Block]] = [[] for _ in pages]
    contents, last = False, 0
    for k, (n, block) in enumerate(flat):
        if contents and not _CONTENTS.match(block.text.strip()):
            if _PAGE_LABEL.match(block.text.strip()):  # the page numbers' column name ("Page")
                continue
            page = _page_reference(block)
            if page is not None and page >= last:
                last = page
                continue
            # An entry set on two lines gives its page on the second ("Goal: ... from" / "Preschool
            # through College | 32"; a table's caption read as a heading, then "... priorities ....25"):
            # a line without one goes on the contents when one of the next two lines ends in a page.
            ahead = [b for _, b in flat[k + 1 : k + 1 + _WRAPPED_ENTRY_LINES]]
            if any((p := _page_reference(b)) is not None and p >= last for b in ahead):
                continue
            contents = False
        if block.kind == HEADING:
            contents, last = bool(_CONTENTS.match(block.text.strip())), 0
        out[n].append(block)
    return out


_PAGE_LABEL = re.compile(r"^(?:page|pages|page\s+no\.?|page\s+number)$", re.I)
_WRAPPED_ENTRY_LINES = 2


def _page_reference(block: Block) -> int | None:
    m = _PAGE_REFERENCE.search(block.text.strip())
    return int(m.group(1)) if m and not is_year(m.group(1)) else None  # "Trustees at 30 June 2019": a date
