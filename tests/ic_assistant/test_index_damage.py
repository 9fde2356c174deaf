"""A damaged index folder gives a one-line message naming the file and the fix, never a
traceback; `ingest --rebuild` repairs it whatever state it is in; a damaged BM25 index, or
missing tables, are rebuilt in memory."""

from __future__ import annotations

import json

import pytest
import typer
from click.testing import Result

from ic_assistant import Settings
from ic_assistant.errors import StoreError
from ic_assistant.store import IndexStore

from tests.conftest import run_cli, truncate

FIX = "ic-assistant ingest --rebuild"


@pytest.fixture(scope="module")
def app(cli_app) -> typer.Typer:  # noqa: ANN001
    return cli_app


def one_line_error(result: Result, *parts: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    for part in parts:
        assert part in result.stderr


@pytest.mark.parametrize("damage", ["truncated", "not json", "a list"])
def test_a_damaged_state_names_the_file_and_the_fix(index: Settings, app: typer.Typer, damage: str) -> None:
    state = index.index_dir / "state.json"
    if damage == "truncated":
        truncate(state)
    else:
        state.write_text("<html>" if damage == "not json" else "[]", encoding="utf-8")

    with pytest.raises(StoreError, match="rebuild"):
        IndexStore.open(index)
    for command in (["ask", "Who funded the pilot?"], ["search", "pilot"], ["ingest"]):
        one_line_error(run_cli(app, *command), str(state), FIX)


def test_rebuild_repairs_a_damaged_state(index: Settings, app: typer.Typer) -> None:
    truncate(index.index_dir / "state.json")
    truncate(next((index.index_dir / "docs").glob("*.json")))

    result = run_cli(app, "ingest", "--rebuild", "--json")

    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["added"]) == 3
    assert run_cli(app, "search", "pilot", "--json").exit_code == 0


def test_a_truncated_document_file_names_the_file_and_the_fix(index: Settings, app: typer.Typer) -> None:
    # Answers read the generation's tables; a document's own file is read for its page texts.
    entry = json.loads((index.index_dir / "state.json").read_text(encoding="utf-8"))["documents"]["pilot-report-2021.pdf"]
    doc = index.index_dir / "docs" / f"{entry['content_hash']}.json"
    truncate(doc)

    one_line_error(run_cli(app, "show", "pilot-report-2021.pdf", "--page", "1"), str(doc), FIX)


def test_a_missing_bm25_file_is_rebuilt_in_memory(index: Settings, app: typer.Typer) -> None:
    for npy in (index.index_dir / "bm25").glob("*.npy"):
        npy.unlink()

    result = run_cli(app, "search", "Cardiff welcome service", "--retriever", "bm25", "--json")

    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and rows[0]["source"] == "pilot-report-2021.pdf"


def test_missing_tables_are_rebuilt_in_memory(index: Settings, app: typer.Typer) -> None:
    import shutil

    before = run_cli(app, "search", "Cardiff welcome service", "--json")
    shutil.rmtree(index.index_dir / "tables")

    result = run_cli(app, "search", "Cardiff welcome service", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(before.stdout)
