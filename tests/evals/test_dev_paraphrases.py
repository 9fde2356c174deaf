"""evals/dev_paraphrases.jsonl: one rewording of each answerable dev question, and of no test one."""

from __future__ import annotations

import json

from evals.general import GENERAL_QA
from evals.runner import GOLD
from evals.tune import DEV_EXTRA, DEV_EXTRA_PROGRAMME, DEV_PARAPHRASES, load_paraphrases


def _rows(path) -> list[dict]:  # noqa: ANN001
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _answerable(row: dict) -> bool:
    return bool(row.get("key_facts") or row.get("expect")) and row.get("answerable", True)


def test_each_answerable_dev_question_is_reworded_once_and_no_test_question_is() -> None:
    sets = {"programme": GOLD, "general": GENERAL_QA,
            "programme extra": DEV_EXTRA_PROGRAMME, "general extra": DEV_EXTRA}
    dev = {f"{name}:{row['id']}": row for name, path in sets.items() for row in _rows(path) if row["split"] == "dev"}
    test = {f"{name}:{row['id']}" for name, path in sets.items() for row in _rows(path) if row["split"] != "dev"}
    keys = [row["of"] for row in _rows(DEV_PARAPHRASES)]
    assert len(keys) == len(set(keys))
    assert not set(keys) & test
    assert set(keys) == {key for key, row in dev.items() if _answerable(row)}
    reworded = load_paraphrases()
    for key, question in reworded.items():  # a rewording, not the question again
        assert question.strip() and question.strip().lower() != dev[key]["question"].strip().lower(), key
