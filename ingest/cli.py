"""`ic-assistant ingest`: sync the corpus folder into the index and print a summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ic_assistant.cli import console, err_console, flag, handle_errors, load_settings, show_progress


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


@handle_errors
def ingest(
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder (default: IC_CORPUS_DIR or ./corpus).")] = None,
    index: Annotated[
        Path | None,
        typer.Option(help="Index folder (default: the global --index, IC_INDEX_DIR, ./.index or the data folder)."),
    ] = None,
    rebuild: Annotated[bool, flag("--rebuild", help="Drop the index and embed everything again.")] = False,
    as_json: Annotated[bool, flag("--json", help="Print the summary as one JSON object.")] = False,
) -> None:
    """Parse, chunk and embed new or changed documents; remove deleted ones; re-derive damaged ones.
    Exit 1 if a file failed, 2 if another ingest holds the index."""
    from .sync import sync_corpus

    settings = load_settings(corpus_dir=corpus, index_dir=index)
    report = sync_corpus(settings, rebuild=rebuild, progress=show_progress(as_json))
    if as_json:
        print(json.dumps(report.to_dict()))
    else:
        _print_report(report, settings.index_dir)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report, index_dir: Path) -> None:  # noqa: ANN001 - IngestReport
    table = Table(title=f"ingest into {index_dir}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name in ("added", "updated", "removed", "unchanged", "skipped", "errors"):
        table.add_row(name, str(len(getattr(report, name))))
    table.add_row("chunks in index", str(report.chunks))
    table.add_row("chunks embedded", str(report.embedded))
    table.add_row("seconds", f"{report.seconds:.2f}")
    console.print(table)
    for source, reason in report.repaired.items():
        err_console.print(f"[yellow]repaired[/] {source}: {reason}", highlight=False)
    for warning in report.warnings:
        err_console.print(f"[yellow]warning[/] {warning}", highlight=False)
    for source, reason in report.skipped.items():
        err_console.print(f"[yellow]skipped[/] {source}: {reason}", highlight=False)
    for source, reason in report.errors.items():
        err_console.print(f"[bold red]failed[/] {source}: {reason}", highlight=False)
