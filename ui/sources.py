"""The original documents, served by the app at /source/NAME so that a card can open a cited PDF
at its page (/source/report.pdf#page=12). Only indexed documents inside the corpus folder are
served (see `Assistant.source_file`), behind the same login as the rest of the app."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from fastapi import FastAPI, HTTPException
from fastapi.params import Depends
from fastapi.responses import FileResponse

from ic_assistant import Assistant
from ic_assistant.errors import ConfigError, SpanError

SOURCE_PATH = "/source/"
# The page config every Gradio app serves behind its login check: its dependencies guard the files
# too, so that they sit behind --auth like the rest of the app.
GUARDED_PATH = "/config"


def source_href(source: str, page: int | None = None) -> str:
    """The app's link to a corpus file; a PDF opens at `page` (the viewer reads #page=N)."""
    href = SOURCE_PATH + quote(source)
    return f"{href}#page={page}" if page and source.lower().endswith(".pdf") else href


def add_source_route(server: FastAPI, assistant: Assistant) -> None:
    """Serve the corpus files of `assistant`'s index from the running Gradio `server`."""
    guards = _login_guards(server)

    def serve_source(name: str) -> FileResponse:
        try:
            found = assistant.source_file(name)
        except SpanError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        headers = {"X-Content-Type-Options": "nosniff"}
        if found.media_type.startswith("text/html"):
            # A page from the corpus must not run scripts on the app's origin.
            headers["Content-Security-Policy"] = "sandbox"
        return FileResponse(found.path, media_type=found.media_type, filename=found.path.name,
                            content_disposition_type="inline", headers=headers)

    server.add_api_route(f"{SOURCE_PATH}{{name:path}}", serve_source, methods=["GET", "HEAD"],
                         dependencies=list(guards), include_in_schema=False)
    # First, so that none of Gradio's routes can answer for it.
    server.router.routes.insert(0, server.router.routes.pop())


def _login_guards(server: FastAPI) -> Sequence[Depends]:
    for route in server.routes:
        if getattr(route, "path", None) == GUARDED_PATH and getattr(route, "dependencies", None):
            return route.dependencies  # type: ignore[attr-defined]
    # Without them the files would be open to anyone who can reach the port.
    raise ConfigError(f"this Gradio version guards no {GUARDED_PATH} route: source files cannot be served safely.")
