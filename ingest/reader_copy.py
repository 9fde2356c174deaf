"""A reader's copy of a file, and where our text of it parts from that copy.

A quote must read as the file does for someone who opens it: a PDF's text as pypdf reads it, a
Word document's as mammoth reads its text, an HTML, Markdown or text file with its tags removed,
entities decoded and inline links and images read as their text (the general eval set's check.py
reads files so). Our text holds the same words, but not always in one run: a Markdown reference
link "[the form][form]" reads "the form form" in the file, an image in a sentence reads its alt
text, a PDF's table cells or columns may come in another order. Each block keeps where its text
parts from the reader's copy (`Block.breaks`, as over a PDF's page break), and a quote over such a
place is cited in its parts (`verify.page_parts`), each a run of the file's own letters. Letters and digits are compared, in lower case: spacing,
punctuation and markup do not count.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

from .blocks import ParsedFile, ParsedPage
from .docx import docx_text
from .html import MARKDOWN_LINK

# Letters: runs that short on average are chance matches of text the file does not hold (a font
# pypdf cannot read); such text is left whole, as cuts would not make it the file's.
MIN_MEAN_RUN = 10
_TAG = re.compile(r"<[^>]+>")


def reader_letters(path: Path) -> str:
    """The letters and digits of a reader's copy of `path`, lower case ("" when pypdf cannot read it)."""
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        try:
            text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        except Exception:  # noqa: BLE001 - pypdf raises many types; without its copy, nothing is cut
            return ""
    elif path.suffix.lower() == ".docx":
        text = docx_text(path)
    else:
        source = path.read_text(encoding="utf-8", errors="replace")
        text = html.unescape(_TAG.sub(" ", MARKDOWN_LINK.sub(r"\1", source)))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def with_reader_breaks(parsed: ParsedFile, letters: str) -> ParsedFile:
    """`parsed` with each block's `breaks` also where its text parts from `letters` (`reader_breaks`)."""
    if not letters:
        return parsed
    pages = [ParsedPage(page.number, [replace(b, breaks=reader_breaks(b.text, letters, b.breaks)) for b in page.blocks])
             for page in parsed.pages]
    return replace(parsed, pages=pages)


def reader_breaks(text: str, letters: str, breaks: tuple[int, ...] = ()) -> tuple[int, ...]:
    """`breaks` (offsets of spaces in `text` where it is already cut) and the offsets of the spaces
    where `text` parts from `letters`: each part between two is then a run of them. A part whose
    runs are shorter than MIN_MEAN_RUN letters on average is not the file's text, and is left whole."""
    cuts, at = set(breaks), 0
    for end in [*sorted(breaks), len(text)]:
        cuts |= _cuts(text, at, end, letters)
        at = end + 1
    return tuple(sorted(cuts))


def _cuts(text: str, start: int, end: int, letters: str) -> set[int]:
    where = [i for i in range(start, end) if text[i].isascii() and text[i].isalnum()]
    ours = "".join(text[i].lower() for i in where)
    if ours in letters:
        return set()
    cuts, k = set(), 0
    while k < len(ours):
        run = _longest_run(ours, k, letters)
        if k + run >= len(ours):
            break
        space = text.rfind(" ", where[k], where[k + run] + 1)  # the run ends at the last whole word
        if space <= where[k]:  # not even its first word is the file's
            return set()
        cuts.add(space)
        k = bisect_right(where, space)  # the next run opens with the word after the cut
    return cuts if len(ours) >= MIN_MEAN_RUN * (len(cuts) + 1) else set()


def _longest_run(ours: str, k: int, letters: str) -> int:
    """The length of the longest prefix of ours[k:] found in `letters` (a prefix of one found is found)."""
    low, high = 0, len(ours) - k
    while low < high:
        mid = (low + high + 1) // 2
        if ours[k : k + mid] in letters:
            low = mid
        else:
            high = mid - 1
    return low
