"""`ic-assistant`: a thin command line over the Python API.

Commands parse arguments, call `build_assistant(settings)` and friends, and print: JSON for
machines (`--json`), rich text for people. Errors from `ic_assistant.errors` become a one-line
message and exit code 2; nothing prints a stack trace for a user mistake.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from .config import Settings
from .errors import ICError

app = typer.Typer(
    help="IC Assistant: cited answers from the Inclusive Cities programme's documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Typer's plain help: its rich help panel (typer 0.29) prints a value type for every option,
    # flags and --help included (`--json <bool>`), while the plain formatter knows a flag takes none.
    rich_markup_mode=None,
)
console = Console()


def flag(name: str, help: str) -> Any:  # noqa: A002 - typer's own keyword
    """A boolean option that takes no value (`--json`), as --help shows it."""
    return typer.Option(name, help=help)


def show_progress(as_json: bool = False) -> bool:
    """Progress bars for a person at a terminal: not with --json, and not when stdout or stderr
    goes to a file or a pipe (a log would fill with redrawn bars)."""
    return not as_json and sys.stdout.isatty() and sys.stderr.isatty()


@app.callback()
def _root(
    index: Annotated[
        Path | None,
        typer.Option(
            "--index",
            help="Index folder for every command (default: IC_INDEX_DIR, else ./.index if it exists, "
            "else the user data folder).",
        ),
    ] = None,
) -> None:
    """Settings come from IC_* environment variables; see the README for every one."""
    if index is not None:
        # Every command (and the plugins: ingest, serve, eval) builds its settings from the
        # environment, so one variable carries --index to all of them.
        os.environ["IC_INDEX_DIR"] = str(index.expanduser().resolve())


err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn our errors (and bad settings) into a message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from pydantic import ValidationError

        try:
            return func(*args, **kwargs)
        except ICError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
        except ValidationError as exc:
            err_console.print(f"[bold red]error in settings:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print("interrupted: the index holds only whole documents written so far.")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with CLI flags on top."""
    return Settings().with_overrides(**overrides)


def _register_plugins() -> None:
    for ep in entry_points(group="ic_assistant.commands"):
        ep.load()(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from . import check_command, commands  # noqa: F401 - registers ask, search, batch, check

    _register_plugins()
    app(prog_name="ic-assistant")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
