"""Request parameters out of range get a clear error naming the limit and its setting, from the
API and the CLI alike: a search's k, and a history's length and item size."""

from __future__ import annotations

import pytest
import typer

from ic_assistant.errors import RequestError

from tests.conftest import run_cli


@pytest.mark.parametrize("k", [0, -5, 51, 10_000])
def test_search_rejects_k_outside_1_to_max_k(assistant, k: int) -> None:  # noqa: ANN001
    with pytest.raises(RequestError, match=rf"k must be a whole number from 1 to 50 \(IC_RETRIEVAL__MAX_K\), not {k}"):
        assistant.search("action planning", k=k)


def test_search_accepts_the_bounds(assistant) -> None:  # noqa: ANN001
    assert len(assistant.search("action planning", k=1)) == 1
    assert 1 < len(assistant.search("action planning", k=50)) <= 50


def test_history_is_limited_in_items_and_length(assistant) -> None:  # noqa: ANN001
    with pytest.raises(RequestError, match=r"11 earlier questions; the limit is 10 \(IC_ANSWER__MAX_HISTORY_ITEMS\)"):
        assistant.ask("And in Liverpool?", ["What is the programme?"] * 11)
    with pytest.raises(RequestError, match=r"earlier question 2 of the history is 1001 characters long; the limit is 1000"):
        assistant.ask("And in Liverpool?", ["What is the programme?", "x" * 1001])
    assert assistant.ask("And in Liverpool?", ["Which council department hosts the project in Cardiff?"] * 10)


def test_the_cli_says_what_is_out_of_range(cli_app: typer.Typer, real_index, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("IC_CORPUS_DIR", str(real_index.settings.corpus_dir))
    monkeypatch.setenv("IC_INDEX_DIR", str(real_index.settings.index_dir))
    monkeypatch.setenv("COLUMNS", "500")
    result = run_cli(cli_app, "search", "action planning", "--k", "-5")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: k must be a whole number from 1 to 50")
    history = [arg for _ in range(11) for arg in ("--history", "What is the programme?")]
    result = run_cli(cli_app, "ask", "And in Liverpool?", *history)
    assert result.exit_code == 2 and "IC_ANSWER__MAX_HISTORY_ITEMS" in result.stderr
