"""A running assistant follows the index: after a re-ingest in the same process, the same
`Assistant` answers from the new text, its page view works for new citations and fails only
with `PageGoneError` for old ones, and the stale-corpus warning is checked on every request."""

from __future__ import annotations

import pytest

from ic_assistant import Settings, build_assistant
from ic_assistant.errors import IndexFileMissingError, PageGoneError
from ic_assistant.store import IndexStore

QUESTION = "When do the housing advice sessions run?"
GUIDE = "welcome-guide.html"


def _quotes(answer) -> str:  # noqa: ANN001
    return " ".join(c.quote for c in answer.citations)


def _reschedule(settings: Settings) -> None:
    guide = settings.corpus_dir / GUIDE
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("every Tuesday morning at the central library",
                                  "every Thursday evening at the old town hall"), encoding="utf-8")


@pytest.fixture
def built(small_settings: Settings, embedder):  # noqa: ANN001, ANN201
    from ingest.sync import sync_corpus

    assert sync_corpus(small_settings, embedder=embedder).ok
    return build_assistant(small_settings, embedder=embedder)


def test_a_reingest_reaches_the_running_assistant(built, small_settings: Settings, embedder) -> None:  # noqa: ANN001
    from ingest.sync import sync_corpus

    assistant = built
    before = assistant.ask(QUESTION)
    assert not before.refused and "Tuesday morning" in _quotes(before)
    assert before.warnings == ()
    assert assistant.refresh() is False  # nothing changed: one stat, same parts
    generation = assistant.store.state["generation"]

    _reschedule(small_settings)
    stale = assistant.ask(QUESTION)
    assert len(stale.warnings) == 1 and GUIDE in stale.warnings[0]
    assert assistant.status().changed == (GUIDE,)

    assert sync_corpus(small_settings, embedder=embedder).updated == [GUIDE]
    after = assistant.ask(QUESTION)
    assert assistant.store.state["generation"] != generation
    assert not after.refused and "Thursday evening" in _quotes(after) and "Tuesday" not in _quotes(after)
    assert after.warnings == () and not assistant.status().stale
    for c in after.citations:
        assert assistant.page_text(c.source, c.page)[c.start : c.end] == c.quote

    # An old citation's page is either still there (same source, new text) or a clear error.
    for c in before.citations:
        try:
            assert isinstance(assistant.page_text(c.source, c.page), str)
        except PageGoneError as exc:
            assert c.source in str(exc)


def test_a_removed_document_is_a_clear_error_not_a_missing_file(
    built, small_settings: Settings, embedder  # noqa: ANN001
) -> None:
    from ingest.sync import sync_corpus

    assistant = built
    cited = assistant.ask(QUESTION).citations[0]
    assert cited.source == GUIDE
    (small_settings.corpus_dir / GUIDE).unlink()
    assert sync_corpus(small_settings, embedder=embedder).removed == [GUIDE]

    with pytest.raises(PageGoneError, match="no longer in the index"):
        assistant.page_text(cited.source, cited.page)
    assert GUIDE not in assistant.documents()
    assert all(c.source != GUIDE for c in assistant.ask(QUESTION).citations)


def test_a_pruned_document_file_is_its_own_store_error(built, small_settings: Settings) -> None:  # noqa: ANN001
    store = IndexStore.open(small_settings)
    entry = store.documents[GUIDE]
    (small_settings.index_dir / "docs" / f"{entry['content_hash']}.json").unlink()
    with pytest.raises(IndexFileMissingError, match="ingest --rebuild"):
        store.load_pages(GUIDE)
    # The assistant re-reads the state once, finds the same generation, and says so clearly.
    with pytest.raises(PageGoneError):
        built.page_text(GUIDE, None)
