"""Lines of PDF text to blocks, by the shape of the lines (PDF text has no markup).

Used for the text outside tables. Where the PDF's fonts mark headings, the caller passes
their levels; otherwise headings are found by shape.
"""

from __future__ import annotations

import re

from .blocks import GLYPH_BULLET, HEADING, LIST_ITEM, PARAGRAPH, Block, ends_mid_phrase, item_text
from .clean import join_lines

_ADDRESS = re.compile(r"https?://|www\.|\b[\w.+-]+@[\w-]+\.\w")
_BULLET = re.compile(rf"^(?:{GLYPH_BULLET}(?=\S)|[-*]\s+|\d{{1,2}}[.)]\s+)")
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MILESTONE = re.compile(
    rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s*-\s*\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}\b[^:]{{0,30}}:\s+\S"
)
CAPTION = re.compile(r"^(?:Table|Figure|Annex|Appendix)\s+\d+[.:]\s")
_MAX_HEADING_WORDS = 12
# A section number of two levels or more opens a heading ("2.1 Eligibility", "3.2.1 Costs"); "2. Aims"
# or "2 Aims" may as well be a list item or a footnote.
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+[A-Z]")
_ENUMERATED = re.compile(r"^\(?(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})\)\s+\S")  # "a) Statutory information", "(3) Ryebank"
# A note opens with its number ("1 The five cities ..."); a date that wraps to a line's start ("30
# October 2025 seeking views ...") is no note, and had ended its paragraph mid-sentence.
_FOOTNOTE = re.compile(rf"^\d{{1,2}} (?!{MONTH}\b)[A-Z]")
_FIELD = re.compile(r"^[A-Z][A-Za-z/&'-]+(?: [A-Za-z/&'-]{2,}){0,2}: \S")  # "Report Of: Cabinet Member", "Email: ..."
_SENTENCE_GOES_ON = re.compile(r"[a-z]{2}[.!?] [A-Z]")  # "... diverse. The ...", not "St. Mary's" or "U.S. Policy"
_LONG = 0.7  # a line this long against the longest is long: it may have wrapped
_SHAPE_LEVEL = 2  # a heading found by shape; annexes sit at this level, captions and milestones below


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", ")"))


_OPENING_MARKS = "\"'“‘(["


def _starts_upper(line: str) -> bool:
    return line[:1].isupper() or line[:1].isdigit()


def bulleted(line: str) -> bool:
    """The line opens with a bullet or an item number, as `pdf_blocks` reads one."""
    return bool(_BULLET.match(line))


def starts_block(line: str) -> bool:
    """The line can open a block after a heading: a capital, a number or a bullet."""
    return _starts_upper(line) or bool(_BULLET.match(line))


# A note on a table or figure: "Source: NHS Digital", "Notes: ...", "Base: all respondents".
NOTE_LINE = re.compile(r"^\s*(?:sources?|notes?|base|nb)\s*[:.]", re.I)


def heading_shape(line: str) -> bool:
    """A line shaped like a heading: short, it starts a sentence and neither ends one nor leads
    in to a list, nor holds a finished one that goes on ("2.5 The UK has become more ethnically
    diverse. The proportion of people": a paragraph's first line), and it is no bullet or footnote
    (text without markup: PDF lines, text files)."""
    return (
        _starts_upper(line)
        and not _BULLET.match(line)
        and not _FOOTNOTE.match(line)
        and not line.endswith((".", ",", ";", ":"))
        and not _SENTENCE_GOES_ON.search(line)
        and len(line.split()) <= _MAX_HEADING_WORDS
        and not gives_figures(line)
        and not NOTE_LINE.match(line)
    )


# A figure as tables give them: "4,717,753,548", "(8,976)", "12.50", "40%"; not "2.1", which numbers a section.
_FIGURE_IN_LINE = re.compile(r"(?<![\w.])\(?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|(?<![\w.])\d+\.\d{2,}\b|\b\d+(?:\.\d+)?%")


def gives_figures(line: str) -> bool:
    """The line gives two figures or more, or ends with one: a table's total set in bold under it
    ("Total, General Fund 4,717,753,548 602,110,804 ..."), an account's "Net movement in funds
    (4,259)". It is no heading, which is never quoted."""
    found = _FIGURE_IN_LINE.findall(line)
    return len(found) >= 2 or bool(found and line.rstrip().endswith(found[-1]))


def _marked_level(line: str) -> int:
    if line.startswith(("Annex", "Appendix")):
        return _SHAPE_LEVEL
    return _SHAPE_LEVEL + 1


def pdf_blocks(lines: list[str], levels: list[int] | None = None, room: list[bool | None] | None = None) -> list[Block]:
    """Group the lines of (part of) a PDF page into headings, paragraphs and list items.

    `levels` gives a heading level per line from the fonts (0 for body text); without it a
    heading is a short line that starts a sentence, does not end one, follows a finished
    sentence and is followed by a new one (or by one short continuation line), or a dated
    milestone or caption line. `room` marks the lines after which the next line's first word would
    have fitted (from the page's geometry): a capitalised line after one starts a new block; after a
    line marked full (False) only a finished sentence ends the block, whatever its length, and a long
    full line is no heading (it wrapped).
    """
    width = max((len(x) for x in lines), default=0)
    blocks: list[Block] = []
    para: list[str] = []
    para_kind = [PARAGRAPH]

    def flush() -> None:
        if para:
            blocks.append(Block(para_kind[0], join_lines(para)))
            para.clear()
        para_kind[0] = PARAGRAPH

    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        after = lines[i + 2] if i + 2 < len(lines) else ""
        words = len(line.split())
        if levels is not None and levels[i]:
            flush()
            text = [line]
            while i + 1 < len(lines) and levels[i + 1] == levels[i] and _wraps_into(text, lines[i + 1], room, i):
                i += 1
                text.append(lines[i])
            joined = join_lines(text)
            # A line set large that gives a web or e-mail address is text: a call to "email
            # info@..." or a picture's caption with its link names no section and must be quotable.
            # A mark alone ("?" set large on a form) is neither: it had headed what followed.
            text_line = _ADDRESS.search(joined)
            if any(c.isalnum() for c in joined):
                blocks.append(Block(PARAGRAPH, joined) if text_line else Block(HEADING, joined, level=levels[i]))
            i += 1
            continue
        # A line that ran the full width wrapped: the first line of a paragraph ("2.5 The UK has become
        # more ethnically diverse. The proportion of people"), however few its words. The geometry
        # says it was full and its characters agree: in a table read cell by cell, a short header
        # ("IC Aim Selected responses") can seem full against the narrow cells about it.
        full = bool(room) and room[i] is False and len(line) >= _LONG * width
        numbered = _SECTION_NUMBER.match(line)
        if (numbered and not full and heading_shape(line) and (not para or _ends_sentence(para[-1]))
                and not _heads_nothing(numbered.group(1), nxt)):
            # "2.1 Eligibility": a numbered section opens, however its font is set
            flush()
            blocks.append(Block(HEADING, line, level=min(numbered.group(1).count(".") + 2, 6)))
            i += 1
            continue
        if (MILESTONE.match(line) or CAPTION.match(line)) and words <= _MAX_HEADING_WORDS + 2:
            flush()
            if line.count("(") > line.count(")") and nxt and len(nxt.split()) <= 3:  # wrapped caption
                line, i = f"{line} {nxt}", i + 1
            blocks.append(Block(HEADING, line, level=_marked_level(line)))
            i += 1
            continue
        prev_done = not para or _ends_sentence(para[-1])
        if levels is None and prev_done and not full and heading_shape(line):
            if (not nxt or starts_block(nxt)) and not ends_mid_phrase(line):
                flush()
                blocks.append(Block(HEADING, line, level=_SHAPE_LEVEL))
                i += 1
                continue
            if len(nxt.split()) <= 2 and (not after or _starts_upper(after)):
                flush()
                blocks.append(Block(HEADING, f"{line} {nxt}", level=_SHAPE_LEVEL))
                i += 2
                continue
        bullet = _BULLET.match(line)
        early = room[i - 1] if room and i else None
        # A bulleted item goes on past a full line that closes a sentence: its bullet marked where it
        # began, and the next bullet, a short last line or space marks its end. "... within the
        # cities." then "However, capacity remains severely limited" had been cut off as a paragraph.
        # A short line that leaves its sentence open is no more of the item: a group's label over the
        # next items ("The programme has helped to build new networks", "Mainstreaming,").
        goes_on = (para_kind[0] == LIST_ITEM and early is False
                   and (_ends_sentence(line) or (room[i] is False and len(line) >= _LONG * width)))
        if bullet or _FOOTNOTE.match(line) or (
                para and not goes_on and _line_break_ends_block(para[-1], line, width, early)):
            flush()
        if bullet:
            para_kind[0] = LIST_ITEM
            line = item_text(line, bullet)  # "2. Discuss ...": a number is the source's text, a bullet is not
        para.append(line)
        i += 1
    flush()
    return _demote_table_headers(_fields_as_text(blocks))


def _field(text: str) -> bool:
    """The text opens with a label and its value ("Meeting: Cabinet", "Wards Affected: All"): a label
    of a few words and no number or letter. "Annex 2: Project Milestones", "Annex A: Guidance ...",
    "Principle 1: use of evidence ..." and "March - June 2017: Recruitment" name a part of the
    document, and their titles follow."""
    return bool(_FIELD.match(text))


def _fields_as_text(blocks: list[Block]) -> list[Block]:
    """Headings that hold a label with its value, two or more in a row, are fields, text: a report's
    front sheet sets them in bold ("Meeting: Cabinet", "Subject: Local Council Tax Support Scheme"),
    and a heading would hide their values from the answer (as `blocks.bold_heading` reads such a line)."""
    field = [b.kind == HEADING and _field(b.text) for b in blocks]
    paired = [f and ((k > 0 and field[k - 1]) or (k + 1 < len(field) and field[k + 1])) for k, f in enumerate(field)]
    return [Block(PARAGRAPH, b.text) if p else b for b, p in zip(blocks, paired)]


def _wraps_into(heading: list[str], line: str, room: list[bool | None] | None, i: int) -> bool:
    """The heading (its lines so far, the last `i`) goes on into the next line of its level,
    unless that line opens a heading of its own (a section number: "FOR GENERAL RELEASE", then "1.0
    Purpose of Report"; an enumerator: "Accounting policies", then "a) Statutory information") or
    the heading is a field (`_field`) and the line another field, or space sets the line apart.
    Joined, a Gloucester cabinet report's front sheet, its fields in bold, had been one heading of
    380 characters ("Meeting: Cabinet Date: ... Contact Officer: ...")."""
    if _SECTION_NUMBER.match(line) or _ENUMERATED.match(line):
        return False
    return not (_field(" ".join(heading)) and (_field(line) or bool(room and room[i])))


def _heads_nothing(number: str, nxt: str) -> bool:
    """The next line opens a section of the numbered line's rank or above ("13.1 None", then "14.0
    Staffing Implications"): the line heads no text, it is a paragraph of one line. As a heading it
    had made three in a row with the two around it, all read as a table's header cells."""
    after = _SECTION_NUMBER.match(nxt)
    return bool(after) and after.group(1).count(".") <= number.count(".")


def _demote_table_headers(blocks: list[Block]) -> list[Block]:
    """Three or more "headings" in a row are the header and cells of a table, not headings;
    so is a short "heading" right under a table caption (its column names)."""
    out: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, Block(PARAGRAPH, "")]:
        if block.kind == HEADING and not (MILESTONE.match(block.text) or CAPTION.match(block.text)):
            after_caption = not run and out and out[-1].kind == HEADING and CAPTION.match(out[-1].text)
            if after_caption and not out[-1].text.startswith(("Annex", "Appendix")):
                out.append(Block(PARAGRAPH, block.text))
                continue
            run.append(block)
            continue
        out.extend(run if len(run) < 3 else [Block(PARAGRAPH, b.text) for b in run])
        run = []
        if block.text:
            out.append(block)
    return out


def _line_break_ends_block(prev: str, line: str, width: int, early: bool | None = None) -> bool:
    # A short line followed by a capitalised one is the end of an unmarked list item or paragraph;
    # so is a line broken before the next word had to wrap (`early`). Where the geometry says the
    # line was full (`early` False), it wrapped: short in characters, it sits in a narrow column.
    if not _starts_upper(line.lstrip(_OPENING_MARKS)):  # a quotation opens a paragraph too: "“I don't want ..."
        return False
    if early is not None:  # a full line closing a bracket goes on: "... Health Cities (CHC)" / "Programme, and"
        return early or _ends_sentence(prev.rstrip().rstrip(")"))
    return len(prev) < _LONG * width or _ends_sentence(prev)
