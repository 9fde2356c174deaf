"""Run the assistant and two baselines over the gold set; gate on thresholds.

The system runs through the same path as `ic-assistant batch` (`Assistant.ask` with history,
one model load). The baselines use one retriever alone (BM25 or dense), with the history read
together with the question, and answer with the top chunk, never refusing.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ic_assistant import Answer, Assistant, Citation, Passage

from .metrics import GoldItem, ItemResult, aggregate, score_item

HERE = Path(__file__).parent
GOLD = HERE / "qa.jsonl"
THRESHOLDS = HERE / "thresholds.toml"
SYSTEMS = ("hybrid+extractive", "bm25+top-chunk", "dense+top-chunk")
GATE_SECTIONS = ("programme", "general")


def top_chunk_answer(question: str, passages: list[Passage]) -> Answer:
    if not passages:
        return Answer(question, "", (), refused=True)
    c = passages[0].chunk
    citation = Citation(1, c.source, c.title, c.page, c.section, c.text, c.start, c.end, c.id)
    return Answer(question, f"{c.text} [1]", (citation,), refused=False, passages=tuple(passages))


def answer_item(assistant: Assistant, item: GoldItem, system: str) -> tuple[Answer, list[Passage]]:
    """One system's answer to one gold question, with the passages it retrieved."""
    if system == "hybrid+extractive":
        answer = assistant.ask(item.question, list(item.history))
        return answer, list(answer.passages)
    query = " ".join([*item.history, item.question])
    passages = assistant.search(query, k=assistant.settings.retrieval.k_final, mode=system.split("+")[0])
    return top_chunk_answer(item.question, passages), passages


def run_system(assistant: Assistant, items: list[GoldItem], system: str) -> list[ItemResult]:
    results = []
    for item in items:
        t = time.perf_counter()
        answer, passages = answer_item(assistant, item, system)
        latency = (time.perf_counter() - t) * 1000
        results.append(score_item(item, answer, passages, latency, assistant.page_text))
    return results


def evaluate(assistant: Assistant, items: list[GoldItem], systems: tuple[str, ...] = SYSTEMS) -> dict[str, Any]:
    """Figures per system, per split and per question type, plus the per-item results."""
    assistant.ask("What is Inclusive Cities?")  # warm-up: latencies are reported warm
    k = assistant.settings.retrieval.k_final
    report: dict[str, Any] = {"k": k, "systems": {}, "items": {}}
    for system in systems:
        results = run_system(assistant, items, system)
        by_split = {s: aggregate([r for r in results if r.split == s], k) for s in ("dev", "test")}
        by_split["all"] = aggregate(results, k)
        types = sorted({r.type for r in results})
        report["systems"][system] = {
            "splits": by_split,
            "by_type": {t: aggregate([r for r in results if r.type == t and r.split == "test"], k) for t in types},
        }
        report["items"][system] = [asdict(r) for r in results]
    return report


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, Any]]:
    """The gate's sections: `programme` and `general`, each with `min` and `max` tables."""
    with path.open("rb") as f:
        thresholds = tomllib.load(f)
    missing = [s for s in GATE_SECTIONS if not isinstance(thresholds.get(s), dict)]
    if missing or set(thresholds) - set(GATE_SECTIONS):
        raise ValueError(
            f"{path} needs exactly the sections {', '.join(f'[{s}.min]' for s in GATE_SECTIONS)} "
            f"(and their .max); found {sorted(thresholds)}. "
            "Put flat [min]/[max] tables under [programme.min]/[programme.max]."
        )
    return thresholds


def check_limits(figures: dict[str, Any], limits: dict[str, Any]) -> list[str]:
    """Failures of one set's figures against its `min` floors and `max` ceilings."""
    failures = []
    for metric, floor in limits.get("min", {}).items():
        value = figures.get(metric)
        if value is None or value < floor:
            failures.append(f"{metric} = {value} is below the threshold {floor}")
    for metric, ceiling in limits.get("max", {}).items():
        value = figures.get(metric)
        if value is None or value > ceiling:
            failures.append(f"{metric} = {value} is above the threshold {ceiling}")
    return failures


def check_gate(report: dict[str, Any], limits: dict[str, Any]) -> list[str]:
    """Failures of the system on the programme set's test split (`limits` = thresholds["programme"])."""
    return check_limits(report["systems"]["hybrid+extractive"]["splits"]["test"], limits)
