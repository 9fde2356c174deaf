"""Fixtures of the ic_assistant tests: an assistant over the real corpus, and the CLI app."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def assistant(real_index, embedder):  # noqa: ANN001, ANN201
    from ic_assistant import build_assistant

    return build_assistant(real_index.settings, embedder=embedder)


@pytest.fixture(scope="session")
def cli_app():  # noqa: ANN201 - typer.Typer
    """The `ic-assistant` app with every command registered (the plugins too), as the CLI has it."""
    from ic_assistant import cli, commands  # noqa: F401 - registers ask, search, show, batch

    if not any((c.name or c.callback.__name__) == "ingest" for c in cli.app.registered_commands):
        cli._register_plugins()
    return cli.app
