"""The original documents, served by the app at /source/NAME so that a card can open a cited PDF
at its page (/source/report.pdf#page=12). Only indexed documents inside the corpus folder are
served (see `Assistant.source_file`), behind the same login as the rest of the app."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import FileResponse

from ic_assistant import Assistant
from ic_assistant.errors import ConfigError, SpanError

SOURCE_PATH = "/source/"
# Gradio's own login check, a route of every Gradio app: reused so that the files sit behind --auth too.
LOGIN_CHECK_PATH = "/gradio_api/login_check"


def source_href(source: str, page: int | None = None) -> str:
    """The app's link to a corpus file; a PDF opens at `page` (the viewer reads #page=N)."""
    href = SOURCE_PATH + quote(source)
    return f"{href}#page={page}" if page and source.lower().endswith(".pdf") else href


def add_source_route(server: FastAPI, assistant: Assistant) -> None:
    """Serve the corpus files of `assistant`'s index from the running Gradio `server`."""
    login_check = _login_check(server)

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

    server.add_api_route(f"{SOURCE_PATH}{{name:path}}", serve_source, methods=["GET"],
                         dependencies=[Depends(login_check)], include_in_schema=False)
    # First, so that none of Gradio's routes can answer for it.
    server.router.routes.insert(0, server.router.routes.pop())


def _login_check(server: FastAPI) -> Callable[..., object]:
    for route in server.routes:
        if getattr(route, "path", None) == LOGIN_CHECK_PATH:
            return route.endpoint  # type: ignore[attr-defined]
    # Without it the files would be open to anyone who can reach the port.
    raise ConfigError(f"this Gradio version has no {LOGIN_CHECK_PATH} route: source files cannot be served safely.")
