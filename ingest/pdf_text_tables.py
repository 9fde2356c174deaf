"""Tables that a PDF holds only as lines of text (no rules, no columns): rows found by their keys.

Some PDFs are plain text re-set line by line, so a table's cells follow each other as short
lines. When the first column holds known names (the programme file's entities), a line starting with
one starts a row; inside a row a line starts a new cell unless the previous one was cut short
(it ends with a comma or a function word) or the line is a continuation (lower case, "(").
"""

from __future__ import annotations

import re

from .blocks import CELL_SEPARATOR, TABLE_ROW, Block, table_context
from .pdf_lines import CAPTION, MILESTONE

_ASIDE = re.compile(r"^\([^)]*\)\s*")
_MIN_ROWS = 3
_MAX_CELL_LINE_WORDS = 10
_MAX_HEADER_LINES = 4
_CUT_SHORT = re.compile(r"(?:,|\b(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with|where))$")


def text_table_runs(lines: list[str], row_keys: tuple[str, ...]) -> list[tuple[int, int, list[Block]]]:
    """(first line, end line, row blocks) of each text-only table in `lines`."""
    if not row_keys:
        return []
    keyed = re.compile(r"^(?:" + "|".join(re.escape(k) for k in sorted(row_keys, key=len, reverse=True)) + r")\b")
    runs: list[tuple[int, int, list[Block]]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_cell_line(lines[j]):
            j += 1
        starts = [k for k in range(i, j) if keyed.match(lines[k])]
        if len(starts) >= _MIN_ROWS:
            head_from = max(i, starts[0] - _MAX_HEADER_LINES)
            header = " ".join(lines[head_from : starts[0]])
            context = table_context(lines[head_from - 1] if _is_caption(lines, head_from) else "", [header])
            rows = []
            for a, b in zip(starts, [*starts[1:], j]):
                cells = _cells(lines[a:b], keyed)
                rows.append(Block(TABLE_ROW, CELL_SEPARATOR.join(cells), context=context))
            runs.append((head_from, j, rows))
        i = max(j, i + 1)
    return runs


def _is_caption(lines: list[str], head_from: int) -> bool:
    return head_from > 0 and bool(CAPTION.match(lines[head_from - 1]))


def _is_cell_line(line: str) -> bool:
    if MILESTONE.match(line) or CAPTION.match(line):  # a dated heading or caption ends the table
        return False
    return len(line.split()) <= _MAX_CELL_LINE_WORDS and not line.endswith((".", ":", ";", "!", "?"))


def _cells(lines: list[str], keyed: re.Pattern[str]) -> list[str]:
    key = keyed.match(lines[0])
    assert key is not None
    cells = [key.group(0)]
    rest = lines[0][key.end() :].strip()
    pieces = ([rest] if rest else []) + lines[1:]
    for n, piece in enumerate(pieces):
        aside = _ASIDE.match(piece)
        if n == 0 and not rest and aside:  # "Northtown" / "(Associate Member) Social Inclusion"
            cells[0] = f"{cells[0]} {aside.group(0).strip()}"
            piece = piece[aside.end() :]
            if not piece:
                continue
            cells.append(piece)
            continue
        # A wrapped cell goes on in lower case, after a comma or function word, or with one word.
        continues = piece[:1].islower() or len(piece.split()) == 1
        if len(cells) > 1 and (continues or _CUT_SHORT.search(cells[-1])):
            cells[-1] = f"{cells[-1]} {piece}"
        else:
            cells.append(piece)
    return cells
