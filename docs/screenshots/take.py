"""Take the README's screenshots at 1366x768 in headless Chromium over the real corpus.

    PYTHONPATH=. python docs/screenshots/take.py [INDEX_DIR]

Ingests `corpus/` into INDEX_DIR (default: a temporary folder), serves the app on a free
loopback port and writes ask.png, search.png and documents.png beside this file.
"""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SIZE = {"width": 1366, "height": 768}


def main() -> None:
    from playwright.sync_api import sync_playwright

    from ic_assistant import Settings, build_assistant
    from ingest.sync import sync_corpus
    from ui.app import build_app
    from ui.serve import launch

    index = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ic-shots-"))
    settings = Settings(corpus_dir=ROOT / "corpus", index_dir=index)
    sync_corpus(settings)
    assistant = build_assistant(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = launch(build_app(assistant), "127.0.0.1", port, block=False, assistant=assistant)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport=SIZE)
            page.set_default_timeout(60_000)
            page.goto(f"http://127.0.0.1:{port}/")
            box = page.get_by_label("Your question")
            box.fill("Which council department hosts the project in Cardiff?")
            box.press("Enter")
            page.locator(".ic-sources").first.wait_for()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(HERE / "ask.png"))

            page.get_by_role("tab", name="Search evidence").click()
            query = page.get_by_label("Search the documents")
            query.fill("migrant voice in strategy")
            query.press("Enter")
            page.locator("#ic-results .ic-hit").first.wait_for()
            page.evaluate("document.querySelector('#ic-query').scrollIntoView({block: 'start'})")
            page.screenshot(path=str(HERE / "search.png"))

            page.get_by_role("tab", name="Documents").click()
            page.locator("#ic-documents").get_by_text("Learning from").first.wait_for()
            page.evaluate("document.querySelector('#ic-doc-status').scrollIntoView({block: 'start'})")
            page.screenshot(path=str(HERE / "documents.png"))
            browser.close()
    finally:
        app.close()


if __name__ == "__main__":
    main()
