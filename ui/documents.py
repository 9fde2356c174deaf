"""The Documents tab: what is indexed, and (on loopback or behind --auth) adding a document from
the browser or deleting one. The work is `ingest.documents`' (type check, manifest row,
incremental ingest); this module turns its results and errors into components."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from ic_assistant import Assistant, IndexStatus
from ic_assistant.errors import ICError
from ingest.documents import UPLOAD_TYPES, Upload, add_document, remove_document

from .access import check_manager, manage_refusal
from .render import DOCUMENT_HEADERS, document_rows, status_message

# The browser asks before a delete; a cancelled one sends no document, and nothing happens.
CONFIRM_DELETE = """(source) => source && confirm(`Delete ${source} from the index and the corpus folder?`) ? source : null"""


def documents_tab(app: gr.Blocks, assistant: Assistant, status: IndexStatus,
                  document_filters: Sequence[gr.Dropdown]) -> None:
    """The tab's components and events, inside the caller's `gr.Tab`; after a change, the
    "Document" filters of the other tabs list the documents as they now are."""
    settings = assistant.settings
    refusal = manage_refusal(settings)
    changing = threading.Lock()  # one upload or delete at a time: each runs a whole ingest

    note = gr.Markdown(status_message(status), elem_id="ic-doc-status")
    table = gr.Dataframe(
        value=_table(status), label="Indexed documents", interactive=False, wrap=True,
        column_widths=["32%", "12%", "7%", "7%", "7%", "20%", "15%"], elem_id="ic-documents",
    )
    recheck = gr.Button("Check the corpus folder again", size="sm")
    with gr.Accordion("Add or delete a document", open=True):
        if refusal:
            gr.Markdown(f"⚠️ {refusal}", elem_id="ic-manage-off")
        limit = f"{settings.ingest.max_file_mb:g} MB"
        with gr.Row():
            with gr.Column(scale=2):
                upload = gr.File(label=f"PDF, Word (.docx), HTML, Markdown or text file (up to {limit})",
                                 type="filepath", file_types=list(UPLOAD_TYPES), file_count="single",
                                 interactive=not refusal,
                                 elem_id="ic-upload", height=120)
            with gr.Column(scale=3):
                title = gr.Textbox(label="Title (optional)", placeholder="e.g. Harbour pilot evaluation",
                                   interactive=not refusal, elem_id="ic-upload-title")
                with gr.Row():
                    doc_type = gr.Dropdown(_types(status), value=None, allow_custom_value=True, label="Type (optional)",
                                           interactive=not refusal, elem_id="ic-upload-type")
                    year = gr.Textbox(label="Year (optional)", placeholder="e.g. 2024", max_lines=1,
                                      interactive=not refusal, elem_id="ic-upload-year")
                add = gr.Button("Add to the index", variant="primary", interactive=not refusal, elem_id="ic-add")
        with gr.Row():
            doomed = gr.Dropdown(_choices(status), value=None, label="Document to delete", scale=3,
                                 interactive=not refusal, elem_id="ic-delete-doc")
            delete = gr.Button("Delete from the index and the corpus", variant="stop", scale=1,
                               interactive=not refusal, elem_id="ic-delete")
        result = gr.Markdown("", elem_id="ic-manage-result")

    listing = [note, table, doomed, doc_type, *document_filters]

    def listed() -> list[Any]:
        current = assistant.status()  # follows the generation the ingest just committed
        choices = [(d.title, d.source) for d in current.documents]
        return [status_message(current), _table(current), gr.Dropdown(choices=_choices(current), value=None),
                gr.Dropdown(choices=_types(current), value=None), *(gr.Dropdown(choices=choices) for _ in document_filters)]

    def add_file(path: str | None, title_: str, type_: str | None, year_: str, request: gr.Request,
                 progress: gr.Progress = gr.Progress(track_tqdm=True)) -> list[Any]:
        check_manager(settings, request)
        if not path:
            raise gr.Error("Choose a file to add first.", print_exception=False)
        year_ = (year_ or "").strip()
        if year_ and not year_.isdigit():
            raise gr.Error(f"The year {year_!r} is not a number: leave it empty or give one like 2024.",
                           print_exception=False)
        file = Path(path)
        item = Upload(file.name, file.read_bytes(), title_ or "", type_ or "", int(year_) if year_ else None)
        progress(0, desc=f"Reading and indexing {file.name}")
        with changing:
            try:
                source, report = add_document(settings, item, progress=True)
            except ICError as exc:
                raise gr.Error(str(exc), title="Cannot add this document", print_exception=False) from None
        n = report.embedded
        done = f"Added `{source}`: {n} passage{'' if n == 1 else 's'} indexed; it can be asked about now."
        return [*listed(), None, "", "", done]

    def delete_file(source: str | None, request: gr.Request,
                    progress: gr.Progress = gr.Progress(track_tqdm=True)) -> list[Any]:
        if not source:  # nothing chosen, or the browser's confirmation was cancelled
            return [gr.skip()] * (len(listing) + 4)
        check_manager(settings, request)
        progress(0, desc=f"Deleting {source}")
        with changing:
            try:
                remove_document(settings, source, progress=True)
            except ICError as exc:
                raise gr.Error(str(exc), title="Cannot delete this document", print_exception=False) from None
        return [*listed(), gr.skip(), gr.skip(), gr.skip(), f"Deleted `{source}` from the index and the corpus folder."]

    outputs = [*listing, upload, title, year, result]
    add.click(add_file, [upload, title, doc_type, year], outputs, api_visibility="private")
    delete.click(delete_file, [doomed], outputs, js=CONFIRM_DELETE, api_visibility="private")
    recheck.click(lambda: listed()[:2], None, [note, table], api_visibility="private")
    app.load(lambda: listed()[:2], None, [note, table], api_visibility="private")


def _table(status: IndexStatus) -> pd.DataFrame:
    return pd.DataFrame(document_rows(status), columns=DOCUMENT_HEADERS)


def _choices(status: IndexStatus) -> list[tuple[str, str]]:
    return [(f"{d.title} ({d.source})", d.source) for d in status.documents]


def _types(status: IndexStatus) -> list[str]:
    return sorted({d.doc_type for d in status.documents})
