"""Launching the web app: loopback by default, a password for anything wider, no outside calls."""

from __future__ import annotations

import os

import gradio as gr

from ic_assistant import Assistant, ICError, Settings, build_assistant, load_programme
from ic_assistant.errors import ConfigError

from .access import LOOPBACK
from .app import build_app, build_unavailable_app
from .sources import add_source_route

# System fonts: Gradio's default theme fetches Google Fonts, and nothing may reach the internet.
THEME = gr.themes.Soft(font=["system-ui", "Segoe UI", "Roboto", "sans-serif"], font_mono=["ui-monospace", "monospace"])
CSS = """
.ic-sources { display: grid; gap: .5rem; margin-top: .5rem; }
.ic-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5rem .75rem;
           background: var(--background-fill-secondary); overflow-wrap: anywhere; max-width: 100%; }
.ic-card-title { font-size: .95rem; }
.ic-card-meta { font-size: .8rem; opacity: .85; margin: .15rem 0 .35rem; }
.ic-card-context { font-size: .8rem; font-style: italic; margin: 0 0 .35rem; }
.ic-quote { margin: 0; padding-left: .6rem; border-left: 3px solid var(--color-accent); font-size: .9rem; }
.ic-quote mark, .ic-context mark { background: #fde68a; color: #1f2937; padding: 0 .1rem; }
.ic-context { max-height: 420px; overflow-y: auto; line-height: 1.5; }
.ic-warning { color: #92400e; font-weight: 600; }
.ic-hits { display: grid; grid-template-columns: minmax(0, 1fr); gap: .25rem; }
.ic-hit { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .3rem .6rem; }
.ic-hit summary { cursor: pointer; list-style-position: outside; margin-left: 1rem; }
/* One line per row head: the title and section give way (ellipsis) to the file link and the score. */
.ic-hit-head { display: inline-flex; align-items: baseline; gap: .35rem; width: calc(100% - 1.2rem);
               font-size: .85rem; white-space: nowrap; overflow: hidden; }
.ic-hit-head > strong, .ic-where { overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.ic-hit-head > strong { flex: 0 1 auto; }
.ic-where { flex: 1 1 0; }
.ic-hit-head .ic-file { flex: 0 0 auto; }
.ic-score { margin-left: auto; flex: 0 0 auto; font-size: .75rem; opacity: .8; font-variant-numeric: tabular-nums; }
.ic-hit-text { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2;
               overflow: hidden; font-size: .85rem; line-height: 1.35; overflow-wrap: anywhere; }
.ic-hit[open] .ic-hit-text { display: none; }
.ic-hit .ic-card { margin-top: .35rem; }
#ic-question .submit-button, #ic-query .submit-button {
  background: var(--button-primary-background-fill); color: var(--button-primary-text-color);
  border-radius: var(--button-large-radius); padding: .35rem 1rem; font-weight: 600; }
#ic-question .submit-button:hover, #ic-query .submit-button:hover { background: var(--button-primary-background-fill-hover); }
.ic-scope:has(.token) input::placeholder { color: transparent; }
/* The chat's clear and copy-all buttons float over the messages' top right: give them a row of their own. */
#ic-chat .top-panel { position: static; display: flex; justify-content: flex-end; margin-left: auto;
                      width: fit-content; padding: .25rem .5rem 0; }
#ic-chat .bubble-wrap { height: calc(100% - 32px); }
.ic-file code { font-size: .75rem; }
"""

# Gradio's dropdowns take no placeholder: an empty filter means "all", so say so in the box.
# The Search tab renders when first opened, hence the observer.
JS = """
() => {
  const all = {city: "All cities", document: "All documents", type: "All types",
               "year-from": "Any year", "year-to": "Any year"};
  const label = () => {
    for (const [key, text] of Object.entries(all)) {
      for (const tab of ["ask", "search"]) {
        const input = document.querySelector(`#${tab}-${key} input`);
        if (input && input.placeholder !== text) input.placeholder = text;
      }
    }
  };
  label();
  new MutationObserver(label).observe(document.body, {childList: true, subtree: true});
}
"""


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """'user:password' as Gradio's auth pair, or a `ConfigError` saying what is wrong."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth must be 'user:password' (or set IC_UI__AUTH).")
    return user, password


def check_binding(host: str, auth: str | None) -> tuple[str, str] | None:
    """Binding beyond this machine exposes the documents: require a password for it."""
    credentials = parse_auth(auth)
    if host not in LOOPBACK and credentials is None:
        raise ConfigError(
            f"binding to {host} makes the app reachable from other machines: "
            "pass --auth user:password (or set IC_UI__AUTH), or keep the default host 127.0.0.1."
        )
    return credentials


def create_app(settings: Settings) -> tuple[gr.Blocks, Assistant | None]:
    """The app for these settings and its assistant; without an index, a page that says what to
    do (and no assistant)."""
    try:
        assistant = build_assistant(settings)
    except ICError as exc:
        try:
            programme = load_programme(settings.corpus_dir)
        except ICError:
            programme = None
        return build_unavailable_app(str(exc), programme), None
    return build_app(assistant), assistant


def launch(
    app: gr.Blocks, host: str, port: int, auth: str | None = None, block: bool = True,
    assistant: Assistant | None = None,
) -> gr.Blocks:
    """Queue and start the app: on loopback, or beyond it only with `auth` ('user:password').
    With `assistant`, the app also serves its corpus files (see `ui.sources`). `block=False`
    returns at once (tests and notebooks)."""
    credentials = check_binding(host, auth)  # here, so that no caller can skip it
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    # Two cores: answer two requests at a time, hold the rest in the queue.
    app.queue(default_concurrency_limit=2, max_size=64)
    server, _, _ = app.launch(
        server_name=host,
        server_port=port,
        auth=credentials,
        share=False,
        ssr_mode=False,
        prevent_thread_lock=True,  # the source route is added to the running server below
        theme=THEME,
        css=CSS,
        js=JS,
        footer_links=["api"],
        quiet=not block,
        # Gradio refuses a bigger upload before it is stored; ingest.documents checks again.
        max_file_size=int(assistant.settings.ingest.max_file_mb * 1024 * 1024) if assistant else None,
    )
    if assistant is not None:
        add_source_route(server, assistant)
    if block:
        app.block_thread()
    return app


def main() -> None:
    """`python -m ui`: serve with the settings from the environment (the same as `ic-assistant serve`)."""
    settings = Settings()
    check_binding(settings.ui.host, settings.ui.auth)  # before the model loads
    app, assistant = create_app(settings)
    launch(app, settings.ui.host, settings.ui.port, settings.ui.auth, assistant=assistant)
