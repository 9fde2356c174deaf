"""The CLI's shared options and researcher tools, on the small corpus: where the index is
(`--index`, IC_INDEX_DIR, ./.index, the data folder), `ask --history`, `search --retriever`,
`show`, flags in --help, and the document's year and URL on every JSON citation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ic_assistant import IndexMissingError, Settings
from ic_assistant.config import data_index_dir

from tests.conftest import build_small_index, run_cli

URL = "https://example.org/action-plan"
PDF = "pilot-report-2021.pdf"


@pytest.fixture(scope="module")
def app(cli_app) -> typer.Typer:  # noqa: ANN001
    return cli_app


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:  # noqa: ANN001
    return build_small_index(tmp_path_factory.mktemp("small"), embedder, url=URL)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A working directory without .index, a data folder of our own, and IC_INDEX_DIR restored
    after the test (the --index callback sets it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("IC_INDEX_DIR", "unused")
    monkeypatch.delenv("IC_INDEX_DIR")
    monkeypatch.setenv("COLUMNS", "500")  # no wrapping: a message is one line
    return monkeypatch


def indexed(settings: Settings, env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    env.setenv("IC_CORPUS_DIR", str(settings.corpus_dir))
    env.setenv("IC_INDEX_DIR", str(settings.index_dir))
    return env


# --- where the index is ---------------------------------------------------------------------


def test_index_rule_env_then_local_then_data_folder(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Settings().index_dir == tmp_path / "data" / "ic-assistant" / "index" == data_index_dir()
    (tmp_path / ".index").mkdir()
    assert Settings().index_dir == tmp_path / ".index"
    env.setenv("IC_INDEX_DIR", str(tmp_path / "elsewhere"))
    assert Settings().index_dir == tmp_path / "elsewhere"


def test_index_rule_after_make_ingest(
    app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make ingest` writes the index to ./.index of the checkout; afterwards a bare `ic-assistant`
    command run there, with no IC_INDEX_DIR, opens that index."""
    import re

    from ic_assistant.config import LOCAL_INDEX

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^export IC_INDEX_DIR \?= \$\(CURDIR\)/(\S+)$", makefile, re.MULTILINE).group(1) == LOCAL_INDEX
    env.setenv("IC_CORPUS_DIR", str(small_index.corpus_dir))
    env.setenv("IC_INDEX_DIR", str(tmp_path / LOCAL_INDEX))  # what the Makefile exports to `ingest`
    result = run_cli(app, "ingest", "--json")
    assert result.exit_code == 0, result.output
    env.delenv("IC_INDEX_DIR")  # a new shell in the checkout
    for command in (["search", "Cardiff pilot", "--json"], ["ask", "What did the Cardiff pilot test?", "--json"]):
        result = run_cli(app, *command)
        assert result.exit_code == 0, result.output
        assert PDF in result.stdout
    assert Settings().index_dir == tmp_path / LOCAL_INDEX


def test_global_index_option_reaches_every_command(
    app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.setenv("IC_CORPUS_DIR", str(small_index.corpus_dir))
    env.setenv("IC_INDEX_DIR", str(tmp_path / "not-this-one"))
    result = run_cli(app, "--index", str(small_index.index_dir), "ingest", "--json")  # a plugin command
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unchanged"] == ["action-plan.md", PDF, "welcome-guide.html"]
    result = run_cli(app, "--index", str(small_index.index_dir), "search", "Cardiff pilot", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["source"] == PDF
    assert Settings().index_dir == small_index.index_dir  # what serve and eval build theirs from


def test_missing_index_names_the_local_index_and_how_to_use_it(
    app: typer.Typer, env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".index").mkdir()
    (tmp_path / ".index" / "state.json").write_text("{}", encoding="utf-8")
    result = run_cli(app, "--index", str(tmp_path / "nowhere"), "ask", "Who ran the pilot?")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"no index at {tmp_path / 'nowhere'}" in message and "ic-assistant ingest" in message
    assert f"There is an index at {tmp_path / '.index'}" in message
    assert f"--index {tmp_path / '.index'}" in message and "IC_INDEX_DIR=" in message


def test_missing_index_names_the_data_folder_index(app: typer.Typer, env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = data_index_dir()
    data.mkdir(parents=True)
    (data / "state.json").write_text("{}", encoding="utf-8")
    env.setenv("IC_INDEX_DIR", str(tmp_path / "nowhere"))
    result = run_cli(app, "search", "pilot")
    assert result.exit_code == 2
    assert f"There is an index at {data}" in result.stderr


def test_missing_index_without_another_says_only_what_to_run(tmp_path: Path) -> None:
    message = str(IndexMissingError(tmp_path / "nowhere"))
    assert message == f"no index at {tmp_path / 'nowhere'}: run `ic-assistant ingest` first (or `make run`)."
    message = str(IndexMissingError(tmp_path / "nowhere", [tmp_path / "a", tmp_path / "b"]))
    assert f"There are indexes at {tmp_path / 'a'} and {tmp_path / 'b'}: use one with `ic-assistant --index" in message


# --- ask --history, search --retriever, year and URL on citations ---------------------------


def test_ask_history_resolves_a_follow_up(app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch) -> None:
    indexed(small_index, env)
    alone = json.loads(run_cli(app, "ask", "How long did it run?", "--json", "--explain").stdout)
    earlier = "What did the Cardiff pilot test?"
    result = run_cli(app, "ask", "How long did it run?", "--history", earlier, "--json", "--explain")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert "What did the Cardiff pilot test?" in answer["explanation"]["standalone_question"]
    assert "Cardiff" not in alone["explanation"]["standalone_question"]
    assert "six months" in answer["answer"] and answer["citations"][0]["source"] == PDF


@pytest.mark.parametrize(
    ("retriever", "rank", "other"), [("dense", "dense_rank", "bm25_rank"), ("bm25", "bm25_rank", "dense_rank")]
)
def test_search_with_one_retriever(  # noqa: PLR0913
    app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch, retriever: str, rank: str, other: str
) -> None:
    indexed(small_index, env)
    result = run_cli(app, "search", "English classes", "--retriever", retriever, "--k", "3", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r[rank] is not None and r[other] is None for r in rows)


def test_search_rejects_an_unknown_retriever(app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch) -> None:
    indexed(small_index, env)
    result = run_cli(app, "search", "pilot", "--retriever", "fuzzy")
    assert result.exit_code == 2 and "hybrid" in result.output


def test_json_citations_carry_year_and_url(
    app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    indexed(small_index, env)
    question = "What is the first priority of the Birmingham action plan?"
    answer = json.loads(run_cli(app, "ask", question, "--json").stdout)
    by_source = {c["source"]: c for c in answer["citations"]}
    assert by_source["action-plan.md"]["year"] == 2022 and by_source["action-plan.md"]["url"] == URL

    questions, out = tmp_path / "q.jsonl", tmp_path / "a.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": question}) + "\n", encoding="utf-8")
    assert run_cli(app, "batch", str(questions), "--out", str(out)).exit_code == 0
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    cited = {c["source"]: c for c in row["citations"]}
    assert cited["action-plan.md"]["year"] == 2022 and cited["action-plan.md"]["url"] == URL
    assert cited[PDF]["year"] == 2021 and cited[PDF]["url"] == ""


# --- show -----------------------------------------------------------------------------------


def test_show_prints_the_span_in_its_page(app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch) -> None:
    from ic_assistant import build_assistant

    indexed(small_index, env)
    page = build_assistant(small_index).page_text(PDF, 2)
    span = "It ran for six months"
    start = page.index(span)
    result = run_cli(app, "show", PDF, "--page", "2", "--start", str(start), "--end", str(start + len(span)))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert f"{PDF}, page 2, characters {start} to {start + len(span)} of {len(page)}" in text
    assert "welcome service for new arrivals in the city centre. It ran for six months and reached" in text


def test_show_highlights_the_span(small_index: Settings, env: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from ic_assistant import cli, commands

    indexed(small_index, env)
    recorder = Console(record=True, force_terminal=True, width=500)  # to read the styles back
    env.setattr(commands, "console", recorder)
    result = CliRunner().invoke(cli.app, ["show", "action-plan.md", "--start", "0", "--end", "10"])
    assert result.exit_code == 0, result.output
    html = recorder.export_html(inline_styles=True)
    assert 'background-color: #808000; font-weight: bold">Birmingham</span> Action Plan' in html


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["nothing.pdf", "--page", "1"], "nothing.pdf is not in the index"),
        ([PDF, "--page", "9"], f"{PDF} has no page 9: it has pages 1 to 3."),
        ([PDF], f"{PDF} has pages 1 to 3: say which with --page."),
        (["action-plan.md", "--page", "1"], "action-plan.md has no pages"),
        ([PDF, "--page", "1", "--start", "5", "--end", "99999"], "offsets 5:99999 are outside page 1 of"),
        ([PDF, "--page", "1", "--start", "-1", "--end", "4"], "offsets -1:4 are outside"),
        (["action-plan.md", "--start", "9", "--end", "9"], "offsets 9:9 are outside action-plan.md"),
    ],
)
def test_show_errors_are_one_line_and_exit_2(
    app: typer.Typer, small_index: Settings, env: pytest.MonkeyPatch, args: list[str], says: str
) -> None:
    indexed(small_index, env)
    result = run_cli(app, "show", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and says in result.stderr


# --- --help ---------------------------------------------------------------------------------


def test_boolean_options_are_shown_as_flags(app: typer.Typer, env: pytest.MonkeyPatch) -> None:
    shown: dict[str, list[str]] = {}
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_command", "")
        help_text = run_cli(app, name, "--help").stdout
        rows = [line.strip("│ ") for line in help_text.splitlines() if line.strip("│ ").startswith("--")]
        shown[name] = [row.split()[0] for row in rows]
        for row in rows:
            assert "<bool>" not in row, f"{name}: {row}"  # --help too: every flag is drawn as a flag
        assert any(row.split()[:2] == ["--help", "Show"] for row in rows)
    assert {"--json", "--explain"} <= set(shown["ask"]) and "--json" in shown["search"]
    assert {"--rebuild", "--json"} <= set(shown["ingest"]) and "--gate" in shown["eval"]


@pytest.mark.parametrize(
    ("stdout", "stderr", "as_json", "shown"),
    [(True, True, False, True), (True, True, True, False), (False, True, False, False), (True, False, False, False)],
)
def test_progress_only_at_a_terminal_and_never_with_json(
    monkeypatch: pytest.MonkeyPatch, stdout: bool, stderr: bool, as_json: bool, shown: bool
) -> None:
    import io
    import sys

    from ic_assistant.cli import show_progress

    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.setattr(sys, "stdout", Stream(stdout))
    monkeypatch.setattr(sys, "stderr", Stream(stderr))
    assert show_progress(as_json) is shown
