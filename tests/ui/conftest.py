"""The web app on a free loopback port over the real corpus, and headless Debian Chromium."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ui_settings(real_index, tmp_path_factory):  # noqa: ANN001, ANN201
    feedback = tmp_path_factory.mktemp("feedback") / "feedback.jsonl"
    settings = real_index.settings
    return settings.with_overrides(ui=settings.ui.model_copy(update={"feedback_path": feedback}))


@pytest.fixture(scope="session")
def app_url(ui_settings, embedder) -> Iterator[str]:  # noqa: ANN001
    from ic_assistant import build_assistant
    from ui.app import build_app
    from ui.serve import launch

    port = free_port()
    assistant = build_assistant(ui_settings, embedder=embedder)
    app = launch(build_app(assistant), "127.0.0.1", port, block=False, assistant=assistant)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (`make browser` installs it; it needs apt and root or sudo)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url: str):  # noqa: ANN001, ANN201
    """A fresh page on the app, 1280x800; records any request that leaves loopback."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.outside_requests = []
    page.on("request", lambda r: page.outside_requests.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.set_default_timeout(30_000)
    page.goto(app_url)
    page.get_by_label("Your question").wait_for()
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:  # noqa: ANN001
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
