"""Ruled tables whose columns have no rules: split at the gutters their words leave.

Word draws many tables with rules between the rows only (or white ones between the columns), and
pdfplumber then finds one cell per row, its text the columns' lines run together ("Keep people
healthy and support economic Regional and care pathways are beginning to address ..."): a row's
label lost among its values, and no column named. Where a run of x positions holds no word in any
row of such a table, it is a gutter between columns; the table is read again with a column edge
there, and its rows' own rules kept, so a cell that spans rows stays one.
"""

from __future__ import annotations

import statistics

from .blocks import BULLET_GLYPHS
from .pdf_columns import WORD_SPACE

GUTTER = 0.6  # a gap no word crosses, this wide in font sizes, parts two columns (a word space is ~0.25)
MIN_ROWS = 2  # rows in which each column has words


def with_gutters(page, table):  # noqa: ANN001, ANN201 - pdfplumber Page and Table
    """`table` read with a column edge at each gutter when pdfplumber found one cell per row, or
    `table` itself. `page`: the page `table` was found on."""
    if len(table.rows) < MIN_ROWS or any(len(r.cells) != 1 for r in table.rows):
        return table
    region = page.crop(table.bbox, strict=False)  # a rule may reach past the page's edge
    # A bullet hangs in the gap before its item's text; it belongs to the column it opens.
    words = [w for w in region.extract_words(extra_attrs=["size"], x_tolerance_ratio=WORD_SPACE)
             if w["text"].strip(BULLET_GLYPHS)]
    if not words:
        return table
    ends = [x for e in region.horizontal_edges for x in (e["x0"], e["x1"])]
    edges = _filled(words, _edges(words, GUTTER * statistics.median(w["size"] for w in words), ends), table)
    if not edges:
        return table
    found = region.find_tables({
        "vertical_strategy": "explicit",
        "explicit_vertical_lines": [table.bbox[0], *edges, table.bbox[2]],
        "horizontal_strategy": "lines",
    })
    return found[0] if len(found) == 1 and len(found[0].rows) >= MIN_ROWS else table


def _edges(words: list[dict], gap: float, ends: list[float]) -> list[float]:
    """A column edge in each gap at least `gap` wide that no word crosses: where a rule across ends
    in it (a cell's border: a rule that stops short of the column edge does not part the cells it
    borders), or else just past the words on its left (a bullet hangs in the gap before its item)."""
    spans = sorted((w["x0"], w["x1"]) for w in words)
    right = spans[0][1]
    edges = []
    for x0, x1 in spans[1:]:
        if x0 - right >= gap:
            inside = sorted(x for x in ends if right < x < x0)
            edges.append(inside[len(inside) // 2] if inside else right + min(1.0, (x0 - right) / 2))
        right = max(right, x1)
    return edges


def _filled(words: list[dict], edges: list[float], table) -> list[float]:  # noqa: ANN001 - pdfplumber Table
    """The edges that leave words in MIN_ROWS of the table's rows on either side, up to the next
    edge kept: a gap that only one row leaves (a column's name set wider than its bullets and text,
    a short heading over a box's text) parts no columns."""
    rows = [r.bbox for r in table.rows]

    def rows_with_words(left: float, right: float) -> int:
        return len({n for w in words if left <= w["x0"] < right
                    for n, (_, top, _, bottom) in enumerate(rows) if top <= (w["top"] + w["bottom"]) / 2 <= bottom})

    kept: list[float] = []
    for edge in edges:
        left = kept[-1] if kept else float("-inf")
        if rows_with_words(left, edge) >= MIN_ROWS and rows_with_words(edge, float("inf")) >= MIN_ROWS:
            kept.append(edge)
    return kept
