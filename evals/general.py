"""The general set (evals/general/): documents beyond the programme's own, scored as its check.py scores.

`evals/general/` is a byte-identical copy of the shared set (see its README.md and SOURCES.md).
Its `check.py` defines the figures; this module reuses that file's `norm` and `doc_text` and
computes the same figures from answers in memory (`score_answers`), so the eval needs no
answers file. The corpus gets an embedded index of its own (`open_general`), never the
programme's, so the two sets cannot mix.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ic_assistant import Answer, Assistant, Settings, build_assistant

from .metrics import GoldItem, bootstrap_interval
from .runner import SYSTEMS, answer_item

log = logging.getLogger(__name__)

GENERAL_DIR = Path(__file__).resolve().parent / "general"
GENERAL_QA = GENERAL_DIR / "qa.jsonl"
GENERAL_CORPUS = GENERAL_DIR / "corpus"
GENERAL_CHECK = GENERAL_DIR / "check.py"
FIGURES = ("fact_recall", "source_hit", "refusal_accuracy", "unanswerable_refused", "quote_validity",
           "answer_chars_median")


@cache
def check_module() -> ModuleType:
    """The set's own check.py, loaded from its file (it is data beside the questions, not a module of evals)."""
    spec = importlib.util.spec_from_file_location("evals_general_check", GENERAL_CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_general(path: Path = GENERAL_QA) -> list[GoldItem]:
    """The general questions as `GoldItem`s: each `expect` group is one key fact with its wordings."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        answerable = not row.get("unanswerable")
        kind = "unanswerable" if not answerable else "followup" if row.get("history") else "answerable"
        items.append(GoldItem(
            id=row["id"],
            question=row["question"],
            type=kind,
            answerable=answerable,
            split=row["split"],
            history=tuple(row.get("history") or ()),
            key_facts=tuple(tuple(alts) for alts in row.get("expect") or ()),
            sources=tuple(row.get("sources") or ()),
        ))
    return items


def document_texts(corpus: Path = GENERAL_CORPUS) -> dict[str, str]:
    """File name -> the normalised text a reader sees, exactly as check.py reads it."""
    check = check_module()
    return {p.name: check.norm(check.doc_text(p)) for p in corpus.iterdir() if p.suffix in check.TEXT_SUFFIXES}


def answer_record(item: GoldItem, answer: Answer) -> dict[str, Any]:
    """One answer as `ic-assistant batch` writes it (the shape check.py scores), its text without the
    questions a message of several opens its paragraphs with (`Answer.body`)."""
    return {
        "id": item.id,
        "question": item.question,
        "answer": answer.body,
        "refused": answer.refused,
        "citations": [
            {k: getattr(c, k) for k in ("n", "source", "title", "page", "section", "quote", "start", "end")}
            for c in answer.citations
        ],
    }


def score_answers(
    items: list[GoldItem], answers: dict[str, dict[str, Any]], texts: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """check.py's `score` on answers in memory: (figures rounded as it prints them, misses).

    Kept line for line with check.py: a fact is an expect group, fact recall is the share of
    groups found per answerable question averaged over questions (the answer text is read even
    when refused), questions without an answer count nowhere. One figure more than check.py prints:
    fact recall's 95% interval over the questions (`bootstrap_interval`).
    """
    norm = check_module().norm
    facts = hits = right = n_ans = n_un = un_refused = quotes = quotes_ok = 0.0
    shares: list[float] = []
    letters: dict[str, str] = {}
    misses: list[str] = []
    for item in items:
        got = answers.get(item.id)
        if got is None:
            misses.append(f"{item.id}: no answer")
            continue
        cites = got.get("citations") or []
        for cite in cites:
            quotes += 1
            quote = re.sub(r"[^a-z0-9]", "", norm(str(cite.get("quote", ""))))[:160]
            name = Path(str(cite.get("source", ""))).name
            doc = letters.setdefault(name, re.sub(r"[^a-z0-9]", "", texts.get(name, "")))
            quotes_ok += bool(quote) and quote in doc
        if not item.answerable:
            n_un += 1
            refused = bool(got.get("refused"))
            right += refused
            un_refused += refused
            if not refused:
                misses.append(f"{item.id}: answered a question the documents do not answer")
            continue
        n_ans += 1
        if got.get("refused"):
            misses.append(f"{item.id}: refused a question the documents answer")
        else:
            right += 1
        text = norm(str(got.get("answer", "")))
        share = sum(any(norm(alt) in text for alt in group) for group in item.key_facts) / len(item.key_facts)
        hit = bool({Path(str(c.get("source", ""))).name for c in cites} & set(item.sources))
        facts += share
        shares.append(share)
        hits += hit
        if share < 1 or not hit:
            misses.append(f"{item.id}: facts {share:.2f}, cited source {'right' if hit else 'wrong'}")
    ids = {item.id for item in items}
    lengths = sorted(len(str(a.get("answer", ""))) for i, a in answers.items() if i in ids and not a.get("refused"))
    figures = {
        "n": len(items),
        "n_answerable": sum(i.answerable for i in items),
        "n_unanswerable": sum(not i.answerable for i in items),
        "fact_recall": round(facts / max(n_ans, 1), 3),
        "fact_recall_95": bootstrap_interval(shares, [1.0] * len(shares)),
        "source_hit": round(hits / max(n_ans, 1), 3),
        "refusal_accuracy": round(right / max(n_ans + n_un, 1), 3),
        "unanswerable_refused": round(un_refused / max(n_un, 1), 3),
        "quote_validity": round(quotes_ok / max(quotes, 1), 3),
        "answer_chars_median": lengths[len(lengths) // 2] if lengths else 0,
    }
    return figures, misses


def general_index_dir(settings: Settings) -> Path:
    """Where the general set's index lives unless told: beside the main index, `<index_dir>-general`."""
    return settings.index_dir.with_name(f"{settings.index_dir.name}-general")


def general_settings(settings_base: Settings, index_dir: Path) -> Settings:
    """`settings_base` pointed at the general corpus and an embedded index of its own."""
    return settings_base.model_copy(update={
        "corpus_dir": GENERAL_CORPUS,
        "index_dir": Path(index_dir).expanduser().resolve(),
        "chroma_url": None,  # never the programme's Chroma server collection
    })


def open_general(settings_base: Settings, index_dir: Path, ingest: bool = True) -> tuple[Assistant, dict[str, str]]:
    """Ingest the general corpus incrementally (unless `ingest` is off) and build its assistant.

    Returns the assistant and the files that failed to ingest (source -> reason); a file that
    fails is left out of the index and the run goes on, so the caller decides what it means.
    """
    settings = general_settings(settings_base, index_dir)
    errors: dict[str, str] = {}
    if ingest:
        from ingest.sync import sync_corpus

        errors = dict(sync_corpus(settings).errors)
        for source, reason in errors.items():
            log.warning("general set: %s failed to ingest: %s", source, reason)
    return build_assistant(settings), errors


def open_general_assistant(settings_base: Settings, index_dir: Path) -> Assistant:
    """The general set's assistant, ingested incrementally into `index_dir` (for tuning scripts)."""
    return open_general(settings_base, index_dir)[0]


def general_gate(general: dict[str, Any], limits: dict[str, Any]) -> list[str]:
    """Failures of the system on the general test split, and files that failed to ingest unless
    `limits["allow_ingest_errors"]` (thresholds.toml's [general]) lets them pass."""
    from .runner import check_limits

    failures = check_limits(general["systems"]["hybrid+extractive"]["splits"]["test"], limits)
    if not limits.get("allow_ingest_errors", False):
        errors = general.get("ingest_errors", {})
        failures += [f"{source} failed to ingest ({reason})" for source, reason in errors.items()]
    return failures


def evaluate_general(
    assistant: Assistant, items: list[GoldItem], texts: dict[str, str], systems: tuple[str, ...] = SYSTEMS
) -> dict[str, Any]:
    """check.py's figures per system and split (dev, test, all), with each system's answers and misses."""
    report: dict[str, Any] = {"systems": {}, "answers": {}}
    for system in systems:
        answers = {item.id: answer_record(item, answer_item(assistant, item, system)[0]) for item in items}
        splits = {s: score_answers([i for i in items if i.split == s], answers, texts)[0] for s in ("dev", "test")}
        splits["all"], misses = score_answers(items, answers, texts)
        report["systems"][system] = {"splits": splits, "misses": misses}
        report["answers"][system] = list(answers.values())
    return report
