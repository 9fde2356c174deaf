"""Ingest saves the answer lexicon with the state generation; the assistant loads it instead of
stemming every chunk at start-up, and builds it when the file is stale or damaged."""

from __future__ import annotations

from ic_assistant.config import Settings
from ic_assistant.lexicon_file import LEXICON_FILE, build_lexicon, load_lexicon
from ic_assistant.store import IndexStore
from ingest.sync import sync_corpus


def test_ingest_saves_the_lexicon_of_its_generation(small_settings: Settings, embedder) -> None:  # noqa: ANN001
    assert sync_corpus(small_settings, embedder=embedder).ok
    store = IndexStore.open(small_settings)
    path = small_settings.index_dir / LEXICON_FILE
    saved = load_lexicon(path, store.state["generation"])
    built = build_lexicon(store.load_chunks())
    assert saved is not None and vars(saved) == vars(built)
    assert load_lexicon(path, "another generation") is None

    assert sync_corpus(small_settings, embedder=embedder).embedded == 0  # unchanged: re-tagged, not rebuilt
    assert load_lexicon(path, IndexStore.open(small_settings).state["generation"]) is not None

    path.write_bytes(b"not a pickle")
    assert load_lexicon(path, store.state["generation"]) is None
