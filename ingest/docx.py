"""Word documents (.docx): mammoth turns one into the HTML it means, which the HTML reader parses.

Word's own structure carries over: headings from the paragraph styles ("Heading 1", "Title"),
lists from Word's numbering, tables cell by cell (a row marked to repeat as the header becomes
the table's header). Pages are the reader's layout, not the file's, so a Word document is one
page, as an HTML page is. The title is the one the file's properties give, else its first heading.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from ic_assistant.errors import DocumentError

from .blocks import HEADING, MINOR_HEADING_LEVEL, ParsedFile, ParsedPage, colon_lists, join_continuations
from .clean import normalise_block
from .html import html_blocks

# A Word "Title" or "Subtitle" paragraph heads the document: mammoth leaves both as plain paragraphs.
_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
"""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .doc, or a .docx under a password
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream a password-protected .docx keeps


def load_docx(path: Path) -> ParsedFile:
    """Parse a Word document: its blocks as one page, its title from its properties or first heading."""
    from bs4 import BeautifulSoup

    blocks = html_blocks(BeautifulSoup(docx_html(path), "html.parser"))  # notes' marks as the HTML reader sets them
    # Writers type a list's items as paragraphs under a ':' lead-in, as PDFs without bullets show them
    # ("... include:" then "Mott Haven and Melrose (CD1, 201): 541.4 hospitalizations ...").
    # A file typed as one paragraph a line (a PDF pasted into Word) is read as its sentences run:
    # "10.3. ... No" / "disclosive information will be sent ..." had been two paragraphs.
    blocks = colon_lists(join_continuations([blocks]))[0]
    levels = _bold_title_levels(path)
    blocks = [replace(b, level=levels.get(b.text, b.level)) if b.kind == HEADING and b.level == MINOR_HEADING_LEVEL
              else b for b in blocks]
    title = _core_title(path) or next((b.text for b in blocks if b.kind == HEADING), "")
    return ParsedFile([ParsedPage(None, blocks)], title=title)


def docx_html(path: Path) -> str:
    """The HTML mammoth reads `path` as; a `DocumentError` saying why when it is no Word document.
    Loading a file reads it twice, for its blocks and for its reader's copy (`reader_copy`): it is
    converted once for each version of the file."""
    stat = path.stat()
    return _converted(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _converted(path: Path, mtime_ns: int, size: int) -> str:  # noqa: ARG001 - the file's version keys the cache
    import mammoth
    import mammoth.images

    _check_container(path)
    # Images are left as their alt text: mammoth would inline each one's bytes as base64.
    no_images = mammoth.images.img_element(lambda image: {"alt": image.alt_text or ""})
    try:
        with path.open("rb") as f:
            return mammoth.convert_to_html(f, style_map=_STYLE_MAP, convert_image=no_images).value
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError) as exc:
        raise DocumentError(path.name, f"damaged Word document ({type(exc).__name__}: {exc})") from None


def docx_text(path: Path) -> str:
    """The document's text as Word shows it, notes and their marks too ("" when it cannot be read):
    mammoth's own plain text leaves the notes out."""
    from bs4 import BeautifulSoup

    try:
        return BeautifulSoup(docx_html(path), "html.parser").get_text(" ")
    except DocumentError:
        return ""


def _check_container(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE:
        if _ENCRYPTED in path.read_bytes():
            raise DocumentError(path.name, "password-protected Word document: save a copy without the password")
        raise DocumentError(path.name, "an old Word .doc file named .docx: save it as .docx (Word 2007 or later)")
    if not zipfile.is_zipfile(path):
        raise DocumentError(path.name, "not a Word .docx file (it is not the zip container a .docx is): damaged?")
    with zipfile.ZipFile(path) as z:
        if "word/document.xml" not in z.namelist():
            raise DocumentError(path.name, "a zip file without word/document.xml: not a Word .docx file")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SIZE_LEVELS = 3  # bold titles in larger type are read at levels 3 to 5, the largest first


def _bold_title_levels(path: Path) -> dict[str, int]:
    """Heading levels of a Word file's titles set as bold Normal paragraphs, by their type size: a
    minor heading each as the HTML reader finds them, they had lost their order ("4. Implementing
    ..." in 22.5 pt over "The hub and spoke model" in 18 pt over "Resourcing evaluations" in 13.5 pt,
    all siblings). Titles in the body's size stay minor."""
    root = _xml_part(path, "word/document.xml")
    if root is None:
        return {}
    chars: Counter[int] = Counter()
    titles: dict[str, int] = {}
    for p in root.iter(f"{_W}p"):
        runs = [(r, "".join(t.text or "" for t in r.iter(f"{_W}t"))) for r in p.iter(f"{_W}r")]
        runs = [(r, text) for r, text in runs if text.strip()]
        sizes = [_run_size(r) for r, _ in runs]
        for size, (_, text) in zip(sizes, runs):
            chars[size] += len(text)
        if runs and all(_run_bold(r) for r, _ in runs) and len(set(sizes)) == 1:
            titles[normalise_block("".join(text for _, text in runs))] = sizes[0]
    if not chars:
        return {}
    body = chars.most_common(1)[0][0]
    larger = sorted({size for size in titles.values() if size > body}, reverse=True)[:_SIZE_LEVELS]
    return {text: 3 + larger.index(size) for text, size in titles.items() if size in larger}


def _run_size(run) -> int:  # noqa: ANN001 - an ElementTree element
    """The run's type size in half points, 0 when it takes its style's."""
    size = run.find(f"{_W}rPr/{_W}sz")
    value = size.get(f"{_W}val", "") if size is not None else ""
    return int(value) if value.isdigit() else 0


def _run_bold(run) -> bool:  # noqa: ANN001 - an ElementTree element
    bold = run.find(f"{_W}rPr/{_W}b")
    return bold is not None and bold.get(f"{_W}val", "true") not in ("0", "false")


def _core_title(path: Path) -> str:
    """The title in the file's properties (docProps/core.xml), "" when none is set."""
    root = _xml_part(path, "docProps/core.xml")
    node = root.find("{http://purl.org/dc/elements/1.1/}title") if root is not None else None
    return normalise_block(node.text or "") if node is not None else ""


def _xml_part(path: Path, name: str) -> ElementTree.Element | None:
    """A part of the Word file's zip read as XML; None when it is missing or unreadable."""
    try:
        with zipfile.ZipFile(path) as z:
            return ElementTree.fromstring(z.read(name))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
