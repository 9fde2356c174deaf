"""evals/dev_extra_programme.jsonl: extra dev (training) questions on the programme's five documents
(evals/dev_extra_programme.md). Every row is dev, its ids are its own, and the gold set's checker
finds nothing wrong with it. The test questions of evals/qa.jsonl are read only to check that no row
is a near copy of one (fitting on it would fit the test split)."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from evals.metrics import norm
from ingest.loaders import load_file

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ROOT / "evals" / "dev_extra_programme.jsonl"
GOLD = ROOT / "evals" / "qa.jsonl"
CORPUS = ROOT / "corpus"
ROWS = [json.loads(line) for line in EXTRA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _check_gold():
    spec = importlib.util.spec_from_file_location("check_gold", ROOT / "evals" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _gold_rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=None)
def _pages(source: str) -> dict[int | None, str]:
    return {p.number: norm(p.text) for p in load_file(CORPUS / source).pages}


def test_every_row_is_dev_and_ids_are_own_and_unique() -> None:
    assert len(ROWS) >= 40
    ids = [row["id"] for row in ROWS]
    assert len(set(ids)) == len(ids)
    for row in ROWS:
        assert row["split"] == "dev", row["id"]
        if not row["answerable"]:
            assert re.fullmatch(r"pu\d{2}", row["id"]), row["id"]
        elif row["type"] == "followup":
            assert re.fullmatch(r"pf\d{2}", row["id"]), row["id"]
        else:
            assert re.fullmatch(r"p\d{3}", row["id"]), row["id"]
    assert not set(ids) & {row["id"] for row in _gold_rows()}


def test_no_question_repeats_a_dev_question_and_followups_build_on_this_file() -> None:
    dev_questions = {norm(row["question"]) for row in _gold_rows() if row["split"] == "dev"}
    own = {row["question"] for row in ROWS}
    assert len(own) == len(ROWS)
    for row in ROWS:
        assert norm(row["question"]) not in dev_questions, row["id"]
        assert set(row["history"]) <= own, row["id"]


def test_key_facts_are_short() -> None:
    for row in ROWS:
        for fact in row["key_facts"]:
            assert 1 <= len(fact) <= 3, (row["id"], fact)
            assert all(1 <= len(phrase.split()) <= 5 for phrase in fact), (row["id"], fact)


def test_check_gold_finds_no_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert _check_gold().main([str(EXTRA)]) == 0
    out = capsys.readouterr().out
    assert "OK: all checks passed" in out and "PROBLEM" not in out


@pytest.mark.parametrize("row", [r for r in ROWS if r["answerable"]], ids=lambda r: r["id"])
def test_passage_and_facts_occur_as_the_system_reads_the_source(row: dict) -> None:
    """The same check as tests/evals/test_gold_set.py, with the project's own loaders."""
    pages = _pages(row["sources"][0])
    if row["page"] is not None:
        here = pages[row["page"]] + " " + pages.get(row["page"] - 1, "")
        assert norm(row["gold_passage"]) in here
    else:
        assert any(norm(row["gold_passage"]) in text for text in pages.values())
    every_text = [text for source in row["sources"] for text in _pages(source).values()]
    for fact in row["key_facts"]:
        assert any(norm(phrase) in text for phrase in fact for text in every_text), fact


_STOP = {"the", "a", "an", "of", "in", "what", "did", "was", "were", "is", "are", "to", "and", "for", "how",
         "which", "who", "does", "do", "on", "cities", "city", "inclusive"}


def _words(question: str) -> set[str]:
    return set(re.findall(r"[a-z]+", question.lower())) - _STOP


def _facts(row: dict) -> set[str]:
    return {a.lower() for alts in row.get("key_facts", []) for a in alts}


def test_no_row_is_a_near_copy_of_a_test_question() -> None:
    """Half or more of the content words shared, or the same key facts: the same question."""
    tests = [row for row in _gold_rows() if row["split"] == "test"]
    for row in ROWS:
        mine = _words(row["question"])
        for test in tests:
            theirs = _words(test["question"])
            assert len(mine & theirs) < 0.5 * len(mine | theirs), (row["id"], test["id"])
            assert not _facts(row) or _facts(row) != _facts(test), (row["id"], test["id"])
