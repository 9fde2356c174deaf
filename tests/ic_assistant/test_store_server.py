"""Server mode: ingest into a real Chroma server on loopback (`chroma run`), read it back over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic_assistant.embeddings import Embedder
from ic_assistant.assistant import build_assistant
from ic_assistant.config import Settings
from ic_assistant.errors import ServerIndexMissingError, StoreError
from ic_assistant.integrity import check_index, chroma_ids
from ic_assistant.server_cache import mirror_server
from ic_assistant.server_sync import server_client, server_collection
from ic_assistant.store import IndexStore, collection_name
from ingest.sync import sync_corpus
from tests.conftest import make_settings

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_sync_writes_vectors_to_a_chroma_server(
    chroma_server: str, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = make_settings(small_corpus, tmp_path / "index", chroma_url=chroma_server)

    report = sync_corpus(settings, embedder=embedder)

    assert report.ok and len(report.added) == 3 and report.chunks > 0
    assert not (tmp_path / "index" / "chroma").exists()  # nothing embedded locally in server mode
    port = int(chroma_server.rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))
    store = IndexStore.open(settings)
    collection = client.get_collection(collection_name(settings, store.state))
    assert collection.count() == report.chunks
    assert set(collection.get(include=[])["ids"]) == store.live_ids()
    got = collection.get(ids=sorted(store.live_ids())[:3], include=["embeddings", "metadatas"])
    assert all(len(e) == embedder.dimension for e in got["embeddings"])
    assert {m["source"] for m in collection.get(include=["metadatas"])["metadatas"]} == set(report.added)

    # A second run against the server is a no-op, and a deletion reaches the server.
    assert sync_corpus(settings, embedder=embedder).embedded == 0
    (small_corpus / "action-plan.md").unlink()
    report = sync_corpus(settings, embedder=embedder)
    assert report.removed == ["action-plan.md"]
    assert collection.count() == report.chunks == len(IndexStore.open(settings).live_ids())


# --- one server, several indexes -----------------------------------------------------------

_SHARED = "# Shared guidance\n\nEvery partner city keeps a register of its public consultations.\n"
_CORPORA = {
    "a": {
        "shared.md": _SHARED,
        "rivers.md": "# River restoration\n\nThe river restoration plan replants willow along the northern bank. "
                     "Flood meadows store winter water and reduce the risk to homes downstream.\n",
    },
    "b": {
        "shared.md": _SHARED,
        "markets.md": "# Street markets\n\nThe street market licence costs forty pounds a year. "
                      "Traders pitch their stalls on the square every Saturday morning.\n",
    },
}


def _index(tmp_path: Path, name: str, server: str) -> Settings:
    corpus = tmp_path / f"corpus-{name}"
    corpus.mkdir()
    for file, text in _CORPORA[name].items():
        (corpus / file).write_text(text, encoding="utf-8")
    return make_settings(corpus, tmp_path / f"index-{name}", chroma_url=server, index_name=name)


def _counts(settings: Settings) -> dict[str, int]:
    """Records of each of the index's collections on the server."""
    client = server_client(settings)
    return {kind: client.get_collection(server_collection(settings.index_name, kind)).count()
            for kind in ("chunks", "units", "meta")}


def test_indexes_sharing_a_server_keep_their_own_vectors(
    chroma_server: str, tmp_path: Path, embedder: Embedder,
) -> None:
    a, b = _index(tmp_path, "a", chroma_server), _index(tmp_path, "b", chroma_server)
    assert sync_corpus(a, embedder=embedder).ok
    counts_a = _counts(a)
    question = "What does the river restoration plan replant?"
    answer_a = build_assistant(a, embedder=embedder).ask(question)
    assert not answer_a.refused

    # B ingests a corpus that holds one identical file (so the same chunk ids), drops it, then
    # starts again from nothing: none of it touches A.
    report_b = sync_corpus(b, embedder=embedder)
    assert report_b.ok and report_b.orphans_removed == 0 and sorted(report_b.added) == ["markets.md", "shared.md"]
    (b.corpus_dir / "shared.md").unlink()
    assert sync_corpus(b, embedder=embedder).removed == ["shared.md"]
    assert sync_corpus(b, embedder=embedder, rebuild=True).added == ["markets.md"]

    store_a, store_b = IndexStore.open(a), IndexStore.open(b)
    assert store_a.state["index_id"] != store_b.state["index_id"]
    assert collection_name(a, store_a.state) != collection_name(b, store_b.state)
    assert chroma_ids(store_a) == store_a.live_ids() and len(store_a.documents) == 2
    assert chroma_ids(store_b) == store_b.live_ids() and set(store_b.documents) == {"markets.md"}
    assert _counts(a) == counts_a
    assert check_index(a) == [] and check_index(b) == []
    assert sync_corpus(a, embedder=embedder).unchanged == ["rivers.md", "shared.md"]  # nothing to repair
    found = build_assistant(a, embedder=embedder).search("willow planted along the river bank", k=3, mode="dense")
    assert found and found[0].chunk.source == "rivers.md"
    assert {p.chunk.source for p in found} <= {"rivers.md", "shared.md"}
    # A read from another folder answers as before.
    elsewhere = a.with_overrides(index_dir=tmp_path / "elsewhere", corpus_dir=tmp_path / "no-corpus")
    again = build_assistant(elsewhere, embedder=embedder).ask(question)
    assert (again.text, again.citations) == (answer_a.text, answer_a.citations)

    # A's vectors deleted behind its back: its next ingest sees them missing and re-embeds
    # those documents.
    store_a.collection.delete(ids=store_a.documents["rivers.md"]["chunk_ids"])
    report = sync_corpus(a, embedder=embedder)
    assert report.ok and report.updated == ["rivers.md"] and "rivers.md" in report.repaired
    assert report.unchanged == ["shared.md"] and report.embedded > 0
    assert chroma_ids(IndexStore.open(a)) == IndexStore.open(a).live_ids()
    assert chroma_ids(IndexStore.open(b)) == store_b.live_ids()  # B untouched

    # A name the server does not hold is an error that names those it does.
    with pytest.raises(ServerIndexMissingError, match=r"no index named 'c'.*\(it holds a, b\)"):
        build_assistant(a.with_overrides(index_name="c", index_dir=tmp_path / "c"), embedder=embedder)
    assert sorted(c.name for c in server_client(a).list_collections()) == sorted(
        server_collection(name, kind) for name in "ab" for kind in ("chunks", "units", "meta"))  # a reader creates none


def test_an_index_the_server_lost_is_published_again_by_its_next_ingest(
    chroma_server: str, tmp_path: Path, embedder: Embedder,
) -> None:
    a = _index(tmp_path, "a", chroma_server)
    sync_corpus(a, embedder=embedder)
    client = server_client(a)
    for kind in ("chunks", "units", "meta"):  # a server restored from an old backup, or wiped
        client.delete_collection(server_collection("a", kind))

    report = sync_corpus(a, embedder=embedder)

    assert report.ok and sorted(report.repaired) == ["rivers.md", "shared.md"]
    store = IndexStore.open(a)
    assert chroma_ids(store) == store.live_ids() and check_index(a) == []
    elsewhere = a.with_overrides(index_dir=tmp_path / "elsewhere")
    found = build_assistant(elsewhere, embedder=embedder).search("willow along the northern bank", k=1)
    assert found[0].chunk.source == "rivers.md"


def test_an_ingest_does_not_commit_over_a_generation_it_has_not_seen(
    chroma_server: str, tmp_path: Path, embedder: Embedder,
) -> None:
    a = _index(tmp_path, "a", chroma_server)
    sync_corpus(a, embedder=embedder)
    stale = IndexStore.open(a)
    (a.corpus_dir / "rivers.md").unlink()
    sync_corpus(a.with_overrides(index_dir=tmp_path / "other-writer"), embedder=embedder)

    with pytest.raises(StoreError, match="committed by another ingest"):
        stale.remove_document("shared.md")
    reader = a.with_overrides(index_dir=tmp_path / "reader")
    assert mirror_server(reader) and set(IndexStore.open(reader).documents) == {"shared.md"}


def test_records_an_interrupted_publish_left_are_removed_by_the_next_ingest(
    chroma_server: str, tmp_path: Path, embedder: Embedder,
) -> None:
    a = _index(tmp_path, "a", chroma_server)
    sync_corpus(a, embedder=embedder)
    server = IndexStore.open(a).server
    meta_ids, unit_ids = set(server.meta.get(include=[])["ids"]), set(server.units.get(include=[])["ids"])
    # What a publish killed before its head leaves: a document version and a state nobody names.
    server.meta.upsert(ids=["doc:0badc0de:0", "state:0badc0de:0"], embeddings=[[1.0], [1.0]],
                       metadatas=[{"doc": "0badc0de", "part": 0, "parts": 1, "blob": "{}"}, {"blob": "{}"}])
    server.units.upsert(ids=["0badc0de:0"], embeddings=[[1.0]], metadatas=[{"doc": "0badc0de", "blob": ""}])
    assert check_index(a) == []  # leftovers harm no reader: nothing names them

    assert sync_corpus(a, embedder=embedder).unchanged == ["rivers.md", "shared.md"]

    head = server.head()
    assert set(server.meta.get(include=[])["ids"]) == {i for i in meta_ids if not i.startswith("state:")} | {
        f"state:{head.generation}:{n}" for n in range(head.parts)}
    assert set(server.units.get(include=[])["ids"]) == unit_ids
