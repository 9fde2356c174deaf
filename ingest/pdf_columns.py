"""Text set in two columns, read column by column.

pdfplumber reads a page line by line across its whole width, so two columns of prose come out
interleaved: "Northtown set up a board in the first Eastbay took a different route. Its". The
gutter is the strip where many lines have a gap and few have text across it, with room for prose
on each side; a line is in a column when it does not cross the gutter. A run of lines on both
sides, prose, is read as its left column and then its right one. A table set without ruling
(short labels on the left) is not prose and keeps its rows; a full-width line (a heading, a
paragraph across the page) ends a run.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any, NamedTuple

from .blocks import BULLET_GLYPHS

GAP = 1.5  # a gap between letters this wide, in font sizes, may be a gutter (a word space is under 1)
# A gap between letters this wide, in font sizes, is a word space when the file sets no space
# character there. pdfplumber's fixed 3 points joined words in small or condensed type, whose
# spaces are narrower ("calling at361 communities", "a monthly schedule operates inCambridgeshire":
# 2.5 points at 10.5); kerning and a quote mark's side bearing stay under 0.12.
WORD_SPACE = 0.15
ALIGN = 3.0  # points: lines whose right column starts this close share a gutter
MIN_RUN = 3  # lines a gutter must split on the page, and lines on each side of it in a run of columns
INDENT = 2.0  # font sizes: the most the right column's text starts past its edge, on a line the gutter splits
PITCH = 1.3  # a one-sided line this far below the run's last line, in line pitches, still belongs to it
MIN_SHARE = 0.25  # of the page's text width: the least a column of prose spans on each side of a gutter
PROSE_WORDS = 5  # median words of each side's parts in a run of prose (a table's labels have fewer)
LISTED = 0.4  # share of a side's lines that open with a bullet, for a list beside prose


def text_lines(page: Any) -> list[dict]:
    """A pdfplumber page's (or crop's) text lines with their chars, ligatures kept ("ﬁ" as the file
    has it, which pypdf and a reader's copy read too: `clean.normalise_chars`)."""
    return page.extract_text_lines(return_chars=True, expand_ligatures=False, x_tolerance_ratio=WORD_SPACE)


def without_hidden_spaces(page: Any) -> Any:
    """The page without the space characters set over another character of their line (`_hidden_spaces`)."""
    hidden = _hidden_spaces(page.chars)
    if not hidden:
        return page
    # Only the spaces go: a letter may start where a hidden space does ("1 Who", the space set over the "W").
    return page.filter(lambda obj: obj.get("object_type") != "char" or obj["text"] != " "
                       or (obj["x0"], obj["top"]) not in hidden)


def _hidden_spaces(chars: list[dict]) -> set[tuple[float, float]]:
    """(x0, top) of the space characters set over another character of their line by half their
    width or more. Spreadsheets saved as PDF pad right-aligned figures with spaces that sit inside
    the first digit's box, and read in order of position they split the figure: "1 ,832,982",
    "1 2 / 3 1 / 2 0 17" for 12/31/2017. A reader (pypdf) reads them as the file orders them."""
    spaces = [c for c in chars if c["text"] == " "]
    if not spaces:
        return set()
    rows: dict[int, list[tuple[float, float]]] = {}
    for c in chars:
        if c["text"].strip():
            rows.setdefault(round(c["top"]), []).append((c["x0"], c["x1"]))
    for boxes in rows.values():
        boxes.sort()
    widest = max((x1 - x0 for boxes in rows.values() for x0, x1 in boxes), default=0.0)
    hidden = set()
    for c in spaces:
        half = max(c["x1"] - c["x0"], 0.01) / 2
        for key in (round(c["top"]) - 1, round(c["top"]), round(c["top"]) + 1):
            boxes = rows.get(key, [])
            # Only boxes starting within a glyph's width before the space can reach over it.
            near = boxes[bisect_left(boxes, (c["x0"] - widest, 0.0)):bisect_right(boxes, (c["x1"], 1e9))]
            if any(min(c["x1"], x1) - max(c["x0"], x0) >= half for x0, x1 in near):
                hidden.add((c["x0"], c["top"]))
                break
    return hidden


def reading_order(page: Any, lines: list[dict] | None = None) -> list[dict]:
    """The page's text lines (pdfplumber dicts, with their chars; `lines` when already extracted)
    in reading order."""
    lines = text_lines(page) if lines is None else lines
    gaps = [_gaps(line) for line in lines]
    gutter = _gutter(lines, gaps)
    if gutter is None:
        return lines
    sides = _parted_between(lines, [_side(line, line_gaps, gutter) for line, line_gaps in zip(lines, gaps)], gutter)
    split = min(gutter.starts)
    out: list[dict] = []
    run: list[tuple[dict, str]] = []  # the lines of a run of columns, each with its side of the gutter
    for i, (line, side) in enumerate(zip(lines, sides)):
        below = list(zip(lines[i + 1:], sides[i + 1:]))
        if side == "both" or (side is not None and run and _goes_on(run, line, side, below)):
            run.append((line, side))
            continue
        out += _read_run(page, run, split)
        run = [(line, side)] if side is not None else []
        if side is None:
            out.append(line)
    out += _read_run(page, run, split)
    return out


class Gutter(NamedTuple):
    """The space between two columns: a point in it, and where the right column's lines start (its
    edge, and the indents it uses: numbered items and their hanging lines)."""

    at: float
    starts: tuple[float, ...]


def _goes_on(run: list[tuple[dict, str]], line: dict, side: str, below: list[tuple[dict, str | None]]) -> bool:
    """A line on one side of the gutter goes on the run above it when it follows the run at its line
    pitch (a column longer than the other), or when the other column goes on beside it: both columns
    may open a paragraph at the same height ("What does this mean?" over each column, a landscape
    page's two halves). After a wider space, with nothing beside it, it is a new paragraph."""
    reach = PITCH * _pitch(run)
    if line["top"] - run[-1][0]["top"] <= reach:
        return True
    other = {"left": "right", "right": "left"}[side]
    near = [s for x, s in below if x["top"] - line["top"] <= reach]
    return any(s in (other, "both") for _, s in run) and any(s in (other, "both") for s in near)


def _pitch(run: list[tuple[dict, str]]) -> float:
    """The run's step from line to line within a column (its columns' lines interleave when their
    steps differ)."""
    tops = [[x["top"] for x, s in run if s in (side, "both")] for side in ("left", "right")]
    pitches = sorted(b - a for column in tops for a, b in zip(column, column[1:]) if b > a)
    last = run[-1][0]
    return pitches[len(pitches) // 2] if pitches else 1.5 * (last["bottom"] - last["top"])


def _gaps(line: dict) -> list[tuple[float, float]]:
    """(end of the text before, start of the text after) of each gutter-wide gap in the line."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    return [(a["x1"], b["x0"]) for a, b in zip(chars, chars[1:]) if is_gap(a, b)]


def is_gap(a: dict, b: dict) -> bool:
    """Whether the letters `a` and `b` (in that order on a line) stand a gutter or a cell apart."""
    return b["x0"] - a["x1"] > GAP * max(a["size"], 1.0)


def _gutter(lines: list[dict], gaps: list[list[tuple[float, float]]]) -> Gutter | None:
    """The strip that lines leave empty, most of them by a gap and few by crossing it, with room for
    a column of prose on each side, when at least MIN_RUN lines have a gap there. A glossary's gap
    between its terms and their meanings (x = 144 on a landscape page of text 774 points wide) or a
    list's between its letters and its items is no gutter; either had hidden the page's own (x = 420)."""
    if not any(gaps):
        return None
    left, right = min(line["x0"] for line in lines), max(line["x1"] for line in lines)
    room = MIN_SHARE * (right - left)
    points = {_middle(gaps, min(max(before, left + room), right - room))
              for line_gaps in gaps for before, _ in line_gaps}
    scored = [(_gapped(gaps, x), x) for x in points if left + room <= x <= right - room]
    scored = [(n - _crossing(lines, gaps, x), n, x) for n, x in scored if n >= MIN_RUN]
    if not scored:
        return None
    _, _, at = max(scored, key=lambda s: (s[0], -s[2]))
    starts = _starts(lines, gaps, at)
    return Gutter(at, starts) if starts else None


def _middle(gaps: list[list[tuple[float, float]]], x: float) -> float:
    """The middle of the strip that all the gaps at `x` (one beginning there) leave empty."""
    at = [(before, after) for line_gaps in gaps for before, after in line_gaps if before <= x < after]
    return (max(b for b, _ in at) + min(a for _, a in at)) / 2 if at else x


def _gapped(gaps: list[list[tuple[float, float]]], x: float) -> int:
    """How many lines have a gap at `x`."""
    return sum(any(before <= x < after for before, after in line_gaps) for line_gaps in gaps)


def _crossing(lines: list[dict], gaps: list[list[tuple[float, float]]], x: float) -> int:
    """How many lines have text across `x`."""
    return sum(line["x0"] < x < line["x1"] and not any(before <= x < after for before, after in line_gaps)
               for line, line_gaps in zip(lines, gaps))


def _starts(lines: list[dict], gaps: list[list[tuple[float, float]]], at: float) -> tuple[float, ...]:
    """Where MIN_RUN lines or more start right of the gutter at `at`, or go on past a gap across it."""
    xs = [after for line_gaps in gaps for before, after in line_gaps if before <= at < after]
    xs += [line["x0"] for line in lines if line["x0"] > at]
    counts = Counter(round(x / ALIGN) for x in xs)
    return tuple(sorted(min(x for x in xs if round(x / ALIGN) == key)
                        for key, n in counts.items() if n >= MIN_RUN))


def _side(line: dict, gaps: list[tuple[float, float]], gutter: Gutter) -> str | None:
    """"both" for a line the gutter splits, "left" or "right" for one on one side, None across. A
    line is on one side when it does not reach past the gutter: a shaded box set in from the left
    column's edges ends short of the right column, however far past the other lines' ends."""
    split = min(gutter.starts)
    if any(before < split and _starts_right(after, gutter, line) for before, after in gaps):
        return "both"
    if line["x0"] >= split - ALIGN:
        return "right"
    if line["x1"] <= split - ALIGN:
        return "left"
    return None


def _parted_between(lines: list[dict], sides: list[str | None], gutter: Gutter) -> list[str | None]:
    """`sides`, with a line across the gutter (None) taken as of both columns when the lines on either
    side are in columns, one of them in both, and its letters part just before the right column's
    edge (`_parted_at`), by less than a gutter's gap: a left line's hyphen set close to a heading's
    last word ("additional infor-" beside "level:") had ended the run of columns."""
    out = list(sides)
    for i in range(1, len(lines) - 1):
        near = (sides[i - 1], sides[i + 1])
        if sides[i] is None and None not in near and "both" in near and _parted_at(lines[i], gutter):
            out[i] = "both"
    return out


def _parted_at(line: dict, gutter: Gutter) -> bool:
    """Whether the line's letters part by more than a word space (a font size) before the right
    column's edge, those after it starting there (the left ones may reach past the gutter's middle:
    "without" ending at 293 beside a gutter at 291)."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    return any(b["x0"] - a["x1"] > a["size"] and any(abs(b["x0"] - start) <= ALIGN for start in gutter.starts)
               for a, b in zip(chars, chars[1:]))


def _starts_right(x: float, gutter: Gutter, line: dict) -> bool:
    """Whether text starting at `x` starts where the right column's lines do, or indented from its
    edge as a wrapped bullet is; a running header's title set further right ("Application guidance"
    over a column at 309, at x = 420) is no part of the right column."""
    size = max(c["size"] for c in line["chars"])
    split = min(gutter.starts)
    return any(abs(x - start) <= ALIGN for start in gutter.starts) or split - ALIGN <= x <= split + INDENT * size


def _read_run(page: Any, run: list[tuple[dict, str]], split: float) -> list[dict]:
    """The run's left column, then its right one, when both are prose; else the run as it was."""
    lines = [line for line, _ in run]
    if min(sum(side in (one, "both") for _, side in run) for one in ("left", "right")) < MIN_RUN:
        return lines
    top = min(line["top"] for line in lines) - 1
    bottom = max(line["bottom"] for line in lines) + 1
    x0, _, x1, _ = page.bbox
    left = text_lines(page.within_bbox((x0, top, split - 1, bottom)))
    right = text_lines(page.within_bbox((split - 1, top, x1, bottom)))
    prose = [_median_words(side) >= PROSE_WORDS for side in (left, right)]
    # A bulleted list beside prose is a column too ("• Mathematicians", "• Dentists" beside the
    # salary thresholds); a table's labels are neither.
    if not (all(prose) or (any(prose) and all(p or _listed(side) for p, side in zip(prose, (left, right))))):
        return lines
    return left + right


def _listed(lines: list[dict]) -> bool:
    return sum(line["text"].lstrip()[:1] in BULLET_GLYPHS for line in lines) >= LISTED * len(lines)


def _median_words(lines: list[dict]) -> float:
    counts = sorted(len(line["text"].split()) for line in lines)
    return counts[len(counts) // 2] if counts else 0.0
