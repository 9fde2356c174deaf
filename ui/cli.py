"""`ic-assistant serve`: the web app on http://127.0.0.1:7860 by default."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    from ic_assistant.cli import console, handle_errors, load_settings

    @app.command()
    @handle_errors
    def serve(
        host: Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1, IC_UI__HOST).")] = None,
        port: Annotated[int | None, typer.Option(help="Port (default 7860, IC_UI__PORT).")] = None,
        auth: Annotated[
            str | None, typer.Option(help="'user:password'; required to bind beyond loopback (IC_UI__AUTH).")
        ] = None,
    ) -> None:
        """Serve the web app: Ask, Search evidence and Documents."""
        from .gradio_import import skip_stub_writing

        skip_stub_writing()
        from .serve import check_binding, create_app, launch

        settings = load_settings()
        ui = settings.ui.model_copy(update={k: v for k, v in {"host": host, "port": port, "auth": auth}.items() if v})
        check_binding(ui.host, ui.auth)  # before the model loads; `launch` checks again
        settings = settings.with_overrides(ui=ui)
        with console.status("Loading the model and the index…"):
            app_, assistant = create_app(settings)
        console.print(f"IC Assistant on http://{ui.host}:{ui.port} (Ctrl-C to stop)")
        launch(app_, ui.host, ui.port, ui.auth, assistant=assistant)
