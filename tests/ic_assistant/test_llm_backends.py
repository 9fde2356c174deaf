"""LLM backends, offline: LangChain's fake chat model, and a tiny OpenAI-compatible (and Ollama)
HTTP server on loopback. Whatever the model says, the verifier decides what is shown."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from ic_assistant import REFUSAL, Assistant
from ic_assistant.backends import make_backend
from ic_assistant.errors import BackendError
from ic_assistant.llm import ChatBackend

QUESTION = "Who funded the Inclusive Cities programme?"


def _with(assistant: Assistant, backend) -> Assistant:  # noqa: ANN001
    return Assistant(assistant.settings, assistant.store, assistant.retriever, backend, assistant.lexicon)


def _numbers(assistant: Assistant, question: str) -> tuple[int, int]:
    """1-based numbers of the passage that names the funding fund and of one that does not."""
    passages = assistant.retriever.retrieve(question).passages
    funder = next(n for n, p in enumerate(passages, 1) if "Shared Ground Fund" in p.chunk.text)
    other = next(n for n, p in enumerate(passages, 1) if "Paul Hamlyn" not in p.chunk.text)
    return funder, other


def test_fake_chat_model_answer_is_verified(assistant: Assistant) -> None:
    funder, other = _numbers(assistant, QUESTION)
    reply = (
        f"Inclusive Cities was funded by Paul Hamlyn Foundation's Shared Ground Fund [{funder}]. "
        f"It was funded by Paul Hamlyn Foundation's Shared Ground Fund [{other}]. "  # wrong passage
        "The funding was ten million pounds a year [42]."  # invented citation number
    )
    answer = _with(assistant, ChatBackend("fake", FakeListChatModel(responses=[reply]), assistant.settings.answer)).ask(
        QUESTION, explain=True
    )
    assert not answer.refused
    assert answer.text == "Inclusive Cities was funded by Paul Hamlyn Foundation's Shared Ground Fund [1]."
    (citation,) = answer.citations
    assert "Paul Hamlyn Foundation" in citation.quote
    page_text = assistant.page_text(citation.source, citation.page)
    assert page_text[citation.start : citation.end] == citation.quote
    reasons = {d["reason"] for d in answer.explanation["dropped_sentences"]}
    assert f"passage [{other}] does not support it" in reasons
    assert "cites [42], which is not a retrieved passage" in reasons


def test_model_refusal_becomes_our_refusal(assistant: Assistant) -> None:
    model = FakeListChatModel(responses=[REFUSAL])
    answer = _with(assistant, ChatBackend("fake", model, assistant.settings.answer)).ask("What is the capital of Peru?")
    assert answer.refused and answer.text == REFUSAL and not answer.citations
    assert answer.suggestions  # nearest documents are offered


def test_answer_with_no_supported_sentence_is_refused(assistant: Assistant) -> None:
    model = FakeListChatModel(responses=["The programme was run by the United Nations [1]."])
    answer = _with(assistant, ChatBackend("fake", model, assistant.settings.answer)).ask(QUESTION)
    assert answer.refused and answer.text == REFUSAL


def test_llm_condenses_follow_ups(assistant: Assistant) -> None:
    model = FakeListChatModel(responses=["Which council department hosts the project in Liverpool?", REFUSAL])
    backend = ChatBackend("fake", model, assistant.settings.answer)
    answer = _with(assistant, backend).ask(
        "And in Liverpool?", ["Which council department hosts the project in Cardiff?"], explain=True
    )
    assert answer.explanation["standalone_question"] == "Which council department hosts the project in Liverpool?"


class _Server:
    """Answers /v1/chat/completions (OpenAI) and /api/chat (Ollama) with `self.reply`."""

    def __init__(self) -> None:
        self.reply = ""
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body})
                if self.path.endswith("/chat/completions"):
                    payload = {
                        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body["model"],
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": server.reply}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                    data, kind = json.dumps(payload).encode(), "application/json"
                elif self.path == "/api/chat":
                    payload = {"model": body["model"], "created_at": "2026-01-01T00:00:00Z",
                               "message": {"role": "assistant", "content": server.reply},
                               "done": True, "done_reason": "stop"}
                    data, kind = (json.dumps(payload) + "\n").encode(), "application/x-ndjson"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def llm_server() -> Iterator[_Server]:
    server = _Server()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_backends_over_http_on_loopback(assistant: Assistant, llm_server: _Server, backend: str) -> None:
    funder, _ = _numbers(assistant, QUESTION)
    llm_server.reply = f"It was funded by Paul Hamlyn Foundation's Shared Ground Fund [{funder}]."
    base = f"{llm_server.url}/v1" if backend == "openai" else llm_server.url
    answer_settings = assistant.settings.answer.model_copy(
        update={"backend": backend, "llm_base_url": base, "llm_model": "test-model"}
    )
    settings = assistant.settings.with_overrides(answer=answer_settings)
    chat = make_backend(settings, assistant.retriever.embedder, assistant.lexicon)
    answer = _with(assistant, chat).ask(QUESTION)
    assert answer.backend == backend and not answer.refused
    assert answer.text == "It was funded by Paul Hamlyn Foundation's Shared Ground Fund [1]."
    assert answer.citations[0].quote in assistant.page_text(answer.citations[0].source, answer.citations[0].page)
    (request,) = llm_server.requests
    prompt = json.dumps(request["body"]["messages"])
    assert f"[{funder}]" in prompt and "Paul Hamlyn" in prompt  # numbered passages were sent
    assert request["body"]["model"] == "test-model"


def test_unreachable_server_is_a_clear_error(assistant: Assistant) -> None:
    answer_settings = assistant.settings.answer.model_copy(
        update={"backend": "openai", "llm_base_url": "http://127.0.0.1:9/v1", "llm_timeout_s": 2}
    )
    settings = assistant.settings.with_overrides(answer=answer_settings)
    chat = make_backend(settings, assistant.retriever.embedder, assistant.lexicon)
    with pytest.raises(BackendError, match="the openai backend failed"):
        _with(assistant, chat).ask(QUESTION)


def test_unknown_backend_and_missing_url_are_named(assistant: Assistant) -> None:
    for update, message in (({"backend": "gpt9"}, "unknown answer backend 'gpt9'"),
                            ({"backend": "openai", "llm_base_url": None}, "IC_ANSWER__LLM_BASE_URL")):
        settings = assistant.settings.with_overrides(answer=assistant.settings.answer.model_copy(update=update))
        with pytest.raises(BackendError, match=message):
            make_backend(settings, assistant.retriever.embedder, assistant.lexicon)
