"""The tuner's fitting steps on small synthetic data: deterministic, and the threshold rule."""

from __future__ import annotations

import numpy as np

from types import SimpleNamespace

from evals.tune import choose_threshold, cv_folds, fit_linear


def test_fit_is_deterministic_and_learns_the_signal() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X[:, 0] + 0.1 * rng.normal(size=200) > 0
    a = fit_linear(X, y, ("signal", "noise1", "noise2"), C=1.0)
    b = fit_linear(X, y, ("signal", "noise1", "noise2"), C=1.0)
    assert np.array_equal(a.coef, b.coef) and a.intercept == b.intercept
    assert a.coef[0] > 5 * max(abs(a.coef[1]), abs(a.coef[2]))
    assert ((a.logit(X) > 0) == y).mean() > 0.9


def test_threshold_keeps_false_refusals_under_the_cap() -> None:
    probs = np.array([0.1, 0.2, 0.3, 0.35, 0.9, 0.95, 0.4, 0.85])
    unanswerable = np.array([False, False, False, False, True, True, True, False])
    t, correct, false = choose_threshold(probs, unanswerable)
    refused = probs > t
    assert false == refused[~unanswerable].mean() <= 0.025
    assert correct == refused[unanswerable].mean() == 2 / 3


def test_cv_folds_keep_general_documents_whole_and_shuffle_programme_questions_by_seed() -> None:
    def sample(set_name: str, source: str) -> SimpleNamespace:
        return SimpleNamespace(set_name=set_name, item=SimpleNamespace(sources=[source]))

    samples = [sample("programme", "report.pdf") for _ in range(30)]
    samples += [sample("general", f"doc{i % 4}.md") for i in range(12)]
    first, again, other = cv_folds(samples, 6), cv_folds(samples, 6, seed=0), cv_folds(samples, 6, seed=3)
    assert first == again and first[:30] == [i % 6 for i in range(30)]
    assert other[:30] != first[:30] and sorted(other[:30]) == sorted(first[:30])  # same fold sizes, shuffled
    for folds in (first, other):  # one document, one fold, whatever the seed
        by_doc: dict[str, set[int]] = {}
        for s, f in zip(samples[30:], folds[30:]):
            by_doc.setdefault(s.item.sources[0], set()).add(f)
        assert all(len(f) == 1 for f in by_doc.values()) and len(by_doc) == 4
    assert first[30:] == other[30:]
