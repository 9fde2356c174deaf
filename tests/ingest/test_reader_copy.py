"""Where our text of a file parts from a reader's copy of it, a quote is cited in parts, each the
file's own run of letters (`ingest/reader_copy.py`)."""

from __future__ import annotations

import re

from ingest.reader_copy import reader_breaks


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _parts(text: str, breaks: tuple[int, ...]) -> list[str]:
    parts, at = [], 0
    for cut in breaks:
        parts.append(text[at:cut])
        at = cut + 1
    return [*parts, text[at:]]


def test_a_table_row_whose_cells_a_reader_has_line_by_line_is_cut_into_runs_of_the_file() -> None:
    """pdfplumber joins a cell's lines; a reader of a PDF whose table is drawn line by line across
    the row has the cells' lines in turn."""
    row = "Northtown Refugee Welcome Network | English classes for adults and a weekly drop-in"
    reader = _letters("Table 1\nNorthtown Refugee Welcome English classes for adults and\nNetwork a weekly drop-in\n")
    assert _letters(row) not in reader
    breaks = reader_breaks(row, reader)
    parts = _parts(row, breaks)
    assert len(parts) > 1 and " ".join(parts) == row
    assert all(_letters(p) in reader for p in parts)


def test_text_that_is_the_files_is_left_whole_and_so_is_text_the_file_does_not_hold() -> None:
    text = "The council publishes its plan every year."
    assert reader_breaks(text, _letters(f"Intro. {text} More.")) == ()
    assert reader_breaks(text, _letters("Something else entirely, in other words.")) == ()  # cuts would not help


def test_a_page_breaks_cut_is_kept_and_each_part_is_cut_on_its_own() -> None:
    text = "The plan has three parts and a budget cuts, Brexit and Windrush matter"
    cut = text.index(" cuts")
    reader = _letters("The plan has a chart three parts and a budget. Page 2. cuts, Brexit and Windrush matter")
    breaks = reader_breaks(text, reader, (cut,))
    assert cut in breaks
    parts = _parts(text, breaks)
    assert all(_letters(p) in reader for p in parts) and " ".join(parts) == text
