"""evals/dev_extra.jsonl: extra dev questions may only be about the general set's dev documents,
and every expected wording must be in its source, as the set's own check.py requires."""

from __future__ import annotations

import json

from evals.general import GENERAL_CORPUS, GENERAL_QA, check_module
from evals.tune import DEV_EXTRA


def test_extra_questions_are_dev_only_and_their_facts_are_in_their_sources() -> None:
    general = [json.loads(line) for line in GENERAL_QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev_docs = {src for row in general if row["split"] == "dev" for src in row.get("sources", [])}
    test_docs = {src for row in general if row["split"] == "test" for src in row.get("sources", [])}
    assert dev_docs and not dev_docs & test_docs
    check = check_module()
    rows = [json.loads(line) for line in DEV_EXTRA.read_text(encoding="utf-8").splitlines() if line.strip()]
    known = {row["question"] for row in general}
    assert len(rows) >= 80
    for row in rows:
        assert row["split"] == "dev", row["id"]
        assert row["question"] not in known, row["id"]
        if row.get("unanswerable"):
            assert not row.get("expect"), row["id"]
            continue
        assert row["sources"] and set(row["sources"]) <= dev_docs, row["id"]
        texts = [check.norm(check.doc_text(GENERAL_CORPUS / src)) for src in row["sources"]]
        for alternatives in row["expect"]:
            assert any(check.norm(alt) in text for alt in alternatives for text in texts), (row["id"], alternatives)
