"""evals.ablate: a feature's worth is the answers' loss when the scorer is fitted without it."""

from __future__ import annotations

import numpy as np

from evals.ablate import ablate, render, without
from ic_assistant import Settings
from ic_assistant.features import UNIT_FEATURES

from .test_tune import _answerable_samples


def test_removing_the_feature_that_marks_the_fact_loses_it_and_removing_noise_does_not() -> None:
    samples = _answerable_samples(30)  # the first feature marks the unit holding each fact
    marker, noise = UNIT_FEATURES[0], UNIT_FEATURES[-1]
    before = [s.X.copy() for s in samples]
    # A join floor of 0.5: without the marker no unit is likely enough to join the best one.
    differences = ablate(samples, Settings(), (marker, noise), repeats=1, composition=(0.5, 0.0, None))
    assert all(np.array_equal(s.X, x) for s, x in zip(samples, before))  # the samples are left as they were
    lost, low, high, questions = differences[marker]["programme"]
    assert questions == 24 and lost < -0.5 and high < 0
    assert abs(differences[noise]["programme"][0]) < 0.1
    lines = render(differences)
    assert lines[1].split()[0] == marker and lines[1].endswith("-")
    assert lines[0].split()[-2:] == ["all", "programme"]


def test_without_zeroes_only_the_named_columns() -> None:
    samples = _answerable_samples(2)
    bare = without(samples, ("cover", "novelty"))
    for s, b in zip(samples, bare):
        changed = np.flatnonzero((s.X != b.X).any(axis=0))
        assert [UNIT_FEATURES[i] for i in changed] == ["cover", "novelty"]
        assert not b.X[:, changed].any()


def test_the_command_removes_the_named_features_or_each_of_them(monkeypatch, capsys) -> None:  # noqa: ANN001
    import sys

    import evals.ablate as module

    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(module, "dev_samples", lambda settings, general_index, extra=(), passage=None: (
        passage, _answerable_samples(30), None))
    monkeypatch.setattr(module, "ablate", lambda samples, settings, features, repeats, composition: (
        asked.append(features) or {name: {"all": (0.0, 0.0, 0.0, 24)} for name in features}))
    monkeypatch.delenv("IC_ANSWER__MODEL_PATH", raising=False)
    for argv, features in ((["ablate", "cover"], ("cover",)), (["ablate"], UNIT_FEATURES)):
        monkeypatch.setattr(sys, "argv", argv)
        module.main()
        assert asked[-1] == features
        assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[2:]] == list(features)
