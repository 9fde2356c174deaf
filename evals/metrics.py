"""Scoring one answer against one gold item; aggregation into the report's figures."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ic_assistant import Answer, Passage
from ic_assistant.errors import PageGoneError
from ic_assistant.text import sentence_spans

_MARKER = re.compile(r"\[\d{1,3}\]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    type: str
    answerable: bool
    split: str
    history: tuple[str, ...] = ()
    key_facts: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()
    page: int | None = None
    gold_passage: str | None = None


def load_gold(path: Path) -> list[GoldItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        items.append(
            GoldItem(
                id=raw["id"],
                question=raw["question"],
                type=raw["type"],
                answerable=bool(raw["answerable"]),
                split=raw["split"],
                history=tuple(raw.get("history") or ()),
                key_facts=tuple(tuple(f) for f in raw.get("key_facts") or ()),
                sources=tuple(raw.get("sources") or ()),
                page=raw.get("page"),
                gold_passage=raw.get("gold_passage"),
            )
        )
    return items


def is_gold_passage(item: GoldItem, passage: Passage) -> bool:
    """A retrieved passage counts when it is from a gold source and holds the gold passage
    (or, for a PDF, is on the gold page)."""
    c = passage.chunk
    if c.source not in item.sources:
        return False
    if item.gold_passage and norm(item.gold_passage) in norm(c.text):
        return True
    return item.page is not None and c.page == item.page and c.source == item.sources[0]


@dataclass
class ItemResult:
    id: str
    type: str
    split: str
    answerable: bool
    refused: bool
    answer: str
    latency_ms: float
    hit_rank: int | None = None  # rank of the first gold passage among retrieved ones
    facts_found: int = 0
    facts_total: int = 0
    quotes_valid: int = 0
    quotes_total: int = 0
    citations_precise: int = 0
    sentences_cited: int = 0
    sentences_total: int = 0
    citations: list[dict[str, Any]] = field(default_factory=list)


def score_item(item: GoldItem, answer: Answer, passages: list[Passage], latency_ms: float, page_text) -> ItemResult:  # noqa: ANN001
    """All per-item measures. `page_text(source, page)` gives the cleaned text offsets point into."""
    r = ItemResult(
        id=item.id,
        type=item.type,
        split=item.split,
        answerable=item.answerable,
        refused=answer.refused,
        answer=answer.text,
        latency_ms=latency_ms,
        citations=[c.to_dict() for c in answer.citations],
    )
    if item.answerable:
        for rank, p in enumerate(passages, start=1):
            if is_gold_passage(item, p):
                r.hit_rank = rank
                break
        text = norm(answer.body) if not answer.refused else ""  # a several-question answer's own lines are not read
        r.facts_total = len(item.key_facts)
        r.facts_found = sum(any(norm(ph) in text for ph in fact) for fact in item.key_facts)
    for c in answer.citations:
        r.quotes_total += 1
        try:
            source_text = page_text(c.source, c.page)
        except PageGoneError:
            source_text = ""
        r.quotes_valid += source_text[c.start : c.end] == c.quote
        if item.answerable and _precise(item, c.source, c.quote):
            r.citations_precise += 1
    if not answer.refused:
        body = answer.body.strip()
        last_cited = True
        for s, e in sentence_spans(body):
            sentence = body[s:e]
            if _MARKER.sub("", sentence).strip():
                r.sentences_total += 1
                last_cited = bool(_MARKER.search(sentence))
                r.sentences_cited += last_cited
            elif not last_cited:  # a lone marker after a full stop cites the sentence before it
                r.sentences_cited += 1
                last_cited = True
    return r


def _precise(item: GoldItem, source: str, quote: str) -> bool:
    q = norm(quote)
    if any(any(norm(ph) in q for ph in fact) for fact in item.key_facts):
        return True
    if item.gold_passage and source in item.sources:
        g = norm(item.gold_passage)
        if g in q or q in g:
            return True
        g_words, q_words = set(g.split()), set(q.split())
        return len(g_words & q_words) / max(len(g_words), 1) >= 0.5
    return False


def _pct(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def bootstrap_interval(
    found: Sequence[float], total: Sequence[float], draws: int = 2000, seed: int = 0
) -> list[float] | None:
    """The 95% interval of sum(found) / sum(total) over the questions drawn again with replacement,
    one (found, total) per question: where another set of as many such questions (a held-out one)
    could put the same system. Seeded, so that a report is the same each run. None for no questions."""
    if not len(total):
        return None
    f, t = np.asarray(found, dtype=np.float64), np.asarray(total, dtype=np.float64)
    picks = np.random.default_rng(seed).integers(0, len(t), size=(draws, len(t)))
    ratios = f[picks].sum(axis=1) / np.maximum(t[picks].sum(axis=1), 1e-12)
    low, high = np.percentile(ratios, [2.5, 97.5])
    return [round(float(low), 3), round(float(high), 3)]


def aggregate(results: list[ItemResult], k: int) -> dict[str, Any]:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    latencies = sorted(r.latency_ms for r in results)
    lengths = [len(r.answer) for r in answerable if not r.refused]
    return {
        "n": len(results),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        f"recall@{k}": _pct(sum(r.hit_rank is not None for r in answerable), len(answerable)),
        "mrr": _pct(sum(1 / r.hit_rank for r in answerable if r.hit_rank), len(answerable)),
        "key_fact_recall": _pct(sum(r.facts_found for r in answerable), sum(r.facts_total for r in answerable)),
        "key_fact_recall_95": bootstrap_interval([r.facts_found for r in answerable],
                                                 [r.facts_total for r in answerable]),
        "answer_chars_median": statistics.median(lengths) if lengths else None,
        "quote_validity": _pct(sum(r.quotes_valid for r in results), sum(r.quotes_total for r in results)),
        "citation_precision": _pct(
            sum(r.citations_precise for r in answerable), sum(r.quotes_total for r in answerable)
        ),
        "cited_sentence_share": _pct(sum(r.sentences_cited for r in results), sum(r.sentences_total for r in results)),
        "correct_refusal_rate": _pct(sum(r.refused for r in unanswerable), len(unanswerable)),
        "false_refusal_rate": _pct(sum(r.refused for r in answerable), len(answerable)),
        "latency_p50_ms": round(latencies[len(latencies) // 2], 1) if latencies else None,
        "latency_p95_ms": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1) if latencies else None,
    }
