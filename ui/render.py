"""Answers, passages and the index status as the web app shows them: Markdown, HTML and rows.

Pure functions over the dicts of `Answer.to_dict()` and our own types, so they are tested
without a browser. Every string from a document or a user is escaped before it is placed in
markup (`as_text`: chat messages and Markdown also read back-ticks, asterisks and brackets).
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ic_assistant import DocumentInfo, IndexStatus, Passage
from ic_assistant.errors import PageGoneError
from ic_assistant.prompts import SUGGESTIONS_INTRO

from .sources import source_href

# How much of the page around a quote the source card shows, in characters each side.
CONTEXT_CHARS = 220

PageText = Callable[[str, int | None], str]

# HTML's special characters, and the Markdown punctuation that would turn text into code,
# emphasis, links or headings: as character references, which neither reads as syntax.
_AS_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                         **{c: f"&#{ord(c)};" for c in "\\`*_[]~#"}})


def as_text(text: str) -> str:
    """`text` shown as itself in HTML and in Markdown (chat messages), never as markup."""
    return text.translate(_AS_TEXT)


def question_message(question: str) -> str:
    """The user's chat message: the question as typed, never as markup."""
    return as_text(question)


def answer_message(
    answer: dict[str, Any], page_text: PageText | None = None, documents: Mapping[str, DocumentInfo] | None = None
) -> str:
    """The assistant's chat message: the answer, then a card for each source (or, when refused,
    the documents worth a look), then any warning."""
    parts = []
    if answer["refused"]:
        parts.append(f"**{html.escape(answer['answer'])}**")
        if answer["suggestions"]:
            looks = "".join(f"<li>{suggestion_link(s, documents)}</li>" for s in answer["suggestions"])
            parts.append(f'<div class="ic-suggest">{html.escape(SUGGESTIONS_INTRO)}<ul>{looks}</ul></div>')
    else:
        parts.append(as_text(answer["answer"]))
        cards = "".join(source_card(c, page_text, documents) for c in answer["citations"])
        parts.append(f'<div class="ic-sources" aria-label="Sources">{cards}</div>')
    parts += [f'<p class="ic-warning" role="alert">⚠️ {html.escape(w)}</p>' for w in answer["warnings"]]
    return "\n\n".join(parts)


def source_card(
    citation: dict[str, Any], page_text: PageText | None = None, documents: Mapping[str, DocumentInfo] | None = None
) -> str:
    """One source: title, type and year, page, section, and the quote highlighted in its context."""
    info = (documents or {}).get(citation["source"])
    meta = [info.doc_type, str(info.year or "")] if info else []
    url = citation.get("url") or (info.url if info else "")
    head = " · ".join(html.escape(x) for x in [*meta, _where(citation["page"], citation["section"], " · ")] if x)
    before, after = _context(citation, page_text)
    # A table row's headers or a list's lead-in: what the quoted words mean, shown apart from the quote.
    under = citation.get("context") or ""
    context = f'<div class="ic-card-context">{html.escape(under)}</div>' if under else ""
    return (
        f'<div class="ic-card"><div class="ic-card-title"><span class="ic-n">[{citation["n"]}]</span> '
        f"<strong>{source_link(citation['title'], url or source_href(citation['source'], citation['page']))}</strong></div>"
        f'<div class="ic-card-meta">{head} · {file_link(citation["source"], citation["page"])}</div>'
        f"{context}"
        f'<blockquote class="ic-quote">{_flat(before)}<mark>{_flat(citation["quote"])}</mark>'
        f"{_flat(after)}</blockquote></div>"
    )


def source_link(title: str, url: str) -> str:
    """The title, linked (in a new tab) to the document's page in the manifest, or else to the
    original file the app serves (a path of its own, /source/...)."""
    # Nothing else is followed: no javascript: or file:.
    if not url.startswith(("http://", "https://", source_href(""))):
        return html.escape(title)
    return f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(title)}</a>'


def file_link(source: str, page: int | None) -> str:
    """The file name, linked to the original file served by the app; a PDF opens at `page`."""
    return (f'<a class="ic-file" href="{html.escape(source_href(source, page))}" target="_blank" rel="noopener" '
            f'title="Open the original file{" at this page" if page else ""}"><code>{as_text(source)}</code></a>')


def suggestion_link(suggestion: str, documents: Mapping[str, DocumentInfo] | None) -> str:
    """A refusal's "Title, page 4", linked to that page of the original file (the document with
    the longest title that fits)."""
    fits = [d for d in (documents or {}).values() if suggestion == d.title or suggestion.startswith(d.title + ",")]
    if not fits:
        return html.escape(suggestion)
    document = max(fits, key=lambda d: len(d.title))
    page = re.fullmatch(r", page (\d+)", suggestion[len(document.title):])
    return source_link(suggestion, source_href(document.source, int(page.group(1)) if page else None))


def _where(page: int | None, section: str, sep: str) -> str:
    """ "page 4 · Table 1": where in its document a quote or passage is (either part may be missing)."""
    return sep.join(x for x in (f"page {page}" if page else "", section) if x)


def _flat(text: str) -> str:
    """Escaped, on one line: table cells and list items would otherwise stretch a card to a page."""
    return as_text(re.sub(r"\s+", " ", text))


def _page_around(page_text: PageText, source: str, page: int | None, start: int, end: int, quote: str) -> str | None:
    """The page a quote was taken from, or None when a re-ingest has removed or changed it since
    (then the quote is shown alone rather than beside text it no longer matches)."""
    try:
        text = page_text(source, page)
    except PageGoneError:
        return None
    return text if text[start:end] == quote else None


def _context(citation: dict[str, Any], page_text: PageText | None) -> tuple[str, str]:
    if page_text is None:
        return "", ""
    start, end = citation["start"], citation["end"]
    text = _page_around(page_text, citation["source"], citation["page"], start, end, citation["quote"])
    if text is None:
        return "", ""
    return _around(text, start, end, CONTEXT_CHARS)


def _around(text: str, start: int, end: int, chars: int) -> tuple[str, str]:
    """Up to `chars` of text each side of [start, end), cut at whole words, with "…" where cut."""
    before, after = text[max(0, start - chars) : start], text[end : end + chars]
    if start > chars:
        before = "…" + re.split(r"\s+", before, maxsplit=1)[-1]
    if end + chars < len(text):
        after = re.split(r"\s+(?=\S*$)", after, maxsplit=1)[0] + "…"
    return before, after


def conversation_markdown(turns: Sequence[dict[str, Any]]) -> str:
    """The conversation with its citations, for download."""
    lines = ["# IC Assistant conversation", ""]
    for turn in turns:
        answer = turn["answer"]
        lines += [f"## {turn['question']}", "", answer["answer"], ""]
        if answer["refused"] and answer["suggestions"]:
            lines += [SUGGESTIONS_INTRO, *[f"- {s}" for s in answer["suggestions"]], ""]
        for c in answer["citations"]:
            where = _where(c["page"], c["section"], ", ")
            lines.append(f"[{c['n']}] {c['title']} ({c['source']}{', ' + where if where else ''}): \"{c['quote']}\"")
        lines.append("")
    return "\n".join(lines)


def by_score(passages: Sequence[Passage]) -> list[Passage]:
    """Passages best score first, so that the score shown is the one the list is sorted by
    (retrieval orders for diversity, then adds the best-matching sentences' chunks at the end)."""
    return sorted(passages, key=lambda p: -p.score)


def search_results(
    passages: Sequence[Passage], page_text: PageText | None = None,
    documents: Mapping[str, DocumentInfo] | None = None,
) -> str:
    """The Search list: one compact row per passage (document linked, text clamped to a few lines);
    opening a row shows the passage in its page."""
    rows = []
    for i, p in enumerate(passages, start=1):
        c = p.chunk
        info = (documents or {}).get(c.source)
        where = _where(c.page, c.section, " · ")
        body = passage_in_context(p, page_text) if page_text else ""
        rows.append(
            f'<details class="ic-hit"><summary><span class="ic-hit-head"><span class="ic-n">{i}</span> '
            f'<strong>{source_link(c.title, info.url if info and info.url else source_href(c.source, c.page))}</strong>'
            f'<span class="ic-where">{" · " + html.escape(where) if where else ""}</span> {file_link(c.source, c.page)}'
            f'<span class="ic-score" title="relevance score; the list is sorted by it">{p.score:.3f}</span></span>'
            f'<span class="ic-hit-text">{_flat(c.text)}</span></summary>{body}</details>'
        )
    return f'<div class="ic-hits">{"".join(rows)}</div>'


def passages_csv(passages: Sequence[Passage]) -> str:
    """The Search results as CSV, with the file name and offsets a researcher needs to cite them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "source", "title", "doc_type", "year", "page", "section", "start", "end", "score", "text"])
    for i, p in enumerate(passages, start=1):
        c = p.chunk
        writer.writerow([i, c.source, c.title, c.doc_type, c.year or "", c.page or "", c.section, c.start, c.end,
                         round(p.score, 6), c.text])
    return out.getvalue()


def passage_in_context(passage: Passage, page_text: PageText) -> str:
    """The page (or document) a passage comes from, with the passage highlighted (alone, if a
    re-ingest has since removed or changed its page)."""
    c = passage.chunk
    text = _page_around(page_text, c.source, c.page, c.start, c.end, c.text)
    before, after = _around(text, c.start, c.end, 2 * CONTEXT_CHARS) if text is not None else ("", "")
    where = _where(c.page, c.section, " · ")
    return (
        f'<div class="ic-card"><div class="ic-card-title"><strong>{html.escape(c.title)}</strong></div>'
        f'<div class="ic-card-meta">{html.escape(where)} · {file_link(c.source, c.page)} · '
        f"characters {c.start}–{c.end}</div>"
        f'<div class="ic-context">{_paragraphs(before)}<mark>{_paragraphs(c.text)}</mark>{_paragraphs(after)}</div></div>'
    )


def _paragraphs(text: str) -> str:
    return html.escape(text).replace("\n\n", "<br><br>")


DOCUMENT_HEADERS = ["title", "type", "year", "pages", "chunks", "file", "last ingested"]


def document_rows(status: IndexStatus) -> list[list[Any]]:
    return [
        [d.title, d.doc_type, d.year or "", d.pages, d.chunks, d.source, d.ingested_at.replace("T", " ")[:19]]
        for d in status.documents
    ]


def status_message(status: IndexStatus) -> str:
    """One line above the Documents table; a warning with the fix when the corpus has changed."""
    n = len(status.documents)
    summary = f"{n} document{'' if n == 1 else 's'}, {status.chunk_count} passages indexed."
    if not status.stale:
        return summary
    changed = ", ".join(f"<code>{as_text(s)}</code>" for s in status.changed)
    return (
        f"{summary}\n\n⚠️ **The corpus has changed since the last ingest** ({changed}). "
        "Answers may miss or misquote these files: run `ic-assistant ingest` (or `make ingest`); "
        "the app switches to the new index at its next request, without a restart."
    )
