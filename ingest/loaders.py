"""Load corpus files into structured pages: a list of blocks (headings, paragraphs, list items).

One loader per format; `load_file` picks by extension and raises `DocumentError` with the
file and a specific reason for anything it cannot read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ic_assistant.errors import DocumentError
from ic_assistant.text import BLOCK_SEPARATOR

from .clean import clean_line, is_page_number, join_lines, normalise_block, normalise_chars

log = logging.getLogger(__name__)

HEADING, PARAGRAPH = "heading", "paragraph"


@dataclass(frozen=True)
class Block:
    kind: str  # HEADING or PARAGRAPH
    text: str
    start: int = 0  # offsets in the page text
    end: int = 0


@dataclass
class ParsedPage:
    number: int | None
    blocks: list[Block]
    text: str = ""

    def __post_init__(self) -> None:
        # The page text is the blocks joined by blank lines; block offsets point into it.
        parts, placed, pos = [], [], 0
        for block in self.blocks:
            if not block.text:
                continue
            if parts:
                pos += len(BLOCK_SEPARATOR)
            placed.append(Block(block.kind, block.text, pos, pos + len(block.text)))
            parts.append(block.text)
            pos += len(block.text)
        self.blocks = placed
        self.text = BLOCK_SEPARATOR.join(parts)


@dataclass
class ParsedFile:
    pages: list[ParsedPage]
    title: str = ""  # from the file itself: PDF metadata, HTML <title>, first Markdown heading
    meta: dict[str, str] = field(default_factory=dict)


# --- PDF ---------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-*\u2022\u25aa\u25cf]\s+|\d{1,2}[.)]\s+)")
_MILESTONE = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?\s*-\s*\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b[^:]{0,30}:\s+\S"
)
_CAPTION = re.compile(r"^(?:Table|Figure|Annex|Appendix)\s+\d+[.:]\s")
_MAX_HEADING_WORDS = 12


_FOOTNOTE = re.compile(r"^\d{1,2} [A-Z]")
_TRAILING_FUNCTION_WORD = re.compile(r"\b(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with)$")


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", ")"))


def _starts_upper(line: str) -> bool:
    return line[:1].isupper() or line[:1].isdigit()


def _pdf_blocks(lines: list[str]) -> list[Block]:
    """Group the lines of a PDF page into headings and paragraphs.

    PDF text has no markup, so headings are found by shape: a short line that starts a
    sentence, does not end one, follows a finished sentence and is followed by a new one
    (or by one short continuation line, for headings that wrap), or a dated milestone line.
    """
    width = max((len(x) for x in lines), default=0)
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block(PARAGRAPH, join_lines(para)))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        prev_done = not para or _ends_sentence(para[-1])
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        after = lines[i + 2] if i + 2 < len(lines) else ""
        words = len(line.split())
        plain = (
            _starts_upper(line)
            and not _BULLET.match(line)
            and not _FOOTNOTE.match(line)
            and not line.endswith((".", ",", ";", ":"))
        )
        if (_MILESTONE.match(line) or _CAPTION.match(line)) and words <= _MAX_HEADING_WORDS + 2:
            flush()
            if line.count("(") > line.count(")") and nxt and len(nxt.split()) <= 3:  # wrapped caption
                line, i = f"{line} {nxt}", i + 1
            blocks.append(Block(HEADING, line))
            i += 1
            continue
        if plain and prev_done and words <= _MAX_HEADING_WORDS:
            if (not nxt or _starts_upper(nxt) or _BULLET.match(nxt)) and not _TRAILING_FUNCTION_WORD.search(line):
                flush()
                blocks.append(Block(HEADING, line))
                i += 1
                continue
            if len(nxt.split()) <= 2 and (not after or _starts_upper(after)):
                flush()
                blocks.append(Block(HEADING, f"{line} {nxt}"))
                i += 2
                continue
        if _BULLET.match(line) or _FOOTNOTE.match(line) or (para and _line_break_ends_block(para[-1], line, width)):
            flush()
        para.append(line)
        i += 1
    flush()
    return _demote_table_headers(blocks)


def _demote_table_headers(blocks: list[Block]) -> list[Block]:
    """Three or more "headings" in a row are the header and cells of a table, not headings;
    so is a short "heading" right under a table caption (its column names)."""
    out: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, Block(PARAGRAPH, "")]:
        if block.kind == HEADING and not (_MILESTONE.match(block.text) or _CAPTION.match(block.text)):
            after_caption = not run and out and out[-1].kind == HEADING and _CAPTION.match(out[-1].text)
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


def _line_break_ends_block(prev: str, line: str, width: int) -> bool:
    # A short line followed by a capitalised one is the end of an unmarked list item or paragraph.
    return _starts_upper(line) and (len(prev) < 0.7 * width or _ends_sentence(prev))


def load_pdf(path: Path) -> ParsedFile:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path.name, "encrypted PDF: it needs a password; save an unencrypted copy")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise DocumentError(path.name, "encrypted PDF: it needs a password; save an unencrypted copy") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(path.name, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises many types on malformed files; name it and go on
        raise DocumentError(path.name, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not raw_pages:
        raise DocumentError(path.name, "PDF has no pages")
    pages = []
    for number, raw in enumerate(raw_pages, start=1):
        lines = [clean_line(x) for x in normalise_chars(raw).splitlines()]
        lines = [x for x in lines if x and not is_page_number(x)]
        pages.append(ParsedPage(number, _pdf_blocks(lines)))
    if not any(p.text for p in pages):
        raise DocumentError(path.name, "PDF has no extractable text (scanned images? run OCR first)")
    meta = {k: str(info.get(f"/{k.title()}", "") or "") for k in ("title", "author", "subject")}
    return ParsedFile(pages, title=normalise_block(meta["title"]), meta=meta)


# --- HTML --------------------------------------------------------------------------------

_BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg")
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")
# Containers whose loose text (not inside a block above) is a paragraph of its own.
_TEXT_HOLDERS = (*_BLOCK_TAGS, "div", "section", "article", "main", "body", "ul", "ol", "dl", "table", "tr", "figure")


def load_html(path: Path) -> ParsedFile:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "html.parser")
    title = normalise_block(soup.title.get_text(" ")) if soup.title else ""
    for tag in soup.find_all(_BOILERPLATE_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks = []
    for el in [root, *root.find_all(_TEXT_HOLDERS)]:
        # Each element keeps only its own text: nested blocks (a list inside a list item, a
        # <p> inside a <div>) come as blocks of their own, so nothing is dropped or doubled.
        own = [t for t in el.find_all(string=True) if t.find_parent(_TEXT_HOLDERS) is el]
        text = normalise_block(" ".join(own))
        text = re.sub(r"\s+([,.;:!?])", r"\1", text)  # joining strings spaces out inline tags
        if text:
            blocks.append(Block(HEADING if el.name[0] == "h" and el.name[1:].isdigit() else PARAGRAPH, text))
    if not blocks:  # no block markup: fall back to the visible text, line by line
        blocks = [Block(PARAGRAPH, t) for t in (normalise_block(x) for x in root.get_text("\n").split("\n\n")) if t]
    return ParsedFile([ParsedPage(None, blocks)], title=title)


# --- Markdown and text -------------------------------------------------------------------


def load_markdown(path: Path) -> ParsedFile:
    from markdown_it import MarkdownIt

    source = _read_text(path)
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks, title = [], ""
    for i, tok in enumerate(tokens):
        if tok.type != "inline":
            continue
        opener = tokens[i - 1].type if i else ""
        text = normalise_block(_inline_text(tok))
        if not text:
            continue
        if opener == "heading_open":
            title = title or text
            blocks.append(Block(HEADING, text))
        else:
            blocks.append(Block(PARAGRAPH, text))
    return ParsedFile([ParsedPage(None, blocks)], title=title)


def _inline_text(token) -> str:  # noqa: ANN001 - markdown_it Token
    # Keep the visible text of links, emphasis and code; drop images and markup.
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def load_text(path: Path) -> ParsedFile:
    paragraphs = re.split(r"\n\s*\n", _read_text(path))
    blocks = [Block(PARAGRAPH, t) for t in (normalise_block(p) for p in paragraphs) if t]
    return ParsedFile([ParsedPage(None, blocks)])


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            path.name, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); re-save it as UTF-8"
        ) from exc


LOADERS: dict[str, Callable[[Path], ParsedFile]] = {
    ".pdf": load_pdf,
    ".html": load_html,
    ".htm": load_html,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
}


def load_file(path: Path) -> ParsedFile:
    """Parse one file; raise `DocumentError` naming the file and the reason when it cannot be used."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DocumentError(path.name, f"unknown file type {path.suffix or '(none)'!r}; supported: {', '.join(LOADERS)}")
    if path.stat().st_size == 0:
        raise DocumentError(path.name, "empty file")
    parsed = loader(path)
    if not any(page.text.strip() for page in parsed.pages):
        raise DocumentError(path.name, "no text found in the file")
    return parsed
