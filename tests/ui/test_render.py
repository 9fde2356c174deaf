"""What the app renders from answers, passages and the index status: pure functions, no browser."""

from __future__ import annotations

import csv
import io

from ic_assistant import REFUSAL, Chunk, DocumentInfo, IndexStatus, Passage
from ic_assistant.errors import PageGoneError
from ui.feedback import record_feedback
from ui.render import (
    answer_message,
    conversation_markdown,
    passage_in_context,
    passages_csv,
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
DOCS = {"r.pdf": DocumentInfo("r.pdf", "Report <1>", "report", 2019, 14, 35, "2026-11-23T10:00:00")}


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
    assert "ic-assistant ingest" in status_message(status) and "`new.pdf`" in status_message(status)
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
