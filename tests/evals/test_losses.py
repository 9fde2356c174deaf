"""evals.losses: each dev key fact is counted once, in the place the answer lost it."""

from __future__ import annotations

import numpy as np

from evals.losses import PLACES, RANKS, fact_losses, render
from ic_assistant import Settings

from .test_tune import _answerable_samples


def test_each_fact_is_counted_where_it_was_lost() -> None:
    samples = _answerable_samples(30)
    answerable = [s for s in samples if s.item.answerable]  # 24, one fact each, in their first unit
    gone, elsewhere = answerable[:3], answerable[3:6]
    for s in gone:  # no unit holds it
        s.item.key_facts = (("a fact no document states",),)
        s.facts = [[] for _ in s.units]
    for s in elsewhere:  # the fact is in the sixth unit, which the scorer has no reason to pick
        s.item.key_facts = ((s.units[5].text[:-1].split(" in full")[0],),)
        s.facts = [[0] if i == 5 else [] for i in range(len(s.units))]
    losses = fact_losses(samples, Settings(), (0.05, 0.2, None))
    counts = losses["programme"]
    assert set(losses) == {"programme"} and sum(counts[p] for p in PLACES) == 24
    assert counts["answered"] == 18 and counts["in no unit"] == 3
    assert counts["below floor"] + counts["left out"] == 3
    assert sum(counts["rank", lo] for lo, _ in RANKS) == 3 and counts["rank", 1] == 0  # never the best unit
    lines = render(losses)
    assert lines[1].split()[:6] == ["programme", "24", "18", str(counts["left out"]), str(counts["below floor"]), "3"]


def test_a_question_with_no_units_loses_its_facts_in_no_unit() -> None:
    samples = _answerable_samples(30)
    first = next(s for s in samples if s.item.answerable)
    first.units, first.X, first.facts, first.labels = [], np.zeros((0, samples[0].X.shape[1])), [], np.zeros(0, bool)
    first.vectors = np.zeros((0, 8))
    assert fact_losses(samples, Settings(), (0.05, 0.2, None))["programme"]["in no unit"] == 1


def test_the_command_reports_the_extra_questions_unless_told_not_to(monkeypatch, capsys) -> None:  # noqa: ANN001
    import sys

    import evals.losses as losses

    asked = []

    def fake_dev_samples(settings, general_index, extra=(), passage=None):  # noqa: ANN001, ANN202
        asked.append(extra)
        return passage, _answerable_samples(30), None

    monkeypatch.setattr(losses, "dev_samples", fake_dev_samples)
    monkeypatch.delenv("IC_ANSWER__MODEL_PATH", raising=False)
    for argv, extra in ((["losses"], ("programme", "general")), (["losses", "--extra"], ())):
        monkeypatch.setattr(sys, "argv", argv)
        losses.main()
        assert asked[-1] == extra
        assert capsys.readouterr().out.splitlines()[1].split()[:3] == ["programme", "24", "24"]
