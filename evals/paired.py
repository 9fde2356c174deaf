"""python -m evals.paired BEFORE AFTER: is a change's dev key-fact recall gain larger than its noise?

`python -m evals.tune --cv --per-question FILE` writes what each dev question's cross-validated
answer held. Run it before and after a change (a worktree of main for before) and pair the two:
the difference per set and over all dev questions, with a 95% interval from resampling the
questions. On about 190 answerable dev questions a refit alone moves a set's recall by a few
points, so a gain whose interval spans 0 is not yet a gain.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

RESAMPLES = 2000


def per_question(found: dict[str, list[float]], facts: dict[str, int]) -> dict[str, dict[str, float]]:
    """Each question's key facts found (the mean over its runs) and its key facts in all."""
    return {key: {"found": sum(v) / len(v), "facts": facts[key]} for key, v in sorted(found.items())}


def write_per_question(path: Path, found: dict[str, list[float]], facts: dict[str, int]) -> None:
    Path(path).write_text(json.dumps(per_question(found, facts), indent=1) + "\n", encoding="utf-8")


def load(path: Path) -> dict[str, dict[str, float]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def paired(
    before: dict[str, dict[str, float]], after: dict[str, dict[str, float]],
) -> dict[str, tuple[float, float, float, int]]:
    """Per set (the key's part before ':') and over all: (recall difference, 95% low, high, questions),
    on the questions both files hold."""
    keys = sorted(set(before) & set(after))
    groups: dict[str, list[str]] = {"all": keys}
    for key in keys:
        groups.setdefault(key.split(":", 1)[0], []).append(key)
    rng = np.random.default_rng(0)
    out = {}
    for name, members in groups.items():
        gain = np.array([after[k]["found"] - before[k]["found"] for k in members])
        facts = np.array([before[k]["facts"] for k in members], dtype=float)
        if not len(members) or not facts.sum():
            continue
        picks = rng.integers(0, len(members), (RESAMPLES, len(members)))
        resampled = gain[picks].sum(axis=1) / facts[picks].sum(axis=1)
        low, high = np.percentile(resampled, [2.5, 97.5])
        out[name] = (float(gain.sum() / facts.sum()), float(low), float(high), len(members))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.paired", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before, after = load(args.before), load(args.after)
    missing = set(before) ^ set(after)
    if missing:
        print(f"note: {len(missing)} questions are in one file only and are left out")
    print("\n".join(report(before, after)))


def report(before: dict[str, dict[str, float]], after: dict[str, dict[str, float]]) -> list[str]:
    """One line per set, over all first: the difference, its interval and the verdict."""
    lines = []
    for name, (gain, low, high, n) in sorted(paired(before, after).items(), key=lambda kv: kv[0] != "all"):
        verdict = "gain" if low > 0 else "loss" if high < 0 else "within noise"
        lines.append(f"{name:>20}: {gain:+.4f} key-fact recall (95% {low:+.4f} to {high:+.4f}, {n} questions): "
                     f"{verdict}")
    return lines


if __name__ == "__main__":
    main()
