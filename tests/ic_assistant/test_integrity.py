"""`ic-assistant check` finds each kind of damage (one line per problem, exit 2) and `ingest`
re-derives what it finds from the sources, after which `check` passes (exit 0)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from ic_assistant import Settings
from ic_assistant.integrity import check_index
from ic_assistant.store import IndexStore

from tests.conftest import run_cli, truncate


def _doc_file(settings: Settings, source: str, suffix: str) -> Path:
    return settings.index_dir / "docs" / f"{IndexStore.open(settings).documents[source]['content_hash']}{suffix}"


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _drop_vectors(settings: Settings) -> None:
    store = IndexStore.open(settings)
    store.collection.delete(ids=store.documents["action-plan.md"]["chunk_ids"][:2])


def _add_orphan(settings: Settings) -> None:
    store = IndexStore.open(settings)
    store.collection.add(ids=["orphan-1"], embeddings=[[0.1] * 384], documents=["left over"],
                         metadatas=[{"source": "gone.md"}])


def _stale_bm25(settings: Settings) -> None:
    meta = settings.index_dir / "bm25" / "ic_meta.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**data, "generation": "older"}), encoding="utf-8")


DAMAGE: dict[str, tuple[Callable[[Settings], None], str, str]] = {
    # name: (how, what `check` names, what it says)
    "truncated page file": (lambda s: truncate(_doc_file(s, "pilot-report-2021.pdf", ".json")), "(pilot-report-2021.pdf)", "sha256 differs"),
    "missing page file": (lambda s: _doc_file(s, "welcome-guide.html", ".json").unlink(), "(welcome-guide.html)", "missing"),
    "corrupt sentence vectors": (lambda s: _flip_byte(_doc_file(s, "action-plan.md", ".npy")), "(action-plan.md)", "sha256 differs"),
    "missing vectors in Chroma": (_drop_vectors, "chroma (action-plan.md)", "2 of"),
    "orphan vectors in Chroma": (_add_orphan, "chroma", "1 vectors no document owns"),
    "missing BM25 file": (lambda s: next((s.index_dir / "bm25").glob("*.npy")).unlink(), "bm25/", "missing"),
    "damaged BM25 file": (lambda s: _flip_byte(next((s.index_dir / "bm25").glob("*.npy"))), "bm25/", "sha256 differs"),
    "stale BM25 generation": (_stale_bm25, "bm25", "sha256 differs"),
}


def test_a_healthy_index_passes(index: Settings, cli_app: typer.Typer) -> None:
    assert check_index(index) == []
    result = run_cli(cli_app, "check")
    assert result.exit_code == 0 and "healthy" in result.stdout


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_finds_the_damage_and_ingest_repairs_it(index: Settings, cli_app: typer.Typer, damage: str) -> None:
    how, part, reason = DAMAGE[damage]
    how(index)

    found = run_cli(cli_app, "check")

    assert found.exit_code == 2, found.output
    lines = found.stderr.strip().splitlines()
    assert "Traceback" not in found.output
    assert any(line.startswith("damaged: ") and part in line and reason in line for line in lines), lines
    assert "run `ic-assistant ingest`" in lines[-1]

    repaired = run_cli(cli_app, "ingest", "--json")
    assert repaired.exit_code == 0, repaired.output
    healed = run_cli(cli_app, "check", "--json")
    assert healed.exit_code == 0, healed.output
    assert json.loads(healed.stdout)["healthy"]
    search = run_cli(cli_app, "search", "Cardiff welcome service", "--json")
    assert search.exit_code == 0 and json.loads(search.stdout)


def test_ingest_re_embeds_only_the_damaged_document(index: Settings, embedder) -> None:  # noqa: ANN001
    from ingest.sync import sync_corpus

    truncate(_doc_file(index, "pilot-report-2021.pdf", ".json"))

    report = sync_corpus(index, embedder=embedder)

    assert report.ok and report.updated == ["pilot-report-2021.pdf"]
    assert set(report.repaired) == {"pilot-report-2021.pdf"} and "sha256 differs" in report.repaired["pilot-report-2021.pdf"]
    assert sorted(report.unchanged) == ["action-plan.md", "welcome-guide.html"]
    assert check_index(index) == []


def test_state_records_a_checksum_of_every_file_it_commits(index: Settings) -> None:
    state = json.loads((index.index_dir / "state.json").read_text(encoding="utf-8"))
    recorded = set(state["bm25_files"]) | {f for d in state["documents"].values() for f in d["files"]}
    on_disk = {p.relative_to(index.index_dir).as_posix() for folder in ("docs", "bm25")
               for p in (index.index_dir / folder).glob("*")}
    assert recorded == on_disk


def test_check_on_a_damaged_state_is_one_line(index: Settings, cli_app: typer.Typer) -> None:
    truncate(index.index_dir / "state.json")
    result = run_cli(cli_app, "check")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "state.json" in result.stderr and "ingest --rebuild" in result.stderr


def test_check_notes_a_running_ingest(index: Settings, cli_app: typer.Typer) -> None:
    from ic_assistant.index_lock import index_lock

    with index_lock(index.index_dir, 0) as holder:
        result = run_cli(cli_app, "check")
    assert result.exit_code == 0
    assert f"note: an ingest is writing this index ({holder.describe()})" in result.stderr
    assert "note:" not in run_cli(cli_app, "check").stderr
