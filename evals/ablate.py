"""python -m evals.ablate: what each unit feature is worth to the answers, out of fold.

For each of the unit scorer's features (or those named), its column is set to 0 in every dev
question's feature matrix and the answer model is fitted fold by fold, as `tune --cv
--keep-passages --keep-composition` fits it (a column that is 0 everywhere gets no weight: it is the
model without the feature). Each held-out answer's key facts are paired with the full model's, per
set and over all (`evals.paired`). The team's extra questions, which no unit scorer is fitted on,
are reported apart: they are the nearest thing to a held-out set. A feature whose removal gains on
the gold sets and loses on the extra ones (or the other way round) is fitted to the questions it was
designed on; one whose removal changes nothing is a candidate to remove. Every session had measured
this with a script of its own.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

from ic_assistant import Settings
from ic_assistant.features import UNIT_FEATURES
from ic_assistant.scorer import load_passage_ranker

from .general import general_index_dir
from .paired import paired, per_question
from .tune import (
    EXTRA_SETS, Composition, Sample, dev_samples, facts_by_question, kept_composition, repeated_cross_validation,
)

SETS = ("all", "general", "general extra", "programme", "programme extra")


def without(samples: list[Sample], features: tuple[str, ...]) -> list[Sample]:
    """Copies of the samples with the named features' columns 0 (the samples are left as they are)."""
    columns = [UNIT_FEATURES.index(name) for name in features]
    out = []
    for s in samples:
        bare = copy.copy(s)
        bare.X = s.X.copy()
        bare.X[:, columns] = 0.0
        out.append(bare)
    return out


def ablate(
    samples: list[Sample], settings: Settings, features: tuple[str, ...], repeats: int, composition: Composition,
) -> dict[str, dict[str, tuple[float, float, float, int]]]:
    """Per feature: the key-fact recall difference it makes when removed, with its 95% interval and
    question count, per set and over all (`evals.paired.paired`: removed minus full)."""
    facts = facts_by_question(samples)

    def found(shown: list[Sample]) -> dict[str, dict[str, float]]:
        by_question: dict[str, list[float]] = {}
        repeated_cross_validation(shown, settings, repeats, by_question, composition=composition)
        return per_question(by_question, facts)

    full = found(samples)
    return {name: paired(full, found(without(samples, (name,)))) for name in features}


def render(differences: dict[str, dict[str, tuple[float, float, float, int]]]) -> list[str]:
    """A line per feature: each set's difference, marked + (a gain) or - (a loss) where its 95%
    interval leaves 0 out."""
    present = [name for name in SETS if any(name in d for d in differences.values())]
    lines = [f"{'feature removed':<22}" + "".join(f"{name:>17}" for name in present)]
    for feature, by_set in differences.items():
        cells = []
        for name in present:
            if name not in by_set:
                cells.append(f"{'':>17}")
                continue
            gain, low, high, _ = by_set[name]
            mark = "+" if low > 0 else "-" if high < 0 else " "
            cells.append(f"{gain:>+16.4f}{mark}")
        lines.append(f"{feature:<22}" + "".join(cells))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.ablate", description=__doc__.split("\n\n")[0])
    parser.add_argument("features", nargs="*", metavar="FEATURE",
                        help="the unit features to remove one at a time (default: each of them)")
    parser.add_argument("--repeats", type=int, default=5, help="shuffles of the programme set's folds (default 5)")
    parser.add_argument("--general-index", type=Path, default=None,
                        help="index of the general set's documents (default: beside the main index)")
    parser.add_argument("--extra", nargs="*", choices=EXTRA_SETS, default=list(EXTRA_SETS),
                        help="the team's extra dev questions reported too; default both, none when given alone")
    args = parser.parse_args()
    unknown = [name for name in args.features if name not in UNIT_FEATURES]
    if unknown:
        parser.error(f"not a unit feature: {', '.join(unknown)} (they are: {', '.join(UNIT_FEATURES)})")
    settings = Settings()
    general_index = args.general_index or general_index_dir(settings)
    _, samples, _ = dev_samples(settings, general_index, extra=tuple(args.extra),
                                passage=load_passage_ranker(settings.answer.model_path))
    features = tuple(args.features) or UNIT_FEATURES
    differences = ablate(samples, settings, features, max(1, args.repeats), kept_composition(settings))
    print("key-fact recall with the feature removed minus the full model's, dev out of fold "
          "(+ / -: a gain / a loss, its 95% interval leaving 0 out)")
    print("\n".join(render(differences)))


if __name__ == "__main__":
    main()
