"""Incremental sync into a real embedded Chroma: metadata, idempotence, updates, deletes, failures.

Every test here embeds with the real bundled model (one instance per session), so they are all
marked slow. Small corpora are built in tmp_path; the real corpus is ingested once per session.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import pytest

from ic_assistant.config import Settings
from ic_assistant.corpus_state import changed_sources, corpus_fingerprint
from ic_assistant.embeddings import Embedder
from ic_assistant.errors import ConfigError
from ic_assistant.integrity import table_problems
from ic_assistant.lexical import BM25Index
from ic_assistant.store import IndexStore, city_key
from ic_assistant.tables import open_tables
from ingest.sync import IngestReport, sync_corpus
from tests.conftest import (
    EmbedderLoad,
    NetworkGuard,
    RealIndex,
    HTML_BOILERPLATE,
    MANIFEST_HEADER,
    PDF_PAGES,
    PDF_TITLE,
    REAL_CORPUS,
    REAL_PDF,
    make_settings,
    write_blank_pdf,
    write_corrupt_pdf,
    write_pdf,
)

pytestmark = pytest.mark.slow

SMALL_SOURCES = ["action-plan.md", "pilot-report-2021.pdf", "welcome-guide.html"]
REAL_SOURCES = sorted(p.name for p in REAL_CORPUS.iterdir() if p.name not in ("manifest.csv", "programme.toml"))


# --- helpers -------------------------------------------------------------------------------


def chroma_ids(settings: Settings) -> list[str]:
    return IndexStore.open(settings).collection.get(include=[])["ids"]


def chroma_metadata(settings: Settings, ids: list[str]) -> dict[str, dict]:
    got = IndexStore.open(settings).collection.get(ids=ids, include=["metadatas", "documents"])
    return {i: {**m, "_text": d} for i, m, d in zip(got["ids"], got["metadatas"], got["documents"])}


def bm25_ids(settings: Settings) -> list[str]:
    index = BM25Index.load(settings.index_dir / "bm25")
    assert index is not None, "no BM25 index saved"
    return index.ids


def read_state(settings: Settings) -> dict:
    return json.loads((settings.index_dir / "state.json").read_text(encoding="utf-8"))


def ids_by_source(settings: Settings) -> dict[str, list[str]]:
    return {source: doc["chunk_ids"] for source, doc in read_state(settings)["documents"].items()}


def assert_consistent(settings: Settings) -> set[str]:
    """Chroma, BM25 and the state hold exactly the same chunks, each once."""
    store = IndexStore.open(settings)
    live = store.live_ids()
    stored = store.collection.get(include=[])["ids"]
    assert len(stored) == len(set(stored)) == store.collection.count()
    assert set(stored) == live
    listed = [cid for doc in store.documents.values() for cid in doc["chunk_ids"]]
    assert len(listed) == len(live)
    assert sorted(bm25_ids(settings)) == sorted(live)
    assert BM25Index.load(settings.index_dir / "bm25").generation == store.state["generation"]
    # The generation's tables open (a reader falls back, slowly, to the documents' files if not).
    assert table_problems(store) == []
    assert open_tables(settings.index_dir, store.state["generation"], settings.retrieval) is not None
    for source, doc in store.documents.items():
        assert [c.id for c in store.load_chunks() if c.source == source] == doc["chunk_ids"]
    return live


# --- the real corpus -----------------------------------------------------------------------


def test_real_corpus_is_ingested_whole(real_index: RealIndex) -> None:
    report: IngestReport = real_index.report
    assert report.ok, report.errors
    assert report.added == REAL_SOURCES
    assert report.updated == report.removed == report.unchanged == [] and report.skipped == {}
    live = assert_consistent(real_index.settings)
    assert report.chunks == report.embedded == len(live) > 0
    assert read_state(real_index.settings)["fingerprint"] == corpus_fingerprint(REAL_CORPUS)


def test_real_corpus_metadata_comes_from_the_manifest(
    real_index: RealIndex, real_manifest: dict[str, dict[str, str]],
) -> None:
    store = IndexStore.open(real_index.settings)
    for source, row in real_manifest.items():
        entry = store.documents[source]
        assert (entry["title"], entry["doc_type"], entry["year"]) == (row["title"], row["doc_type"], int(row["year"]))
        assert (entry["publisher"], entry["url"]) == (row["publisher"], row["url"])

    pdf_row = real_manifest[REAL_PDF]
    assert store.documents[REAL_PDF]["pages"] == 14
    pdf_chunks = [c for c in store.load_chunks() if c.source == REAL_PDF]
    assert {(c.title, c.doc_type, c.year) for c in pdf_chunks} == {
        (pdf_row["title"], pdf_row["doc_type"], int(pdf_row["year"]))
    }
    meta = chroma_metadata(real_index.settings, [c.id for c in pdf_chunks])
    for c in pdf_chunks:
        m = meta[c.id]
        assert (m["title"], m["doc_type"], m["year"], m["page"]) == (c.title, c.doc_type, c.year, c.page)
        assert (m["source"], m["section"], m["start"], m["end"], m["_text"]) == (
            REAL_PDF,
            c.section,
            c.start,
            c.end,
            c.text,
        )


@pytest.mark.parametrize(("name", "city"), [("Cardiff", "Cardiff"), ("Newry", "Newry, Mourne & Down")])
def test_real_corpus_chunks_record_programme_cities(real_index: RealIndex, name: str, city: str) -> None:
    store = IndexStore.open(real_index.settings)
    chunks = store.load_chunks()
    mentioning = {c.id for c in chunks if name in c.text}
    assert mentioning, f"no chunk of the real corpus mentions {name}"
    tagged = {c.id for c in chunks if city in c.cities}
    assert mentioning == tagged
    # The same cities are filterable in Chroma.
    in_chroma = store.collection.get(where={city_key(city): True}, include=["metadatas"])
    assert set(in_chroma["ids"]) == tagged
    assert all(city in m["cities"] for m in in_chroma["metadatas"])


def test_real_corpus_reingest_embeds_nothing(real_index: RealIndex, embedder: Embedder) -> None:
    settings = real_index.settings
    before_ids, before_docs = sorted(chroma_ids(settings)), ids_by_source(settings)

    report = sync_corpus(settings, embedder=embedder)

    assert report.embedded == 0
    assert report.unchanged == REAL_SOURCES
    assert report.added == report.updated == report.removed == [] and report.ok
    assert sorted(chroma_ids(settings)) == before_ids
    assert ids_by_source(settings) == before_docs
    assert report.chunks == len(before_ids)
    assert_consistent(settings)


# --- metadata and content of a small corpus ------------------------------------------------


def test_metadata_from_the_manifest_or_else_from_the_file(small_settings: Settings, embedder: Embedder) -> None:
    report = sync_corpus(small_settings, embedder=embedder)
    assert report.added == SMALL_SOURCES and report.ok

    docs = read_state(small_settings)["documents"]
    md, pdf, html = (docs[s] for s in SMALL_SOURCES)
    assert (md["title"], md["doc_type"], md["year"], md["publisher"]) == (
        "Birmingham Action Plan (manifest title)",
        "action plan",
        2022,
        "Test Council",
    )
    assert (pdf["title"], pdf["doc_type"], pdf["year"], pdf["authors"], pdf["pages"]) == (
        PDF_TITLE,
        "PDF document",
        2021,
        "A. Tester",
        3,
    )
    assert (html["title"], html["doc_type"], html["year"]) == ("Welcome Guide for New Arrivals", "web page", None)
    for chunk in IndexStore.open(small_settings).load_chunks():
        assert chunk.title == docs[chunk.source]["title"]


def test_html_boilerplate_never_reaches_the_index(small_settings: Settings, embedder: Embedder) -> None:
    sync_corpus(small_settings, embedder=embedder)
    store = IndexStore.open(small_settings)
    html = [c for c in store.load_chunks() if c.source == "welcome-guide.html"]

    assert [c.section for c in html] == ["Welcome guide", "Housing support", "Learning English"]
    assert all(c.text.startswith(c.section) for c in html)
    stored = store.collection.get(include=["documents", "metadatas"])
    for text in [c.text for c in store.load_chunks()] + stored["documents"]:
        for marker in HTML_BOILERPLATE:
            assert marker not in text
    sections = {m["section"] for m in stored["metadatas"] if m["source"] == "welcome-guide.html"}
    assert sections == {"Welcome guide", "Housing support", "Learning English"}


def test_markdown_headings_and_pdf_pages_reach_chroma(small_settings: Settings, embedder: Embedder) -> None:
    sync_corpus(small_settings, embedder=embedder)
    store = IndexStore.open(small_settings)
    stored = store.collection.get(include=["documents", "metadatas"])
    meta = [(m, d) for m, d in zip(stored["metadatas"], stored["documents"])]

    md_sections = [m["section"] for m, _ in meta if m["source"] == "action-plan.md"]
    assert set(md_sections) == {"Birmingham Action Plan", "Priorities", "Partners"}
    assert all("page" not in m for m, _ in meta if m["source"] != "pilot-report-2021.pdf")

    cardiff = [m for m, d in meta if "The Cardiff pilot tested" in d]
    assert cardiff and all(m["page"] == 2 and m[city_key("Cardiff")] is True for m in cardiff)
    assert all(m[city_key("Newry, Mourne & Down")] is True for m, d in meta if "Newry" in d)
    assert {m["page"] for m, _ in meta if m["source"] == "pilot-report-2021.pdf"} == {1, 2, 3}


# --- updates, deletes, rebuilds ------------------------------------------------------------


def test_editing_one_file_replaces_only_that_documents_chunks(small_settings: Settings, embedder: Embedder) -> None:
    sync_corpus(small_settings, embedder=embedder)
    before = ids_by_source(small_settings)
    guide = small_settings.corpus_dir / "welcome-guide.html"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("recently\n       arrived in Bristol", "recently arrived in Cardiff"),
        encoding="utf-8",
    )

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.updated == ["welcome-guide.html"]
    assert report.unchanged == ["action-plan.md", "pilot-report-2021.pdf"]
    after = ids_by_source(small_settings)
    assert report.embedded == len(after["welcome-guide.html"])
    assert after["action-plan.md"] == before["action-plan.md"]
    assert after["pilot-report-2021.pdf"] == before["pilot-report-2021.pdf"]
    assert after["welcome-guide.html"] != before["welcome-guide.html"]
    stale = set(before["welcome-guide.html"]) - set(after["welcome-guide.html"])
    assert stale and not stale & set(chroma_ids(small_settings))
    assert_consistent(small_settings)
    cities = {c.id: c.cities for c in IndexStore.open(small_settings).load_chunks()}
    assert "Cardiff" in cities[after["welcome-guide.html"][0]]


def test_deleting_a_file_removes_it_from_chroma_bm25_and_the_state(
    small_settings: Settings, embedder: Embedder,
) -> None:
    sync_corpus(small_settings, embedder=embedder)
    gone = ids_by_source(small_settings)["pilot-report-2021.pdf"]
    content_hash = read_state(small_settings)["documents"]["pilot-report-2021.pdf"]["content_hash"]
    doc_file = small_settings.index_dir / "docs" / f"{content_hash}.json"
    assert doc_file.exists()
    (small_settings.corpus_dir / "pilot-report-2021.pdf").unlink()

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.removed == ["pilot-report-2021.pdf"]
    assert report.embedded == 0
    assert "pilot-report-2021.pdf" not in read_state(small_settings)["documents"]
    assert not set(gone) & set(chroma_ids(small_settings))
    assert not set(gone) & set(bm25_ids(small_settings))
    assert not doc_file.exists()
    live = assert_consistent(small_settings)
    assert report.chunks == len(live)


def test_rebuild_embeds_everything_again(small_settings: Settings, embedder: Embedder) -> None:
    first = sync_corpus(small_settings, embedder=embedder)
    ids = sorted(chroma_ids(small_settings))

    report = sync_corpus(small_settings, rebuild=True, embedder=embedder)

    assert report.added == SMALL_SOURCES
    assert report.embedded == report.chunks == first.chunks
    assert sorted(chroma_ids(small_settings)) == ids  # ids are content hashes: same text, same ids
    assert_consistent(small_settings)


def test_changing_a_manifest_row_updates_that_document_only(small_settings: Settings, embedder: Embedder) -> None:
    sync_corpus(small_settings, embedder=embedder)
    (small_settings.corpus_dir / "manifest.csv").write_text(
        MANIFEST_HEADER + "action-plan.md,Birmingham Plan (new title),action plan,Test Council,2023,,\n",
        encoding="utf-8",
    )

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.updated == ["action-plan.md"]
    assert report.unchanged == ["pilot-report-2021.pdf", "welcome-guide.html"]
    ids = ids_by_source(small_settings)["action-plan.md"]
    meta = chroma_metadata(small_settings, ids)
    assert {(m["title"], m["year"]) for m in meta.values()} == {("Birmingham Plan (new title)", 2023)}
    assert_consistent(small_settings)


def test_corpus_fingerprint_is_recorded_and_tracks_edits(small_settings: Settings, embedder: Embedder) -> None:
    corpus = small_settings.corpus_dir
    sync_corpus(small_settings, embedder=embedder)
    recorded = read_state(small_settings)["fingerprint"]
    assert recorded == corpus_fingerprint(corpus)
    assert set(recorded) == {*SMALL_SOURCES, "manifest.csv", "programme.toml"}

    md = corpus / "action-plan.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nA closing sentence was added.\n", encoding="utf-8")
    assert corpus_fingerprint(corpus) != recorded
    assert changed_sources(recorded, corpus_fingerprint(corpus)) == ("action-plan.md",)

    sync_corpus(small_settings, embedder=embedder)
    assert read_state(small_settings)["fingerprint"] == corpus_fingerprint(corpus)


def test_missing_corpus_folder_is_a_config_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "nowhere", tmp_path / "index")
    with pytest.raises(ConfigError, match="does not exist"):
        sync_corpus(settings)
    assert not (tmp_path / "index" / "state.json").exists()


# --- files that fail -----------------------------------------------------------------------


def test_bad_files_are_reported_and_good_files_ingested(small_settings: Settings, embedder: Embedder) -> None:
    corpus = small_settings.corpus_dir
    write_corrupt_pdf(corpus / "broken.pdf", corpus / "pilot-report-2021.pdf")
    write_pdf(corpus / "locked.pdf", PDF_PAGES, user_password="secret")
    (corpus / "empty.pdf").write_bytes(b"")
    write_blank_pdf(corpus / "scan.pdf")
    (corpus / "notes-latin1.txt").write_bytes("Caf\xe9 culture in Cardiff.\n".encode("latin-1"))
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04 not a document we read")
    (corpus / "minutes.docx").write_bytes(b"PK\x03\x04 cut off")

    report = sync_corpus(small_settings, embedder=embedder)

    assert not report.ok
    assert sorted(report.errors) == ["broken.pdf", "empty.pdf", "locked.pdf", "minutes.docx", "notes-latin1.txt", "scan.pdf"]
    assert "corrupt" in report.errors["broken.pdf"]
    assert "encrypted" in report.errors["locked.pdf"]
    assert "not a Word .docx file" in report.errors["minutes.docx"]
    assert "empty" in report.errors["empty.pdf"]
    assert "no extractable text" in report.errors["scan.pdf"]
    assert "UTF-8" in report.errors["notes-latin1.txt"]
    assert report.skipped == {"slides.pptx": "unknown file type"}
    assert report.added == SMALL_SOURCES
    assert set(read_state(small_settings)["documents"]) == set(SMALL_SOURCES)
    sources = {m["source"] for m in IndexStore.open(small_settings).collection.get(include=["metadatas"])["metadatas"]}
    assert sources == set(SMALL_SOURCES)
    assert_consistent(small_settings)


def test_a_good_file_that_turns_corrupt_keeps_its_previous_version(
    small_settings: Settings, embedder: Embedder,
) -> None:
    pdf = small_settings.corpus_dir / "pilot-report-2021.pdf"
    original = pdf.read_bytes()
    sync_corpus(small_settings, embedder=embedder)
    before_state = read_state(small_settings)["documents"]["pilot-report-2021.pdf"]
    before_pages = IndexStore.open(small_settings).load_pages("pilot-report-2021.pdf")
    pdf.write_bytes(original[: len(original) // 3])

    report = sync_corpus(small_settings, embedder=embedder)

    assert list(report.errors) == ["pilot-report-2021.pdf"] and "corrupt" in report.errors["pilot-report-2021.pdf"]
    assert report.removed == [] and report.embedded == 0
    store = IndexStore.open(small_settings)
    after_state = store.documents["pilot-report-2021.pdf"]
    assert after_state["chunk_ids"] == before_state["chunk_ids"]
    assert after_state["content_hash"] == before_state["content_hash"]
    assert store.load_pages("pilot-report-2021.pdf") == before_pages
    assert set(before_state["chunk_ids"]) <= set(chroma_ids(small_settings))
    assert set(before_state["chunk_ids"]) <= set(bm25_ids(small_settings))
    assert_consistent(small_settings)

    pdf.write_bytes(original)  # repaired: the indexed version is current again
    report = sync_corpus(small_settings, embedder=embedder)
    assert report.ok and report.embedded == 0 and "pilot-report-2021.pdf" in report.unchanged


# --- interrupted writes --------------------------------------------------------------------


def _interrupt_commit(monkeypatch: pytest.MonkeyPatch, on_call: int) -> dict[str, int]:
    """Make the `on_call`-th IndexStore.commit raise KeyboardInterrupt (a crash before the state is written)."""
    real_commit = IndexStore.commit
    calls = {"n": 0, "upserts_before_crash": 0}

    def commit(self: IndexStore, **extra: object) -> None:
        calls["n"] += 1
        if calls["n"] == on_call:
            calls["upserts_before_crash"] = self.collection.count()
            raise KeyboardInterrupt
        real_commit(self, **extra)

    monkeypatch.setattr(IndexStore, "commit", commit)
    return calls


def test_a_crash_before_a_batch_commit_leaves_none_of_its_documents(
    small_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_commit = IndexStore.commit
    calls = _interrupt_commit(monkeypatch, on_call=1)  # all three documents are one batch
    with pytest.raises(KeyboardInterrupt):
        sync_corpus(small_settings, embedder=embedder)
    monkeypatch.setattr(IndexStore, "commit", real_commit)
    assert calls["upserts_before_crash"] > 0
    assert not (small_settings.index_dir / "state.json").exists()

    report = sync_corpus(small_settings, embedder=embedder)
    assert report.orphans_removed == calls["upserts_before_crash"]
    assert report.added == ["action-plan.md", "pilot-report-2021.pdf", "welcome-guide.html"]
    assert assert_consistent(small_settings) == set(chroma_ids(small_settings))


def test_a_crash_mid_ingest_leaves_only_whole_documents(
    small_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_commit = IndexStore.commit
    # One document per batch, written in name order: the second commit is the PDF's, after its
    # vectors were upserted.
    one_by_one = small_settings.model_copy(update={"ingest": small_settings.ingest.model_copy(update={"batch_documents": 1})})
    calls = _interrupt_commit(monkeypatch, on_call=2)
    with pytest.raises(KeyboardInterrupt):
        sync_corpus(one_by_one, embedder=embedder)
    monkeypatch.setattr(IndexStore, "commit", real_commit)

    reader = IndexStore.open(small_settings)
    assert list(reader.documents) == ["action-plan.md"]
    assert reader.live_ids() == set(reader.documents["action-plan.md"]["chunk_ids"])
    assert [c.source for c in reader.load_chunks()] == ["action-plan.md"] * len(reader.live_ids())
    stored = set(reader.collection.get(include=[])["ids"])
    orphans = stored - reader.live_ids()
    assert orphans, "the PDF's vectors should have been upserted before the failed commit"
    assert calls["upserts_before_crash"] == len(stored)

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.orphans_removed == len(orphans) > 0
    assert report.unchanged == ["action-plan.md"]
    assert report.added == ["pilot-report-2021.pdf", "welcome-guide.html"]
    assert assert_consistent(small_settings) == set(chroma_ids(small_settings))


def test_a_crash_while_updating_keeps_the_old_version_readable(
    small_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sync_corpus(small_settings, embedder=embedder)
    old = read_state(small_settings)["documents"]["welcome-guide.html"]
    old_pages = IndexStore.open(small_settings).load_pages("welcome-guide.html")
    guide = small_settings.corpus_dir / "welcome-guide.html"
    edited = guide.read_text(encoding="utf-8").replace("Welcome guide", "Welcome guide (2024 edition)")
    guide.write_text(edited, encoding="utf-8")
    real_commit = IndexStore.commit
    _interrupt_commit(monkeypatch, on_call=1)
    with pytest.raises(KeyboardInterrupt):
        sync_corpus(small_settings, embedder=embedder)
    monkeypatch.setattr(IndexStore, "commit", real_commit)

    reader = IndexStore.open(small_settings)
    assert reader.documents["welcome-guide.html"]["chunk_ids"] == old["chunk_ids"]
    assert reader.load_pages("welcome-guide.html") == old_pages
    assert "2024 edition" not in " ".join(c.text for c in reader.load_chunks())
    orphans = set(reader.collection.get(include=[])["ids"]) - reader.live_ids()
    assert orphans
    # Nothing was committed, so the saved BM25 index still matches the state it was built from.
    assert sorted(bm25_ids(small_settings)) == sorted(reader.live_ids())
    assert BM25Index.load(small_settings.index_dir / "bm25").generation == reader.state["generation"]

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.orphans_removed == len(orphans)
    assert report.updated == ["welcome-guide.html"]
    assert_consistent(small_settings)
    guide_chunks = [c for c in IndexStore.open(small_settings).load_chunks() if c.source == "welcome-guide.html"]
    assert guide_chunks[0].section == "Welcome guide (2024 edition)"


# --- offline -------------------------------------------------------------------------------


def test_model_loading_and_a_full_sync_never_touch_the_network(
    small_settings: Settings, embedder_load: EmbedderLoad, network_guard: NetworkGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert embedder_load.network_attempts == []
    assert embedder_load.hf_hub_offline == "1"
    assert os.environ["HF_HUB_OFFLINE"] == "1"

    # The guard really blocks: a connection to a documentation address (TEST-NET-1) is refused.
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)
    assert network_guard.attempts
    network_guard.attempts.clear()

    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ANONYMIZED_TELEMETRY"):
        monkeypatch.delenv(key, raising=False)
    report = sync_corpus(small_settings, embedder=embedder_load.embedder)

    assert report.ok and report.added == SMALL_SOURCES and report.embedded > 0
    assert network_guard.attempts == []
    assert os.environ["HF_HUB_OFFLINE"] == "1"  # opening the store switches the hub off again
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"


def test_sync_copes_with_a_corpus_in_a_subfolder_tree(tmp_path: Path, embedder: Embedder) -> None:
    corpus = tmp_path / "corpus"
    write_pdf(corpus / "reports" / "pilot.pdf", PDF_PAGES)
    (corpus / ".hidden").mkdir()
    shutil.copy2(corpus / "reports" / "pilot.pdf", corpus / ".hidden" / "copy.pdf")
    settings = make_settings(corpus, tmp_path / "index")

    report = sync_corpus(settings, embedder=embedder)

    assert report.added == ["reports/pilot.pdf"] and report.ok
    assert {c.source for c in IndexStore.open(settings).load_chunks()} == {"reports/pilot.pdf"}


def test_changed_chunking_settings_reprocess_every_document(small_settings: Settings, embedder: Embedder) -> None:
    sync_corpus(small_settings, embedder=embedder)
    smaller = small_settings.model_copy(
        update={"chunking": small_settings.chunking.model_copy(update={"target_tokens": 40, "max_tokens": 60})}
    )

    report = sync_corpus(smaller, embedder=embedder)

    assert report.updated == SMALL_SOURCES and report.unchanged == []
    assert report.embedded == report.chunks
    assert_consistent(smaller)


def test_a_renamed_file_is_removed_under_its_old_name_and_added_under_the_new(
    small_settings: Settings, embedder: Embedder,
) -> None:
    sync_corpus(small_settings, embedder=embedder)
    old = ids_by_source(small_settings)["welcome-guide.html"]
    corpus = small_settings.corpus_dir
    (corpus / "welcome-guide.html").rename(corpus / "welcome-guide-2024.html")

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.removed == ["welcome-guide.html"] and report.added == ["welcome-guide-2024.html"]
    assert not set(old) & set(chroma_ids(small_settings))
    assert_consistent(small_settings)


# --- regressions: bugs this suite found (fixed since) -------------------------------------


def test_two_identical_files_are_both_indexed(small_settings: Settings, embedder: Embedder) -> None:
    """Regression: identical bytes under two names once shared one docs/<content_hash>.json file."""
    corpus = small_settings.corpus_dir
    shutil.copy2(corpus / "welcome-guide.html", corpus / "welcome-guide-copy.html")

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.ok and "welcome-guide-copy.html" in report.added
    chunks = IndexStore.open(small_settings).load_chunks()
    assert {c.source for c in chunks} == {*SMALL_SOURCES, "welcome-guide-copy.html"}
    assert_consistent(small_settings)


def test_a_bad_manifest_row_leaves_indexed_metadata_alone(small_settings: Settings, embedder: Embedder) -> None:
    """Regression: a bad manifest row once re-embedded every document with metadata guessed from the file;
    now the row alone is skipped, with a warning, and its document keeps the metadata it has."""
    sync_corpus(small_settings, embedder=embedder)
    before = read_state(small_settings)["documents"]["action-plan.md"]
    (small_settings.corpus_dir / "manifest.csv").write_text(
        MANIFEST_HEADER + "action-plan.md,Birmingham Action Plan (manifest title),action plan,Test Council,2022?,,\n",
        encoding="utf-8",
    )

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.ok and len(report.warnings) == 1
    assert "line 2 (action-plan.md): year '2022?' is not a number" in report.warnings[0]
    after = read_state(small_settings)["documents"]["action-plan.md"]
    assert (after["title"], after["doc_type"], after["year"]) == (before["title"], before["doc_type"], before["year"])
    assert report.embedded == 0


def test_a_bad_manifest_row_on_a_first_ingest_keeps_the_other_rows(small_settings: Settings, embedder: Embedder) -> None:
    (small_settings.corpus_dir / "manifest.csv").write_text(
        MANIFEST_HEADER
        + "action-plan.md,Birmingham Action Plan (manifest title),action plan,Test Council,2022,,\n"
        + "welcome-guide.html,Guide,web page,Test Council,in 2020,,\n",
        encoding="utf-8",
    )

    report = sync_corpus(small_settings, embedder=embedder)

    assert report.ok and sorted(report.added) == SMALL_SOURCES
    assert report.warnings == [
        "manifest.csv line 3 (welcome-guide.html): year 'in 2020' is not a number; row skipped, so the document "
        "takes its metadata from the file (fix the year and ingest again)"
    ]
    documents = read_state(small_settings)["documents"]
    assert documents["action-plan.md"]["title"] == "Birmingham Action Plan (manifest title)"
    assert documents["welcome-guide.html"]["title"] == "Welcome Guide for New Arrivals"  # from its <title>


def test_a_failed_file_keeps_the_index_marked_stale(small_settings, embedder) -> None:  # noqa: ANN001
    """The recorded corpus state is what the index holds: a file that fails to re-ingest still
    counts as changed, so the assistant keeps warning until it is fixed."""
    from ic_assistant.corpus_state import changed_sources, corpus_fingerprint
    from ic_assistant.store import IndexStore
    from ingest.sync import sync_corpus

    sync_corpus(small_settings, embedder=embedder)
    pdf = small_settings.corpus_dir / "pilot-report-2021.pdf"
    pdf.write_bytes(pdf.read_bytes()[:200])  # now corrupt
    report = sync_corpus(small_settings, embedder=embedder)
    assert "pilot-report-2021.pdf" in report.errors
    recorded = IndexStore.open(small_settings).state["fingerprint"]
    assert changed_sources(recorded, corpus_fingerprint(small_settings.corpus_dir)) == ("pilot-report-2021.pdf",)
