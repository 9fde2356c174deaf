"""Adding a document from the browser makes it answerable; deleting it takes it out of the index
and the corpus. On its own app over a copy of the small corpus (the real corpus is never changed)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from ic_assistant import Settings

from ..conftest import make_settings, write_small_corpus
from .conftest import free_port, screenshot
from .test_browser import ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTE = (
    "# Harbour pilot\n\nThe harbour pilot in Seaport trained forty volunteer interpreters in 2024.\n\n"
    "Each interpreter worked two shifts a week at the port's welcome desk.\n"
)
QUESTION = "How many volunteer interpreters did the harbour pilot train?"


@pytest.fixture(scope="module")
def small_app(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[tuple[str, Settings]]:  # noqa: ANN001
    from ic_assistant import build_assistant
    from ingest.sync import sync_corpus
    from ui.app import build_app
    from ui.serve import launch

    root = tmp_path_factory.mktemp("manage")
    settings = make_settings(write_small_corpus(root / "corpus"), root / "index")
    assert sync_corpus(settings, embedder=embedder).ok
    assistant = build_assistant(settings, embedder=embedder)
    port = free_port()
    app = launch(build_app(assistant), "127.0.0.1", port, block=False, assistant=assistant)
    try:
        yield f"http://127.0.0.1:{port}/", settings
    finally:
        app.close()


def test_upload_makes_a_document_answerable_and_delete_removes_it(
    browser, small_app: tuple[str, Settings], tmp_path: Path,  # noqa: ANN001
) -> None:
    url, settings = small_app
    note = tmp_path / "Harbour pilot.md"
    note.write_text(NOTE, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_label("Your question").wait_for()

    ask(page, QUESTION)  # not in the corpus yet: refused, or answered from another document
    assert "forty" not in page.locator("#ic-chat").inner_text()

    page.get_by_role("tab", name="Documents").click()
    page.locator("#ic-upload input[type=file]").set_input_files(str(note))
    page.get_by_label("Title (optional)").fill("Harbour pilot note")
    page.get_by_label("Year (optional)").fill("2024")
    page.locator("#ic-add").click()
    page.locator("#ic-manage-result").get_by_text("Added Harbour-pilot.md").wait_for()
    assert "Harbour pilot note" in page.locator("#ic-documents").inner_text()
    assert "4 documents" in page.locator("#ic-doc-status").inner_text()
    with (settings.corpus_dir / "manifest.csv").open(newline="", encoding="utf-8") as f:
        row = {r["file"]: r for r in csv.DictReader(f)}["Harbour-pilot.md"]
    assert (row["title"], row["year"]) == ("Harbour pilot note", "2024")
    screenshot(page, "documents-added")

    page.get_by_role("tab", name="Ask").click()
    ask(page, QUESTION)
    card = page.locator(".ic-sources").last.locator(".ic-card").first
    assert "Harbour pilot note" in card.inner_text() and "forty" in card.locator("mark").inner_text()
    assert card.locator("a.ic-file").get_attribute("href") == "/source/Harbour-pilot.md"

    page.get_by_role("tab", name="Documents").click()
    page.locator("#ic-delete-doc input").click()
    page.get_by_role("option", name="Harbour pilot note (Harbour-pilot.md)").click()
    page.once("dialog", lambda dialog: dialog.accept())  # "Delete ... ?"
    page.locator("#ic-delete").click()
    page.locator("#ic-manage-result").get_by_text("Deleted Harbour-pilot.md").wait_for()
    assert "Harbour pilot note" not in page.locator("#ic-documents").inner_text()
    assert not (settings.corpus_dir / "Harbour-pilot.md").exists()
    assert page.request.get(f"{url}source/Harbour-pilot.md").status == 404

    page.get_by_role("tab", name="Ask").click()
    ask(page, QUESTION)
    last = page.locator(".ic-sources, .ic-suggest").last.inner_text()
    assert "forty" not in last and "Harbour" not in last
    context.close()


def add_file(browser, url: str, path: Path):  # noqa: ANN001, ANN201 - playwright Browser and Page
    """A new page of the app with `path` added from its Documents tab (no title, type or year)."""
    page = browser.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_role("tab", name="Documents").click()
    page.locator("#ic-upload input[type=file]").set_input_files(str(path))
    page.locator("#ic-add").click()
    return page


def test_a_file_whose_content_is_not_its_type_is_refused(browser, small_app: tuple[str, Settings],  # noqa: ANN001
                                                         tmp_path: Path) -> None:
    url, settings = small_app
    fake = tmp_path / "report.pdf"
    fake.write_text("this is not a PDF", encoding="utf-8")
    page = add_file(browser, url, fake)
    page.get_by_text("named .pdf but its content is text").first.wait_for()
    assert not (settings.corpus_dir / "report.pdf").exists()
    page.close()


def test_an_app_server_of_a_chroma_server_index_without_a_corpus_may_not_change_documents(tmp_path: Path) -> None:
    from ui.access import manage_refusal

    # An ingest from an empty corpus folder would empty the index every app server shares.
    settings = make_settings(tmp_path / "no-corpus", tmp_path / "index", chroma_url="http://127.0.0.1:8000")
    assert "no corpus folder" in manage_refusal(settings)
    assert manage_refusal(settings.with_overrides(corpus_dir=tmp_path)) == ""


def test_a_word_document_uploaded_is_answered_from_and_served_as_itself(
    browser, small_app: tuple[str, Settings], tmp_path: Path,  # noqa: ANN001
) -> None:
    """Officers keep their plans as Word files: one added from the Documents tab is answered from,
    its card cites it, and its file link serves the .docx with its media type."""
    from ..ingest.test_docx import write_plan

    url, _ = small_app
    plan = write_plan(tmp_path / "Welcoming plan.docx")
    page = add_file(browser, url, plan)
    page.locator("#ic-manage-result").get_by_text("Added Welcoming-plan.docx").wait_for()
    assert "Seaport Welcoming Plan 2025" in page.locator("#ic-documents").inner_text()  # the file's own title

    page.get_by_role("tab", name="Ask").click()
    ask(page, "How often does the newcomers' forum meet?")
    cards = page.locator(".ic-sources").last.locator(".ic-card")
    assert "Seaport Welcoming Plan 2025" in cards.first.inner_text()
    assert "Word document" in cards.first.inner_text()  # its type, when the manifest gives none
    assert any("every quarter" in cards.nth(i).locator("mark").inner_text() for i in range(cards.count()))
    served = page.request.get(f"{url}source/Welcoming-plan.docx")
    assert served.status == 200 and served.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert served.body() == plan.read_bytes()
    page.close()
