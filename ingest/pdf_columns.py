"""Text set in two columns, read column by column.

pdfplumber reads a page line by line across its whole width, so two columns of prose come out
interleaved: "Northtown set up a board in the first Eastbay took a different route. Its". A run
of lines that a gutter splits at the same place, both sides prose, is read as its left column
and then its right one. A table set without ruling (short labels on the left) is not prose and
keeps its rows; a full-width line (a heading, a paragraph across the page) ends a run.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

GAP = 1.5  # a gap between letters this wide, in font sizes, may be a gutter (a word space is under 1)
ALIGN = 3.0  # points: lines whose right column starts this close share a gutter
MIN_RUN = 3  # lines a gutter must split, in a run, to be a column break
PITCH = 1.3  # a one-sided line this far below the run's last line, in line pitches, still belongs to it
PROSE_WORDS = 5  # median words of each side's parts in a run of prose (a table's labels have fewer)


def text_lines(page: Any) -> list[dict]:
    """A pdfplumber page's (or crop's) text lines with their chars, ligatures kept ("ﬁ" as the file
    has it, which pypdf and a reader's copy read too: `clean.normalise_chars`)."""
    return page.extract_text_lines(return_chars=True, expand_ligatures=False)


def reading_order(page: Any, lines: list[dict] | None = None) -> list[dict]:
    """The page's text lines (pdfplumber dicts, with their chars; `lines` when already extracted)
    in reading order."""
    lines = text_lines(page) if lines is None else lines
    gaps = [_gaps(line) for line in lines]
    gutter = _gutter(gaps)
    if gutter is None:
        return lines
    split, left_end = gutter
    out: list[dict] = []
    run: list[tuple[dict, str]] = []  # the lines of a run of columns, each with its side of the gutter
    for line, line_gaps in [*zip(lines, gaps), (None, [])]:
        side = _side(line, line_gaps, split, left_end) if line is not None else None
        if side == "both" or (side is not None and run and _close([x for x, _ in run], line)):
            run.append((line, side))
            continue
        out += _read_run(page, run, split)
        run = [(line, side)] if side is not None else []
        if line is not None and side is None:
            out.append(line)
    out += _read_run(page, run, split)
    return out


def _close(run: list[dict], line: dict) -> bool:
    """A line on one side of the gutter goes on the run above it when it follows at the run's line
    pitch: a column longer than the other. After a wider space it is a new paragraph."""
    pitches = sorted(b["top"] - a["top"] for a, b in zip(run, run[1:]) if b["top"] > a["top"])
    pitch = pitches[len(pitches) // 2] if pitches else 1.5 * (run[-1]["bottom"] - run[-1]["top"])
    return line["top"] - run[-1]["top"] <= PITCH * pitch


def _gaps(line: dict) -> list[tuple[float, float]]:
    """(end of the text before, start of the text after) of each gutter-wide gap in the line."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    return [(a["x1"], b["x0"]) for a, b in zip(chars, chars[1:]) if is_gap(a, b)]


def is_gap(a: dict, b: dict) -> bool:
    """Whether the letters `a` and `b` (in that order on a line) stand a gutter or a cell apart."""
    return b["x0"] - a["x1"] > GAP * max(a["size"], 1.0)


def _gutter(gaps: list[list[tuple[float, float]]]) -> tuple[float, float] | None:
    """(where the right column starts, where the left one ends at most), when enough lines agree."""
    starts = Counter(round(after / ALIGN) for line_gaps in gaps for _, after in line_gaps)
    if not starts:
        return None
    key, n = starts.most_common(1)[0]
    if n < MIN_RUN:
        return None
    at = [(before, after) for line_gaps in gaps for before, after in line_gaps if round(after / ALIGN) == key]
    return min(after for _, after in at), max(before for before, _ in at)


def _side(line: dict, gaps: list[tuple[float, float]], split: float, left_end: float) -> str | None:
    """"both" for a line the gutter splits, "left" or "right" for one on one side, None across."""
    if any(abs(after - split) <= ALIGN for _, after in gaps):
        return "both"
    if line["x0"] >= split - ALIGN:
        return "right"
    if line["x1"] <= left_end + ALIGN:
        return "left"
    return None


def _read_run(page: Any, run: list[tuple[dict, str]], split: float) -> list[dict]:
    """The run's left column, then its right one, when both are prose; else the run as it was."""
    lines = [line for line, _ in run]
    if sum(side == "both" for _, side in run) < MIN_RUN:
        return lines
    top = min(line["top"] for line in lines) - 1
    bottom = max(line["bottom"] for line in lines) + 1
    x0, _, x1, _ = page.bbox
    left = text_lines(page.within_bbox((x0, top, split - 1, bottom)))
    right = text_lines(page.within_bbox((split - 1, top, x1, bottom)))
    if _median_words(left) < PROSE_WORDS or _median_words(right) < PROSE_WORDS:
        return lines
    return left + right


def _median_words(lines: list[dict]) -> float:
    counts = sorted(len(line["text"].split()) for line in lines)
    return counts[len(counts) // 2] if counts else 0.0
