"""PDF to blocks with pdfplumber: ruled tables as rows, the rest as lines grouped by shape and font.

Running headers and footers (a line repeated at the top or bottom of most pages) and page
numbers are dropped. Error handling names the reason: encrypted, corrupt, empty, scanned.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ic_assistant.errors import DocumentError
from ic_assistant.text import ONLY_LINKS

from .blocks import (
    BULLET_GLYPHS, CELL_SEPARATOR, HEADING, PARAGRAPH, TABLE_ROW, Block, ParsedFile, ParsedPage, attach_lead_ins,
    carry_lead_ins, colon_lists, fields_under_headings,
    join_continuations, labelled, positioned, table_context,
)
from .clean import clean_line, is_page_number, is_year, normalise_block, normalise_chars, without_rules
from .pdf_gutters import with_gutters
from .pdf_columns import WORD_SPACE, reading_order, text_lines, without_hidden_spaces
from .pdf_unruled import FIGURE, unruled_tables
from .pdf_lines import CAPTION, MONTH, NOTE_LINE, bulleted, gives_figures, pdf_blocks
from .pdf_text_tables import text_table_runs

_EDGE = 0.08  # top and bottom share of the page where running headers and footers sit
_HEADING_SIZE = 1.15  # a line this much larger than the body text is a heading
_MAX_HEADING_WORDS = 12
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?$")  # "3.1", "3.1.2": a numbered paragraph's number
_FOOTNOTE = re.compile(r"^(\d{1,2}):?\s+(?=[A-Z\"'\u2018\u201c(])")  # "1 The five cities were ...", "1: ..."
_MAX_FOOTNOTE_LINES = 8
_INDENT = 12.0  # points: lines whose left edges are this close are of one column (a first-line indent apart)
_COLUMN_LINES = 2  # a column needs this many wrapped lines for its right edge to be known
_NEAR = 4  # lines above and below that set a line's column edge
_SLACK = 1.0  # a word must fit with this much to spare (in font sizes): edges vary by a letter or two
_SPACE = 0.25  # a space's width, in font sizes
_GAP = 0.1  # a gap between letters this wide (in font sizes) is a space
_PARAGRAPH_STEP = 1.4  # a step from one line to the next this many times the page's usual one sets a paragraph apart
_DOT_MIN, _DOT_MAX = 1.5, 8.0  # points: the size of a bullet drawn as a shape
_DOT_REACH = 3.0  # font sizes: how far before its line's text a bullet shape sits
RULE_MAX_WIDTH = 3.0  # points: a filled shape no thicker than this is a rule (a table border), a thicker one a fill
_ENCRYPTED = "encrypted PDF: it needs a password; save an unencrypted copy"


@dataclass(frozen=True)
class _Line:
    text: str
    top: float
    size: float
    bold: bool
    x0: float = 0.0
    x1: float = 0.0
    first_word: float = 0.0  # width of its first word, in points
    text_x0: float = 0.0  # left edge of its text past a paragraph number hanging in the margin (`_text_x0`)
    room: bool | None = None  # the next line's first word would have fitted on this one; None: unknown (`_mark_room`)


@dataclass(frozen=True)
class _Table:
    top: float
    caption: str
    headers: list[str]
    rows: list[list[str]]


def load_pdf(path: Path, row_keys: tuple[str, ...] = ()) -> ParsedFile:
    """Parse a PDF page by page; raise `DocumentError` when it cannot be read. `row_keys` are
    names (the programme file's entities) that start the rows of tables set as plain text lines,
    which have no ruling for pdfplumber to find."""
    meta = _check_and_read_metadata(path)
    try:
        pages = _read_pages(path)
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many types on malformed files; name it and go on
        raise DocumentError(path.name, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise DocumentError(path.name, "PDF has no pages")
    running = _running_lines(pages)
    fonts = _font_sizes(pages)
    pages = _continued_tables(pages, running)
    blocks = carry_lead_ins(colon_lists(join_continuations([_page_blocks(lines, tables, running, fonts, row_keys)
                                                            for lines, tables, _ in pages])))
    blocks[0] = _cover_facts(blocks[0], cover_possible=len(blocks) > 1)
    parsed = [ParsedPage(n, page) for n, page in enumerate(blocks, 1)]
    if not any(p.text for p in parsed):
        raise DocumentError(path.name, "PDF has no extractable text (scanned images? run OCR first)")
    return ParsedFile(parsed, title=own_title(normalise_block(meta["title"]), " ".join(p.text for p in parsed[:2])),
                      meta=meta)


_DATED = re.compile(rf"\b{MONTH}\s+(?:19|20)\d\d\b")


def _cover_facts(blocks: list[Block], cover_possible: bool = True) -> list[Block]:
    """A first page's lines in large type under its title that give a date ("BEIS Research Paper
    Number 2020/016 December 2020", "June 2022 Author: Anna Cordes") are facts of the document, set
    large as a cover sets them: as headings they were only ever context, and "When was it published?"
    or "Who wrote it?" had no unit to quote. On a cover page (`cover_possible`: the document has more
    pages) every line after its first is such a fact, dated or not."""
    first = next((k for k, b in enumerate(blocks) if b.kind == HEADING), len(blocks))
    # A cover page (few words: title, subtitle, date, authors) says only facts of the document: each
    # line after its first is one, dated or not ("Findings from the community engagement Victoria
    # Boelman, ...": as a heading it was context, and "Who wrote it?" had no unit naming the authors).
    # Its title may be set as text, and its date line then reads as the first heading.
    cover = (cover_possible and sum(len(b.text.split()) for b in blocks) <= COVER_WORDS
             and all(b.kind in (HEADING, PARAGRAPH) for b in blocks))
    return [replace(b, kind=PARAGRAPH, level=0)
            if b.kind == HEADING and ((cover and k > 0) or (k > first and _DATED.search(b.text))) else b
            for k, b in enumerate(blocks)]


COVER_WORDS = 60  # a first page of at most this many words, of headings and paragraphs only, is a cover
# (of a document of two pages or more: a one-page note is all body)


_FILE_NAME = re.compile(r"^Microsoft (?:Word|PowerPoint) - |\.(?:docx?|pdf|indd|pptx?|odt|rtf|xlsx?)$", re.I)


def own_title(title: str, opening: str) -> str:
    """The title in a PDF's properties when it is this document's, else "" (the file name stands
    in): a word processor's file name ("Microsoft Word - RDAweb.docx") is none, nor a template's
    title that the document's first pages do not use ("Programme of Ordinary Meetings" on a
    cabinet report): at least half its words are on them."""
    from ic_assistant.lexical import stem_terms

    if not title or _FILE_NAME.search(title):
        return ""
    words = set(stem_terms(title))
    return title if len(words & set(stem_terms(opening))) * 2 >= len(words) else ""


def _check_and_read_metadata(path: Path) -> dict[str, str]:
    # pypdf tells encryption and structural damage apart more precisely than pdfminer.
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path.name, _ENCRYPTED)
        len(reader.pages)
        info = reader.metadata or {}
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise DocumentError(path.name, _ENCRYPTED) from exc
    except Exception as exc:  # pypdf raises many types on malformed files; name it and go on
        raise DocumentError(path.name, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    return {k: str(info.get(f"/{k.title()}", "") or "") for k in ("title", "author", "subject")}


def _read_pages(path: Path) -> list[tuple[list[_Line], list[_Table], float]]:
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page = without_hidden_spaces(page)
            rules = _ruled(page)
            ruled = rules.find_tables()
            found = [with_gutters(rules, t) for t in ruled if len(t.rows) >= 2]
            # A one-row table is a box round some text, except the last row of a table that a page
            # break cut, opening the next page (`_continued_tables`): one of two cells or more,
            # above all of the page's text.
            single = [t for t in ruled if len(t.rows) == 1 and len(t.rows[0].cells) >= 2]
            if single:
                first_text = _first_text_top(page, ruled)
                found += [t for t in single if t.bbox[3] <= first_text]
            boxes = [t.bbox for t in found]

            def outside(obj: dict, boxes: list = boxes) -> bool:
                x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

            text_page = page.filter(outside) if boxes else page
            raw_lines = text_lines(text_page)
            unruled = unruled_tables(raw_lines)  # tables without ruling, which find_tables misses
            if unruled:  # read the page again without them
                boxes += [box for box, _ in unruled]
                text_page, raw_lines = page.filter(outside), None
            lines = [_line(raw) for raw in reading_order(text_page, raw_lines)]
            lines = [x for x in lines if x.text]
            dots = _bullet_dots(text_page)
            if dots:
                lines = [_with_bullet(x, dots) for x in lines]
            lines = _glyph_bullets(lines)
            tables = [_table(t.extract(expand_ligatures=False, x_tolerance_ratio=WORD_SPACE), t.bbox[1], lines)
                      for t in found]
            tables += [_table(rows, box[1], lines) for box, rows in _stacked_headers(unruled)]
            captions = {t.caption for t in tables}
            lines = [x for x in lines if x.text not in captions]
            out.append((lines, [t for t in tables if t.rows], float(page.height)))
    return out


def _ruled(page):  # noqa: ANN001, ANN202 - pdfplumber Page
    """The page as `find_tables` should see it: its rules (lines, thin or stroked shapes), without
    the filled shapes that are no rules. pdfplumber reads every rectangle's edges as table lines,
    and a page whose background is one filled rectangle (a web page printed by a browser) was one
    table row of 2,500 characters; Word's white fill behind each line made every line a table row.
    A table's borders (lines, or rectangles under RULE_MAX_WIDTH thick, as Word draws them) stay,
    and so do the stroked boxes of its cells; a shaded cell's fill goes, its borders do not."""
    def kept(obj: dict) -> bool:
        if obj.get("object_type") not in ("rect", "curve"):
            return True
        return bool(obj.get("stroke")) or min(obj["width"], obj["height"]) <= RULE_MAX_WIDTH

    return page.filter(kept)


def _first_text_top(page, tables: list) -> float:  # noqa: ANN001 - pdfplumber Page and Tables
    """The top of the page's first word outside the tables (the page's height when there is none)."""
    def inside(word: dict) -> bool:
        return any(x0 <= word["x0"] and word["x1"] <= x1 and top <= word["top"] <= bottom
                   for x0, top, x1, bottom in (t.bbox for t in tables))

    return min((w["top"] for w in page.extract_words() if not inside(w)), default=float(page.height))


def _bullet_dots(page) -> list[tuple[float, float]]:  # noqa: ANN001 - pdfplumber Page
    """(right edge, middle) of each small filled round or square shape on the page: a list's bullets
    drawn as shapes, as a browser prints a web page's, which the text has no character for (the
    items had run together into their lead-in's paragraph)."""
    return [(o["x1"], (o["top"] + o["bottom"]) / 2) for o in (*page.curves, *page.rects)
            if o.get("fill") and _DOT_MIN <= o["width"] <= _DOT_MAX and abs(o["width"] - o["height"]) <= 1.0]


def _with_bullet(line: _Line, dots: list[tuple[float, float]]) -> _Line:
    """The line with a bullet character when a bullet shape sits just before it, on its height."""
    if bulleted(line.text) or not line.size:  # a bullet or number the text has (Word's "\uf0b7" is read "•")
        return line
    hit = any(0 < line.x0 - right <= _DOT_REACH * line.size
              and line.top - 0.2 * line.size <= middle <= line.top + 1.2 * line.size for right, middle in dots)
    return replace(line, text=f"\u2022 {line.text}") if hit else line


_LOWER_ENUMERATOR = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})[).]\s")
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,2}(?:\.\d{1,2}){0,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]?$")  # "3)", "2.1", "(b)", "iv."
_GLYPH_ONLY = re.compile(rf"^[{BULLET_GLYPHS}]$")
_GLYPH_OPENS = re.compile(rf"^[{BULLET_GLYPHS}]")
_GLYPH_CLOSING = re.compile(rf"^(.*\S)\s+([{BULLET_GLYPHS}])$")


def _glyph_bullets(lines: list[_Line]) -> list[_Line]:
    """Bullet characters that a slide deck sets as text runs of their own, with the line they open:
    "▸" read as a line alone, or at the end of the line before ("Afghan Humanitarian Parolees ▸"),
    in a larger type than the item, had made one heading named "▸" per item, and the items its text."""
    split: list[_Line] = []
    for x in lines:
        m = _GLYPH_CLOSING.match(x.text)
        split += [replace(x, text=m.group(1)), replace(x, text=m.group(2))] if m else [x]
    out: list[_Line] = []
    for x in split:
        if out and _GLYPH_ONLY.match(out[-1].text) and not _GLYPH_ONLY.match(x.text):
            out[-1] = replace(x, text=f"{out[-1].text} {x.text}")
        else:
            out.append(x)
    return [x for x in out if not _GLYPH_ONLY.match(x.text)]


def _line(raw: dict) -> _Line:
    chars = [c for c in raw["chars"] if c["text"].strip()]
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0] if chars else 0.0
    word = _first_word(raw["chars"])
    # A heading's number may be set in another weight than its words (Word numbers a heading in
    # the paragraph's type): "3) Comments on Ryebank", "3)" in regular, had been read as a list
    # item, and the table under it filed under the heading before.
    numbered = len(word) < len(chars) and bool(_ENUMERATOR.match("".join(c["text"] for c in word)))
    styled = chars[len(word):] if numbered else chars
    bold = bool(styled) and all("bold" in c["fontname"].lower() for c in styled)
    first_word = word[-1]["x1"] - word[0]["x0"] if word else 0.0
    text = _superscript_marks(_run_in_label(raw["text"], chars), chars, size)
    return _Line(without_rules(normalise_chars(text)), raw["top"], size, bold, raw["x0"], raw["x1"], first_word,
                 text_x0=_text_x0(raw, word))


_MARK_SIZE = 0.8  # a footnote mark's type is at most this share of its line's
_MARK_RAISE = 0.15  # and its foot sits this share of the line's type size or more above the line's


def _superscript_marks(text: str, chars: list[dict], size: float) -> str:
    """Footnote marks, digits set small and raised after what they annotate, set apart as "^n":
    "introduced in April 2018^10", "the Index (IDACI)^13". Read as the file's other characters, a
    mark after a figure or a capital ran into it ("201810"), and `_footnotes` could not tell it from
    the figure, nor find the note it cites, which was then read as text and quoted as an answer.
    `chars`: the line's characters, spaces left out, in the order of `text`, which may hold more
    (spaces; the ": " of a run-in label)."""
    small = [k for k, c in enumerate(chars) if c["text"].isdigit() and c["size"] <= _MARK_SIZE * size]
    if not small:  # most lines: no digit in small type, nothing to measure
        return text
    main = [c for c in chars if round(c["size"], 1) == size]
    if not main:
        return text
    foot = sorted(c["bottom"] for c in main)[len(main) // 2]
    head = sorted(c["top"] for c in main)[len(main) // 2]
    # Raised: its foot well above the line's, its head about as high as the line's letters' (small
    # type on the line's own baseline beside a title's large letters is no mark, though its foot
    # sits higher than theirs).
    marks = {k for k in small
             if chars[k]["bottom"] <= foot - _MARK_RAISE * size and chars[k]["top"] <= head + _MARK_RAISE * size}
    if not marks:
        return text
    out: list[str] = []
    k = 0
    for ch in text:
        if k < len(chars) and ch == chars[k]["text"]:
            if k in marks and k - 1 not in marks and out and out[-1].strip():  # a mark glued to its word
                out.append("^")
            k += 1
        out.append(ch)
    # A mark after a stop goes before it, which ends the sentence the mark belongs to (as `_unmark`).
    return _MARK_AFTER_STOP.sub(r"^\2\1", "".join(out))


_MARK_AFTER_STOP = re.compile(r"([,.;:])\^(\d+)")


_LABEL_WORDS = 6  # a bold run-in label is a few words ("External environment", "Financial security")


def _run_in_label(text: str, chars: list[dict]) -> str:
    """A line that opens with a short label in bold, a new sentence in regular type after it ("External
    environment The hardships faced by ..."), as "External environment: The hardships ...": read as
    one run, the label had become the sentence's first words, and the paragraphs it heads under a
    lead-in ("The main risks that trustees have identified are:") were no list. `chars`: the line's
    letters, spaces left out."""
    n = next((k for k, c in enumerate(chars) if "bold" not in c["fontname"].lower()), 0)
    if not n:
        return text
    end, seen = 0, 0
    while end < len(text) and seen < n:  # where the bold letters end in the text, which has its spaces
        seen += bool(text[end].strip())
        end += 1
    label, rest = text[:end].strip(), text[end:].strip()
    if (not label[:1].isupper() or not rest[:1].isupper() or len(label.split()) > _LABEL_WORDS
            or label[-1] in ".,;:!?-\u2013\u2014"):
        return text
    return labelled(label, rest)


def _first_word(chars: list[dict]) -> list[dict]:
    """A line's first word: up to a space, or a gap (many PDFs set no spaces)."""
    word: list[dict] = []
    for c in chars:
        if not c["text"].strip() or (word and c["x0"] - word[-1]["x1"] > _GAP * c["size"]):
            break
        word.append(c)
    return word


def _text_x0(raw: dict, word: list[dict]) -> float:
    """Where the line's text starts, past a paragraph number that hangs in the margin ("3.1", the
    text indented beside it, as committee reports are set): the paragraph's first line is of the
    column its other lines are, whose right edge tells whether it was full (`_mark_room`)."""
    if not word or not _PARAGRAPH_NUMBER.match("".join(c["text"] for c in word)):
        return raw["x0"]
    rest = [c for c in raw["chars"][len(word):] if c["text"].strip()]
    return rest[0]["x0"] if rest else raw["x0"]


def _mark_room(lines: list[_Line]) -> list[_Line]:
    """Mark each line after which the next line's first word would have fitted (True) or not (False,
    the line is full: it wrapped, however few characters it holds in a narrow column). Text wraps only
    when the next word does not fit, so such a line break was the writer's: the end of a paragraph
    or of an unmarked list item ("... children and young people" then "The project is ..."), even
    where the line is too long for the character count in `pdf_blocks` to tell. The column's edge
    is where the nearby lines that surely wrapped (the sentence goes on in lower case) end, their
    median: a list can be set narrower than the paragraphs about it, and a link runs into the margin."""
    wrapped = [i + 1 < len(lines) and lines[i + 1].text[:1].islower() for i in range(len(lines))]
    # Space above a line, over its type size's usual step from line to line, is the writer's break too:
    # a paragraph set apart by space, not by a short last line ("... £500,001+ High", then a gap,
    # then "The framework recommends ...").
    # The step is the type size's own: a diagram's small labels, set close, had made the body's usual
    # step look like a paragraph's gap after every line.
    steps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.size == b.size and 0 < b.top - a.top < 3 * a.size:
            steps.setdefault(a.size, []).append(b.top - a.top)
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        gap = nxt.top - line.top if nxt is not None and nxt.size == line.size else 0.0
        same = steps.get(line.size, [])
        step = statistics.median(same) if len(same) >= _COLUMN_LINES else None
        if step and step * _PARAGRAPH_STEP < gap < 3 * step:
            out.append(replace(line, room=True))
            continue
        near = [x.x1 for j, x in enumerate(lines[max(0, i - _NEAR) : i + _NEAR + 1], max(0, i - _NEAR))
                if j != i and wrapped[j] and _one_column(x, line)]
        if nxt is None or len(near) < _COLUMN_LINES or not nxt.first_word:
            out.append(line)
            continue
        fits = line.x1 + (_SPACE + _SLACK) * line.size + nxt.first_word < statistics.median(near)
        # A change of type size is the writer's break too (a heading the fonts alone mark).
        out.append(replace(line, room=fits or nxt.size != line.size))
    return out


def _one_column(a: _Line, b: _Line) -> bool:
    """The lines start in one column: their left edges are close, or a paragraph number hanging in
    the margin stands before one (its text may start past the column's edge, a tab stop further on
    when the number is wide: "1.10 There is ...")."""
    return a.x0 - _INDENT <= b.text_x0 and b.x0 - _INDENT <= a.text_x0


def _table(cells: list[list[str | None]], top: float, lines: list[_Line]) -> _Table:
    rows = [[normalise_block(c or "") for c in row] for row in cells]
    rows = [r for r in rows if any(r)]
    # A first row of one cell across the table ("Gross Annual Income" over "Family Size | 100% FPG |
    # ...") titles it: the row under it names the columns. Taken for the header, it had left every
    # row without its columns' names, and the names a row of their own.
    title = next(c for c in rows[0] if c) if len(rows) > 2 and len(rows[0]) > 2 \
        and sum(bool(c) for c in rows[0]) == 1 and not _data_row(rows[1]) else ""
    if title:
        rows = rows[1:]
    headers, body = (rows[0], rows[1:]) if len(rows) > 1 and not _data_row(rows[0]) else ([], rows)
    body = _merged_labels(body)
    # A "Table N: ..." line just above the table is its caption.
    above = [x for x in lines if x.top < top and top - x.top < 40]
    caption = above[-1].text if above and CAPTION.match(above[-1].text) else ""
    caption = " — ".join(x for x in (caption, title) if x)
    return _Table(top, caption, headers, body)


def _merged_labels(rows: list[list[str]]) -> list[list[str]]:
    """Rows whose first cell is empty under one that has it, with two cells or more of their own,
    take that label: a cell merged down over rows ("Greater Manchester" over its two care pathways)
    is read into the first of them only, and the second had said nowhere whose it was. A row with one
    cell of its own goes on the cell above it, and takes nothing."""
    out: list[list[str]] = []
    for row in rows:
        if out and row and not row[0] and out[-1][0] and sum(bool(c) for c in row) >= 2:
            row = [out[-1][0], *row[1:]]
        out.append(row)
    return out


_MAX_HEADER_WORDS = 12  # a header cell of more words is a row's text
_STACK_GAP = 24.0  # points between a table's stacked column names and its first row, at most


def _stacked_headers(tables: list[tuple[tuple[float, float, float, float], list[list[str]]]]) -> list:
    """Unruled tables with the column names stacked above them set as their headers: accounts set
    "2018" / "£" / "Net Expenditure" over each column of figures in lines of their own, which read as
    a table of names alone above one of figures, whose columns had no names. The names go over the
    columns that give figures, in order, when there are as many of them."""
    out = sorted(tables, key=lambda t: t[0][1])
    k = 1
    while k < len(out):
        (above_box, names), (box, rows) = out[k - 1], out[k]
        figures = [n for n, c in enumerate(rows[0]) if _figure(c)]
        columns = [" ".join(r[n] for r in names if n < len(r) and r[n]) for n in range(max(map(len, names)))]
        if (_data_row(rows[0]) and 0 <= box[1] - above_box[3] <= _STACK_GAP and len(figures) == len(columns)
                and not any(_figure(c) for r in names for c in r)):
            header = [""] * len(rows[0])
            for n, name in zip(figures, columns):
                header[n] = name
            out[k - 1:k + 1] = [((min(above_box[0], box[0]), above_box[1], max(above_box[2], box[2]), box[3]),
                                 [positioned(header), *rows])]  # the names stay over their columns
            continue
        k += 1
    return out


def _data_row(row: list[str]) -> bool:
    """The row gives figures against a label ("Members Allowances | 12,237 | 17,200"): the table's
    first row, not its header. Accounts stack their column names above the table in lines of their
    own ("2018" / "£" / "Net Expenditure"), and the table found below them had taken its first row
    for its header: that row was only ever the other rows' context, never a unit."""
    filled = [c for c in row if c]
    labels = [c for c in row if re.search(r"[A-Za-z]{3}", c)]
    figures = [c for c in row if _figure(c)]
    if any(len(c.split()) > _MAX_HEADER_WORDS for c in row):  # a column's name is no sentence: a glossary's
        return True  # first term and its definition ("Activity | What actions must be taken, and by whom, ...")
    # A field's label or an entry's number names no column: a report's cover "From: | Jane Smith, ..."
    # and a list set as "I. | The Chairman ...". A row of labels only names the columns under them
    # ("Layout 1: | Layout 2: | Layout 3:" over the sink layouts a factsheet allows).
    if row and _ENTRY_OPENER.match(row[0]) and not (len(filled) > 1 and all(c.endswith(":") for c in filled)):
        return True
    return bool(labels) and len(figures) >= max(1, (len(filled) - len(labels)) // 2)


# A first cell that opens a record, not a column: a field's label ending with a colon ("From:", "Date:")
# or an entry's number alone ("I.", "2)", "(a)").
_ENTRY_OPENER = re.compile(r"^(?:[^:]{1,30}:|\(?(?:\d{1,2}|[ivx]{1,5}|[a-z])[.)])$", re.I)


def _figure(cell: str) -> bool:
    """The cell gives a figure: a year alone names a column, and gives none."""
    return bool(FIGURE.match(cell.replace(" ", ""))) and not is_year(cell)


def _running_lines(pages: list) -> set[str]:
    """Lines (digits ignored) repeated at the top or bottom of most pages: headers and footers."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    fixed: dict[str, str | None] = {}  # each edge line's shape -> its fixed part (`_fixed_part`)
    for lines, _, height in pages:
        # The page's first and last lines too: a footer set higher than the edge ("Wyndham City 2"
        # at 89% of the page's height) ran into the text above it as a heading.
        first, last = (min(lines, key=lambda x: x.top), max(lines, key=lambda x: x.top)) if lines else (None, None)
        edge = {_shape(x.text) for x in lines
                if x.top < height * _EDGE or x.top > height * (1 - _EDGE) or x is first or x is last}
        for key in edge - fixed.keys():
            fixed[key] = _fixed_part(key)
        seen.update(edge)
        seen.update({fixed[key] for key in edge if fixed[key]})
    # A third of the pages, not half: a report's footer is often on every page but its full-page
    # pictures and chapter openers (38 of a manifesto's 80), and left in, it was read into sentences.
    least = max(2, -(-len(pages) // _RUNNING_SHARE))
    # A footer naming the chapter after its fixed part ("<REPORT TITLE> / CONTEXT 5", ".../ FINDINGS 12")
    # is running by that part: each chapter's had been on too few pages, and quoted as text.
    return {key for key, part in fixed.items() if seen[key] >= least or seen[part or key] >= least}


def _fixed_part(shape: str) -> str | None:
    """A running line's part before its last " / " or " | " (the chapter it names after it), when
    that part is three words or more; else None."""
    head = re.split(r"\s+[/|]\s+(?=[^/|]*$)", shape)[0]
    return head if head != shape and len(head.split()) >= 3 else None


_RUNNING_SHARE = 3  # a line at the top or bottom of at least one page in this many is running


def _shape(text: str) -> str:
    """A line as a running header or footer is known again: its numbers as "#", a bullet drawn
    before it on some pages (`_with_bullet`) left out, and a page number at either end: facing pages
    set it outside ("12 Annual Report 2024", "Annual Report 2024 13"), and each way round the footer
    had been on too few pages to be known."""
    return re.sub(r"\d+", "#", _PAGE_NUMBER_END.sub("", text.lstrip(f"{BULLET_GLYPHS} ")))


_PAGE_NUMBER_END = re.compile(r"^\d{1,3}\s+(?=\D)|\s+\d{1,3}$")


def _font_sizes(pages: list) -> tuple[float, list[float]]:
    """The body text size (the one most text is set in) and the larger sizes, largest first."""
    sizes: Counter[float] = Counter()
    for lines, _, _ in pages:
        for x in lines:
            sizes[x.size] += len(x.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    return body, sorted((s for s in sizes if s >= body * _HEADING_SIZE), reverse=True)


def _heading_levels(lines: list[_Line], fonts: tuple[float, list[float]]) -> list[int] | None:
    """Heading level per line from font size and weight; None when the fonts say nothing."""
    body, larger = fonts
    levels = []
    for k, x in enumerate(lines):
        short = (len(x.text.split()) <= _MAX_HEADING_WORDS and not x.text.endswith((".", ",", ";"))
                 and not gives_figures(x.text) and not _GLYPH_OPENS.match(x.text))  # a bulleted line is an item
        if x.size in larger and (short or _headline(lines, k)):
            levels.append(min(larger.index(x.size) + 1, 6))
        elif x.bold and short and x.size >= body and ": " not in x.text:
            # A bold label with its value ("Effective: October 1, 2023-September 30, 2024") is text,
            # as `bold_heading` reads a bold line in HTML or Markdown: a heading's value is never quoted.
            levels.append(min(len(larger) + 1, 6))
        else:
            levels.append(0)
    # A line opening in lower case goes on the line before; it starts no heading ("the report" of a
    # resolution wrapped in bold, "i) approve ..." had been headings naming the next item's section).
    # An enumerator in lower case ("b) Basis of preparation") opens one.
    levels = [0 if x.text[:1].islower() and not _LOWER_ENUMERATOR.match(x.text) else level
              for x, level in zip(lines, levels)]
    # Nor does a note on a table or figure ("Source: PCMD ...", "Note: ...") or an aside in brackets
    # ("(derived from the postcode of the school)" under a caption): each had named the section after
    # it. An aside may go on a heading ("Statement of Accounts" / "(Not Subject to Audit)").
    for k, x in enumerate(lines):
        if NOTE_LINE.match(x.text) or (x.text.startswith("(") and not _LOWER_ENUMERATOR.match(x.text)
                                       and not (k and levels[k - 1] == levels[k])):
            levels[k] = 0
    in_item = False  # the line before is a bulleted line, or goes on one
    for k in range(1, len(lines)):
        # A heading's last line, set as it is, that ends it with a stop: "Goal We have convenient and
        # affordable options to access good" then "jobs, schools and recreation." had left the
        # heading cut and its end a paragraph.
        x, above = lines[k], lines[k - 1]
        if (not levels[k] and levels[k - 1] and x.text[:1].islower() and (x.size, x.bold) == (above.size, above.bold)
                and len(x.text.split()) <= _MAX_HEADING_WORDS):
            levels[k] = levels[k - 1]
        # A bulleted line's next lines, set as it is, go on the item ("▸ Yes! Refugees have work
        # authorization incident to" / "their status. ..."), in whatever type a slide sets it.
        in_item = not levels[k - 1] and (bool(_GLYPH_OPENS.match(above.text)) or in_item)
        if levels[k] and in_item and x.text[:1].islower() and (x.size, x.bold) == (above.size, above.bold):
            levels[k] = 0
    _bold_text_runs(lines, levels, larger)
    return levels if any(levels) else None


_BOLD_TEXT_LINES = 3  # a run of bold lines at body size this long that ends a sentence is text


def _bold_text_runs(lines: list[_Line], levels: list[int], larger: list[float]) -> None:
    """Set to 0 the levels of runs of bold lines in the body's type (not larger) that make a passage
    in bold: three lines or more, the last ending a sentence. A narrow column's lines are each short
    enough for a heading, and a brochure's bold statement ("Establish a deterrent. We will run" / "a
    relentless process ..." / "are stopped.") had become a heading, never quoted."""
    k = 0
    while k < len(lines):
        x = lines[k]
        if not (levels[k] and x.bold and x.size not in larger):
            k += 1
            continue
        j = k
        while j + 1 < len(lines) and levels[j + 1] and (lines[j + 1].size, lines[j + 1].bold) == (x.size, x.bold):
            j += 1
        end = j + 1 if j + 1 < len(lines) and (lines[j + 1].size, lines[j + 1].bold) == (x.size, x.bold) else j
        if end - k + 1 >= _BOLD_TEXT_LINES and lines[end].text.rstrip().endswith((".", "!", "?")):
            levels[k:j + 1] = [0] * (j + 1 - k)
        k = j + 1


def _continued_tables(
    pages: list[tuple[list[_Line], list[_Table], float]], running: set[str]
) -> list[tuple[list[_Line], list[_Table], float]]:
    """A table that a page break cuts goes on at the top of the next page, where a word processor
    repeats the header row only when asked to: there the first row is data ("Northtown | ..."), not
    the header every row below had been read under. A table opening a page, with no text above it,
    that has the columns of a table closing the page before (no text below it), reads under that
    table's header and caption; its first row is data unless it repeats that header."""
    out = []
    closing: _Table | None = None  # the table that closed the page before
    for lines, tables, extra in pages:
        text = [x.top for x in lines if _shape(x.text) not in running and not is_page_number(x.text)]
        tables = sorted(tables, key=lambda t: t.top)
        if closing is not None and tables and not any(top < tables[0].top for top in text):
            first = tables[0]
            if not first.caption and len(first.headers or first.rows[0]) == len(closing.headers) \
                    and not _own_header(first.headers, closing.headers):
                # Its first row is data, unless it repeats the header (a one-row table has no header row).
                head = [] if first.headers == closing.headers or not first.headers else [first.headers]
                rows = [*head, *first.rows]
                tables[0] = _Table(first.top, closing.caption, closing.headers, rows)
        closing = tables[-1] if tables and not any(top > tables[-1].top for top in text) else None
        out.append((lines, tables, extra))
    return out


def _own_header(headers: list[str], closing: list[str]) -> bool:
    """A header row that names some of the columns as the table before does and others not: a table
    of its own set in the same columns, as a survey's profile stacks them ("DISABILITY | Number |
    %" after "RELIGION / BELIEF | Number | %"), not that table going on. Its rows had read under the
    religion table's header, and "How many said they were carers?" found no carers' row."""
    same = [a == b for a, b in zip(headers, closing) if a or b]
    return bool(headers) and any(same) and not all(same)


def _page_blocks(
    lines: list[_Line], tables: list[_Table], running: set[str], fonts: tuple[float, list[float]],
    row_keys: tuple[str, ...] = (),
) -> list[Block]:
    lines = [x for x in lines if _shape(x.text) not in running and not is_page_number(x.text)]
    cells = [c for t in tables for c in (t.caption, *t.headers, *(c for row in t.rows for c in row))]
    lines, notes, marks = _footnotes(lines, cells)
    if marks:  # a table's header may cite a note too ("Area1")
        tables = [replace(t, caption=_unmark(t.caption, marks), headers=[_unmark(c, marks) for c in t.headers],
                          rows=[[_unmark(c, marks) for c in row] for row in t.rows]) for t in tables]
    lines, small = _small_notes(lines, fonts[0])
    notes += small
    lines = _mark_room(lines)
    # Lines of links closing the page (one link a line, or several) are its notes (their marks are
    # lost superscripts): left in the flow they are glued to the last paragraph ("The aims of the
    # meeting were: https://...", "... of the cities. http://... https://...").
    links: list[Block] = []
    while lines and ONLY_LINKS.fullmatch(lines[-1].text):
        links.insert(0, Block(PARAGRAPH, lines.pop().text.strip(), note=True))
    notes = links + notes
    blocks: list[Block] = []
    # Text and tables in reading order: each table goes where its top is.
    for table in sorted(tables, key=lambda t: t.top):
        before = [x for x in lines if x.top < table.top]
        lines = lines[len(before) :]
        blocks += _text_blocks(before, fonts, row_keys)
        if table.caption:
            blocks.append(Block(HEADING, table.caption, level=3))
        context = table_context(table.caption, table.headers)
        for row in table.rows:
            blocks.append(Block(TABLE_ROW, CELL_SEPARATOR.join(c for c in row if c), context=context))
    return attach_lead_ins(fields_under_headings(blocks + _text_blocks(lines, fonts, row_keys))) + notes


def _footnotes(lines: list[_Line], cells: list[str] = ()) -> tuple[list[_Line], list[Block], set[str]]:
    """The page's footnotes as blocks of their own, its other lines with their reference marks set
    apart, and the marks. A footnote is a run of lines closing the page that opens with a number the
    text above or a table's cell (`cells`) cites as a mark glued to a word ("six UK cities1 and ...",
    a header "Area1"), as superscripts come out of many PDFs. Left in the flow, it is glued to the
    sentence a page break cuts ("... data, evidence, 1 The five participating cities were ...") and
    found by neither."""
    for i in range(max(0, len(lines) - _MAX_FOOTNOTE_LINES), len(lines)):
        m = _FOOTNOTE.match(lines[i].text)
        if not m or i == 0:
            continue
        body, tail = lines[:i], lines[i:]
        marks = _cited_marks(body, tail, cells)
        if m.group(1) not in marks:
            continue
        notes: list[list[str]] = []
        for line in tail:
            start = _FOOTNOTE.match(line.text)
            if start and start.group(1) in marks:
                notes.append([line.text[start.end():]])
            else:
                notes[-1].append(line.text)
        unmarked = [replace(x, text=_unmark(x.text, marks)) for x in body]
        return unmarked, [b for n in notes for b in _note_blocks(n)], marks
    return lines, [], set()


def _note_blocks(lines: list[str]) -> list[Block]:
    """A footnote's blocks: its text, and a list it sets out item by item under its lead-in. Read as
    one paragraph, a note's list of exemptions ("... does not apply to the following types of homes:
    • Units built within the last 15 years; • ...") was one unit, too long to quote."""
    if not any(bulleted(x) for x in lines[1:]):
        return [Block(PARAGRAPH, normalise_block(" ".join(lines)), note=True)]
    return [replace(b, text=normalise_block(b.text), note=True) for b in attach_lead_ins(pdf_blocks(lines))]


_NOTE_SMALLER = 0.5  # points a footnote's type is smaller than the body text's, at least
# A note's number may run into its first word ("3DfE, Free school meals ..."), its space lost.
_SMALL_NOTE = re.compile(r"^(\d{1,2}):?\s*(?=[A-Z\"'\u2018\u201c(])")


def _small_notes(lines: list[_Line], body: float) -> tuple[list[_Line], list[Block]]:
    """Footnotes set in smaller type than the body text, wherever reading order puts them: a line
    opening with a number that the page's text cites as a raised mark ("^13", `_superscript_marks`),
    and the lines in its type after it. At the foot of the first of two columns, a note comes before
    the second column's text, so `_footnotes` (the lines closing the page) does not see it, and it
    was read as text: "11 Institute of Fiscal Studies (March 2023), The policy menu ..." was quoted as
    an answer."""
    small = [bool(body and x.size) and x.size <= body - _NOTE_SMALLER for x in lines]
    if not any(small):
        return lines, []
    cited = " ".join(x.text for x, s in zip(lines, small) if not s)
    keep: list[_Line] = []
    notes: list[list[str]] = []
    size = None
    for x, s in zip(lines, small):
        m = _SMALL_NOTE.match(x.text)
        if s and m and _raised_mark(m.group(1)).search(cited):
            notes.append([x.text[m.end():]])
            size = x.size
        elif s and size is not None and abs(x.size - size) < 0.2 and not m:
            notes[-1].append(x.text)
        else:
            size = None
            keep.append(x)
    return keep, [b for n in notes for b in _note_blocks(n)]


def _mark(n: str) -> re.Pattern[str]:
    """Footnote mark `n` glued to a word, a closing quote or bracket, maybe after punctuation
    ("cities1", "practice.2"); not a digit of a number ("3.1", "2017")."""
    return re.compile(rf"(?<=[a-z\u2019'\)])([,.;:]?){n}(?!\d)")


def _raised_mark(n: str) -> re.Pattern[str]:
    """Footnote mark `n` as `_superscript_marks` set it apart from its word ("2018^10"); not "^102"."""
    return re.compile(rf"\^{n}(?!\d)")


def _cited_marks(body: list[_Line], tail: list[_Line], cells: list[str] = ()) -> set[str]:
    """Numbers opening lines of `tail` that the `body` lines or table `cells` cite as marks."""
    text = " ".join([*(x.text for x in body), *cells])
    opened = {m.group(1) for x in tail if (m := _FOOTNOTE.match(x.text))}
    return {n for n in opened if _mark(n).search(text) or _raised_mark(n).search(text)}


def _unmark(text: str, marks: set[str]) -> str:
    """The marks set apart from their words ("cities^1", "practice^2."): a word's terms are its own
    again, and a quote still reads the mark where the file has it, as pypdf and a reader do (a mark
    after a full stop goes before it, which ends the sentence the mark belongs to)."""
    for n in marks:
        text = _mark(n).sub(rf"^{n}\1", text)  # before its stop, which ends the sentence
    return text


_ROMAN_NUMBER = re.compile(r"^[ivx]{1,4}\.\s")


def _headline(lines: list[_Line], k: int) -> bool:
    """A short sentence set alone in a larger type than the lines about it heads the text below it
    ("+ Make Massachusetts a sanctuary state.", then what that policy means), though it ends with a
    stop, as a heading's line does not; a lead paragraph set large runs over several lines."""
    x = lines[k]
    alone = all(lines[j].size != x.size for j in (k - 1, k + 1) if 0 <= j < len(lines))
    opens = not x.text[:1].islower() or _ROMAN_NUMBER.match(x.text)  # "iii. Make college accessible to all."
    return bool(alone and opens and len(x.text.split()) <= _MAX_HEADING_WORDS and x.text.endswith((".", "!", "?")))


def _text_blocks(lines: list[_Line], fonts: tuple[float, list[float]], row_keys: tuple[str, ...] = ()) -> list[Block]:
    """Blocks of the lines outside ruled tables; text-only tables among them become rows."""
    blocks: list[Block] = []
    done = 0
    for start, end, rows in text_table_runs([x.text for x in lines], row_keys):
        blocks += _line_blocks(lines[done:start], fonts) + rows
        done = end
    return blocks + _line_blocks(lines[done:], fonts)


def _line_blocks(lines: list[_Line], fonts: tuple[float, list[float]]) -> list[Block]:
    if not lines:
        return []
    return pdf_blocks([x.text for x in lines], _heading_levels(lines, fonts), [x.room for x in lines])
