"""Markdown to blocks: headings with levels, paragraphs, list items with their lead-in, table
rows with their headers, and raw HTML blocks parsed by the HTML rules."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .blocks import (
    CELL_SEPARATOR,
    GLYPH_BULLET,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_ROW,
    Block,
    ParsedFile,
    ParsedPage,
    attach_lead_ins,
    bold_heading,
    contact_target,
    fields_under_headings,
    headings_over_text,
    italic_heading,
    continued_rows,
    filled_down,
    positioned,
    table_caption,
    table_context,
)
from .clean import normalise_block
from .html import html_fragment_blocks
from .textfile import read_text

# Hugo/Jekyll and ERB template tags ({{< img ... >}}, {% link ... %}, {{ site.baseurl }}, <%= title %>:
# GOV.UK's tech docs are .html.md.erb) are not text.
# A template's tags go, and a comment block with what it holds (an editor's note in a Jekyll page:
# "Note that the permalink here does not include ..." had been the page's first paragraph).
_TEMPLATE_TAG = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}|<%.*?%>", re.DOTALL
)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Bullets pasted from a word processor ("• English classes"): Markdown reads them as text, so a
# list became one run-on paragraph; they are Markdown's "- " items.
_PASTED_BULLET = re.compile(rf"^\s*{GLYPH_BULLET}(?=\S)")
_TIGHT_HEADING = re.compile(r"^(\s{0,3}#{1,6})(?=[^\s#])")  # "###Group 1" is meant as a heading
# Attributes that kramdown (Jekyll's Markdown) and pandoc attach to a block: "{: .govuk-body}" on the
# line after a paragraph, "## Contact us {#contact}". Kept, they had read as the paragraph's last words.
_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
_HEADING_ATTRIBUTES = re.compile(r"^(\s{0,3}#{1,6}\s.*?)\s*\{[#.][^}\n]*\}\s*$")
# "title: Some page", or YAML's folded or literal form: "title: >-" over the indented lines that say it.
_TITLE_FIELD = re.compile(r"^title\s*:[ \t]*(?:[>|][+-]?[ \t]*\n((?:[ \t]+\S.*(?:\n|$))+)|(\S.*?))[ \t]*$", re.M)
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")  # a cell of a header rule that a table's body repeats


def load_markdown(path: Path) -> ParsedFile:
    """Parse a Markdown file into one page of blocks; the first heading of the highest rank is the title."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin)
    def read(source: str) -> tuple[list, list[Block]]:
        tokens = parser.parse(_prepare(source))
        return tokens, attach_lead_ins(headings_over_text(fields_under_headings(_blocks(tokens))))

    tokens, blocks = read(read_text(path))
    if all(b.kind == HEADING for b in blocks) and (kept := _front_matter_text(tokens)):
        # A content manager's page (Decap, Netlify CMS, Hugo data pages) keeps its text in the front
        # matter and none below it: the whole page had been "no text found".
        _, blocks = read(kept)
    # A page's own heading of the first rank is its title, before any heading above it: a saved web
    # page opens with its cookie banner ("## Cookies on GOV.UK") and menus.
    headings = [b for b in blocks if b.kind == HEADING]
    rank = min((h.level for h in headings), default=0)
    top = next((b for b in headings if b.level == rank), None)
    title = _front_matter_title(tokens) or (top.text if top else "")
    return ParsedFile([ParsedPage(None, _without_cookie_banner(blocks, top))], title=title)


def _without_cookie_banner(blocks: list[Block], top: Block | None) -> list[Block]:
    """The blocks without a section about cookies set above the page's own first heading: a saved
    web page's banner ("Cookies on GOV.UK" / "We use some essential cookies ..."), no text of its."""
    out: list[Block] = []
    banner = False
    for block in blocks:
        if block is top:
            top = None
            banner = False
        elif top is not None and block.kind == HEADING:
            banner = "cookie" in block.text.lower()
        if not banner:
            out.append(block)
    return out


def _front_matter_title(tokens: list) -> str:
    """The `title:` of a site generator's front matter (Jekyll, Hugo: "---" lines around YAML at the
    top). The front matter itself is no content: read as text, "layout: default title: ..." had
    been the file's first heading and its title."""
    for token in tokens[:1]:
        if token.type == "front_matter" and (m := _TITLE_FIELD.search(token.content)):
            return normalise_block((m.group(1) or m.group(2)).strip().strip("\"'"))
    return ""


def _front_matter_text(tokens: list) -> str:
    """The text a page keeps in its front matter, as Markdown, in the order the fields come: a short
    field named as a title or heading ("heading:", "subHeading:") as a heading, and any field of
    eight words or more ("body: >- ...") as text. Addresses, ids and settings are left out."""
    import yaml

    if not tokens or tokens[0].type != "front_matter":
        return ""
    try:
        data = yaml.safe_load(tokens[0].content)
    except yaml.YAMLError:
        return ""
    out: list[str] = []

    def read(value: object, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                read(v, str(k))
        elif isinstance(value, list):
            for v in value:
                read(v, key)
        elif isinstance(value, str) and (text := value.strip()):
            words = len(text.split())
            if _HEADING_FIELD.search(key) and "\n" not in text and words <= _FIELD_HEADING_WORDS:
                if f"## {text}" not in out:  # "title:" and "heading:" often say the same
                    out.append(f"## {text}")
            elif words >= _FIELD_TEXT_WORDS:
                out.append(text)

    read(data, "")
    return "\n\n".join(out) if any(not part.startswith("## ") for part in out) else ""


_HEADING_FIELD = re.compile(r"title|heading", re.I)
_FIELD_HEADING_WORDS = 15
_FIELD_TEXT_WORDS = 8


# A custom container (VuePress, markdown-it-container): "::: tip Adjusting your daily limit" opens a
# callout whose title heads it, and ":::" closes it; the markers had been the callout's text.
_CONTAINER = re.compile(r"^\s{0,3}:{3,}\s*(?:[\w-]+)?\s*(.*?)\s*:*\s*$")


# GOV.UK's Govspeak marks a callout by a caret (information) or a percent sign (warning) opening
# its line and, optionally, closing it ("^This service is also available in Welsh."), and a block
# of contact details or a call to action by "$C" / "$A" / "$CTA" lines around it: the marks had
# been the text's first character, or lines of their own.
_CALLOUT = re.compile(r"^(\s{0,3})([\^%])(?=[A-Z\[(])(.*?)\2?\s*$")
_BLOCK_MARK = re.compile(r"^\s{0,3}\$(?:CTA|[ACDEIP])\s*$")


def _prepare(source: str) -> str:
    source = _TEMPLATE_TAG.sub("", source)
    lines, fenced, in_fence = [], [], False
    for line in source.splitlines():
        fence = bool(_FENCE.match(line))
        if fence:
            in_fence = not in_fence
        elif not in_fence:
            line = _PASTED_BULLET.sub("- ", _TIGHT_HEADING.sub(r"\1 ", line))
            line = _HEADING_ATTRIBUTES.sub(r"\1", _KRAMDOWN_ATTRIBUTES.sub("", line))
            line = _CONTAINER.sub(lambda m: f"**{m.group(1)}**" if m.group(1)[:1].isalnum() else "", line)
            line = "" if _BLOCK_MARK.match(line) else _CALLOUT.sub(r"\1\3", line)
        if not in_fence and lines and _EMPTY_HEADING.match(lines[-1]) and _HEADING_TEXT.match(line):
            lines[-1] = f"{lines[-1].strip()} {line.strip()}"  # the heading's text on the line under its marks
            continue
        if not in_fence and lines and _ITEM_LINE.match(lines[-1]) and _NEW_SENTENCE.match(line):
            lines.append("")  # a sentence set right under a list ends it (see _NEW_SENTENCE)
            fenced.append(False)
        lines.append(line)
        fenced.append(in_fence or fence)
    return "\n".join(_pandoc_tables(lines, fenced))


# Converters write a page's paragraph right under the list before it, with no blank line: Markdown
# reads it as the last item going on ("... public/open spaces Your local council will decide ...").
# An unindented line under an item line that opens a sentence with a capital and a lower-case word
# and ends one starts a paragraph; a wrapped item goes on in lower case, or indented.
_ITEM_LINE = re.compile(r"^\s{0,3}(?:[*+-]|\d{1,2}[.)])\s+\S")
_NEW_SENTENCE = re.compile(r"^[A-Z][a-z]+\s+[a-z]+\b.*[.!?:]\s*$")
# Pages saved as Markdown by a converter may set a heading's marks alone on a line, its text on the
# next ("# " over " Who can get a Blue Badge?"): an empty heading, and its text a paragraph.
_EMPTY_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*$")
_HEADING_TEXT = re.compile(r"^\s*[^\s#*>|`-][^\n]{0,119}$")


# Pandoc, which turns Word documents into Markdown, writes a table as a grid ("+----+----+" rules
# around "| cell |" lines, "+====+" under the header) or, for simple ones, as columns under a rule
# of dashes; Markdown reads neither, so a table became one run-on paragraph. Both are rewritten as
# pipe tables.
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_LINE = re.compile(r"^\s*[+|]")
_DASH_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")


def _pandoc_tables(lines: list[str], fenced: list[bool]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if fenced[i]:  # code keeps its lines
            out.append(lines[i])
            i += 1
            continue
        if _GRID_RULE.match(lines[i]):
            j = i + 1
            while j < len(lines) and not fenced[j] and _GRID_LINE.match(lines[j]):
                j += 1
            table = _grid_table([x.strip() for x in lines[i:j]])
            if table:
                out += ["", *table, ""]
                i = j
                continue
        elif (i + 1 < len(lines) and lines[i].strip() and _DASH_RULE.match(lines[i + 1])
              and not _GRID_LINE.match(lines[i]) and (i == 0 or not lines[i - 1].strip())):
            j = i + 2
            while j < len(lines) and not fenced[j] and lines[j].strip():
                j += 1
            if j > i + 2:
                out += ["", *_columns_table(lines[i], lines[i + 1], lines[i + 2 : j]), ""]
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


def _grid_table(lines: list[str]) -> list[str] | None:
    """A grid table as pipe-table lines (docutils parses the grid, as reStructuredText shares it);
    a cell spanning rows is said in each row it covers. None when the lines are no grid table."""
    from docutils.parsers.rst import tableparser
    from docutils.statemachine import StringList

    try:
        _, head, body = tableparser.GridTableParser().parse(StringList(lines))
    except tableparser.TableMarkupError:
        return None
    rows: list[list[str]] = []
    below: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers)
    for cells in head + body:
        row: list[str] = []
        for cell in [*cells, None]:
            while len(row) in below:
                text, left = below.pop(len(row))
                if left > 1:
                    below[len(row)] = (text, left - 1)
                row.append(text)
            if cell is None:
                continue
            more_rows, more_cols, _, block = cell
            text = " ".join(x.strip() for x in block if x.strip()).replace("|", "\\|")
            for _ in range(more_cols + 1):
                if more_rows:
                    below[len(row)] = (text, more_rows)
                row.append(text)
        rows.append(row)
    width = max(len(r) for r in rows)
    header = rows[0] if head else [""] * width
    return [_pipe_row(r, width) for r in [header, ["---"] * width, *rows[1 if head else 0 :]]]


def _columns_table(header: str, rule: str, rows: list[str]) -> list[str]:
    """A simple table (columns under a rule of dashes, one row a line) as pipe-table lines: each
    column runs from its dashes to the next column's."""
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    bounds = list(zip(starts, [*starts[1:], None]))

    def cut(line: str) -> list[str]:
        return [line[a:b].strip().replace("|", "\\|") for a, b in bounds]

    width = len(starts)
    return [_pipe_row(r, width) for r in [cut(header), ["---"] * width, *(cut(x) for x in rows)]]


def _pipe_row(cells: list[str], width: int) -> str:
    return "| " + " | ".join([*cells, *[""] * (width - len(cells))]) + " |"


def _link_lists(tokens: list) -> set[int]:
    """Indices of the inline tokens of a site's own menus: lists of two links or more to pages of one
    site (or of the page itself), each item a link and nothing else, under a heading or nothing. A
    saved web page keeps its menus, "Popular on GOV.UK", its contents and its related pages as such
    lists; they name other pages, and read as text they were quoted as answers ("In This Section:
    Gender Equity Commission; ..."). A list of links that the text leads in to ("Other resources we
    used:"), or to several sites (a reading list), is the page's own content, and stays."""
    out: set[int] = set()
    # Per open list: whether a paragraph leads in to it, its items' inline tokens (-1: an item of text), hosts.
    stack: list[tuple[bool, list[int], set[str]]] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            stack.append((_leads_in(tokens, i), [], set()))
        elif tok.type in ("bullet_list_close", "ordered_list_close") and stack:
            led_in, items, hosts = stack.pop()
            if not led_in and len(items) >= 2 and -1 not in items and len(hosts) == 1:
                out.update(items)
        elif tok.type == "inline" and stack and tokens[i - 1].type == "paragraph_open":
            links = _first_line_links(tok.children or [])
            stack[-1][1].append(i if links else -1)
            stack[-1][2].update(urlsplit(str(link.attrs.get("href", ""))).netloc.lower().removeprefix("www.")
                                for link in links)
    return out


def _leads_in(tokens: list, i: int) -> bool:
    """Whether text leads in to the list opening at `tokens[i]`: a paragraph (or the item the list is
    nested in) right before it that ends as a sentence or lead-in does ("Other resources we used:").
    A label line ("In This Section") or a menu's entry over its sub-menu leads in to nothing."""
    if i < 3 or tokens[i - 1].type != "paragraph_close" or tokens[i - 2].type != "inline":
        return False
    return tokens[i - 2].content.rstrip().endswith((":", ".", "!", "?"))


def _first_line_links(children: list) -> list:
    """The `link_open` tokens of an item whose first line is links and nothing else but separators
    ("[Mayor](...) - [Biography](...)"); empty for an item of text. (A converter may run the
    item's next lines on after a line break.)"""
    links, depth = [], 0
    for c in children:
        if c.type in ("softbreak", "hardbreak") and depth == 0:
            break
        if c.type == "link_open":
            links.append(c)
            depth += 1
        elif c.type == "link_close":
            depth -= 1
        elif depth == 0 and (c.type != "text" or re.search(r"\w", c.content)):  # words or markup beside the links
            return []
    return links


def _blocks(tokens: list) -> list[Block]:
    out: list[Block] = []
    links = _link_lists(tokens)
    item_depth = 0  # inside a list item, its first paragraph is the item's text
    item_open = False
    item_number = ""  # an ordered list's item number as written ("1.", "2)"): the source's text, and a quote
    # of two items reads "1. Review ... 2. Fill out ..." as the page does, not "Review ... Fill out ..."
    open_items: list[str] = []  # the text of each open list item, outermost first
    in_note = False  # inside a footnote ("[^1]: ..."): beside the text, not in its flow, as a PDF's
    table: dict | None = None
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "list_item_open":
            item_depth += 1
            item_open = True
            item_number = f"{tok.info}{tok.markup}" if tok.info.isdigit() else ""
        elif kind == "list_item_close":
            item_depth -= 1
            item_open = False
            del open_items[item_depth:]
        elif kind in ("footnote_open", "footnote_close"):
            in_note = kind == "footnote_open"
        elif kind == "table_open":
            table = {"headers": [], "rows": [], "row": None, "in_head": False}
        elif kind == "thead_open" and table is not None:
            table["in_head"] = True
        elif kind == "thead_close" and table is not None:
            table["in_head"] = False
        elif kind == "tr_open" and table is not None:
            table["row"] = []
        elif kind == "tr_close" and table is not None:
            (table["headers"] if table["in_head"] else table["rows"]).append(table["row"])
        elif kind == "table_close" and table is not None:
            out.extend(_table_blocks(table, out))
            table = None
        elif kind == "html_block":
            out.extend(html_fragment_blocks(tok.content))
        elif kind == "inline" and i in links:
            item_open = False
        elif kind == "inline":
            text = _inline_text(tok)
            opener = tokens[i - 1]
            if table is not None and table["row"] is not None and opener.type in ("th_open", "td_open"):
                table["row"].append(text)
            elif not text:
                continue
            elif in_note:  # beside the text; its mark in the text ("2024[^1]") stays, as "2024^1"
                out.append(Block(PARAGRAPH, text, note=True))
            elif opener.type == "heading_open":
                out.append(Block(HEADING, text, level=int(opener.tag[1])))
            elif item_depth and item_open:
                # A sub-list's lead-in is its parent item, as in HTML.
                parent = open_items[item_depth - 2] if 1 < item_depth <= len(open_items) + 1 else ""
                out.append(Block(LIST_ITEM, f"{item_number} {text}" if item_number else text, context=parent))
                del open_items[item_depth - 1:]
                open_items.append(text)
                item_open = False
            elif item_depth and item_depth <= len(open_items):
                # A later paragraph or quote of an item ("2. Go to Part Two if you visit one of these
                # countries:" then "> Argentina, Armenia, ..."): a paragraph that goes on from the
                # item, which is its context. Without it, the paragraph was taken as the lead-in of
                # the items after it (`attach_lead_ins`).
                out.append(Block(PARAGRAPH, text, context=open_items[item_depth - 1]))
            elif _is_pipe_table(tok.content):
                out.extend(_pipe_rows(tok.content))
            elif opener.type == "paragraph_open" and not item_depth and (split := _bold_line(tok)):
                out.append(split[0])
                if split[1]:
                    out.append(Block(PARAGRAPH, split[1]))
            else:
                out.append(Block(PARAGRAPH, text))
    return out


def _bold_line(token) -> tuple[Block, str] | None:  # noqa: ANN001 - markdown_it Token
    """A paragraph that opens with a line wholly in bold ("**Who can apply**", alone or before a
    line break): the heading that line stands for and the paragraph's other text; None when the
    line reads as text."""
    kids = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(kids) > 2 and kids[0].type == "em_open" and kids[-1].type == "em_close":
        # A paragraph wholly in italics ("*Key neighborhoods*"), short and unfinished, is a minor heading.
        heading = italic_heading(_children_text(kids[1:-1]))
        return (heading, "") if heading and "em_open" not in {c.type for c in kids[1:-1]} else None
    if not kids or kids[0].type != "strong_open":
        return None
    close = next((i for i, c in enumerate(kids) if c.type == "strong_close"), None)
    if close is None or (close + 1 < len(kids) and kids[close + 1].type not in ("softbreak", "hardbreak")):
        return None
    heading = bold_heading(_children_text(kids[1:close]))
    return (heading, _children_text(kids[close + 2:])) if heading else None


def _table_blocks(table: dict, before: list[Block]) -> list[Block]:
    headers = positioned(table["headers"][0]) if table["headers"] else []
    caption = table_caption(before)
    context = table_context(caption, headers)
    # A header rule written twice (a page saved with an empty row and its rule over the real rows)
    # is no row: it had been quoted as "--- | ---".
    rows = [r for r in table["rows"] if not (any(r) and all(_RULE_CELL.match(c.strip()) for c in r if c.strip()))]
    rows = filled_down(continued_rows(rows))
    # A Markdown table runs on to the first blank line, so a page converted with none after its
    # table reads the paragraphs below it as rows of one cell, under its headers: they are paragraphs.
    width = max((sum(1 for c in r if c.strip()) for r in rows), default=0)
    end = len(rows)  # where the paragraphs read as rows begin
    while width > 1 and end and _prose_row(rows[end - 1]):
        end -= 1
    cells = (CELL_SEPARATOR.join(positioned(row)) for row in rows[:end])
    return ([Block(TABLE_ROW, text, context=context) for text in cells if text]
            + [Block(PARAGRAPH, row[0].strip()) for row in rows[end:]])


def _prose_row(row: list[str]) -> bool:
    """A row of one cell, in the first column, that is a sentence of eight words or more."""
    filled = [c.strip() for c in row if c.strip()]
    return (len(filled) == 1 and row[0].strip() == filled[0]
            and len(filled[0].split()) >= 8 and filled[0][-1:] in ".!?")


def _is_pipe_table(content: str) -> bool:
    lines = [x.strip() for x in content.splitlines() if x.strip()]
    return bool(lines) and all(_PIPE_ROW.match(x) for x in lines)


def _pipe_rows(content: str) -> list[Block]:
    """Rows of a pipe table that Markdown did not take as one (no header rule): one block each."""
    lines = [x.strip() for x in content.splitlines() if x.strip() and not _PIPE_RULE.match(x.strip())]
    rows = [[_cell_text(c) for c in x.strip("|").split("|")] for x in lines]
    return [Block(TABLE_ROW, CELL_SEPARATOR.join(positioned(row))) for row in rows if any(row)]


def _cell_text(cell: str) -> str:
    """A cell's text read as Markdown reads a line ("**TO:**" -> "TO:", "Jane Doe<br>Director" ->
    "Jane Doe Director"): a table Markdown did not take is still the author's Markdown."""
    tokens = _inline_parser().parseInline(cell)
    return _inline_text(tokens[0]) if tokens else normalise_block(cell)


@lru_cache(maxsize=1)
def _inline_parser():  # noqa: ANN202 - markdown_it.MarkdownIt
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline_text(token) -> str:  # noqa: ANN001 - markdown_it Token
    return _children_text(token.children or [])


def _children_text(children: list) -> str:
    # Keep the visible text of links, emphasis and code; drop images, URLs and raw inline HTML. An
    # autolink ("<https://...>") is a URL as its own text: dropped too, as a reader of the file
    # as HTML (tags removed) does not see it. A footnote's mark stays ("agreed[^1]" reads
    # "agreed^1", "May.[^2]" "May^2."): a reader of the file reads it, and a quote over it without
    # it was in no reading of the file but ours.
    parts = []
    in_autolink = in_sup = False
    contact, since = None, 0
    for child in children:
        if child.type in ("link_open", "link_close") and child.markup == "autolink":
            # An e-mail address is what a reader looks for, not a URL to skip ("<info@example.org>").
            in_autolink = child.type == "link_open" and contact_target(child.attrs.get("href", "")) is None
        elif in_autolink:
            continue
        elif child.type == "link_open":
            contact, since = contact_target(child.attrs.get("href", "")), len(parts)
        elif child.type == "link_close":
            if contact and contact.lower() not in "".join(parts[since:]).lower():
                parts.append(f" ({contact})")
            contact = None
        elif child.type in ("text", "code_inline"):
            # A note's mark in raw HTML ("significant<sup>1</sup>") reads "significant^1", as a
            # footnote's does: run into its word, it made a word no reader sees ("significant1").
            parts.append(f"^{child.content}" if in_sup and child.content.isdigit() else child.content)
        elif child.type == "footnote_ref":  # its mark, set apart and before a stop, as a PDF's is
            mark = f"^{child.meta['label']}"
            stop = re.search(r"[.!?]+$", parts[-1]) if parts else None
            if stop:
                parts[-1] = f"{parts[-1][: stop.start()]}{mark}{stop.group()}"
            else:
                parts.append(mark)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
        elif child.type == "html_inline" and child.content.lower().startswith(("<sup", "</sup")):
            in_sup = child.content.lower().startswith("<sup")
    return normalise_block("".join(parts))
