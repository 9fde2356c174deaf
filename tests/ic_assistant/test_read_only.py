"""An index folder shipped read-only (`chmod -R a-w`, as a CI artefact): `ask`, `search`, `check`
and the web app answer from it and write nothing into it.

Root ignores permission bits, so the test proves "nothing written" by comparing every file's
size, modification time and bytes before and after, which holds whoever runs it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ic_assistant import Settings

QUESTION = "Which council department hosts the project in Cardiff?"
SOURCE = "learning-from-inclusive-cities-phase-1.pdf"


def _snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(root.rglob("*")) if p.is_file()
    } | {p.relative_to(root).as_posix() + "/": (0, 0, "") for p in root.rglob("*") if p.is_dir()}


def _chmod_tree(root: Path, writable: bool) -> None:
    for folder, dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            mode = path.stat().st_mode
            path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    for folder, _, _ in os.walk(root):
        mode = Path(folder).stat().st_mode
        Path(folder).chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory, real_index) -> Iterator[Settings]:  # noqa: ANN001
    """A copy of the real corpus's index made read-only for everyone (chmod -R a-w). The real
    one, not a tiny one: Chroma rewrites its vector segment files on open once it has them."""
    index = tmp_path_factory.mktemp("shipped") / "index"
    shutil.copytree(real_index.settings.index_dir, index)
    assert list((index / "chroma").glob("*/header.bin")), "no persisted vector segment to protect"
    settings = real_index.settings.with_overrides(index_dir=index)
    _chmod_tree(settings.index_dir, writable=False)
    yield settings
    _chmod_tree(settings.index_dir, writable=True)


@pytest.fixture
def unchanged(shipped: Settings) -> Iterator[None]:
    before = _snapshot(shipped.index_dir)
    yield
    assert _snapshot(shipped.index_dir) == before, "the read-only index folder was written"


def test_the_api_answers_from_a_read_only_index(shipped: Settings, unchanged: None, embedder) -> None:  # noqa: ANN001
    from ic_assistant import build_assistant
    from ic_assistant.integrity import check_index

    assistant = build_assistant(shipped, embedder=embedder)
    answer = assistant.ask(QUESTION)
    assert not answer.refused and answer.citations[0].source == SOURCE
    assert assistant.search("action planning", k=3)
    assert check_index(shipped) == []


def test_the_cli_answers_from_a_read_only_index(shipped: Settings, unchanged: None, cli_app: typer.Typer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC_CORPUS_DIR", str(shipped.corpus_dir))
    monkeypatch.setenv("IC_INDEX_DIR", str(shipped.index_dir))
    runner = CliRunner()
    asked = runner.invoke(cli_app, ["ask", QUESTION, "--json"], catch_exceptions=False)
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["citations"]
    found = runner.invoke(cli_app, ["search", "action planning", "--json", "--k", "2"], catch_exceptions=False)
    assert found.exit_code == 0 and len(json.loads(found.stdout)) == 2
    checked = runner.invoke(cli_app, ["check"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    refused = runner.invoke(cli_app, ["ingest"], catch_exceptions=False)
    assert refused.exit_code == 2 and "read-only" in refused.stderr


def test_the_web_app_serves_a_read_only_index(shipped: Settings, unchanged: None, embedder) -> None:  # noqa: ANN001
    from gradio_client import Client

    from ic_assistant import build_assistant
    from ui.app import build_app
    from ui.serve import launch

    from tests.ui.conftest import free_port

    port = free_port()
    app = launch(build_app(build_assistant(shipped, embedder=embedder)), "127.0.0.1", port, block=False)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        data = client.predict(question=QUESTION, api_name="/ask")
        assert not data["refused"] and data["citations"][0]["source"] == SOURCE
        assert len(client.predict(query="action planning", k=2, api_name="/search")) == 2
    finally:
        app.close()


def test_a_writable_index_is_opened_in_place(tmp_path: Path) -> None:
    from ic_assistant.readonly import chroma_is_read_only, is_read_only

    folder = tmp_path / "chroma"
    folder.mkdir()
    (folder / "chroma.sqlite3").write_bytes(b"")
    assert not chroma_is_read_only(folder)
    (folder / "chroma.sqlite3").chmod(0o444)
    assert chroma_is_read_only(folder) and not is_read_only(folder)
    shutil.rmtree(folder)
