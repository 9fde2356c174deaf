"""Several app servers, one Chroma server: an index ingested from one folder answers the same from
another process whose folder starts empty, and that process follows the next ingest, even one that
commits while it copies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ic_assistant.assistant import build_assistant
from ic_assistant.config import Settings, StoreSettings
from ic_assistant.embeddings import Embedder
from ic_assistant.integrity import check_index
from ic_assistant.server_cache import mirror_server
from ic_assistant.server_sync import ServerIndex
from ingest.sync import sync_corpus
from tests.conftest import REPO_ROOT, make_settings

pytestmark = [pytest.mark.server, pytest.mark.slow]

QUESTION = "How long did the Cardiff pilot run?"
NEW_FACT = "\n## Advice centre\n\nThe council opened a new advice centre in Digbeth in March 2023.\n"


def _ask_in_another_process(settings: Settings, question: str, cwd: Path) -> dict:
    """`ic-assistant ask --json` in a fresh process configured only by its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC_")}
    env.update(
        IC_CHROMA_URL=str(settings.chroma_url),
        IC_INDEX_NAME=settings.index_name,
        IC_INDEX_DIR=str(settings.index_dir),
        IC_CORPUS_DIR=str(settings.corpus_dir),
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        PYTHONPATH=str(REPO_ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-m", "ic_assistant", "ask", "--json", question],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_app_server_with_an_empty_folder_answers_as_the_ingesting_one_and_follows_its_ingests(
    chroma_server: str, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    writer = make_settings(small_corpus, tmp_path / "writer", chroma_url=chroma_server, index_name="city")
    assert sync_corpus(writer, embedder=embedder).ok
    expected = build_assistant(writer, embedder=embedder).ask(QUESTION).to_dict()
    assert not expected["refused"] and "six months" in expected["answer"]

    # Another process, another (empty) folder, no corpus: the same answer and citations.
    reader = make_settings(tmp_path / "no-corpus", tmp_path / "reader", chroma_url=chroma_server,
                           index_name="city", store=StoreSettings(server_poll_s=0))
    got = _ask_in_another_process(reader, QUESTION, tmp_path)
    for key in ("answer", "citations", "refused", "warnings"):
        assert got[key] == expected[key], key
    assert json.loads((reader.index_dir / "state.json").read_text())["generation"] == \
        json.loads((writer.index_dir / "state.json").read_text())["generation"]
    assert (reader.index_dir / "programme.toml").read_bytes() == (small_corpus / "programme.toml").read_bytes()
    copied = {p.name: p.read_bytes() for p in (reader.index_dir / "docs").iterdir()}
    assert copied == {p.name: p.read_bytes() for p in (writer.index_dir / "docs").iterdir()}  # page texts, unit vectors
    assert check_index(reader) == []

    # The reader's folder is current: starting again copies nothing.
    assert not mirror_server(reader)
    assistant = build_assistant(reader, embedder=embedder)
    assert assistant.ask(QUESTION).text == expected["answer"]

    # The writer ingests a changed corpus; the running reader picks up the new generation.
    with (small_corpus / "action-plan.md").open("a", encoding="utf-8") as f:
        f.write(NEW_FACT)
    (small_corpus / "welcome-guide.html").unlink()
    assert sync_corpus(writer, embedder=embedder).ok
    answer = assistant.ask("Where did the council open a new advice centre?")
    assert "Digbeth" in answer.text and {c.source for c in answer.citations} == {"action-plan.md"}
    assert set(assistant.documents()) == {"action-plan.md", "pilot-report-2021.pdf"}
    assert assistant.store.state["generation"] == json.loads((writer.index_dir / "state.json").read_text())["generation"]
    held = {name for d in assistant.store.documents.values() for name in d["files"]}
    assert {f"docs/{p.name}" for p in (reader.index_dir / "docs").iterdir()} == held  # older versions pruned
    assert check_index(reader) == []


def test_a_copy_that_meets_a_newer_commit_starts_again_from_it(
    chroma_server: str, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    writer = make_settings(small_corpus, tmp_path / "writer", chroma_url=chroma_server, index_name="city")
    assert sync_corpus(writer, embedder=embedder).ok
    reader = make_settings(tmp_path / "no-corpus", tmp_path / "reader", chroma_url=chroma_server, index_name="city")
    server = ServerIndex.open(reader)
    read_document = server.read_document
    ingested: list[str] = []

    def read_while_an_ingest_commits(digest: str):  # noqa: ANN202
        if not ingested:  # the first document the copy reads is removed by an ingest meanwhile
            (small_corpus / "action-plan.md").unlink()
            ingested.append(sync_corpus(writer, embedder=embedder).removed[0])
        return read_document(digest)

    server.read_document = read_while_an_ingest_commits

    assert mirror_server(reader, server=server)
    assert ingested == ["action-plan.md"]
    state = json.loads((reader.index_dir / "state.json").read_text())
    assert state["generation"] == server.head().generation
    assert set(state["documents"]) == {"pilot-report-2021.pdf", "welcome-guide.html"}
    assert check_index(reader) == []
