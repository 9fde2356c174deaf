"""evals/thresholds.toml parses into one section per gold set, and the gate reads it as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.general import FIGURES
from evals.runner import THRESHOLDS, check_gate, check_limits, load_thresholds


def test_thresholds_have_a_section_per_set() -> None:
    thresholds = load_thresholds()
    assert set(thresholds) == {"programme", "general"}
    for section in thresholds.values():
        assert set(section) - {"min", "max", "allow_ingest_errors"} == set()
        for limits in (section.get("min", {}), section.get("max", {})):
            assert all(isinstance(v, int | float) for v in limits.values())
    assert thresholds["programme"]["min"]["key_fact_recall"] > 0
    assert set(thresholds["general"]["min"]) | set(thresholds["general"].get("max", {})) <= set(FIGURES)
    assert isinstance(thresholds["general"]["allow_ingest_errors"], bool)


def test_a_flat_file_is_rejected_with_the_fix(tmp_path: Path) -> None:
    flat = tmp_path / "thresholds.toml"
    flat.write_text("[min]\nmrr = 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[programme.min\]"):
        load_thresholds(flat)


def test_floors_and_ceilings() -> None:
    limits = {"min": {"fact_recall": 0.5}, "max": {"answer_chars_median": 300}}
    assert check_limits({"fact_recall": 0.5, "answer_chars_median": 300}, limits) == []
    failures = check_limits({"fact_recall": 0.49, "answer_chars_median": 301}, limits)
    assert len(failures) == 2 and "below" in failures[0] and "above" in failures[1]
    assert check_limits({}, limits)[0].startswith("fact_recall = None")
    report = {"systems": {"hybrid+extractive": {"splits": {"test": {"mrr": 0.1}}}}}
    assert check_gate(report, {"min": {"mrr": 0.2}}) == ["mrr = 0.1 is below the threshold 0.2"]


def test_the_file_is_the_default() -> None:
    assert THRESHOLDS.name == "thresholds.toml" and THRESHOLDS.is_file()


def test_general_ingest_errors_fail_the_gate_only_when_not_allowed() -> None:
    from evals.general import general_gate

    general = {"systems": {"hybrid+extractive": {"splits": {"test": {"fact_recall": 0.7}}}},
               "ingest_errors": {"page.md": "no text found"}}
    limits = {"min": {"fact_recall": 0.6}}
    assert general_gate(general, {**limits, "allow_ingest_errors": True}) == []
    failures = general_gate(general, {**limits, "allow_ingest_errors": False})
    assert failures == ["page.md failed to ingest (no text found)"]
    assert general_gate({**general, "ingest_errors": {}}, limits) == []
