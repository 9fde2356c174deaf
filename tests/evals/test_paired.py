"""The paired comparison of two cross-validated runs: the difference, its interval, and the verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.paired import main, paired, write_per_question


def _run(found: dict[str, float], facts: int = 2) -> dict[str, dict[str, float]]:
    return {key: {"found": value, "facts": facts} for key, value in found.items()}


def test_the_same_run_twice_differs_by_nothing() -> None:
    run = _run({f"programme:a{i}": i % 3 for i in range(30)})
    assert paired(run, run)["all"] == (0.0, 0.0, 0.0, 30)


def test_a_gain_on_many_questions_is_outside_the_noise_and_a_gain_on_one_is_not() -> None:
    before = _run({f"{name}:q{i}": 1.0 for name in ("programme", "general") for i in range(40)})
    broad = {k: {"found": v["found"] + k.startswith("programme"), "facts": 2} for k, v in before.items()}
    result = paired(before, broad)
    gain, low, high, n = result["programme"]
    assert gain == pytest.approx(0.5) and low > 0 and n == 40
    assert result["general"][:3] == (0.0, 0.0, 0.0)
    assert result["all"][0] == pytest.approx(0.25)
    one = dict(before, **{"programme:q0": {"found": 2.0, "facts": 2}})
    gain, low, high, _ = paired(before, one)["programme"]
    assert gain > 0 and low <= 0 < high


def test_cli_pairs_files_written_by_tune_and_leaves_out_unmatched_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    write_per_question(before, {"general:g1": [1.0, 2.0], "general:g2": [0.0]}, {"general:g1": 2, "general:g2": 1})
    write_per_question(after, {"general:g1": [2.0], "general:g3": [1.0]}, {"general:g1": 2, "general:g3": 1})
    assert json.loads(before.read_text())["general:g1"] == {"found": 1.5, "facts": 2}
    monkeypatch.setattr("sys.argv", ["python -m evals.paired", str(before), str(after)])
    main()
    out = capsys.readouterr().out
    assert "2 questions are in one file only" in out
    assert "+0.2500 key-fact recall" in out and "1 questions" in out
