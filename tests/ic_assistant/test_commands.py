"""The CLI as a person and a script use it: ask, search, batch (one model load, bad lines skipped)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "ic-assistant"


def _run(args: list[str], settings, **kw) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC_")}
    env.update(IC_CORPUS_DIR=str(settings.corpus_dir), IC_INDEX_DIR=str(settings.index_dir))
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=300, **kw)


@pytest.fixture(scope="module")
def settings(real_index):  # noqa: ANN001, ANN201
    if not BIN.exists():
        pytest.skip(f"console script not installed at {BIN}")
    return real_index.settings


def test_ask_json(settings) -> None:  # noqa: ANN001
    out = _run(["ask", "Which cities were the founder cities?", "--json"], settings)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["refused"] is False and "Glasgow" in answer["answer"]
    fields = {"n", "source", "title", "year", "url", "page", "section", "quote", "start", "end"}
    assert fields <= set(answer["citations"][0])


def test_ask_text_lists_numbered_sources(settings) -> None:  # noqa: ANN001
    out = _run(["ask", "What is the unemployment rate in Bristol?", "--explain"], settings)
    assert out.returncode == 0, out.stderr
    assert "The documents do not answer this question." in out.stdout
    assert "You may want to look at:" in out.stdout and "refused because" in out.stdout
    assert "further units join at P >=" in out.stdout  # composition's floors, explained too


def test_empty_question_is_a_message_not_a_trace(settings) -> None:  # noqa: ANN001
    out = _run(["ask", "  "], settings)
    assert out.returncode == 2
    assert "question is empty" in out.stderr and "Traceback" not in out.stderr


def test_search_json(settings) -> None:  # noqa: ANN001
    out = _run(["search", "taskforce", "--k", "3", "--json"], settings)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 3 and all("taskforce" in r["text"].lower() or r["bm25_rank"] is None for r in rows)


def test_batch_jsonl_and_csv(settings, tmp_path: Path) -> None:  # noqa: ANN001
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        json.dumps({"id": "q1", "question": "Which council department hosts the project in Cardiff?"}) + "\n"
        + "this is not json\n"
        + json.dumps({"id": "q2", "question": "And in Liverpool?",
                      "history": ["Which council department hosts the project in Cardiff?"]}) + "\n"
        + json.dumps({"id": "q3", "question": ""}) + "\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "out.jsonl"
    out = _run(["batch", str(jsonl), "--out", str(out_file)], settings)
    assert out.returncode == 0, out.stderr
    assert "skipped line 2" in out.stderr and "skipped line 4" in out.stderr
    rows = [json.loads(x) for x in out_file.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q2"]
    assert set(rows[0]) == {"id", "question", "answer", "refused", "citations", "latency_ms"}
    assert "Liverpool" in rows[1]["answer"] and not rows[1]["refused"]
    assert rows[1]["citations"][0]["source"] in {"learning-from-inclusive-cities-phase-1.pdf",
                                                 "inclusive-cities-programme-page.md"}

    csv_file = tmp_path / "in.csv"
    csv_file.write_text("id,question\nc1,Who funded Inclusive Cities?\n", encoding="utf-8")
    out = _run(["batch", str(csv_file), "--out", str(out_file)], settings)
    assert out.returncode == 0, out.stderr
    (row,) = [json.loads(x) for x in out_file.read_text().splitlines()]
    assert row["id"] == "c1" and "Paul Hamlyn" in row["answer"]
