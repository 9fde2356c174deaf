"""`ic-assistant ingest`: JSON summary, exit codes, human output, settings from flags and environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from ic_assistant.embeddings import Embedder

from tests.conftest import PDF_PAGES, write_corrupt_pdf, write_pdf

SUMMARY_KEYS = {"added", "updated", "removed", "unchanged", "chunks", "errors", "seconds"}


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    from ic_assistant import cli

    if not any((c.name or c.callback.__name__) == "ingest" for c in cli.app.registered_commands):
        cli._register_plugins()  # what `ic-assistant` does at start-up: ingest lives in the ingest package
    return cli.app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "500")  # rich reads it per print: no wrapping inside paths
    return CliRunner()


def ingest(runner: CliRunner, app: typer.Typer, *args: str) -> Result:
    return runner.invoke(app, ["ingest", *args], catch_exceptions=False)


def flat(text: str) -> str:
    """Rich wraps long lines at the terminal width; compare with whitespace collapsed."""
    return " ".join(text.split())


@pytest.mark.slow
def test_json_summary_and_exit_0(
    runner: CliRunner, app: typer.Typer, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    index = tmp_path / "index"
    result = ingest(runner, app, "--corpus", str(small_corpus), "--index", str(index), "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert SUMMARY_KEYS <= set(summary)
    assert summary["added"] == ["action-plan.md", "pilot-report-2021.pdf", "welcome-guide.html"]
    assert summary["errors"] == {} and summary["chunks"] == summary["embedded"] > 0
    assert isinstance(summary["seconds"], float)
    assert (index / "state.json").exists()

    again = json.loads(ingest(runner, app, "--corpus", str(small_corpus), "--index", str(index), "--json").stdout)
    assert again["unchanged"] == summary["added"] and again["embedded"] == 0 and again["chunks"] == summary["chunks"]

    rebuilt = ingest(runner, app, "--corpus", str(small_corpus), "--index", str(index), "--json", "--rebuild")
    assert rebuilt.exit_code == 0
    assert json.loads(rebuilt.stdout)["embedded"] == summary["chunks"]


@pytest.mark.slow
def test_failed_files_give_exit_1_and_each_is_named_with_its_reason(
    runner: CliRunner, app: typer.Typer, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    write_corrupt_pdf(small_corpus / "broken.pdf")
    write_pdf(small_corpus / "locked.pdf", PDF_PAGES, user_password="secret")
    (small_corpus / "empty.pdf").write_bytes(b"")
    (small_corpus / "notes.txt").write_bytes("Caf\xe9 culture in Cardiff.\n".encode("latin-1"))
    (small_corpus / "slides.xyz").write_text("not a format we read", encoding="utf-8")

    result = ingest(runner, app, "--corpus", str(small_corpus), "--index", str(tmp_path / "index"), "--json")

    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    reasons = summary["errors"]
    assert sorted(reasons) == ["broken.pdf", "empty.pdf", "locked.pdf", "notes.txt"]
    assert "corrupt" in reasons["broken.pdf"]
    assert "encrypted" in reasons["locked.pdf"]
    assert "empty" in reasons["empty.pdf"]
    assert "UTF-8" in reasons["notes.txt"]
    assert summary["skipped"] == {"slides.xyz": "unknown file type"}
    assert summary["added"] == ["action-plan.md", "pilot-report-2021.pdf", "welcome-guide.html"]
    assert summary["chunks"] > 0


@pytest.mark.slow
def test_human_output_is_a_table_with_failures_on_stderr(
    runner: CliRunner, app: typer.Typer, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    write_corrupt_pdf(small_corpus / "broken.pdf")
    (small_corpus / "slides.xyz").write_text("not a format we read", encoding="utf-8")

    result = ingest(runner, app, "--corpus", str(small_corpus), "--index", str(tmp_path / "index"))

    assert result.exit_code == 1
    assert "chunks in index" in result.stdout and "added" in result.stdout
    assert "failed broken.pdf: corrupt" in flat(result.stderr)
    assert "skipped slides.xyz: unknown file type" in flat(result.stderr)


@pytest.mark.slow
def test_folders_come_from_the_environment(
    runner: CliRunner,
    app: typer.Typer,
    small_corpus: Path,
    tmp_path: Path,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IC_CORPUS_DIR", str(small_corpus))
    monkeypatch.setenv("IC_INDEX_DIR", str(tmp_path / "env-index"))

    result = ingest(runner, app, "--json")

    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["added"]) == 3
    assert (tmp_path / "env-index" / "state.json").exists()


def test_a_missing_corpus_folder_is_exit_2_with_the_fix(runner: CliRunner, app: typer.Typer, tmp_path: Path) -> None:
    result = ingest(runner, app, "--corpus", str(tmp_path / "nowhere"), "--index", str(tmp_path / "index"), "--json")

    assert result.exit_code == 2
    message = flat(result.stderr)
    assert message.startswith("error: corpus folder") and "nowhere does not exist" in message
    assert "set IC_CORPUS_DIR or pass --corpus" in message
    assert result.stdout == ""


def test_installed_entry_point_exits_1_on_a_bad_file(tmp_path: Path) -> None:
    """The real command in a child process (no model is loaded: nothing there can be embedded)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corrupt_pdf(corpus / "broken.pdf")
    (corpus / "empty.pdf").write_bytes(b"")
    (corpus / "slides.xyz").write_text("not a format we read", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC_")}

    proc = subprocess.run(
        [sys.executable, "-m", "ic_assistant.cli", "ingest"]
        + ["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert proc.returncode == 1, proc.stderr
    summary = json.loads(proc.stdout)
    assert SUMMARY_KEYS <= set(summary)
    assert sorted(summary["errors"]) == ["broken.pdf", "empty.pdf"]
    assert summary["skipped"] == {"slides.xyz": "unknown file type"}
    assert summary["added"] == [] and summary["chunks"] == 0


@pytest.mark.slow
def test_ctrl_c_is_exit_130_and_says_what_the_index_holds(
    runner: CliRunner,
    app: typer.Typer,
    small_corpus: Path,
    tmp_path: Path,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ic_assistant.store import IndexStore

    def interrupted(self: IndexStore, **extra: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(IndexStore, "commit", interrupted)
    result = ingest(runner, app, "--corpus", str(small_corpus), "--index", str(tmp_path / "index"), "--json")

    assert result.exit_code == 130
    assert "interrupted: the index holds only whole documents" in flat(result.stderr)
    assert not (tmp_path / "index" / "state.json").exists()


def _in_a_terminal(args: list[str], timeout: float = 300) -> str:
    """Run `ic-assistant ARGS` with stdout and stderr on a pseudo-terminal; what it printed."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, and tqdm draws no bar in no width.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC_")}
    proc = subprocess.Popen([sys.executable, "-m", "ic_assistant.cli", *args], stdout=follower, stderr=follower,
                            stdin=subprocess.DEVNULL, env={**env, "COLUMNS": "120"})
    os.close(follower)
    output = b""
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        output += data
    proc.wait(timeout=timeout)
    os.close(leader)
    assert proc.returncode == 0, output.decode(errors="replace")
    return output.decode(errors="replace")


@pytest.mark.slow
def test_progress_bar_at_a_terminal_and_none_with_json(small_corpus: Path, tmp_path: Path) -> None:
    shown = _in_a_terminal(["ingest", "--corpus", str(small_corpus), "--index", str(tmp_path / "a")])
    assert "ingesting documents" in shown and "100%" in shown
    quiet = _in_a_terminal(["ingest", "--corpus", str(small_corpus), "--index", str(tmp_path / "b"), "--json"])
    assert "ingesting documents" not in quiet
    assert json.loads(quiet)["added"]  # nothing but the summary
