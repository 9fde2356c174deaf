"""`ic-assistant eval`: both gold sets (programme and general) through the assistant and the baselines, and the gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ic_assistant.cli import flag


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)


def run_eval(
    gate: bool = False, out_dir: str | Path | None = None, ingest: bool = True, general_index: str | Path | None = None
) -> int:
    """Ingest both corpora (incrementally), evaluate both sets, write the report; 1 if the gate fails.

    The general set's index lives beside the programme's (`<index_dir>-general`) unless
    `general_index` names another folder.
    """
    from rich.console import Console

    from ic_assistant import Settings, build_assistant

    from .general import document_texts, evaluate_general, general_gate, general_index_dir, load_general, open_general
    from .metrics import load_gold
    from .report import write_report
    from .runner import GOLD, HERE, check_gate, evaluate, load_thresholds

    console = Console(stderr=True)
    thresholds = load_thresholds()
    settings = Settings()
    if ingest:
        from ingest.sync import sync_corpus

        report = sync_corpus(settings)
        if not report.ok:
            console.print(f"[red]ingest failed for {report.errors}[/]")
            return 1
    assistant = build_assistant(settings)
    result = evaluate(assistant, load_gold(GOLD))
    failures = [f"programme: {f}" for f in check_gate(result, thresholds["programme"])]

    index_dir = Path(general_index) if general_index else general_index_dir(settings)
    general_assistant, ingest_errors = open_general(settings, index_dir, ingest=ingest)
    general = evaluate_general(general_assistant, load_general(), document_texts())
    general["ingest_errors"] = ingest_errors
    failures += [f"general: {f}" for f in general_gate(general, thresholds["general"])]

    note = (f"Backend {settings.answer.backend}, k_final={settings.retrieval.k_final}, "
            f"answer budget {settings.answer.max_chars} chars (up to {settings.answer.overflow_limit} for units nearly as "
            f"likely as the best), at most {settings.answer.max_units} units; "
            f"answer model: {assistant.backend.model.meta.get('fitted_on', '-') if hasattr(assistant.backend, 'model') else '-'}.")
    write_report(result, Path(out_dir) if out_dir else HERE, failures, note, general)
    for label, figures in (("programme", result["systems"]["hybrid+extractive"]["splits"]["test"]),
                           ("general", general["systems"]["hybrid+extractive"]["splits"]["test"])):
        console.print(f"[bold]{label} set, test split[/]")
        for name, value in figures.items():
            console.print(f"{name:>24}: {value}")
    for source, reason in ingest_errors.items():
        console.print(f"[yellow]general set: {source} failed to ingest: {reason}[/]")
    for f in failures:
        console.print(f"[bold red]gate:[/] {f}")
    if gate and failures:
        return 1
    console.print("eval gate passed" if gate else "eval done")
    return 0


def eval_command(
    gate: Annotated[bool, flag("--gate", help="Exit 1 when a figure misses evals/thresholds.toml.")] = False,
    out_dir: Annotated[Path | None, typer.Option(help="Where report.md/report.json go (default: evals/).")] = None,
) -> None:
    """Measure answer quality on both gold sets against two baselines; write evals/report.md."""
    raise typer.Exit(run_eval(gate=gate, out_dir=out_dir))
