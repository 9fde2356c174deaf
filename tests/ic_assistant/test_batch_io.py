"""`batch` input and output: a file that is not UTF-8 and an --out folder that does not exist are
one-line errors before the model loads; a run where every line fails exits non-zero."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from ic_assistant.errors import QuestionError


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    from ic_assistant import cli, commands  # noqa: F401 - registers ask, search, show, batch

    return cli.app


class _NoModel:
    """Stands in for the assistant: these tests are about files, not answers."""

    loads = 0

    def ask(self, question: str, history: object = ()) -> object:
        raise QuestionError("question is empty")


@pytest.fixture
def assistant(monkeypatch: pytest.MonkeyPatch) -> type[_NoModel]:
    from ic_assistant import commands

    def load() -> _NoModel:
        _NoModel.loads += 1
        return _NoModel()

    _NoModel.loads = 0
    monkeypatch.setenv("COLUMNS", "500")
    monkeypatch.setattr(commands, "_assistant", load)
    return _NoModel


def run(app: typer.Typer, *args: str) -> Result:
    return CliRunner().invoke(app, ["batch", *args], catch_exceptions=False)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_non_utf8_input_is_one_line_before_the_model_loads(
    app: typer.Typer, assistant: type[_NoModel], tmp_path: Path, suffix: str,
) -> None:
    infile = tmp_path / f"questions{suffix}"
    text = '{"id": "q1", "question": "Caf\xe9s in Cardiff?"}\n' if suffix == ".jsonl" else "id,question\nq1,Caf\xe9s?\n"
    infile.write_bytes(text.encode("latin-1"))

    result = run(app, str(infile), "--out", str(tmp_path / "out.jsonl"))

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(infile) in result.stderr and "not UTF-8" in result.stderr
    assert assistant.loads == 0 and not (tmp_path / "out.jsonl").exists()


def test_out_in_a_missing_folder_is_checked_before_the_model_loads(
    app: typer.Typer, assistant: type[_NoModel], tmp_path: Path,
) -> None:
    infile = tmp_path / "q.jsonl"
    infile.write_text(json.dumps({"question": "Who funded it?"}) + "\n", encoding="utf-8")
    out = tmp_path / "missing" / "out.jsonl"

    result = run(app, str(infile), "--out", str(out))

    assert result.exit_code == 2
    assert str(out) in result.stderr and "does not exist" in result.stderr
    assert assistant.loads == 0


def test_every_line_failing_exits_1(app: typer.Typer, assistant: type[_NoModel], tmp_path: Path) -> None:
    infile = tmp_path / "q.jsonl"
    infile.write_text("not json\n" + json.dumps({"id": "q2", "question": " "}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    result = run(app, str(infile), "--out", str(out))

    assert result.exit_code == 1, result.output
    assert "skipped line 1" in result.stderr and "skipped line 2" in result.stderr
    assert "wrote 0 answers" in result.stderr and out.read_text(encoding="utf-8") == ""
