"""Ingest while the app serves: clients keep asking through `gradio_client` while a changed
document is ingested into the index the app is serving. No request fails, and the new text is
answered from once the ingest has committed, without a restart."""

from __future__ import annotations

import threading
import time

import pytest

from ic_assistant import build_assistant
from ui.app import build_app
from ui.serve import launch

from .conftest import free_port

GUIDE = "welcome-guide.html"
OLD_QUESTION = "When do the housing advice sessions run?"  # answered from the document that changes
NEW_SENTENCE = "A winter coat bank opens at the Redland community hall every Saturday in December."
NEW_QUESTION = "Where does the winter coat bank open?"


def _add_sentence(corpus) -> None:  # noqa: ANN001
    guide = corpus / GUIDE
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("<h2>Learning English</h2>",
                                  f"<h2>Winter coats</h2>\n    <p>{NEW_SENTENCE}</p>\n    <h2>Learning English</h2>"),
                     encoding="utf-8")


@pytest.mark.slow
def test_a_client_asking_throughout_an_ingest_never_fails(small_settings, embedder) -> None:  # noqa: ANN001
    from gradio_client import Client

    from ingest.sync import sync_corpus

    assert sync_corpus(small_settings, embedder=embedder).ok
    assistant = build_assistant(small_settings, embedder=embedder)
    port = free_port()
    app = launch(build_app(assistant), "127.0.0.1", port, block=False, assistant=assistant)
    url = f"http://127.0.0.1:{port}/"
    stop, answers, failures = threading.Event(), [], []

    def keep_asking(n: int) -> None:
        client = Client(url, verbose=False)
        while not stop.is_set():
            question = (OLD_QUESTION, NEW_QUESTION)[n % 2]
            n += 1
            try:
                started = time.monotonic()
                data = client.predict(question=question, api_name="/ask")
                answers.append((time.monotonic(), question, data, started))
            except Exception as exc:  # noqa: BLE001 - every failure is the finding
                failures.append(f"{question}: {exc!r}")

    # Three clients, so that requests are in the app's hands throughout the (short) ingest.
    askers = [threading.Thread(target=keep_asking, args=(i,), daemon=True) for i in range(3)]
    try:
        for asker in askers:
            asker.start()
        deadline = time.monotonic() + 60
        while len(answers) < 6 and not failures and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(answers) >= 6, f"the app answered {len(answers)} questions before the ingest: {failures}"
        assert not any(NEW_SENTENCE in c["quote"] for _, _, d, _ in answers for c in d["citations"])

        _add_sentence(small_settings.corpus_dir)
        began = time.monotonic()
        report = sync_corpus(small_settings, embedder=embedder)
        committed = time.monotonic()
        assert report.updated == [GUIDE]

        # Keep asking after the commit until the new sentence is quoted (or a bounded wait is over).
        while time.monotonic() < committed + 30 and not failures:
            if any(started > committed and q == NEW_QUESTION
                   and any(NEW_SENTENCE in c["quote"] for c in d["citations"]) for _, q, d, started in answers):
                break
            time.sleep(0.1)
    finally:
        stop.set()
        for asker in askers:
            asker.join(timeout=60)
        app.close()

    # Requests in the app's hands while the ingest ran (asked before it committed, answered after
    # it began). Counting only those answered inside the window failed in CI when the small ingest
    # (0.5 s) was quicker than any one answer.
    asked_during = sum(1 for t, _, _, started in answers if started < committed and t > began)
    print(f"{len(answers)} answers, {asked_during} while the ingest ran ({report.seconds:.1f} s), "
          f"{len(failures)} failed")
    assert failures == []
    assert asked_during >= 1, "no request was in the app's hands while the ingest ran"
    # Asked after the commit: a request asked before it may be answered later, from the index it began
    # with (CI under load once saw such a refusal arrive last).
    after = [d for _, q, d, started in answers if started > committed and q == NEW_QUESTION]
    assert after and not after[-1]["refused"]
    assert any(NEW_SENTENCE in c["quote"] and c["source"] == GUIDE for c in after[-1]["citations"])
    # The document that changed is still cited for the old question, with no stale warning.
    old = [d for t, q, d, _ in answers if t > committed and q == OLD_QUESTION][-1]
    assert not old["refused"] and old["citations"][0]["source"] == GUIDE and old["warnings"] == []
