"""evals/report.md and evals/report.json from an evaluation."""

from __future__ import annotations

import json
import platform
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HEADLINE = (
    "key_fact_recall", "quote_validity", "citation_precision", "cited_sentence_share",
    "correct_refusal_rate", "false_refusal_rate", "mrr", "answer_chars_median", "latency_p50_ms", "latency_p95_ms",
)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value <= 1.0:
        return f"{value:.3f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _table(rows: dict[str, dict[str, Any]], metrics: list[str], first: str) -> list[str]:
    lines = [f"| {first} | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 1) + "|"]
    for name, figures in rows.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(figures.get(m)) for m in metrics) + " |")
    return lines


def write_report(
    report: dict[str, Any],
    out_dir: Path,
    failures: list[str],
    settings_note: str,
    general: dict[str, Any] | None = None,
) -> None:
    """report.md and report.json: the programme set (`report`) and, when given, the general set."""
    k = report["k"]
    metrics = [f"recall@{k}", *HEADLINE]
    systems = report["systems"]
    main = systems["hybrid+extractive"]
    lines = [
        "# IC Assistant evaluation",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node() or 'unknown'} "
        f"({platform.machine()}, Python {platform.python_version()}). {settings_note}",
        "",
        "## Programme set (`evals/qa.jsonl`)",
        "",
        f"Gold set: {main['splits']['all']['n']} questions ({main['splits']['all']['n_answerable']} answerable, "
        f"{main['splits']['all']['n_unanswerable']} unanswerable); settings are tuned on the dev split "
        f"({main['splits']['dev']['n']} questions) and reported on the test split ({main['splits']['test']['n']}).",
        "",
        "### Test split: the system against two baselines",
        "",
        *_table({name: s["splits"]["test"] for name, s in systems.items()}, metrics, "system"),
        "",
        "Baselines use one retriever alone and answer with the top chunk (they never refuse). "
        "recall@k and MRR count a retrieved passage that holds the gold passage (or is on the gold PDF page).",
        "",
        _interval_line("key_fact_recall", main["splits"]["test"], "key_fact_recall_95"),
        "",
        "### Dev split: the system against two baselines",
        "",
        *_table({name: s["splits"]["dev"] for name, s in systems.items()}, metrics, "system"),
        "",
        "### The system on each split",
        "",
        *_table(main["splits"], metrics, "split"),
        "",
        "### The system by question type (test split)",
        "",
        *_table(main["by_type"], ["n", f"recall@{k}", "key_fact_recall", "citation_precision",
                                  "correct_refusal_rate", "false_refusal_rate"], "type"),
        "",
        *(_general_lines(general) if general else []),
        "## Gate",
        "",
        "Thresholds in `evals/thresholds.toml`, checked on each set's test split: "
        + ("**passed**." if not failures else "**failed**:"),
        *[f"- {f}" for f in failures],
        "",
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
    summary = {name: s["splits"] for name, s in systems.items()}
    data = {"k": k, "systems": summary, "by_type": main["by_type"], "gate_failures": failures,
            "items": report["items"]["hybrid+extractive"]}
    if general:
        data["general"] = {
            "systems": {name: s["splits"] for name, s in general["systems"].items()},
            "ingest_errors": general.get("ingest_errors", {}),
            "misses": general["systems"]["hybrid+extractive"]["misses"],
            "answers": general["answers"]["hybrid+extractive"],
        }
    (out_dir / "report.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def _interval_line(name: str, figures: dict[str, Any], interval: str) -> str:
    """The system's test figure with its 95% interval over the split's questions."""
    low_high = figures.get(interval)
    if not low_high:
        return f"{name}: no answerable questions in the test split."
    return (f"The system's {name} {_fmt(figures.get(name))} on the test split has a 95% interval of "
            f"{low_high[0]:.3f} to {low_high[1]:.3f} over its {figures['n_answerable']} answerable questions "
            "(resampled with replacement, `metrics.bootstrap_interval`): where another set of as many such "
            "questions, a held-out one, could put the same system. Two versions are compared on the same "
            "questions instead: `python -m evals.paired` on dev.")


def _general_lines(general: dict[str, Any]) -> list[str]:
    from .general import FIGURES

    systems = general["systems"]
    main = systems["hybrid+extractive"]["splits"]
    errors = general.get("ingest_errors", {})
    return [
        "## General set (`evals/general/`)",
        "",
        f"{main['all']['n']} questions ({main['all']['n_answerable']} answerable, "
        f"{main['all']['n_unanswerable']} unanswerable) on 12 public-sector documents the system was not "
        f"built on, split by document: dev ({main['dev']['n']}) may be used for fitting, test "
        f"({main['test']['n']}) only for measuring. Figures as `evals/general/check.py` computes them "
        "(fact_recall averages the share of key facts found per question).",
        "",
        "### Test split: the system against two baselines",
        "",
        *_table({name: s["splits"]["test"] for name, s in systems.items()}, list(FIGURES), "system"),
        "",
        _interval_line("fact_recall", main["test"], "fact_recall_95"),
        "",
        "### Dev split: the system against two baselines",
        "",
        *_table({name: s["splits"]["dev"] for name, s in systems.items()}, list(FIGURES), "system"),
        "",
        "### Ingest",
        "",
        *([f"- `{source}` failed to ingest and is not in the index: {reason}" for source, reason in errors.items()]
          or ["Every general corpus file was ingested."]),
        "",
    ]
