"""`ic-assistant check`: is the index whole? One line per problem; exit 2 when damaged."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .cli import app, console, err_console, flag, handle_errors, load_settings


@app.command()
@handle_errors
def check(
    as_json: Annotated[bool, flag("--json", help="Print {healthy, problems} as one JSON object.")] = False,
) -> None:
    """Verify the index: files against their checksums, Chroma ids against the state, the BM25
    generation. Exit 0 when healthy, 2 when damaged (`ic-assistant ingest` repairs it)."""
    from .index_lock import is_locked, read_holder
    from .integrity import check_index

    settings = load_settings()
    problems = check_index(settings)
    busy = is_locked(settings.index_dir)
    if as_json:
        print(json.dumps({"healthy": not problems, "problems": [str(p) for p in problems], "ingest_running": busy}))
    else:
        if busy:
            holder = read_holder(settings.index_dir)
            err_console.print(
                f"note: an ingest is writing this index ({holder.describe() if holder else 'holder unknown'}): "
                "what follows may change when it finishes.", highlight=False,
            )
        for problem in problems:
            err_console.print(f"damaged: {problem}", highlight=False, markup=False)
        if problems:
            err_console.print(f"{len(problems)} problem(s) in {settings.index_dir}: run `ic-assistant ingest` to "
                              "re-derive the damaged parts from the corpus.", highlight=False, markup=False)
        else:
            console.print(f"index at {settings.index_dir} is healthy.", highlight=False, markup=False)
    if problems:
        raise typer.Exit(2)
