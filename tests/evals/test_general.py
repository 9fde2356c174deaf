"""The general set as copied into evals/general/, and our in-memory scoring of it: the same
figures as the set's own check.py. No model is loaded here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.general import (
    FIGURES,
    GENERAL_CHECK,
    GENERAL_CORPUS,
    GENERAL_QA,
    check_module,
    document_texts,
    load_general,
    score_answers,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval-general"  # the set as the project received it


def test_the_copied_set_passes_its_own_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_module().main(GENERAL_QA, GENERAL_CORPUS) == 0
    assert "0 problems" in capsys.readouterr().out


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared original is not on this machine")
def test_the_copy_is_byte_identical_to_the_shared_set() -> None:
    ours = sorted(p.relative_to(GENERAL_CHECK.parent) for p in GENERAL_CHECK.parent.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)
    theirs = sorted(p.relative_to(SHARED) for p in SHARED.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert ours == theirs
    for rel in ours:
        assert (GENERAL_CHECK.parent / rel).read_bytes() == (SHARED / rel).read_bytes(), rel


def test_rows_map_to_gold_items() -> None:
    items = {i.id: i for i in load_general()}
    assert len(items) == 82
    assert {i.split for i in items.values()} == {"dev", "test"}
    assert items["g02"].key_facts == (("President Clinton", "Clinton"), ("August 11, 2000",))
    assert items["g02"].answerable and items["g02"].type == "answerable"
    assert items["gf01"].type == "followup" and items["gf01"].history
    assert items["gu09"].type == "unanswerable" and not items["gu09"].answerable and not items["gu09"].key_facts


def _cite(source: str, quote: str) -> dict[str, str]:
    return {"source": source, "quote": quote}


def _answers() -> list[dict]:
    """Right, partly right, wrong source, refused, missing, answered-unanswerable, a bad quote."""
    return [
        {"id": "g01", "answer": "It responds to Executive Order 13166 [1].", "refused": False,
         "citations": [_cite("ncd-language-access-plan-2011.md", "Executive Order 13166")]},
        {"id": "g02", "answer": "President **Clinton** signed it [1].", "refused": False,
         "citations": [_cite("ncd-language-access-plan-2011.md", "no such words in the plan at all")]},
        {"id": "g07", "answer": "About 500,000 people [1].", "refused": False,
         "citations": [_cite("nhs-health-literacy.html", "Health literacy")]},
        {"id": "g23", "answer": "The documents do not say.", "refused": True, "citations": []},
        {"id": "gf01", "answer": "6 in 10 adults [1].", "refused": False,
         "citations": [_cite("nhs-health-literacy.html", "6 in 10")]},
        {"id": "gu09", "answer": "Many laptops [1].", "refused": False,
         "citations": [_cite("dfe-operation-warm-welcome-devices.md", "laptops")]},
        {"id": "gu01", "answer": "The documents do not say.", "refused": True, "citations": []},
        {"id": "zz99", "answer": "not a question of the set", "refused": False, "citations": []},
    ]


def _check_py_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str], qa: Path, split: str | None) -> dict:
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join(json.dumps(a) for a in _answers()) + "\n", encoding="utf-8")
    capsys.readouterr()
    check_module().score(qa, answers, GENERAL_CORPUS, split)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}


@pytest.mark.parametrize("split", [None, "dev", "test"])
def test_scoring_matches_check_py(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], split: str | None
) -> None:
    ids = {a["id"] for a in _answers()} | {"g03"}  # g03 has no answer: counted nowhere, as check.py does
    rows = [line for line in GENERAL_QA.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] in ids]
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected = _check_py_figures(tmp_path, capsys, qa, split)
    items = [i for i in load_general(qa) if split is None or i.split == split]
    figures, misses = score_answers(items, {a["id"]: a for a in _answers()}, document_texts())
    assert set(expected) == set(FIGURES)
    assert {k: float(figures[k]) for k in FIGURES} == expected
    if split is None:
        assert 0 < figures["fact_recall"] < 1 and 0 < figures["quote_validity"] < 1
        low, high = figures["fact_recall_95"]  # the one figure check.py does not print
        assert low < figures["fact_recall"] < high
        assert "g03: no answer" in misses
