"""Reading text files: the encoding rules shared by the text, Markdown and HTML loaders."""

from __future__ import annotations

import re
from pathlib import Path

from ic_assistant.errors import DocumentError

from .blocks import (
    BULLET_LINE, HEADING, Block, ParsedFile, ParsedPage, attach_lead_ins, bulleted_lines, bulleted_paragraphs,
)
from .pdf_lines import ends_mid_phrase, heading_shape, starts_block

_UNDERLINE = re.compile(r"^\s*(={3,}|-{3,})\s*$")  # "Support" over "=======": a heading, as Markdown reads it
_SHAPE_LEVEL = 2
_WRAPPED = 0.7  # in hard-wrapped text, a heading is shorter than this share of the longest line
_WRAP_WIDTH = 120  # hard-wrapped text keeps its lines within this (72 to 80 as a rule)
_PARAGRAPH_LINE = 60  # a line this long, in text of one paragraph per line, is a paragraph ...
_ENDING_SHARE = 0.6  # ... and most such lines end a sentence
_STOPS = (".", "!", "?", ":", ")", '"', "\u201d", "\u2019")


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error."""
    return decode_text(path.name, path.read_bytes())


def decode_text(name: str, data: bytes) -> str:
    """`read_text` of a file's bytes (`name` for the error)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            name, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); re-save it as UTF-8"
        ) from exc


def load_text(path: Path) -> ParsedFile:
    """Plain text: one page, a paragraph per blank-line-separated part, or the list its bulleted
    lines make, under the lines before them. A line shaped like a heading (or underlined) over
    prose or over another heading is a heading; one opening the file is its title."""
    text = read_text(path)
    parts = [[line.strip() for line in p.splitlines() if line.strip()] for p in re.split(r"\n\s*\n", text)]
    parts = [piece for p in parts if p for piece in (_line_parts(p) if _unwrapped(p) else [p])]
    longest = max((len(line) for p in parts for line in p), default=0)
    heads = _headed_parts(parts, longest)
    blocks: list[Block] = []
    for lines, head in zip(parts, heads):
        if head:
            blocks.append(Block(HEADING, lines[0], level=head))
            lines = lines[2:] if _underlined(lines) else lines[1:]
        blocks += bulleted_lines("\n".join(lines))
    blocks = attach_lead_ins(bulleted_paragraphs(blocks))
    title = blocks[0].text if blocks and blocks[0].kind == HEADING else ""
    return ParsedFile([ParsedPage(None, blocks)], title=title)


def _unwrapped(lines: list[str]) -> bool:
    """Lines that are paragraphs, not a paragraph hard-wrapped: a page saved or scraped as text
    (Word's "Plain text", a copied web page) writes each paragraph on one line, with no blank line
    between, and read as one part a whole release had been two paragraphs of 8,000 and 20,000
    characters, its headings inside them. Such lines run past any wrapping width, and most of the
    long ones end a sentence; a hard-wrapped line ends wherever the width falls."""
    long = [line for line in lines if len(line) >= _PARAGRAPH_LINE]
    return (len(lines) > 1 and max(map(len, lines)) > _WRAP_WIDTH
            and sum(line.endswith(_STOPS) for line in long) >= _ENDING_SHARE * len(long))


def _line_parts(lines: list[str]) -> list[list[str]]:
    """Each line a part of its own, a line said twice in a row once (a scraped page repeats its
    headings: a visible one and one for screen readers)."""
    return [[line] for k, line in enumerate(lines) if not k or line != lines[k - 1]]


def _headed_parts(parts: list[list[str]], longest: int) -> list[int]:
    """Per part, the level of the heading its first line is (0 for none), read from the last part
    back, since a line alone is a heading when the part after it opens with prose or a heading.
    Not a heading: a line leading in to bullets (it stays their lead-in); one of a run of short
    lines alone (a list set as lines, `counted_lists`); in hard-wrapped text, a line about as long
    as the wrapped ones (a sentence wrapped before a capitalised word: "... the Home" / "Office")."""
    heads = [0] * len(parts)
    for i in range(len(parts) - 1, -1, -1):
        lines = parts[i]
        if _underlined(lines):
            heads[i] = 1 if lines[1].strip()[0] == "=" else 2
            continue
        line = lines[0]
        if not heading_shape(line) or ends_mid_phrase(line) or len(line) > _WRAPPED * longest:
            continue
        if len(lines) > 1:
            heads[i] = _SHAPE_LEVEL if _prose(lines[1]) else 0
        elif i + 1 < len(parts) and not (i and _short_line(parts[i - 1])):
            heads[i] = _SHAPE_LEVEL if _prose_part(parts[i + 1]) or heads[i + 1] else 0
    # A title over a subtitle opening the file, prose after them ("United Kingdom Open Parliament
    # Licence v3.0" / "Open Parliament Licence" / "You are encouraged to ..."): two short lines in a
    # run are no list set as lines, and the title had been read as text, an answer of its own.
    if len(parts) > 2 and _short_line(parts[0]) and _short_line(parts[1]) and not heads[1] and _prose_part(parts[2]):
        heads[0] = heads[1] = _SHAPE_LEVEL
    return heads


def _underlined(lines: list[str]) -> bool:
    """A heading-shaped line over a rule of "=" or "-" (a rule under a sentence only separates)."""
    return len(lines) > 1 and bool(_UNDERLINE.match(lines[1])) and heading_shape(lines[0])


def _prose(line: str) -> bool:
    return starts_block(line) and not BULLET_LINE.match(line) and not heading_shape(line)


def _prose_part(lines: list[str]) -> bool:
    """A part that opens with prose; or a paragraph hard-wrapped over several lines, whose first
    line, cut before the sentence ends, is shaped like a heading ("This licence does not grant you
    any right to use the" / "information ..."): the line alone before it had not been its heading."""
    return _prose(lines[0]) or (len(lines) > 1 and starts_block(lines[0]) and not BULLET_LINE.match(lines[0])
                                and not BULLET_LINE.match(lines[1]))


def _short_line(lines: list[str]) -> bool:
    return len(lines) == 1 and heading_shape(lines[0])
