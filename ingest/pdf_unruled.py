"""Tables set without ruling: lines of short cells that line up in columns.

pdfplumber finds a table by its ruling, and a table set with none (or with a rule above and below
only, as reports often are) came out as lines of text, its cells run together ("English classes
Adult learning £120,000") and its column headers lost. A run of lines split by wide gaps into
short parts that fall in the same columns is such a table: each line a row, its first line the
header; a line without text in the first column holds the rest of a wrapped cell. Prose in two
columns (`pdf_columns`) has long parts on both sides; a table's cells are short.
"""

from __future__ import annotations

import re
import statistics

from .blocks import BULLET_GLYPHS, positioned
from .pdf_columns import WORD_SPACE, is_gap

MIN_ROWS = 3  # lines split into cells, header included
CELL_WORDS = 4  # median words of a table's cells at most
ROW_PITCH = 2.5  # a line further below the one before, in line heights, ends the table
FIGURES_PITCH = 6.0  # ... but between two rows of figures (`_gives_figures`), this far
ROW_SPACE = 1.0  # rows set a line height apart or more (`_spaced_rows`) ...
LINE_SPACE = 0.35  # ... and a cell's lines closer than this, in line heights
MAX_CELL_FIGURES = 2  # figures one cell of a record gives at most ("8,284 (0.97%)")
# A figure a table's cell gives: "12,237", "(2,313)", "£6,013", "4.5%".
FIGURE = re.compile(r"^\(?[£$€]?\d[\d,]*(?:\.\d+)?\)?%?$")
# A figure only a table sets: with thousands separated, in brackets, to two decimals, or a share.
_TABLE_FIGURE = re.compile(
    r"^(?:\(?[£$€]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|\(?[£$€]?\d+\.\d{2}\)?|\d+(?:\.\d+)?%|-)$"
)
_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")  # a section or paragraph number: "3", "3.1", "3.1.2."

Box = tuple[float, float, float, float]
Segment = tuple[float, float, str]  # a part of a line: x0, x1, text


def unruled_tables(lines: list[dict]) -> list[tuple[Box, list[list[str]]]]:
    """(bounding box, rows of cells, the header row first) of each table set without ruling among
    a page's text lines (pdfplumber dicts, with their chars)."""
    segments = [_segments(line) for line in lines]
    out: list[tuple[Box, list[list[str]]]] = []
    i = done = 0
    names_from = None  # where the table just found starts, when it is only column names
    while i < len(lines):
        found = _table_at(lines, segments, i)
        if found is None:
            i += 1
            continue
        end, rows, columns = found
        first, rows = _with_lines_above(lines, segments, i, done if names_from is None else names_from, rows, columns)
        if names_from is not None and first < done:
            # The lines found as a table of their own were this one's column names ("Period" /
            # "ended 30th" / "June 2019" over an account's figures, a blank line apart): one table.
            out.pop()
        names_from = i if not any(_TABLE_FIGURE.match(c.replace(" ", "")) for row in rows for c in row) else None
        run = lines[first:end]
        box = (min(x["x0"] for x in run) - 1, run[0]["top"] - 1, max(x["x1"] for x in run) + 1, run[-1]["bottom"] + 1)
        out.append((box, rows))
        i = done = end
    return out


def _with_lines_above(
    lines: list[dict], segments: list[list[Segment]], i: int, floor: int,
    rows: list[list[str]], columns: list[list[float]],
) -> tuple[int, list[list[str]]]:
    """(first line, rows) of the table found at `lines[i]` with the lines just above it whose parts
    fall in its columns: a budget book stacks its column names in lines over the table ("Fiscal
    Year" / "2021" / "Actual" / "Obligations"), and only the last had been the header, so nothing
    said which year a figure was for. The names read down each column, over the header, or as the
    header when the first row gives figures. A group label of one cell in the first column, set
    between them and the first row ("Art Museum"), is the first row. A name set over two columns or
    more names each ("West Sussex" centred over "N" and "%": statistical tables group their
    figures by area), and a name alone in the first column over a header that leaves it empty
    ("Religion", set beside the area names) is that column's."""
    stacked: list[list[tuple[int, str]]] = []
    label = ""
    data_first = any(FIGURE.match(c.replace(" ", "")) for c in rows[0])
    first_named = not data_first and bool(rows[0] and rows[0][0])
    k = i
    while k > floor:
        line, below = lines[k - 1], lines[k]
        if below["top"] - line["bottom"] > ROW_PITCH * (line["bottom"] - line["top"]):
            break
        placed = _place(segments[k - 1], columns) or _place_over(segments[k - 1], columns)
        if placed is None or any(len(text.split()) > CELL_WORDS for _, text in placed):
            break
        if len(placed) == 1 and placed[0][0] == 0 and not stacked and not label and data_first:
            label = placed[0][1]
        elif len(placed) == 1 and placed[0][0] == 0 and not first_named:
            stacked.insert(0, placed)
            first_named = True
        elif len(placed) < 2 and (not placed or placed[0][0] == 0):  # a name alone in a figures column stacks
            break
        else:
            stacked.insert(0, placed)
        k -= 1
    if not stacked:
        return i, rows
    names = [" ".join(text for placed in stacked for c, text in placed if c == n) for n in range(len(columns))]
    header, body = ([], rows) if data_first else (rows[0], rows[1:])
    header = positioned([" ".join(x for x in (name, cell) if x)
                         for name, cell in zip(names, header or [""] * len(names))])
    return k, [header, *([[label] + [""] * (len(columns) - 1)] if label else []), *body]




def _segments(line: dict) -> list[Segment]:
    """The line's parts between gaps wider than GAP font sizes (`pdf_columns.is_gap`)."""
    parts: list[list[dict]] = []
    for c in (c for c in line["chars"] if c["text"].strip()):
        if parts and _repeated(parts[-1][-1], c):
            continue
        if parts and not is_gap(parts[-1][-1], c):
            parts[-1].append(c)
        else:
            parts.append([c])
    return [segment for p in parts for segment in _figures_apart(p)]


def _figures_apart(chars: list[dict]) -> list[Segment]:
    """The part as segments: one, or where it ends in two figures or more set a word space apart
    ("Charitable activities 39,502 26,022 12,020"), its words before them and each figure. Accounts
    set their year columns closer than a gutter: the 2019 and 2018 figures had been one cell."""
    words: list[list[dict]] = [[chars[0]]]
    for a, b in zip(chars, chars[1:]):
        if _spaced(a, b):
            words.append([b])
        else:
            words[-1].append(b)
    k = len(words)
    while k and _TABLE_FIGURE.match(_text(words[k - 1])):
        k -= 1
    if len(words) - k < 2:
        return [(chars[0]["x0"], chars[-1]["x1"], _text(chars))]
    head = [[c for w in words[:k] for c in w]] if k else []
    return [(w[0]["x0"], w[-1]["x1"], _text(w)) for w in (*head, *words[k:])]


def _repeated(a: dict, b: dict) -> bool:
    """pdfplumber gives a ligature ("ffi") once for each letter it stands for, all at one place: read
    thrice, "office" had read "offiffiffice"."""
    return len(b["text"]) > 1 and b["text"] == a["text"] and abs(b["x0"] - a["x0"]) < 0.01


def _text(chars: list[dict]) -> str:
    """The part's words: a space where the letters stand apart by a word space (`WORD_SPACE`)."""
    out = chars[0]["text"]
    for a, b in zip(chars, chars[1:]):
        out += (" " if _spaced(a, b) else "") + b["text"]
    return out


def _spaced(a: dict, b: dict) -> bool:
    """A word space between the letters `a` and `b`."""
    return b["x0"] - a["x1"] > WORD_SPACE * max(b["size"], 1.0)


def _table_at(
    lines: list[dict], segments: list[list[Segment]], i: int,
) -> tuple[int, list[list[str]], list[list[float]]] | None:
    """(end line, rows, column spans) of a table whose header is `lines[i]` (`segments`: each line's parts), or
    None. A row starts at a line with text in the first column; a line without (a wrapped cell,
    which may be set above the row's other cells as well as below) belongs to the row it is nearest.
    Rows set apart by space, whose cells wrap in every column, are found by the space (`_spaced_rows`)."""
    columns = [[x0, x1] for x0, x1, _ in segments[i]]
    if len(columns) < 2:
        return None
    placed_lines = [(lines[i], [(k, text) for k, (_, _, text) in enumerate(segments[i])])]
    j = i + 1
    while j < len(lines):
        line, above = lines[j], lines[j - 1]
        placed = _place(segments[j], columns)
        pitch = FIGURES_PITCH if _gives_figures(placed) and _gives_figures(placed_lines[-1][1]) else ROW_PITCH
        if placed is None or line["top"] - above["bottom"] > pitch * (above["bottom"] - above["top"]):
            break
        for (x0, x1, _), (k, _) in zip(segments[j], placed):  # a column is as wide as its widest cell
            columns[k] = [min(columns[k][0], x0), max(columns[k][1], x1)]
        placed_lines.append((line, placed))
        j += 1
    spaced = _spaced_rows(placed_lines)
    if spaced is not None:
        row_of = spaced
    else:
        # A first cell closing a bracket it did not open goes on from the line above ("English (English
        # or" / "Welsh in Wales)"), as one opening in lower case does.
        keys = [n for n, (_, placed) in enumerate(placed_lines)
                if placed and placed[0][0] == 0 and (len(placed) > 1 or not placed[0][1][:1].islower())
                and placed[0][1].count(")") <= placed[0][1].count("(")]
        if len(keys) < MIN_ROWS or keys[0] != 0:
            return None
        row_of = [min(range(len(keys)), key=lambda r: (abs(placed_lines[keys[r]][0]["top"] - line["top"]), r))
                  for line, _ in placed_lines]
    rows = [[""] * len(columns) for _ in range(row_of[-1] + 1)]
    for row, (_, placed) in zip(row_of, placed_lines):
        for k, text in placed:
            rows[row][k] = f"{rows[row][k]} {text}".strip()
    # A table's cells are short line by line: a wrapped cell's lines are (two columns of prose are not).
    cells = ([text for _, placed in placed_lines for _, text in placed] if spaced is not None
             else [c for r in rows for c in r if c])
    if sum(len(row) - row.count("") >= 2 for row in rows) < MIN_ROWS:
        return None
    if (_numbered_paragraphs(rows) or _bulleted(rows) or _labelled_lines(rows)
            or statistics.median(len(c.split()) for c in cells) > CELL_WORDS):
        return None
    return j, rows, columns


def _gives_figures(placed: list[tuple[int, str]] | None) -> bool:
    """A row of figures after its label ("Total income | 22,461 | 7,761"): accounts leave the room of
    a line or more between such rows (a total set apart below its items), and no paragraph does."""
    return placed is not None and len(placed) >= 2 and all(FIGURE.match(t.replace(" ", "")) for _, t in placed[1:])


def _spaced_rows(placed_lines: list[tuple[dict, list[tuple[int, str]]]]) -> list[int] | None:
    """Each line's row in a table whose rows are set apart by space and whose cells wrap, in every
    column, the first too: Word's and a browser's printed tables ("Serious" / "Violence" /
    "Reduction" beside "To assess the impact that SVROs have on" / "reoffending rates ..."), or
    None. A row is the lines between two gaps that are not narrow; most lines after a narrow one go
    on from the line above (`_goes_on`), which a table of one-line rows grouped by space does not.
    Each line had been a row, and a record's first line, taken for the header, no row's text."""
    heights = [line["bottom"] - line["top"] for line, _ in placed_lines]
    pitch = statistics.median(heights)
    gaps = [b["top"] - a["bottom"] for (a, _), (b, _) in zip(placed_lines, placed_lines[1:])]
    wide = [n + 1 for n, g in enumerate(gaps) if g > ROW_SPACE * pitch]
    narrow = {n + 1 for n, g in enumerate(gaps) if g < LINE_SPACE * pitch}
    if len(wide) < MIN_ROWS - 1 or not narrow:
        return None
    going_on = [n for n in narrow if _goes_on(placed_lines[n][1])]
    if 2 * len(going_on) < len(narrow):
        return None
    row_of, row = [0], 0
    for n in range(1, len(placed_lines)):
        row += n not in narrow
        row_of.append(row)
    # A record's cell gives a figure or two ("8,284 (0.97%)"): one that gives more is the column of
    # several records set close together, each figure a line apart from its label (a census table's
    # 25 languages had read as one row).
    figures: dict[tuple[int, int], int] = {}
    for r, (_, placed) in zip(row_of, placed_lines):
        for k, text in placed:
            if k and all(FIGURE.match(word) for word in text.split()):
                figures[r, k] = figures.get((r, k), 0) + len(text.split())
    if any(n > MAX_CELL_FIGURES for n in figures.values()):
        return None
    return row_of


def _goes_on(placed: list[tuple[int, str]]) -> bool:
    """A line that goes on with the cells of the line above: it opens no first cell, or one of its
    cells opens in lower case or with a bracketed word ("(NPI)"; "(2,313)" is a figure of its own)."""
    return placed[0][0] != 0 or any(text[:1].islower() or (text[:1] == "(" and text[1:2].isalpha())
                                    for _, text in placed)


def _labelled_lines(rows: list[list[str]]) -> bool:
    """Two columns whose first is labels ending in a colon ("Name:", "Position:", "Telephone:"), a
    tab from their values: lines of a form or a contact block, each a "Label: value" line, not a
    table's rows (no header names the columns). A committee report's contact officers had read as
    rows for some lines and paragraphs or a heading for others, a solicitor's telephone number one."""
    return all(len(row) == 2 and row[0].endswith(":") for row in rows)


def _bulleted(rows: list[list[str]]) -> bool:
    """A first column of bullets (every row's but the first, which may be a running header: "Executive
    | 25 July 2018"): a list whose items Word sets a tab away from their bullets, which split like a
    table's rows, and its one-glyph cells passed the test of short cells. Its first item had been
    the header, and the list's lead-in no item's."""
    return sum(len(row[0]) == 1 and row[0] in BULLET_GLYPHS for row in rows) >= len(rows) - 1


def _numbered_paragraphs(rows: list[list[str]]) -> bool:
    """A first column of numbers only, the header's cell too, numbers a report's paragraphs ("3.1"
    hanging in the margin, the paragraph indented beside it): a table's header names its columns.
    Such lines split like a table's rows, and the one-word numbers, half the cells, passed the test
    of short cells: Gloucester's cabinet report had read as a table under its first paragraph, each
    paragraph's last line in the next one's row ("3.2 | Scheme in 2013. Regulations were ..."). A
    line of one part between them is a sub-heading ("(a) Equal Opportunities")."""
    return all(_NUMBER.match(row[0]) for row in rows if len(row) - row.count("") >= 2)


def _columns_over(x0: float, x1: float, columns: list[list[float]]) -> list[int]:
    """The columns a part from `x0` to `x1` overlaps (left, right or centre aligned alike)."""
    return [k for k, (c0, c1) in enumerate(columns) if x0 < c1 and c0 < x1]


def _place_over(segments: list[Segment], columns: list[list[float]]) -> list[tuple[int, str]] | None:
    """Each part's columns, for a line of names one of which is set over two columns or more: each
    names the columns from the first it is over to the next name's (a centred name may reach only
    one of its group's); None otherwise, or when a part is over the first column too (a caption's
    line, not a group's name)."""
    hits = []
    for x0, x1, _ in segments:
        over = _columns_over(x0, x1, columns)
        if not over or 0 in over or (hits and over[0] <= hits[-1][-1]):
            return None
        hits.append(over)
    if not any(len(over) > 1 for over in hits):
        return None
    ends = [nxt[0] - 1 for nxt in hits[1:]] + [len(columns) - 1]
    return [(k, text) for (_, _, text), over, end in zip(segments, hits, ends) for k in range(over[0], end + 1)]


def _place(segments: list[Segment], columns: list[list[float]]) -> list[tuple[int, str]] | None:
    """Each part's column (the one it overlaps; left, right or centre aligned alike), in order, or
    None when a part falls in none or two parts in one: the line is not a row of this table."""
    placed: list[tuple[int, str]] = []
    for x0, x1, text in segments:
        hits = _columns_over(x0, x1, columns)
        if len(hits) != 1 or (placed and hits[0] <= placed[-1][0]):
            return None
        placed.append((hits[0], text))
    return placed
