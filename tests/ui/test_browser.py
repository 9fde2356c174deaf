"""The web app in headless Chromium over the real corpus: what a city officer and a researcher see."""

from __future__ import annotations

import csv
import json
import re

import pytest

from ic_assistant import REFUSAL

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF_TITLE = "Learning from the Inclusive Cities programme: Phase 1"


def ask(page, question: str) -> None:  # noqa: ANN001
    """Type a question and wait until its answer (one more assistant message) is shown."""
    before = page.locator(".ic-sources, .ic-suggest").count()
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.ic-sources, .ic-suggest').length > n", arg=before
    )


def test_answer_with_source_cards_then_follow_up(page, real_manifest, app_url: str) -> None:  # noqa: ANN001
    ask(page, "Which council department hosts the project in Cardiff?")
    card = page.locator(".ic-sources").last.locator(".ic-card").first
    assert PDF_TITLE in card.inner_text()
    assert "page 12" in card.inner_text() and "report · 2019" in card.inner_text()
    assert "Communities" in card.locator("mark").inner_text()  # the cited words, highlighted
    link = card.locator(".ic-card-title a")  # the manifest's URL for the report, in a new tab
    assert link.get_attribute("href") == real_manifest["learning-from-inclusive-cities-phase-1.pdf"]["url"]
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel").split()
    assert "[1]" in page.locator("#ic-chat").inner_text()
    screenshot(page, "ask")

    # The file name opens the original PDF, served by the app, at the cited page.
    pdf = card.locator("a.ic-file")
    assert pdf.get_attribute("href") == "/source/learning-from-inclusive-cities-phase-1.pdf#page=12"
    with page.context.expect_page() as opened:
        pdf.click()
    assert opened.value.url == f"{app_url}source/learning-from-inclusive-cities-phase-1.pdf#page=12"
    opened.value.close()
    response = page.request.get(f"{app_url}source/learning-from-inclusive-cities-phase-1.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    ask(page, "And in Liverpool?")  # a follow-up: the city alone, resolved from the conversation
    quotes = page.locator(".ic-sources").last.locator("mark").all_inner_texts()
    assert any("Liverpool" in q for q in quotes)
    assert page.outside_requests == []


def test_two_questions_in_one_message_get_a_paragraph_each(page) -> None:  # noqa: ANN001
    """Each question of the message opens its own paragraph of the answer, on a line of its own;
    the source cards are numbered across the whole answer."""
    ask(page, "Which council department hosts the project in Cardiff? And in Liverpool?")
    text = page.locator("#ic-chat").inner_text()
    assert re.search(r"(?:^|\n)Which council department hosts the project in Cardiff\?\n+\S", text)
    assert re.search(r"\nAnd in Liverpool\?\n+\S", text)  # the user's message has it after a space
    quotes = page.locator(".ic-sources").last.locator("mark").all_inner_texts()
    assert any("Communities" in q for q in quotes) and any("Liverpool" in q for q in quotes)
    assert "[2]" in text


def test_markup_in_a_question_is_shown_as_text(page) -> None:  # noqa: ANN001
    question = "Which <b>council</b> department hosts the `project` in *Cardiff*?"
    ask(page, question)
    chat = page.locator("#ic-chat")
    assert question in chat.inner_text()  # every character as typed
    assert chat.locator("b, code, em").filter(has_text="council").count() == 0
    assert chat.locator("code, em").filter(has_text="project").count() == 0
    assert chat.locator("em").filter(has_text="Cardiff").count() == 0


def test_refusal_lists_nearest_documents(page, real_manifest) -> None:  # noqa: ANN001
    ask(page, "What is the unemployment rate in Bristol?")
    assert REFUSAL in page.locator("#ic-chat").inner_text()
    suggestions = page.locator(".ic-suggest li").all_inner_texts()
    assert suggestions and all(s.strip() for s in suggestions)
    links = page.locator(".ic-suggest li a")  # each opens its document's file at the page named
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == len(suggestions)
    assert all(h.split("#")[0].removeprefix("/source/") in real_manifest for h in hrefs), hrefs
    assert any(h.endswith(".pdf#page=" + s.rsplit(" ", 1)[-1]) for h, s in zip(hrefs, suggestions) if ", page " in s)
    screenshot(page, "refusal")


def test_example_click_answers_it(page) -> None:  # noqa: ANN001
    # The examples come from corpus/programme.toml.
    page.get_by_role("button", name="Which council department hosts the project in Cardiff?").click()
    page.locator(".ic-sources, .ic-suggest").first.wait_for()
    assert "Cardiff | Communities" in page.locator("#ic-chat").inner_text()


def test_rating_and_markdown_download(page, ui_settings) -> None:  # noqa: ANN001
    ask(page, "What is the Inclusive Cities Framework?")
    page.locator("#ic-chat button[aria-label='Like']").last.click()
    page.get_by_text("your rating was saved").wait_for()
    record = json.loads(ui_settings.ui.feedback_path.read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "up" and record["question"] == "What is the Inclusive Cities Framework?"
    assert all(c["quote"] for c in record["citations"])

    with page.expect_download() as download:
        page.locator("#ic-download-chat").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "## What is the Inclusive Cities Framework?" in text and "[1] " in text


def test_empty_question_shows_what_to_do(page) -> None:  # noqa: ANN001
    page.get_by_label("Your question").press("Enter")
    page.get_by_text("the question is empty").first.wait_for()


def test_search_rows_compact_linked_sorted_with_context_and_csv(page, real_manifest) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("tab", name="Search evidence").click()
    box = page.get_by_label("Search the documents")
    box.fill("migrant voice in strategy")
    box.press("Enter")
    page.get_by_text("20 passages").wait_for()
    rows = page.locator("#ic-results .ic-hit")
    assert rows.count() == 20
    screenshot(page, "search", full_page=False)  # the query, the filters and the first rows
    page.evaluate("document.querySelector('#ic-results .ic-hit').scrollIntoView({block: 'start'})")
    in_view = page.evaluate(
        "[...document.querySelectorAll('#ic-results .ic-hit')].filter(r => {"
        " const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight; }).length"
    )
    assert in_view >= 8, in_view
    scores = [float(x) for x in page.locator("#ic-results .ic-score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    # The title opens the manifest's URL, or the served file for a document without one.
    hrefs = {a.get_attribute("href") for a in page.locator("#ic-results .ic-hit-head strong a").all()}
    assert hrefs and {h for h in hrefs if not h.startswith("/source/")} <= {r["url"] for r in real_manifest.values()}
    files = [a.get_attribute("href") for a in page.locator("#ic-results .ic-hit-head a.ic-file").all()]
    assert len(files) == 20 and all(f.startswith("/source/") for f in files)
    assert any(f.startswith("/source/learning-from-inclusive-cities-phase-1.pdf#page=") for f in files)

    rows.first.locator(".ic-hit-text").click()  # opens the row: the passage in its page
    context = rows.first.locator(".ic-context")
    context.locator("mark").wait_for()
    screenshot(page, "search-context")

    with page.expect_download() as download:
        page.locator("#ic-csv").click()
    with open(download.value.path(), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 20
    assert [r["rank"] for r in rows] == [str(i) for i in range(1, 21)]
    assert {r["source"] for r in rows} <= {
        "learning-from-inclusive-cities-phase-1.pdf", "inclusive-cities-programme-page.md",
        "inclusive-cities-project-page-archived.html", "ec-inclusive-cities-framework.html",
        "local-inclusion-and-devolution-overview.md",
    }


def test_documents_tab_lists_the_corpus(page, real_manifest) -> None:  # noqa: ANN001
    page.get_by_role("tab", name="Documents").click()
    table = page.locator("#ic-documents")
    table.get_by_text(PDF_TITLE).wait_for()
    text = table.inner_text()
    for row in real_manifest.values():
        assert row["title"] in text
    status = page.locator("#ic-doc-status").inner_text()
    assert re.search(r"\b5 documents, \d{2,} passages indexed\.", status), status
    screenshot(page, "documents")


def test_scope_placeholders_and_buttons_that_look_like_buttons(page) -> None:  # noqa: ANN001
    expected = {"city": "All cities", "document": "All documents", "type": "All types", "year-from": "Any year"}
    for key, text in expected.items():
        page.wait_for_function("([id, t]) => document.querySelector(id + ' input')?.placeholder === t",
                               arg=[f"#ask-{key}", text])
    page.get_by_role("tab", name="Search evidence").click()
    page.wait_for_function("() => document.querySelector('#search-city input')?.placeholder === 'All cities'")
    for box in ("#ic-question", "#ic-query"):
        background = page.evaluate(f"getComputedStyle(document.querySelector('{box} .submit-button')).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), (box, background)
    assert page.locator("#ic-chat label, #ic-chat [data-testid=block-label]").count() == 0  # no label over a message


def test_controls_are_labelled_and_phone_width_fits(page) -> None:  # noqa: ANN001
    for label in ("Your question", "City", "Document", "Document type", "From year", "To year"):
        # The page is ready once the question box is; the scope's dropdowns may render a moment
        # later (a fresh clone's first run once counted no "City" yet): wait for each, up to the timeout.
        page.get_by_label(label).first.wait_for(state="attached")
        assert page.get_by_label(label).count() >= 1, label
    page.set_viewport_size({"width": 390, "height": 844})
    ask(page, "Who funded Inclusive Cities?")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "phone")


# Boxes of what floats over the chat (its label, if any, and its clear and copy-all buttons) that
# cross a message's visible part, with the chat scrolled from top to bottom.
OVERLAPS = """async () => {
  const chat = document.querySelector('#ic-chat');
  const scroller = chat.querySelector('.bubble-wrap');
  const shown = e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
                       return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  const cross = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const hits = [];
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    scroller.scrollTop = f * (scroller.scrollHeight - scroller.clientHeight);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const view = scroller.getBoundingClientRect();
    const floating = [...chat.querySelectorAll('label, [data-testid=block-label], .top-panel')].filter(shown);
    for (const m of chat.querySelectorAll('.message')) {
      const r = m.getBoundingClientRect();
      const part = {left: r.left, right: r.right, top: Math.max(r.top, view.top), bottom: Math.min(r.bottom, view.bottom)};
      if (part.top >= part.bottom) continue;
      for (const o of floating) if (cross(o.getBoundingClientRect(), part)) hits.push([f, o.className, m.innerText.slice(0, 40)]);
    }
  }
  return {scrollable: scroller.scrollHeight > scroller.clientHeight, hits};
}"""


def test_nothing_floats_over_a_message(page) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 1366, "height": 768})
    ask(page, "Which council department hosts the project in Cardiff?")
    ask(page, "What is the Inclusive Cities Framework?")
    result = page.evaluate(OVERLAPS)
    assert result["scrollable"]  # the messages are taller than the chat, so they pass under its top
    assert result["hits"] == []
