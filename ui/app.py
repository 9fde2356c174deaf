"""The web app: `build_app(assistant) -> gr.Blocks`. A thin layer over the public API.

Ask (chat with cited answers, for city officers), Search evidence (ranked passages, for
researchers) and Documents (what is indexed; adding and deleting one). Retrieval and answering live in `ic_assistant`;
this module only turns its `Answer`, `Passage` and `IndexStatus` into components.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from ic_assistant import Assistant, Filters, ICError, IndexStatus, Programme

from .documents import documents_tab
from .feedback import record_feedback
from .render import (
    answer_message,
    by_score,
    conversation_markdown,
    passages_csv,
    question_message,
    search_results,
    status_message,
)

# Shown when the corpus has no programme file (programme.toml) with examples and an intro of its own.
GENERIC_EXAMPLES = ("What is this programme about?", "Who funded the work?", "What are the main recommendations?")
GENERIC_INTRO = (
    "Answers from the documents in the corpus. Every sentence of an answer is quoted from a document "
    "and cited; when the documents do not hold the answer, it says so."
)


def intro_markdown(programme: Programme) -> str:
    """The page's heading and intro, from the programme file when there is one."""
    return f"# IC Assistant\n{programme.intro or GENERIC_INTRO}"


def examples_for(programme: Programme) -> tuple[str, ...]:
    return programme.examples or GENERIC_EXAMPLES


def build_app(assistant: Assistant) -> gr.Blocks:
    """The three tabs over one shared `Assistant` (the model and index load once per process)."""
    status = assistant.status()
    settings = assistant.settings
    feedback_path = settings.ui.feedback_path or settings.index_dir / "feedback.jsonl"
    downloads = Path(tempfile.mkdtemp(prefix="ic-assistant-"))

    def answer(question: str, messages: list, turns: list, *scope: Any) -> tuple:
        try:
            # The conversation may run longer than a request's history may hold: send the latest questions.
            recent = [t["question"] for t in turns][len(turns) - settings.answer.max_history_items:]
            result = assistant.ask(question, recent, _filters(*scope))
        except ICError as exc:
            raise gr.Error(str(exc), title="Cannot answer", print_exception=False) from None
        data = result.to_dict()
        turn = {"question": result.question, "history": [t["question"] for t in turns], "answer": data,
                "filters": _scope_dict(*scope)}
        turns = [*turns, turn]
        messages = [
            *messages,
            {"role": "user", "content": question_message(result.question)},
            # The documents of the index generation that answered (a re-ingest may have added some).
            {"role": "assistant", "content": answer_message(data, assistant.page_text, assistant.documents())},
        ]
        path = _write_download(downloads, "ic-conversation-", ".md", conversation_markdown(turns))
        return messages, turns, "", gr.DownloadButton(value=path, interactive=True)

    def ask_example(messages: list, turns: list, cities: Any, sources: Any, doc_types: Any, year_min: Any,
                    year_max: Any, evt: gr.SelectData) -> tuple:
        return answer(evt.value["text"], messages, turns, cities, sources, doc_types, year_min, year_max)

    def rate(turns: list, evt: gr.LikeData) -> None:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        if not 0 <= index // 2 < len(turns):  # a message from before "New conversation"
            return
        turn = turns[index // 2]  # messages alternate: question, answer
        try:
            record_feedback(feedback_path, turn, evt.liked is True, turn.get("filters"))
        except OSError as exc:  # a read-only index folder: say where it could go instead
            gr.Warning(f"Your rating could not be saved to {feedback_path} ({exc.strerror or exc}): "
                       "set IC_UI__FEEDBACK_PATH to a writable file.")
            return
        gr.Info(f"Thank you: your rating was saved to {feedback_path.name}.")

    def run_search(query: str, k: float, mode: str, *scope: Any) -> tuple:
        try:
            hits = by_score(assistant.search(query, _filters(*scope), k=int(k), mode=mode))
        except ICError as exc:
            raise gr.Error(str(exc), title="Cannot search", print_exception=False) from None
        path = _write_download(downloads, "ic-search-", ".csv", passages_csv(hits))
        note = (f"{len(hits)} passages, best first: open one to read it in its page." if hits
                else "No passage matches this query within these filters.")
        return search_results(hits, assistant.page_text, assistant.documents()), note, gr.DownloadButton(
            value=path, interactive=bool(hits))

    programme = assistant.programme
    with gr.Blocks(title="IC Assistant") as app:
        gr.Markdown(intro_markdown(programme))
        if status.stale:
            gr.Markdown(status_message(status), elem_classes="ic-warning")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row():
                    with gr.Column(scale=3, min_width=320):
                        chat = gr.Chatbot(
                            label="Conversation",
                            show_label=False,  # a floating label covers the first line of a scrolled message
                            height=560,
                            examples=[{"text": q} for q in examples_for(programme)],
                            placeholder="Ask a question, or pick one of these to start.",
                            buttons=["copy", "copy_all"],
                            elem_id="ic-chat",
                        )
                        question = gr.Textbox(
                            label="Your question",
                            placeholder="e.g. How did the cities write their action plans?",
                            submit_btn="Ask",
                            max_lines=4,
                            elem_id="ic-question",
                        )
                        with gr.Row():
                            new_chat = gr.Button("New conversation", size="sm")
                            download = gr.DownloadButton(
                                "Download conversation (Markdown)", size="sm", interactive=False,
                                elem_id="ic-download-chat",
                            )
                    with gr.Column(scale=1, min_width=240):
                        gr.Markdown("### Scope\nApplies to every question until you change it.")
                        ask_scope = _scope_controls(status, programme.cities, "ask")
                turns = gr.State([])
                ask_inputs = [question, chat, turns, *ask_scope]
                ask_outputs = [chat, turns, question, download]
                question.submit(answer, ask_inputs, ask_outputs, api_visibility="private")
                chat.example_select(ask_example, [chat, turns, *ask_scope], ask_outputs, api_visibility="private")
                chat.like(rate, [turns], None, api_visibility="private")
                new_chat.click(
                    lambda: ([], [], gr.DownloadButton(value=None, interactive=False)),
                    None, [chat, turns, download], api_visibility="private",
                )

            with gr.Tab("Search evidence", id="search"):
                with gr.Row():
                    query = gr.Textbox(label="Search the documents", submit_btn="Search", scale=3, max_lines=2,
                                       placeholder="e.g. migrant voice in strategy", elem_id="ic-query")
                    k = gr.Slider(5, 50, value=20, step=1, label="Passages to show", scale=1)
                    mode = gr.Radio(["hybrid", "dense", "bm25"], value="hybrid", label="Retriever", scale=1)
                with gr.Accordion("Filters", open=True):
                    search_scope = _scope_controls(status, programme.cities, "search", row=True)
                note = gr.Markdown("", elem_id="ic-search-note")
                csv_download = gr.DownloadButton("Download results (CSV)", size="sm", interactive=False,
                                                 elem_id="ic-csv")
                results = gr.HTML(elem_id="ic-results")
                query.submit(run_search, [query, k, mode, *search_scope], [results, note, csv_download],
                             api_visibility="private")

            with gr.Tab("Documents", id="documents"):
                # The "Document" filter of each tab lists the documents as the Documents tab changes them.
                documents_tab(app, assistant, status, [ask_scope[1], search_scope[1]])
        _api_endpoints(assistant)
    return app


def _write_download(folder: Path, prefix: str, suffix: str, text: str) -> str:
    """A file for a download button; one per result, so sessions never overwrite each other's."""
    with tempfile.NamedTemporaryFile("w", prefix=prefix, suffix=suffix, dir=folder, delete=False,
                                     encoding="utf-8") as f:
        f.write(text)
    return f.name


def _scope_controls(status: IndexStatus, cities: Sequence[str], prefix: str, row: bool = False) -> list[gr.components.Component]:
    """City, document, document type and year range: the same filters on both tabs."""
    years = sorted({d.year for d in status.documents if d.year})
    scope = {"multiselect": True, "elem_classes": "ic-scope"}
    year = {"value": None, "elem_classes": "ic-scope"}
    with gr.Row() if row else gr.Column():
        controls = [
            gr.Dropdown(list(cities), label="City", elem_id=f"{prefix}-city", **scope),
            gr.Dropdown([(d.title, d.source) for d in status.documents], label="Document",
                        elem_id=f"{prefix}-document", **scope),
            gr.Dropdown(sorted({d.doc_type for d in status.documents}), label="Document type",
                        elem_id=f"{prefix}-type", **scope),
            gr.Dropdown(years, label="From year", elem_id=f"{prefix}-year-from", **year),
            gr.Dropdown(years, label="To year", elem_id=f"{prefix}-year-to", **year),
        ]
    return controls


def _filters(cities: Sequence[str] | None, sources: Sequence[str] | None, doc_types: Sequence[str] | None,
             year_min: int | None, year_max: int | None) -> Filters:
    return Filters(
        sources=tuple(sources or ()),
        doc_types=tuple(doc_types or ()),
        year_min=int(year_min) if year_min else None,
        year_max=int(year_max) if year_max else None,
        cities=tuple(cities or ()),
    )


def _scope_dict(*scope: Any) -> dict[str, Any]:
    return {k: v for k, v in zip(("cities", "sources", "doc_types", "year_min", "year_max"), scope) if v}


def _api_endpoints(assistant: Assistant) -> None:
    """Named endpoints for `gradio_client`: the same JSON as `ic-assistant ask --json` / `search --json`."""

    def ask(question: str, history: list[str] | None = None, city: str | None = None,
            source: str | None = None) -> dict:
        """Answer a question with verified citations; `history` holds earlier questions of the conversation."""
        filters = Filters(cities=(city,) if city else (), sources=(source,) if source else ())
        try:
            return assistant.ask(question, history or [], filters).to_dict()
        except ICError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def search(query: str, k: int = 10) -> list[dict]:
        """Ranked passages for a query, best first."""
        try:
            return [p.to_dict() for p in assistant.search(query, k=k)]
        except ICError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    gr.api(ask, api_name="ask")
    gr.api(search, api_name="search")


def build_unavailable_app(message: str, programme: Programme | None = None) -> gr.Blocks:
    """What the app shows when it cannot answer at all (no index yet): the problem and the fix."""
    with gr.Blocks(title="IC Assistant") as app:
        gr.Markdown(intro_markdown(programme or Programme()))
        gr.Markdown(f"## IC Assistant cannot answer yet\n\n⚠️ {message}", elem_id="ic-unavailable")
    return app
