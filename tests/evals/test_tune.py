"""The tuner's fitting steps on small synthetic data: deterministic, and the threshold rule."""

from __future__ import annotations

import numpy as np

from evals.tune import choose_threshold, fit_linear


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
