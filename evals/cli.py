"""`ic-assistant eval`: the gold set through the assistant and the baselines, and the gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)


def run_eval(gate: bool = False, out_dir: str | Path | None = None, ingest: bool = True) -> int:
    """Ingest the corpus (incrementally), evaluate, write the report; 1 if the gate fails."""
    from rich.console import Console

    from ic_assistant import Settings, build_assistant

    from .metrics import load_gold
    from .report import write_report
    from .runner import GOLD, HERE, check_gate, evaluate, load_thresholds

    console = Console(stderr=True)
    settings = Settings()
    if ingest:
        from ingest.sync import sync_corpus

        report = sync_corpus(settings)
        if not report.ok:
            console.print(f"[red]ingest failed for {report.errors}[/]")
            return 1
    assistant = build_assistant(settings)
    result = evaluate(assistant, load_gold(GOLD))
    failures = check_gate(result, load_thresholds())
    note = (f"Backend {settings.answer.backend}, k_final={settings.retrieval.k_final}, "
            f"min_support={settings.answer.min_support}.")
    write_report(result, Path(out_dir) if out_dir else HERE, failures, note)
    test = result["systems"]["hybrid+extractive"]["splits"]["test"]
    for name, value in test.items():
        console.print(f"{name:>24}: {value}")
    for f in failures:
        console.print(f"[bold red]gate:[/] {f}")
    if gate and failures:
        return 1
    console.print("eval gate passed" if gate else "eval done")
    return 0


def eval_command(
    gate: Annotated[bool, typer.Option("--gate", help="Exit 1 when a metric falls below evals/thresholds.toml.")] = False,
    out_dir: Annotated[Path | None, typer.Option(help="Where report.md/report.json go (default: evals/).")] = None,
) -> None:
    """Measure answer quality on the gold set against two baselines; write evals/report.md."""
    raise typer.Exit(run_eval(gate=gate, out_dir=out_dir))
