"""HTML to blocks: main content only, with headings, paragraphs, list items and table rows.

Markdown's raw HTML blocks go through the same rules (`html_blocks`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

from .blocks import (
    CELL_SEPARATOR,
    HEADING,
    LIST_ITEM,
    MINOR_HEADING_LEVEL,
    PARAGRAPH,
    TABLE_ROW,
    Block,
    ParsedFile,
    ParsedPage,
    attach_lead_ins,
    bold_heading,
    bulleted_lines,
    bulleted_paragraphs,
    contact_target,
    continued_rows,
    fields_under_headings,
    headings_over_text,
    italic_heading,
    labelled,
    numbered_paragraphs,
    positioned,
    table_caption,
    table_context,
)
from .clean import normalise_block
from .textfile import decode_text

_BOILERPLATE_TAGS = (
    "script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg", "select", "button",
)
_BOILERPLATE_ROLES = ("navigation", "banner", "contentinfo")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Tags that break the flow of text: their content is a block (or holds blocks) of its own.
_BLOCK_TAGS = {
    *_HEADINGS,
    *("p", "div", "section", "article", "main", "body", "html", "blockquote", "pre", "figure", "figcaption", "header",
      "hgroup"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "hr", "address", "details", "summary", "center", "fieldset"),
    *("form", "aside"),  # when they hold the page's text (see `_is_chrome`)
}
_LISTS = ("ul", "ol")
_SKIP_LINK = re.compile(r"^\s*skip\s+to\b", re.I)
_BOLD = ("strong", "b")
_ITALIC = ("em", "i")
_MAX_LABEL_WORDS = 8
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # an inline link or image: its text


_BR = "\x00"  # a <br> while lines are read: the source's own line breaks are spaces
_MAX_SPAN = 100  # a rowspan or colspan beyond this is a typo, not a table that size
_HEADER_WORDS = 6  # a header cell without markup is a short label
_MAX_SUMMARY_HEADING_WORDS = 25  # a longer <summary> is text, not what heads its details
_SITE_NAME = re.compile(r"\s*(?:[-\u2013\u2014|]|::)\s*[^-\u2013\u2014|:]+$")  # a <title>'s last part
_EMPTY_SHOWN = ("br", "img", "hr", "input")  # elements that show without text
_NOTE_MARK = re.compile(r"^\[?\d{1,3}\]?$")  # a footnote's mark as a link shows it: "5", "[5]"
_NOTE_ID = re.compile(r"^(?:fn|footnote|endnote)[:_-]?\w+$", re.I)
_BACK_LINK = re.compile(r"^\s*[\u21a9\u2191\u21b5\u2934\ufe0e]+\s*$")  # a note's "↩" or "↑" back to its mark


# A page's declared encoding: <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">.
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LATIN_LABELS = {"latin_1", "iso8859_1", "ascii"}  # read as windows-1252, as browsers do


def read_html(path: Path) -> str:
    """A page's text as a browser decodes it: by its byte-order mark, else the encoding it declares,
    a byte that encoding cannot read shown as U+FFFD; a page that declares none is UTF-8, else
    windows-1252. Read strictly as UTF-8, a state education page that declares UTF-8 and has one
    Latin-1 "\xa9" in its footer had been refused whole, its 60 KB of text unread (a browser shows
    it, with one "\ufffd"). The reader's copy (`reader_copy.reader_letters`) does not refuse such a
    page either: it reads it as UTF-8, a byte it cannot read as U+FFFD, and keeps only ASCII letters."""
    data = path.read_bytes()
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(path.name, data)
    declared = _CHARSET.search(data[:4096])
    if declared is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        codec = codecs.lookup(declared.group(1).decode("ascii")).name.replace("-", "_")
    except LookupError:
        codec = "utf_8"
    return data.decode("cp1252" if codec in _LATIN_LABELS else codec, errors="replace")


def load_html(path: Path) -> ParsedFile:
    """Parse an HTML page: the main content as one page of blocks, the <title> as title."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(read_html(path), "html.parser")
    title = normalise_block(soup.title.get_text(" ")) if soup.title else ""
    blocks = html_blocks(soup)
    h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), "")
    if not title:  # a page without <title> is named by its first top heading
        title = h1
    elif h1 and title.startswith(h1) and (site := _SITE_NAME.search(title[len(h1):])):
        # "The national curriculum - GOV.UK": the site's name, after the page's own heading, is no
        # part of its title (what comes between stays: "... meeting - April 2013 - Stoke Ferry").
        title = title[: len(h1) + site.start()]
    if not blocks:  # no block markup: fall back to the visible text, split at blank lines
        blocks = [Block(PARAGRAPH, t) for t in (normalise_block(x) for x in soup.get_text("\n").split("\n\n")) if t]
    return ParsedFile([ParsedPage(None, blocks)], title=title)


def html_fragment_blocks(html: str) -> list[Block]:
    """Blocks of a piece of HTML (a Markdown HTML block); Markdown links inside keep their text."""
    from bs4 import BeautifulSoup

    return html_blocks(BeautifulSoup(MARKDOWN_LINK.sub(r"\1", html), "html.parser"))


def _show_contact_targets(soup) -> None:  # noqa: ANN001 - a BeautifulSoup document
    """ "Please <a href="mailto:info@example.org">email us</a>" reads "Please email us
    (info@example.org)": the address is what the link gave the reader (`contact_target`)."""
    for link in soup.find_all("a", href=True):
        target = contact_target(link["href"])
        if target and target.lower() not in link.get_text().lower():
            link.append(f" ({target})")


def html_blocks(soup) -> list[Block]:  # noqa: ANN001 - a BeautifulSoup document
    """Blocks of the main content of a parsed document; page chrome and cookie banners removed."""
    # Only a page with a form needs its text measured (`_is_chrome`), before anything is removed.
    page_text = len((soup.body or soup).get_text(" ", strip=True)) if soup.find("form") else 0
    for tag in soup.find_all(_BOILERPLATE_TAGS):
        if not tag.decomposed and _is_chrome(tag, page_text):
            tag.decompose()
    for tag in soup.find_all(attrs={"role": list(_BOILERPLATE_ROLES)}):
        tag.decompose()
    for tag in soup.find_all(_mentions_cookie):
        tag.decompose()
    for tag in soup.find_all("a", href=re.compile(r"^#"), string=_SKIP_LINK):  # "Skip to main content"
        tag.decompose()
    for tag in soup.find_all(_is_page_map):
        if not tag.decomposed:
            tag.decompose()
    _set_apart_note_marks(soup)
    _show_contact_targets(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    _walk(root, blocks)
    return attach_lead_ins(numbered_paragraphs(bulleted_paragraphs(headings_over_text(fields_under_headings(blocks)))))


def _is_chrome(tag, page_text: int) -> bool:  # noqa: ANN001 - bs4 Tag
    """Whether a boilerplate tag is the site's furniture, not the page's content. An article's own
    <header> holds its title and summary; an <aside> in the main text that is more prose than links
    is a callout ("With NCMS, forms are filled out automatically."), where a related-links box is
    links; a <form> holding most of the page's text is the page (ASP.NET sites, Legistar calendars
    and many council CMSs wrap the whole body in one), and removed, it had left only the title. A
    <select>'s choices are no text."""
    if tag.name == "header":
        return not tag.find_parent(("main", "article"))
    if tag.name == "aside":
        return not tag.find_parent(("main", "article")) or _link_share(tag) > 0.5
    if tag.name == "form":
        return len(tag.get_text(" ", strip=True)) <= page_text / 2
    if tag.name == "button":  # a menu's toggle ("More in this section"), but an accordion's heading is text
        return not tag.find_parent((*_HEADINGS, "summary"))
    return True


_BREADCRUMB = re.compile(r"breadcrumb", re.I)


def _is_page_map(tag) -> bool:  # noqa: ANN001 - bs4 Tag
    """A breadcrumb trail ("You are here: Home > Moving country > ...", by its class, id or label),
    or a list of two links or more, each item its link alone, to places on the page itself (its
    contents: "What is the payment?", "How to qualify"): they repeat the page's title and headings,
    which ranked that chunk first for any question on the page's topic and its list the best unit."""
    if any(_BREADCRUMB.search(" ".join(v) if isinstance(v, list) else str(v))
           for k, v in tag.attrs.items() if k in ("class", "id", "aria-label")):
        return True
    if tag.name not in _LISTS:
        return False
    items = tag.find_all("li", recursive=False)
    return len(items) >= 2 and (all(_anchor_only(li) for li in items) or _link_tree(tag))


def _link_tree(lst) -> bool:  # noqa: ANN001 - bs4 Tag
    """A site's menu of other pages set as a list of lists: every item its link alone, with or without a
    list of the same under it, and some item has one ("Advice and benefits" over "Asylum and
    immigration", "Benefits", ...). An old council page's category tree had been read as its text, and
    its 200 links answered "What is the housing allowance rate?". A list of links in the text, with
    no lists under its items, is kept: its links may be what a question asks for."""
    items = lst.find_all("li", recursive=False)
    nested = [sub for li in items for sub in li.find_all(_LISTS, recursive=False)]
    return bool(nested) and all(_link_alone(li) for li in items) and all(
        all(_link_alone(li) for li in sub.find_all("li", recursive=False)) for sub in nested)


def _link_alone(item) -> bool:  # noqa: ANN001 - bs4 Tag
    """A menu item: its own text (its nested lists aside) is one link's."""
    return _sole_link(item, nested=False, href_only=False) is not None


def _anchor_only(item) -> bool:  # noqa: ANN001 - bs4 Tag
    """A contents item: all its text is one link, to a place on the page itself ("#how-to-qualify")."""
    link = _sole_link(item, nested=True, href_only=True)
    return link is not None and link["href"].startswith("#") and len(link["href"]) > 1


def _sole_link(item, *, nested: bool, href_only: bool):  # noqa: ANN001, ANN202 - bs4 Tag -> Tag | None
    """The link an item's text is, when it holds one link and no other text: with its nested lists'
    text and links (`nested`) or without them, counting links with an address only (`href_only`,
    as a page's named anchors have none) or any."""
    parts = [c for c in item.children if nested or getattr(c, "name", None) not in _LISTS]
    found = {"href": True} if href_only else {}
    links = [a for c in parts for a in ([c] if getattr(c, "name", None) == "a" and (not href_only or c.has_attr("href"))
                                        else c.find_all("a", **found) if hasattr(c, "find_all") else [])]
    text = " ".join(t for c in parts
                    if (t := c.get_text(" ", strip=True) if hasattr(c, "get_text") else str(c).strip()))
    return links[0] if len(links) == 1 and links[0].get_text(" ", strip=True) == text else None


def _link_share(tag) -> float:  # noqa: ANN001 - bs4 Tag
    text = len(tag.get_text(" ", strip=True))
    return sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a")) / text if text else 1.0


def _set_apart_note_marks(soup) -> None:  # noqa: ANN001 - a BeautifulSoup document
    """A footnote's mark, a superscript link to its note ("the Funding System<sup><a href="#fn5">5</a>
    </sup>"), reads "System^5", set apart as a PDF's and a Markdown file's marks are, and before a stop
    that ends its sentence ("reports^1."): run together it had read "System5". A note's link back to
    its mark ("↩") is dropped."""
    from bs4 import NavigableString

    for link in soup.find_all("a", href=True):
        text = link.get_text(strip=True)
        if not link["href"].startswith("#"):
            # A reference to a note on the web page a document was saved from: a superscript link
            # ("£567 million.<a href=".../strategy#reference-1"><sup>1</sup></a>" in a Word file).
            if not _NOTE_MARK.match(text) or not _wholly(link, ("sup",)):
                continue
            mark = link
        elif _BACK_LINK.match(text) or "doc-backlink" in (link.get("role") or ""):
            link.decompose()
            continue
        else:
            mark = link.find_parent("sup") or link
            if not _NOTE_MARK.match(text) or (mark is link and "doc-noteref" not in (link.get("role") or "")):
                continue
        before = mark.previous_sibling
        stop = re.search(r"[.!?,;:]+$", before) if isinstance(before, NavigableString) else None
        if stop:
            before.replace_with(NavigableString(f"{before[:stop.start()]}^{text.strip('[]')}{stop.group()}"))
            mark.decompose()
        else:
            mark.replace_with(f"^{text.strip('[]')}")


def _wholly(tag, names: tuple[str, ...]) -> bool:  # noqa: ANN001 - bs4 Tag
    """All of the tag's text is in one child that is one of `names` (<sup>; <em> or <i>)."""
    kids = _shown_children(tag)
    return len(kids) == 1 and getattr(kids[0], "name", None) in names


def _holds_notes(tag) -> bool:  # noqa: ANN001 - bs4 Tag
    """A page's footnotes: marked so (role="doc-endnotes", class "footnotes"), or a list whose every item
    is a note a mark links to (mammoth writes a Word document's as <li id="footnote-1">). Read as a
    list, the notes had been items led in by the paragraph above them."""
    if tag.get("role") in ("doc-endnotes", "doc-footnotes") or "footnotes" in (tag.get("class") or []):
        return True
    items = tag.find_all("li", recursive=False) if tag.name in _LISTS else []
    return bool(items) and all(_NOTE_ID.match(li.get("id") or "") for li in items)


def _mentions_cookie(tag) -> bool:  # noqa: ANN001 - bs4 Tag
    if tag.attrs is None:  # already removed with a parent
        return False
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])]).lower()
    return "cookie" in names


def _folds_code_only(details) -> bool:  # noqa: ANN001 - bs4 Tag
    """The <details> holds nothing but code besides its summary (Quarto's and Jupyter's folded code)."""
    for text in details.find_all(string=True):
        if text.strip() and not text.find_parent(("summary", "pre", "code")):
            return False
    return details.find(("pre", "code")) is not None


def _is_block(node) -> bool:  # noqa: ANN001
    return getattr(node, "name", None) in _BLOCK_TAGS


def _below_summary(out: list[Block], start: int) -> None:
    """The headings of a <details> panel (`out[start:]`) under its summary's, which is a minor one
    (an accordion's <summary> says nothing of its rank): a council's FAQ set <h4>s in its answers,
    which outranked the summary, so the next questions' summaries had nested under the last <h4>,
    and a summary right over one had been read as a line of text (`headings_over_text`)."""
    if start < len(out) and out[start].kind == HEADING and out[start].level == MINOR_HEADING_LEVEL:
        out[start + 1:] = [replace(b, level=MINOR_HEADING_LEVEL + 1) if b.kind == HEADING else b
                           for b in out[start + 1:]]


def _walk(el, out: list[Block]) -> None:  # noqa: ANN001 - bs4 Tag
    """Append the blocks of a container: loose inline text becomes paragraphs, in reading order."""
    inline: list = []
    labels: list[int] = []  # where in `out` a paragraph that is a bold label alone stands

    def flush() -> None:
        out.extend(_text_blocks(inline))
        inline.clear()

    for child in el.children:
        if not _is_block(child):
            inline.append(child)
            continue
        flush()
        name = child.name
        if name in _HEADINGS or child.get("role") == "heading":
            text = _inline_text([child])
            if text:
                out.append(Block(HEADING, text, level=_heading_level(child)))
        elif name == "details" and _folds_code_only(child):
            continue  # a report's folded code ("Show the code"): its summary had headed the rest of the page
        elif name == "details":
            start = len(out)
            _walk(child, out)
            _below_summary(out, start)
        elif name == "summary":  # an accordion's summary ("Who is eligible?") heads what its details say
            text = _inline_text([child])
            if text:
                short = len(text.split()) <= _MAX_SUMMARY_HEADING_WORDS
                out.append(Block(HEADING, text, level=MINOR_HEADING_LEVEL) if short else Block(PARAGRAPH, text))
        elif _holds_notes(child):  # each note a paragraph beside the text, as a PDF's and Markdown's are
            items = child.find_all("li") or [child]
            out.extend(Block(PARAGRAPH, text, note=True) for li in items if (text := _inline_text([li])))
        elif name in _LISTS:
            _list_items(child, out)
        elif name == "li":  # a stray item outside a list
            _list_items_of([child], out)
        elif name == "dl":
            _definition_items(child, out)
        elif name == "table" and (cells := _layout_cells(child)):
            for cell in cells:  # a box drawn round text (a callout, a page's layout): its text, not a table's rows
                _walk(cell, out)
        elif name == "table":
            _table_rows(child, out)
        elif any(_is_block(c) for c in child.children):
            _walk(child, out)
        else:
            rest = [child]
            if name in ("p", "div") and (label := _bold_label(child)):
                labels.append(len(out))
                out.append(Block(PARAGRAPH, label))
                continue
            if name in ("p", "div") and (split := _bold_line(child)):
                out.append(split[0])
                rest = split[1]
            out.extend(_text_blocks(rest))
    flush()
    for at in reversed(labels):
        # A label in bold over its value ("Date of Future Meetings:" then "23rd March 2011, 14:00"): one
        # statement, as "Label: value" on one line is. Over a list it stays the list's lead-in.
        value = out[at + 1] if at + 1 < len(out) else None
        if value is not None and value.kind == PARAGRAPH and not value.note and not value.text.endswith(":"):
            out[at:at + 2] = [replace(value, text=labelled(out[at].text, value.text))]


def _bold_label(tag) -> str:  # noqa: ANN001 - bs4 Tag
    """The text of a paragraph wholly in bold that is a short label ending with ':', else ""."""
    if not _wholly_bold(tag):
        return ""
    text = _inline_text([tag])
    return text if text.endswith(":") and len(text.split()) <= _MAX_LABEL_WORDS else ""


def _text_blocks(nodes: list) -> list[Block]:
    """Paragraphs of inline nodes, whose lines <br> sets: a blank line (<br><br>) parts two, and
    lines opening with bullets, as pasted from a word processor ("• English classes<br>• ..."), are
    a list under the lines before them (they had been one run-on paragraph)."""
    text = _raw_text(nodes, br=_BR).replace("\n", " ").replace(_BR, "\n")
    blocks = [b for part in re.split(r"\n[ \t]*\n", text) for b in bulleted_lines(part)]
    return [replace(b, text=_tidy(b.text)) for b in blocks if _tidy(b.text)]


def _heading_level(tag) -> int:  # noqa: ANN001 - bs4 Tag
    """<h3> is level 3; <div role="heading" aria-level="3"> too (level 2 without a valid aria-level)."""
    if tag.name in _HEADINGS:
        return int(tag.name[1])
    level = str(tag.get("aria-level", "")).strip()
    return min(max(int(level), 1), 6) if level.isdigit() else 2


def _bold_line(tag) -> tuple[Block, list] | None:  # noqa: ANN001 - bs4 Tag
    """A paragraph that opens with a line wholly in bold (all of it, or up to a <br>): the heading
    that line stands for and the paragraph's other nodes; None when the line reads as text."""
    kids = _shown_children(tag)
    if _wholly(tag, _ITALIC):
        # A paragraph wholly in italics, short and unfinished, is a minor heading ("<em>Key
        # neighborhoods</em>" in a Word file); one that reads as text or a note stays text.
        heading = italic_heading(_inline_text(kids))
        return (heading, []) if heading else None
    if not kids or getattr(kids[0], "name", None) not in _BOLD:
        return None
    if len(kids) > 1 and kids[1].name != "br":
        return None
    heading = bold_heading(_inline_text([kids[0]]))
    return (heading, kids[2:]) if heading else None


def _shown_children(tag) -> list:  # noqa: ANN001 - bs4 Tag
    """A tag's children but comments and blank text."""
    return [c for c in tag.children if _shown(c)]


def _shown(node) -> bool:  # noqa: ANN001 - bs4 node
    """Not a comment (or doctype, CDATA), not blank text, and not an empty element: Word's bookmarks
    come from mammoth as <a id="..."></a> before a bold title, which then read as no heading."""
    from bs4.element import PreformattedString

    name = getattr(node, "name", None)
    if name is None:
        return not isinstance(node, PreformattedString) and bool(node.strip())
    return name in _EMPTY_SHOWN or bool(node.get_text(strip=True)) or node.find(_EMPTY_SHOWN) is not None


def _wholly_bold(tag) -> bool:  # noqa: ANN001 - bs4 Tag
    """All of the tag's text is in one <strong> or <b>, maybe wrapped in a <p> or <span>."""
    kids = _shown_children(tag)
    if len(kids) != 1 or getattr(kids[0], "name", None) is None:
        return False
    return kids[0].name in _BOLD or (kids[0].name in ("p", "span", "div") and _wholly_bold(kids[0]))


def _list_items(lst, out: list[Block]) -> None:  # noqa: ANN001
    _list_items_of(lst.find_all("li", recursive=False), out)


def _list_items_of(items: list, out: list[Block]) -> None:
    for li in items:
        # The item's own words (paragraphs inside it included); nested lists follow as items of their own.
        own = [c for c in li.children if getattr(c, "name", None) not in (*_LISTS, "li")]
        text = _inline_text(own)
        # An item that opens with a heading of its own ("<li><h4>Find data sources</h4><p>Kentucky
        # uses ...</p>"): the heading labels what follows, as a definition list's term does. Run
        # together, the title read as the sentence's first words.
        at = [k for k, c in enumerate(own) if _shown(c)]  # where its shown parts are (blank text keeps its spaces)
        first = getattr(own[at[0]], "name", None) if at else None
        if len(at) > 1 and (first in _HEADINGS or (first in ("p", "div") and _wholly_bold(own[at[0]]))):
            label, rest = _inline_text(own[at[0] : at[0] + 1]), _inline_text(own[at[0] + 1 :])
            if label and rest:
                text = labelled(label, rest)
        if text:
            out.append(Block(LIST_ITEM, text))
        for nested in li.find_all(_LISTS, recursive=False):
            start = len(out)
            _list_items(nested, out)
            for i in range(start, len(out)):  # a sub-list's lead-in is its parent item
                if out[i].kind == LIST_ITEM and not out[i].context and text:
                    out[i] = Block(LIST_ITEM, out[i].text, context=text)
        # "<li>Abandoned vehicles <li>Dog fouling": HTML lets a page leave out </li>, and html.parser
        # nests the next item inside the one before; it is the next item of the same list (the two
        # had read as one, "Abandoned vehicles Dog fouling").
        _list_items_of(li.find_all("li", recursive=False), out)


def _definition_items(dl, out: list[Block]) -> None:  # noqa: ANN001 - bs4 Tag
    """A definition list's entries as list items, each term with what it says of it: "Staff costs:
    Salaries of project staff ...". Read as loose paragraphs, a term was a title-like line cut from
    its definition, and the definition did not say what it defined. A list whose definitions hold
    paragraphs or lists (an FAQ: "<dt>What can I report?</dt><dd><p>... such as:</p><ul>...") is
    read as its terms heading their definitions' blocks, as an accordion's summary heads what it
    folds: as items, one answer had run to 1,300 characters, its list flattened into it."""
    # <dt> and <dd> are the list's children, or its <div>s' (HTML allows grouping them so).
    nodes = [node for node in dl.find_all(["dt", "dd"]) if node.find_parent("dl") is dl]
    if any(node.name == "dd" and any(_is_block(c) for c in node.children) for node in nodes):
        for node in nodes:
            if node.name == "dd":
                _walk(node, out)
            elif text := _inline_text([node]):
                out.append(Block(HEADING, text, level=MINOR_HEADING_LEVEL))
        return
    terms: list[str] = []
    for node in nodes:
        text = _inline_text([node])
        if node.name == "dt":
            terms.append(text)
        elif terms:
            term = " / ".join(t for t in terms if t)
            out.append(Block(LIST_ITEM, labelled(term, text) if term and text else term or text))
            terms = []
        elif text:
            out.append(Block(LIST_ITEM, text))
    if terms:
        out.append(Block(LIST_ITEM, " / ".join(t for t in terms if t)))


def _own_rows(table) -> list:  # noqa: ANN001 - bs4 Tag
    """The table's rows, not those of a table nested in one of its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _layout_cells(table) -> list:  # noqa: ANN001 - bs4 Tag
    """The cells of a table of one column with no header cell, in order; [] for any other table.
    Such a table is a box drawn round text ("Important: Applications must be in by 31 March."), not
    data: read as rows, its paragraphs and lists ran into one unit with no sentences of its own."""
    rows = _own_rows(table)
    cells = [tr.find_all(["td", "th"], recursive=False) for tr in rows]
    if not rows or any(len(c) != 1 or c[0].name != "td" for c in cells):
        return []
    return [c[0] for c in cells]


def _table_rows(table, out: list[Block]) -> None:  # noqa: ANN001
    caption = _inline_text(list(table.caption.children)) if table.caption else table_caption(out)
    rows = _own_rows(table)
    grid = _grid(rows)
    # A first row of one cell across the table titles it, as a caption does ("Gross Monthly Income"
    # over "Family Size | 100% FPG"): read as a header row, every column's name had been the title.
    if len(grid) > 2 and len(grid[0]) > 1 and grid[0][0][0] and all(cell is grid[0][0][1] for _, cell in grid[0]):
        caption = " — ".join(x for x in (caption, grid[0][0][0]) if x)
        rows, grid = rows[1:], grid[1:]
    # The header rows: those in <thead>, or the leading rows of <th> cells only ("Hours" over
    # "Weekdays" and "Weekends"); each column's header reads down them ("Hours Weekdays").
    n_head = 0
    while n_head < len(rows) and (rows[n_head].find_parent("thead")
                                  or all(c.name == "th" for c in rows[n_head].find_all(["td", "th"], recursive=False))):
        n_head += 1
    if n_head == len(rows):  # a table of <th> cells only: its first row heads the others
        n_head = min(n_head, 1)
    if n_head == 0 and _header_without_th(rows, grid):
        n_head = 1
    width = max((len(r) for r in grid[:n_head]), default=0)
    headers = positioned([" ".join(dict.fromkeys(r[j][0] for r in grid[:n_head] if j < len(r) and r[j][0]))
                          for j in range(width)])
    context = table_context(caption, headers)
    if caption and len(rows) == n_head:
        out.append(Block(PARAGRAPH, caption))
    # A cell spanning columns is said once; one spanning rows is said in each (the group it names).
    body = [[text for k, (text, cell) in enumerate(row) if k == 0 or row[k - 1][1] is not cell] for row in grid[n_head:]]
    for row in continued_rows(body):
        text = CELL_SEPARATOR.join(positioned(row))
        if text:
            out.append(Block(TABLE_ROW, text, context=context))


def _header_without_th(rows: list, grid: list[list[tuple[str, object]]]) -> bool:
    """Word processors mark a table's header row with bold <td>s, or not at all. The first row
    heads the table when its cells are all bold, or when they are short labels without figures
    over a column that holds a figure in every other row ("Fund | Maximum" over "Small grants |
    5,000"). A table of label-value rows ("Service | English classes") has no such row."""
    if len(grid) < 2 or len(grid[0]) < 2 or not all(text for text, _ in grid[0]):
        return False
    if all(_wholly_bold(cell) for cell in rows[0].find_all(["td", "th"], recursive=False)):
        return True
    if any(re.search(r"\d", text) or len(text.split()) > _HEADER_WORDS for text, _ in grid[0]):
        return False
    return any(all(j < len(row) and re.search(r"\d", row[j][0]) for row in grid[1:]) for j in range(len(grid[0])))


def _grid(rows: list) -> list[list[tuple[str, object]]]:
    """Each row's (text, cell) per column, a cell with rowspan or colspan in every place it covers."""
    grid: list[list[tuple[str, object]]] = []
    below: dict[int, tuple[str, object, int]] = {}  # column -> (text, cell, rows it still covers)
    for tr in rows:
        row: list[tuple[str, object]] = []

        def carry() -> None:
            while len(row) in below:
                text, cell, left = below.pop(len(row))
                if left > 1:
                    below[len(row)] = (text, cell, left - 1)
                row.append((text, cell))

        for cell in tr.find_all(["td", "th"], recursive=False):
            carry()
            text = _inline_text([cell])
            for _ in range(max(1, _span(cell, "colspan"))):
                if _span(cell, "rowspan") > 1:
                    below[len(row)] = (text, cell, _span(cell, "rowspan") - 1)
                row.append((text, cell))
        carry()
        grid.append(row)
    return grid


def _span(cell, name: str) -> int:  # noqa: ANN001 - bs4 Tag
    try:
        return min(int(cell.get(name, 1)), _MAX_SPAN)
    except (TypeError, ValueError):
        return 1


def _inline_text(nodes: list) -> str:
    """Visible text of inline nodes, with the spaces the source has (and no space before punctuation)."""
    return _tidy(normalise_block(_raw_text(nodes).replace("\n", " ")))


def _tidy(text: str) -> str:
    return re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", text)


def _raw_text(nodes: list, br: str = " ") -> str:
    from bs4.element import PreformattedString

    parts = []
    for node in nodes:
        if isinstance(node, PreformattedString):  # comments, doctypes, CDATA
            continue
        if getattr(node, "name", None) is None:
            parts.append(str(node))
        elif node.name == "br":
            parts.append(br)
        elif node.name != "caption":
            # A block nested in an inline position (a <p> inside <li>) is set off by spaces.
            inner = _raw_text(list(node.children), br)
            parts.append(f" {inner} " if _is_block(node) else inner)
    return "".join(parts)
