"""What the app renders from answers, passages and the index status: pure functions, no browser."""

from __future__ import annotations

import csv
import html
import io

from ic_assistant import REFUSAL, Chunk, DocumentInfo, IndexStatus, Passage
from ic_assistant.errors import PageGoneError
from ui.feedback import record_feedback
from ui.render import (
    answer_message,
    by_score,
    conversation_markdown,
    passage_in_context,
    passages_csv,
    search_results,
    source_card,
    status_message,
)

PAGE = "Intro text. Cardiff <Communities> & Housing hosts the project. Closing words."
QUOTE = "Cardiff <Communities> & Housing hosts the project."
START = PAGE.index(QUOTE)
CITATION = {"n": 1, "source": "r.pdf", "title": "Report <1>", "page": 3, "section": "Hosts", "quote": QUOTE,
            "start": START, "end": START + len(QUOTE), "chunk_id": "c1"}
ANSWER = {"question": "Who hosts it in Cardiff?", "answer": f"{QUOTE[:-1]} [1].", "refused": False,
          "citations": [CITATION], "suggestions": [], "warnings": [], "timings_ms": {}, "backend": "extractive"}
URL = "https://example.org/report?a=1&b=2"
DOCS = {"r.pdf": DocumentInfo("r.pdf", "Report <1>", "report", 2019, 14, 35, "2026-11-23T10:00:00", URL)}
LINK = '<a href="https://example.org/report?a=1&amp;b=2" target="_blank" rel="noopener">'



def page_text(source: str, page: int | None) -> str:
    assert (source, page) == ("r.pdf", 3)
    return PAGE


def test_source_card_escapes_and_highlights_the_quote_in_context() -> None:
    card = source_card(CITATION, page_text, DOCS)
    assert "<mark>Cardiff &lt;Communities&gt; &amp; Housing hosts the project.</mark>" in card
    assert "Intro text. <mark>" in card and "</mark> Closing words." in card
    assert "Report &lt;1&gt;" in card and "<Communities>" not in card
    assert "report · 2019 · page 3 · Hosts" in card


def test_refused_answer_lists_suggestions_and_warnings() -> None:
    refused = {**ANSWER, "answer": REFUSAL, "refused": True, "citations": [],
               "suggestions": ["Report, page 3"], "warnings": ["The corpus has changed"]}
    html = answer_message(refused)
    assert REFUSAL in html and "<li>Report, page 3</li>" in html and 'role="alert"' in html
    assert "ic-card" not in html


def test_conversation_markdown_keeps_citations() -> None:
    text = conversation_markdown([{"question": ANSWER["question"], "answer": ANSWER}])
    assert text.splitlines()[2] == "## Who hosts it in Cardiff?"
    assert f'[1] Report <1> (r.pdf, page 3, Hosts): "{QUOTE}"' in text


def _passage() -> Passage:
    chunk = Chunk("c1", "d1", "r.pdf", "Report <1>", "report", 2019, 3, "Hosts", START, START + len(QUOTE), QUOTE)
    return Passage(chunk, 0.05)


def test_passages_csv_round_trips() -> None:
    rows = list(csv.DictReader(io.StringIO(passages_csv([_passage()]))))
    assert rows == [{"rank": "1", "source": "r.pdf", "title": "Report <1>", "doc_type": "report", "year": "2019",
                     "page": "3", "section": "Hosts", "start": str(START), "end": str(START + len(QUOTE)),
                     "score": "0.05", "text": QUOTE}]


def test_passage_in_context_marks_the_passage() -> None:
    html = passage_in_context(_passage(), page_text)
    assert "<mark>Cardiff &lt;Communities&gt; &amp; Housing hosts the project.</mark>" in html


def test_stale_status_says_what_to_run() -> None:
    status = IndexStatus(tuple(DOCS.values()), stale=True, changed=("new.pdf",))
    assert "ic-assistant ingest" in status_message(status) and "<code>new.pdf</code>" in status_message(status)
    assert status_message(IndexStatus(tuple(DOCS.values()), stale=False)) == "1 document, 35 passages indexed."


def test_feedback_appends_whole_lines(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "fb" / "feedback.jsonl"
    turn = {"question": ANSWER["question"], "history": [], "answer": ANSWER}
    record_feedback(path, turn, liked=True)
    record_feedback(path, turn, liked=False, filters={"cities": ["Cardiff"]})
    import json

    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert [r["rating"] for r in lines] == ["up", "down"]
    assert lines[1]["filters"] == {"cities": ["Cardiff"]} and lines[0]["citations"][0]["quote"] == QUOTE


def test_source_card_shows_a_rows_headers_apart_from_the_quote() -> None:
    from ui.render import source_card

    citation = {"n": 1, "source": "r.pdf", "title": "Report", "page": 12, "section": "Recruitment",
                "quote": "Northtown | Housing", "start": 0, "end": 19, "context": "City | Department <b>"}
    card = source_card(citation)
    assert '<div class="ic-card-context">City | Department &lt;b&gt;</div>' in card
    assert "<mark>Northtown | Housing</mark>" in card


def test_source_card_links_to_the_manifest_url_in_a_new_tab() -> None:
    assert f"{LINK}Report &lt;1&gt;</a>" in source_card(CITATION, page_text, DOCS)  # the document's URL
    own = source_card({**CITATION, "url": "https://example.org/own"}, page_text, {})  # the citation's own
    assert '<a href="https://example.org/own" target="_blank" rel="noopener">' in own
    unsafe = source_card({**CITATION, "url": "javascript:alert(1)"}, page_text, {})
    assert "javascript:" not in unsafe and "<strong>Report &lt;1&gt;</strong>" in unsafe


def test_source_card_links_the_file_served_by_the_app_at_the_cited_page() -> None:
    card = source_card(CITATION, page_text, DOCS)
    assert '<a class="ic-file" href="/source/r.pdf#page=3" target="_blank" rel="noopener"' in card
    # Without a manifest URL, the title opens the file too; a name is quoted in the path, not trusted.
    bare = source_card({**CITATION, "source": "a b&c.pdf"}, None, {})
    assert '<strong><a href="/source/a%20b%26c.pdf#page=3" target="_blank" rel="noopener">Report &lt;1&gt;</a>' in bare
    text = source_card({**CITATION, "source": "notes.md", "page": None}, None, {})
    assert 'href="/source/notes.md"' in text and "#page" not in text  # only a PDF opens at a page


def test_refusal_suggestions_link_to_their_documents() -> None:
    other = DocumentInfo("o.md", "Report <1> annex", "web page", 2020, 1, 2, "2026-11-23T10:00:00")
    refused = {**ANSWER, "answer": REFUSAL, "refused": True, "citations": [],
               "suggestions": ["Report <1>, page 3", "Report <1> annex", "Unknown"]}
    html = answer_message(refused, page_text, {**DOCS, "o.md": other})
    # The page of the original file the suggestion names; the longest title that fits wins.
    assert '<li><a href="/source/r.pdf#page=3" target="_blank" rel="noopener">Report &lt;1&gt;, page 3</a></li>' in html
    assert '<li><a href="/source/o.md" target="_blank" rel="noopener">Report &lt;1&gt; annex</a></li>' in html
    assert "<li>Unknown</li>" in html  # no such document: plain


def _hit(score: float, text: str = QUOTE) -> Passage:
    chunk = Chunk("c1", "d1", "r.pdf", "Report <1>", "report", 2019, 3, "Hosts", START, START + len(QUOTE), text)
    return Passage(chunk, score)


def test_search_results_are_sorted_by_the_score_they_show() -> None:
    hits = by_score([_hit(0.2), _hit(0.9), _hit(0.5)])
    html = search_results(hits, page_text, DOCS)
    shown = [float(x.split(">", 1)[1].split("<")[0]) for x in html.split('class="ic-score"')[1:]]
    assert shown == [0.9, 0.5, 0.2]
    assert html.count('<details class="ic-hit">') == 3 and f"{LINK}Report &lt;1&gt;</a>" in html
    assert '<span class="ic-hit-text">Cardiff &lt;Communities&gt; &amp; Housing hosts the project.</span>' in html
    assert "<mark>Cardiff &lt;Communities&gt;" in html  # the passage in its page, shown when a row opens
    assert html.count('<a class="ic-file" href="/source/r.pdf#page=3"') == 6  # in each row and its context


def test_passage_context_starts_and_ends_at_whole_words() -> None:
    words = " \n".join(f"word{i}" for i in range(400))
    start = words.index("word200")
    chunk = Chunk("c1", "d1", "r.pdf", "R", "report", None, 3, "", start, start + 7, "word200")
    html = passage_in_context(Passage(chunk, 1.0), lambda source, page: words)
    inner = html.split('<div class="ic-context">')[1]
    assert inner.startswith("…word")  # no blank after the ellipsis
    before = inner.split("<mark>")[0][1:]
    assert before.split()[0] in words.split()  # a whole word, not the tail of one
    after = inner.split("</mark>")[1].split("</div>")[0]
    assert after.endswith("…") and not after[-2].isspace() and after[:-1].split()[-1] in words.split()


def _gone(source: str, page: int | None) -> str:
    raise PageGoneError(f"page {page} of {source} is no longer in the index")


def test_a_page_gone_since_the_answer_leaves_the_quote_alone() -> None:
    card = source_card(CITATION, _gone, DOCS)
    assert "<mark>Cardiff &lt;Communities&gt; &amp; Housing hosts the project.</mark></blockquote>" in card
    assert "Intro text" not in card
    assert "<mark>" in answer_message(ANSWER, _gone, DOCS)
    html = passage_in_context(_passage(), _gone)
    assert '<div class="ic-context"><mark>Cardiff &lt;Communities&gt; &amp; Housing hosts the project.</mark></div>' in html


def test_a_page_changed_since_the_answer_leaves_the_quote_alone() -> None:
    def changed(source: str, page: int | None) -> str:
        return "New text entirely. " + PAGE

    assert "Intro text" not in source_card(CITATION, changed, DOCS)
    assert "Intro text" not in passage_in_context(_passage(), changed)


def test_questions_and_file_names_are_text_not_markup() -> None:
    from ui.render import as_text, question_message

    message = question_message("Is <img src=x onerror=alert(1)> in `code` or *bold* or [a](javascript:x)?")
    assert "<" not in message and "`" not in message and "*" not in message and "[" not in message
    assert html.unescape(message) == "Is <img src=x onerror=alert(1)> in `code` or *bold* or [a](javascript:x)?"
    card = source_card({**CITATION, "source": "odd`name_.pdf"})
    assert "<code>odd&#96;name&#95;.pdf</code>" in card
    status = IndexStatus(tuple(DOCS.values()), stale=True, changed=("we`ird.md",))
    assert "<code>we&#96;ird.md</code>" in status_message(status)
    assert html.unescape(as_text("a & b ' \" # ~ \\")) == "a & b ' \" # ~ \\"
