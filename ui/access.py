"""Who may change the corpus from the browser: adding and deleting documents writes to the corpus
folder, so it is allowed on loopback, or beyond it only for a user logged in with --auth."""

from __future__ import annotations

import gradio as gr

from ic_assistant import Settings

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def manage_refusal(settings: Settings) -> str:
    """Why this app may not add or delete documents, or "" when it may."""
    ui = settings.ui
    if not ui.manage_documents:
        return "Adding and deleting documents is switched off here (IC_UI__MANAGE_DOCUMENTS=false)."
    if settings.chroma_url and not settings.corpus_dir.is_dir():
        # An ingest from here would replace the shared index with this app server's (empty) corpus.
        return (f"This app server has no corpus folder ({settings.corpus_dir}): documents of the index "
                f"{settings.index_name!r} on the Chroma server are added and deleted where it is ingested.")
    if ui.host not in LOOPBACK and not ui.auth:
        return (f"Adding and deleting documents needs a login when the app listens on {ui.host}: "
                "serve it with --auth user:password, or on 127.0.0.1.")
    return ""


def check_manager(settings: Settings, request: gr.Request | None) -> None:
    """Refuse a change from a request that is neither from this machine nor logged in."""
    refusal = manage_refusal(settings)
    if refusal:
        raise gr.Error(refusal, print_exception=False)
    client = getattr(getattr(request, "client", None), "host", None)
    if client not in LOOPBACK and not getattr(request, "username", None):
        raise gr.Error("Only a logged-in user, or one on this machine, may add or delete documents.",
                       print_exception=False)
