"""python -m evals.losses: where the answers lose the dev key facts they miss, out of fold.

Each answerable dev question of both gold sets (and of the team's extra ones, reported apart) is
answered by the answer model fitted without its fold (as `tune --cv --keep-passages
--keep-composition`: the passage ranker and the composition thresholds of the model in use), and
each of its key facts is counted in one place:

- answered: the answer quotes it;
- left out: a unit holding it scores at or over the join floor, and the answer had no room for it
  (the budget, `max_units`) or judged it to say what a chosen unit says;
- below floor: every unit holding it scores under the join floor (the unit scorer's part);
- in no unit: no unit of the kept passages holds it (retrieval's part, or a fact split over units).

For the facts a unit holds but the answer lacks, the rank of the best such unit under the scorer
says how far off it was. Every session had measured this with a script of its own; the next change
belongs where the most facts are lost.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from ic_assistant import Settings
from ic_assistant.compose import join_floor
from ic_assistant.extractive import claim_text
from ic_assistant.scorer import load_passage_ranker, sigmoid

from .general import general_index_dir
from .tune import (
    EXTRA_SETS, Composition, Sample, composed, cv_folds, dev_samples, fact_norm, fit, kept_composition, set_label,
)

PLACES = ("answered", "left out", "below floor", "in no unit")
RANKS = ((1, 1), (2, 3), (4, 6), (7, 10**9))  # ranks of the best unit holding a lost fact, grouped


def fact_losses(
    samples: list[Sample], settings: Settings, composition: Composition, folds: int = 6, seed: int = 0,
) -> dict[str, Counter]:
    """Per set (`set_label`): how many key facts are in each of PLACES, and ("rank", lo) for the
    lost facts a unit holds, by the RANKS group of the best one's rank."""
    fold = cv_folds(samples, folds, seed)
    out: dict[str, Counter] = {}
    for k in range(folds):
        held = [s for s, f in zip(samples, fold) if f == k and s.item.answerable]
        if not held:
            continue
        model, _ = fit([s for s, f in zip(samples, fold) if f != k], settings, composition=composition)
        for s in held:
            counts = out.setdefault(set_label(s), Counter())
            probs = sigmoid(model.unit.logit(s.X)) if len(s.units) else np.zeros(0)
            chosen = composed(s, probs, settings, model.add_min_prob, model.add_min_share, model.overflow_share)
            text = fact_norm(" ".join(claim_text(u) for u in chosen))
            order = list(np.argsort(-probs, kind="stable"))
            floor = join_floor(float(probs[order[0]]), model.add_min_prob, model.add_min_share) if order else 1.0
            for n, alternatives in enumerate(s.item.key_facts):
                holders = [i for i in order if n in s.facts[i]]
                if any(fact_norm(a) in text for a in alternatives):
                    counts["answered"] += 1
                elif not holders:
                    counts["in no unit"] += 1
                else:
                    counts["left out" if probs[holders[0]] >= floor else "below floor"] += 1
                    rank = order.index(holders[0]) + 1
                    counts["rank", next(lo for lo, hi in RANKS if lo <= rank <= hi)] += 1
    return out


def render(losses: dict[str, Counter]) -> list[str]:
    lines = [f"{'set':<16} {'facts':>5} " + " ".join(f"{p:>11}" for p in PLACES)
             + "   best holder's rank (lost facts a unit holds): " + ", ".join(
                 f"{lo}" if lo == hi else f"{lo}+" if hi > 100 else f"{lo}-{hi}" for lo, hi in RANKS)]
    for name in sorted(losses):
        c = losses[name]
        total = sum(c[p] for p in PLACES)
        lines.append(f"{name:<16} {total:>5} " + " ".join(f"{c[p]:>11}" for p in PLACES) + "   "
                     + ", ".join(str(c["rank", lo]) for lo, _ in RANKS))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.losses", description=__doc__.split("\n\n")[0])
    parser.add_argument("--general-index", type=Path, default=None,
                        help="index of the general set's documents (default: beside the main index)")
    parser.add_argument("--seed", type=int, default=0, help="shuffle of the programme set's folds (0: file order)")
    parser.add_argument("--extra", nargs="*", choices=EXTRA_SETS, default=list(EXTRA_SETS),
                        help="the team's extra dev questions reported too (no ranker or unit scorer is fitted on "
                             "them: the nearest thing to a held-out set); default both, none when given alone")
    args = parser.parse_args()
    settings = Settings()
    general_index = args.general_index or general_index_dir(settings)
    _, samples, _ = dev_samples(settings, general_index, extra=tuple(args.extra),
                                passage=load_passage_ranker(settings.answer.model_path))
    print("\n".join(render(fact_losses(samples, settings, kept_composition(settings), seed=args.seed))))


if __name__ == "__main__":
    main()
