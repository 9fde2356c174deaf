"""python -m evals.tune: calibrate the refusal threshold on the dev split only.

Each dev question is asked once with refusal switched off, keeping the best evidence score
(`support`); the threshold that maximises balanced accuracy (correct refusals on unanswerable,
answers on answerable, weighted equally) is then found by a sweep. Ties go to the lower
threshold, which refuses less. The test split is never looked at.
"""

from __future__ import annotations

import numpy as np

from ic_assistant import Settings, build_assistant

from .metrics import load_gold
from .runner import GOLD


def support_scores(split: str = "dev") -> list[tuple[float, bool]]:
    settings = Settings()
    settings = settings.with_overrides(answer=settings.answer.model_copy(update={"min_support": 0.0}))
    assistant = build_assistant(settings)
    scores = []
    for item in load_gold(GOLD):
        if item.split != split:
            continue
        answer = assistant.ask(item.question, list(item.history), explain=True)
        scores.append((float(answer.explanation.get("support", 0.0)), item.answerable))
    return scores


def sweep(scores: list[tuple[float, bool]]) -> list[tuple[float, float, float, float]]:
    """(threshold, balanced accuracy, correct-refusal rate, false-refusal rate) per candidate."""
    answerable = np.array([s for s, a in scores if a])
    unanswerable = np.array([s for s, a in scores if not a])
    rows = []
    for t in np.round(np.arange(0.20, 0.70, 0.005), 3):
        correct_refusal = float((unanswerable < t).mean()) if len(unanswerable) else 0.0
        false_refusal = float((answerable < t).mean()) if len(answerable) else 0.0
        rows.append((float(t), 0.5 * (correct_refusal + 1 - false_refusal), correct_refusal, false_refusal))
    return rows


def main() -> None:
    rows = sweep(support_scores("dev"))
    best = max(rows, key=lambda r: (round(r[1], 6), -r[0]))
    for t, bacc, cr, fr in rows:
        if abs(t - best[0]) <= 0.05:
            print(f"threshold {t:.3f}: balanced accuracy {bacc:.3f}, correct refusals {cr:.3f}, false refusals {fr:.3f}")
    print(f"\nbest on the dev split: min_support = {best[0]:.3f} (balanced accuracy {best[1]:.3f})")


def grid(split: str = "dev") -> list[tuple[dict, dict]]:
    """Answer-selection knobs on the dev split: (knobs, figures) per combination, refusal off."""
    import itertools

    from ic_assistant import extractive

    from .metrics import aggregate, score_item

    base = Settings()
    items = [i for i in load_gold(GOLD) if i.split == split and i.answerable]
    assistant = build_assistant(base)
    results = []
    combos = itertools.product(
        [(0.4, 0.35, 0.25), (0.5, 0.3, 0.2), (0.3, 0.45, 0.25), (0.35, 0.35, 0.3)],  # weights
        [0.7, 0.8, 0.9],  # keep ratio
        [2, 3, 4],  # max sentences
        [0.0, 0.08],  # answer-type bonus
    )
    for weights, keep, max_sentences, bonus in combos:
        extractive._WEIGHTS, extractive._KEEP_RATIO, extractive._TYPE_BONUS = weights, keep, bonus
        answer = base.answer.model_copy(update={"min_support": 0.0, "max_sentences": max_sentences})
        tuned = assistant.with_backend("extractive")
        tuned.settings = base.with_overrides(answer=answer)
        tuned.backend.settings = answer
        scored = []
        for item in items:
            a = tuned.ask(item.question, list(item.history))
            scored.append(score_item(item, a, list(a.passages), 0.0, tuned.page_text))
        knobs = {"weights": weights, "keep": keep, "max_sentences": max_sentences, "type_bonus": bonus}
        results.append((knobs, aggregate(scored, base.retrieval.k_final)))
    return results


if __name__ == "__main__":
    main()
