"""Shared fixtures: tiny corpora built inside the tests, the real corpus, one embedder per session.

Everything here is offline. PDFs are generated with fpdf2, the index is a real embedded Chroma
in a temporary folder, and the embedding model is the bundled one, loaded once per session.
"""

from __future__ import annotations

import csv
import ipaddress
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ic_assistant.config import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = REPO_ROOT / "corpus"
REAL_PDF = "learning-from-inclusive-cities-phase-1.pdf"
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


# --- environment ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No IC_* setting from the developer's shell leaks into a test."""
    for key in list(os.environ):
        if key.startswith("IC_"):
            monkeypatch.delenv(key)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Safety net: whatever loads the model or ingests the real corpus is slow, marked or not.
    for item in items:
        if {"embedder", "real_index"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def make_settings(corpus: Path, index: Path, **changes: object) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=index, **changes)


# --- network guard -------------------------------------------------------------------------


def _is_loopback(host: object) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@dataclass
class NetworkGuard:
    """Refuses (and records) every connection or name lookup beyond loopback."""

    attempts: list[object] = field(default_factory=list)

    def install(self, mp: pytest.MonkeyPatch) -> NetworkGuard:
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        real_getaddrinfo = socket.getaddrinfo

        def allowed(sock: socket.socket, address: object) -> bool:
            if sock.family == getattr(socket, "AF_UNIX", object()):
                return True
            return _is_loopback(address[0] if isinstance(address, tuple) else address)

        def connect(sock: socket.socket, address: object) -> None:
            if not allowed(sock, address):
                self.attempts.append(address)
                raise OSError(f"network blocked by the test suite: {address!r}")
            return real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: object) -> int:
            if not allowed(sock, address):
                self.attempts.append(address)
                raise OSError(f"network blocked by the test suite: {address!r}")
            return real_connect_ex(sock, address)

        def getaddrinfo(host: object, *args: object, **kwargs: object):  # noqa: ANN202
            if not _is_loopback(host):
                self.attempts.append(host)
                raise socket.gaierror(f"name lookup blocked by the test suite: {host!r}")
            return real_getaddrinfo(host, *args, **kwargs)

        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", connect_ex)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)
        return self


@pytest.fixture
def network_guard(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    return NetworkGuard().install(monkeypatch)


# --- the command line ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def cli_app():  # noqa: ANN201 - typer.Typer
    """The `ic-assistant` app with every command registered (the plugins too), as the CLI has it."""
    from ic_assistant import check_command, cli, commands  # noqa: F401 - registers ask, search, show, batch, check

    if not any((c.name or c.callback.__name__) == "ingest" for c in cli.app.registered_commands):
        cli._register_plugins()
    return cli.app


# --- the embedding model, once per session -------------------------------------------------


@dataclass
class EmbedderLoad:
    embedder: object
    network_attempts: list[object]
    hf_hub_offline: str | None
    loaded_here: bool  # False when another test had already loaded the shared model


@pytest.fixture(scope="session")
def embedder_load() -> EmbedderLoad:
    from ic_assistant.config import EmbeddingSettings
    from ic_assistant.embeddings import shared_embedder

    loaded_here = shared_embedder.cache_info().currsize == 0
    with pytest.MonkeyPatch.context() as mp:
        guard = NetworkGuard().install(mp)
        embedder = shared_embedder(EmbeddingSettings())
    return EmbedderLoad(embedder, list(guard.attempts), os.environ.get("HF_HUB_OFFLINE"), loaded_here)


@pytest.fixture(scope="session")
def embedder(embedder_load: EmbedderLoad):  # noqa: ANN201 - ic_assistant.embeddings.Embedder
    return embedder_load.embedder


# --- the real corpus, ingested once --------------------------------------------------------


@dataclass
class RealIndex:
    settings: Settings
    report: object  # ingest.sync.IngestReport of the first (full) run


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> RealIndex:  # noqa: ANN001
    from ingest.sync import sync_corpus

    settings = make_settings(REAL_CORPUS, tmp_path_factory.mktemp("real") / "index")
    report = sync_corpus(settings, embedder=embedder)
    return RealIndex(settings, report)


@pytest.fixture(scope="session")
def real_manifest() -> dict[str, dict[str, str]]:
    """manifest.csv read with the csv module, independently of ingest.manifest."""
    with (REAL_CORPUS / "manifest.csv").open(newline="", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


# --- file builders -------------------------------------------------------------------------


def write_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    page_numbers: bool = True,
    unicode_font: Path | None = None,
    user_password: str | None = None,
    as_lines: bool = False,
) -> Path:
    """A PDF whose page i holds the strings of pages[i]; the first one is set bold as a heading.

    Strings are wrapped paragraphs (or exact lines with `as_lines`); a footer "Page N" is added
    unless `page_numbers` is False.
    """
    from fpdf import FPDF

    class _PDF(FPDF):
        def footer(self) -> None:
            if page_numbers:
                self.set_y(-15)
                self.set_font("Helvetica", size=9)
                self.cell(0, 10, f"Page {self.page_no()}", align="C")

    pdf = _PDF()
    family = "Helvetica"
    if unicode_font is not None:
        pdf.add_font("Body", "", str(unicode_font))
        pdf.add_font("Body", "B", str(unicode_font))
        family = "Body"
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    for blocks in pages:
        pdf.add_page()
        for i, text in enumerate(blocks):
            pdf.set_font(family, "B" if i == 0 and not as_lines else "", 14 if i == 0 and not as_lines else 11)
            if as_lines:
                pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_blank_pdf(path: Path, pages: int = 2) -> Path:
    """Pages with a drawing on them but no text at all (what a scan looks like without OCR)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path


def write_corrupt_pdf(path: Path, good_pdf: Path | None = None) -> Path:
    """A truncated copy of a real PDF, or garbage bytes behind a PDF header."""
    if good_pdf is not None:
        data = good_pdf.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    return path


@pytest.fixture
def pdf_factory() -> Callable[..., Path]:
    return write_pdf


# Text of the small corpus. Markers that must never reach the index are in capitals.
PDF_PAGES = [
    [
        "Introduction",
        "The programme began with a meeting of council officers and community partners. "
        "Partners agreed the aims of the work and a shared timetable for the first year. "
        "Each participating city wrote a local action plan with clear priorities.",
    ],
    [
        "The Cardiff pilot",
        "The Cardiff pilot tested a welcome service for new arrivals in the city centre. "
        "It ran for six months and reached more than four hundred families. "
        "Staff from Newry worked with the pilot team on English language classes.",
    ],
    [
        "Next steps",
        "The final report will be published next spring with lessons for other cities. "
        "A second phase will bring in new partners from the voluntary sector.",
    ],
]
PDF_TITLE = "Welcoming Cities Pilot Report"

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Welcome Guide for New Arrivals</title>
  <style>.banner { color: red; } /* STYLEMARKER */</style>
  <script>var tracker = "SCRIPTMARKER"; sendAnalytics(tracker);</script>
</head>
<body>
  <header><p>HEADERMARKER site banner</p></header>
  <nav><ul><li><a href="/">NAVMARKER Home</a></li><li><a href="/about">About us</a></li></ul></nav>
  <main>
    <h1>Welcome guide</h1>
    <p>This guide explains the services that the council offers to people who have recently
       arrived in Bristol. It covers housing, schools, health care and local community groups.
       Each section below names the team to contact, the days it is open and what to bring along.</p>
    <h2>Housing support</h2>
    <p>New arrivals can ask the housing team for advice on renting a home in the city.
       The team explains tenancy rights, deposits and how to report repairs to a landlord.
       Advice sessions run every Tuesday morning at the central library, and no appointment is needed.</p>
    <h2>Learning English</h2>
    <p>Free English classes are offered at three community centres across Bristol.
       Classes are grouped by level, and a crèche is available during morning sessions.
       Learners can join at any point during the school term.</p>
  </main>
  <footer><p>FOOTERMARKER Copyright City Council</p></footer>
  <script>console.log("SCRIPTMARKER again");</script>
</body>
</html>
"""
HTML_BOILERPLATE = ("STYLEMARKER", "SCRIPTMARKER", "HEADERMARKER", "NAVMARKER", "FOOTERMARKER", "sendAnalytics")

MARKDOWN_PAGE = """# Birmingham Action Plan

Birmingham agreed an action plan with its partners in the spring. The plan sets out how
the city will welcome newcomers and build trust between communities. It was approved by the
full council after a public consultation that ran for twelve weeks over the winter.

## Priorities

The first priority is a single front door for advice. The second priority is a network of
volunteer mentors. The third priority is better data on who lives in the city and what they need.
Each priority has a named lead officer and a budget for the next three years.

## Partners

The plan was written with the Sheffield and Coventry teams, who shared their own experience of
running similar programmes over the last two years.
"""

MANIFEST_HEADER = "file,title,doc_type,publisher,year,url,authors\n"


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Three short documents (a 3-page PDF, an HTML page, a Markdown page), a manifest and the
    project's programme file (its cities tag chunks).

    Only the Markdown page is listed in the manifest; the other two get their metadata from
    the file itself.
    """
    return write_small_corpus(tmp_path / "corpus")


def write_small_corpus(corpus: Path, url: str = "") -> Path:
    """The `small_corpus` documents in `corpus` (for module-scoped fixtures); `url` goes into the
    Markdown page's manifest row."""
    corpus.mkdir(parents=True)
    write_pdf(corpus / "pilot-report-2021.pdf", PDF_PAGES, title=PDF_TITLE, author="A. Tester")
    (corpus / "welcome-guide.html").write_text(HTML_PAGE, encoding="utf-8")
    (corpus / "action-plan.md").write_text(MARKDOWN_PAGE, encoding="utf-8")
    (corpus / "manifest.csv").write_text(
        MANIFEST_HEADER
        + f"action-plan.md,Birmingham Action Plan (manifest title),action plan,Test Council,2022,{url},\n",
        encoding="utf-8",
    )
    shutil.copy(REAL_CORPUS / "programme.toml", corpus / "programme.toml")
    return corpus


def assert_offsets(parsed) -> None:  # noqa: ANN001 - ingest.blocks.ParsedFile
    """Every page has blocks, each block's offsets slice its text out of the page text, and the
    page text is the blocks joined by blank lines."""
    for page in parsed.pages:
        assert page.blocks
        for block in page.blocks:
            assert page.text[block.start : block.end] == block.text
        assert page.text == "\n\n".join(b.text for b in page.blocks)


def build_small_index(root: Path, embedder, url: str = "") -> Settings:  # noqa: ANN001
    """The `small_corpus` documents written under `root` and ingested (for module-scoped fixtures)."""
    from ingest.sync import sync_corpus

    settings = make_settings(write_small_corpus(root / "corpus", url=url), root / "index")
    assert sync_corpus(settings, embedder=embedder).ok
    return settings


def run_cli(app, *args: str):  # noqa: ANN001, ANN201 - typer.Typer -> click.testing.Result
    """One CLI call in-process; an exception is a test failure, not an exit code."""
    from typer.testing import CliRunner

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def truncate(path: Path) -> None:
    """Cut a file in half, as a crash in the middle of a write would leave it."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.fixture
def small_settings(small_corpus: Path, tmp_path: Path) -> Settings:
    return make_settings(small_corpus, tmp_path / "index")
