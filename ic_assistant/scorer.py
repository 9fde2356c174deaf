"""The fitted answer model: a linear unit scorer, a refusal model, and composition settings.

Weights live in a data file (`data/scorer.json`) that `python -m evals.tune` writes from the
dev splits of both eval sets; nothing here is tuned by hand. Features are standardised with
the training mean and scale, so `--explain` shows comparable contributions.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConfigError
from .features import UNIT_FEATURES, figure_for, holds_quantity, holds_role, names_year
from .lexical import stem_terms
from .question import AMOUNT, Question
from .retrieval import PASSAGE_FEATURES
from .types import Passage
from .units import TABLE_ROW, Unit, section_at

DEFAULT_MODEL = Path(__file__).parent / "data" / "scorer.json"

REFUSAL_FEATURES = (
    "best_logit",  # the best unit's score
    "best_dense",  # the best unit cosine
    "anchored_cover",  # the best share of question terms in the text of a unit about the entity or name asked about
    "unseen",  # IDF share of question terms that no retrieved passage holds
    "asked_found",  # "How many members ...?": +1 when a best unit counts members, -1 when none does, else 0
    "unseen_name",  # 1 when the documents never use a name the question gives (its rarest word)
)
ASKED_UNITS = 10  # how many of the best units are read for the asked quantity, year or role


@dataclass(frozen=True)
class LinearModel:
    """logit = ((x - mean) / scale) . coef + intercept"""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logit(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.coef + self.intercept

    def contributions(self, x: np.ndarray) -> dict[str, float]:
        parts = (x - self.mean) / self.scale * self.coef
        return {name: round(float(v), 4) for name, v in zip(self.features, parts)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(float(self.intercept), 6),
        }

    @classmethod
    def blank(cls, features: tuple[str, ...]) -> LinearModel:
        """All weights zero: a logit of 0 for every input."""
        n = len(features)
        return cls(features, np.zeros(n), np.ones(n), np.zeros(n), 0.0)

    @classmethod
    def from_dict(cls, raw: dict[str, Any], expected: tuple[str, ...]) -> LinearModel:
        if tuple(raw["features"]) != expected:
            raise ValueError(f"features {raw['features']} differ from the code's {list(expected)}")
        return cls(
            tuple(raw["features"]),
            np.asarray(raw["mean"], dtype=np.float64),
            np.asarray(raw["scale"], dtype=np.float64),
            np.asarray(raw["coef"], dtype=np.float64),
            float(raw["intercept"]),
        )


@dataclass(frozen=True)
class AnswerModel:
    unit: LinearModel
    refusal: LinearModel
    refusal_threshold: float  # refuse when P(unanswerable) is above it
    add_min_prob: float  # a further unit joins the answer when its probability is at least this
    meta: dict[str, Any] = field(default_factory=dict)
    passage: LinearModel | None = None  # ranks retrieved passages; None: reciprocal rank fusion
    add_min_share: float = 0.0  # ... and at least this share of the best unit's probability
    overflow_share: float | None = None  # past the budget, units with this share of the best's; None: none

    def to_dict(self) -> dict[str, Any]:
        return {
            "passage": self.passage.to_dict() if self.passage is not None else None,
            "unit": self.unit.to_dict(),
            "refusal": self.refusal.to_dict(),
            "refusal_threshold": round(self.refusal_threshold, 6),
            "add_min_prob": round(self.add_min_prob, 6),
            "add_min_share": round(self.add_min_share, 6),
            "overflow_share": None if self.overflow_share is None else round(self.overflow_share, 6),
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


def load_model(path: Path | None = None, refusal: bool = True) -> AnswerModel:
    """The fitted model at `path` (default: the one shipped in the package). With `refusal=False`
    its refusal is not read (a blank one stands in): for refitting the refusal alone after its
    features changed."""
    def build(raw: dict[str, Any]) -> AnswerModel:
        add_min_prob, add_min_share, overflow_share = _composition(raw)
        return AnswerModel(
            unit=LinearModel.from_dict(raw["unit"], UNIT_FEATURES),
            refusal=(LinearModel.from_dict(raw["refusal"], REFUSAL_FEATURES) if refusal
                     else LinearModel.blank(REFUSAL_FEATURES)),
            refusal_threshold=float(raw["refusal_threshold"]),
            add_min_prob=add_min_prob,
            add_min_share=add_min_share,
            overflow_share=overflow_share,
            meta=raw.get("meta", {}),
            passage=_passage_ranker(raw),
        )

    return _read_model(path, build)


def load_composition(path: Path | None = None) -> tuple[float, float, float | None]:
    """The composition thresholds (add_min_prob, add_min_share, overflow_share) of the fitted model
    at `path` (default: the shipped one), read alone: a change to the unit features is judged with
    them kept, though the rest of that model no longer fits the code (`python -m evals.tune
    --keep-composition`)."""
    return _read_model(path, _composition)


def _composition(raw: dict[str, Any]) -> tuple[float, float, float | None]:
    overflow = raw.get("overflow_share")
    return (float(raw["add_min_prob"]),
            float(raw.get("add_min_share", 0.0)),  # files fitted before it: no relative floor
            None if overflow is None else float(overflow))  # ... and no overflow


def load_passage_ranker(path: Path | None = None) -> LinearModel | None:
    """The passage ranker of the fitted model at `path` (default: the shipped one), without its unit
    scorer or refusal: a change to the unit features keeps the ranker (`python -m evals.tune
    --keep-passages`), though the rest of that model no longer fits the code."""
    return _read_model(path, _passage_ranker)


def _passage_ranker(raw: dict[str, Any]) -> LinearModel | None:
    return LinearModel.from_dict(raw["passage"], PASSAGE_FEATURES) if raw.get("passage") else None


def _read_model(path: Path | None, build: Callable[[dict[str, Any]], Any]) -> Any:  # noqa: ANN401
    """`build` applied to the model file at `path` (default: the shipped one), its failures told as
    configuration errors."""
    path = path or DEFAULT_MODEL
    try:
        return build(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise ConfigError(f"no answer model at {path}: run `python -m evals.tune` to fit one") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"answer model {path} does not fit this code ({exc}): run `python -m evals.tune`") from exc
    except OSError as exc:  # a folder, no permission
        raise ConfigError(f"cannot read the answer model at {path}: {exc.strerror or exc}") from exc


def sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-np.asarray(x)))


COMMON_NAME_IDF = math.log(2)  # the IDF of a word in about half the chunks


def refusal_features(
    question: Question,
    units: list[Unit],
    X: np.ndarray,
    logits: np.ndarray,
    passages: list[Passage],
    idf,  # noqa: ANN001 - callable term -> IDF
    uses: Callable[[str], bool] | None = None,  # whether the corpus uses a term (`Lexicon.uses`); else read off idf
) -> np.ndarray:
    """One row of REFUSAL_FEATURES for a question, from its units' features and scores."""
    uses = uses or (lambda term: idf(term) < idf(""))  # "" stands for a term no chunk holds
    unseen_name = float(any(_unseen_name(n, idf, uses) for n in (*question.entities, *question.proper)))
    col = {name: i for i, name in enumerate(UNIT_FEATURES)}
    row = np.zeros(len(REFUSAL_FEATURES), dtype=np.float64)
    if not len(units):
        row[REFUSAL_FEATURES.index("best_logit")] = -10.0
        row[REFUSAL_FEATURES.index("unseen")] = 1.0
        row[REFUSAL_FEATURES.index("asked_found")] = -1.0 if _asks_for(question) else 0.0
        row[REFUSAL_FEATURES.index("unseen_name")] = unseen_name
        return row
    held: set[str] = set()
    for p in passages:
        if not p.retrieved:  # a chunk read only for an outline's labels
            continue
        held |= set(stem_terms(f"{p.chunk.title} {' '.join(p.chunk.headings)} {p.chunk.section} {p.chunk.text}"))
    weights = {t: idf(t) for t in question.terms}
    total = sum(weights.values())
    # The unit's own words and its own context (a table row's headers, a list item's lead-in):
    # a section heading or a neighbour naming the topic does not make a unit say what was asked.
    own_terms = [set(stem_terms(f"{u.plain} {u.context}")) for u in units]
    cover = np.array([sum(w for t, w in weights.items() if t in own) / total if total else 0.0 for own in own_terms])
    # A name whose every word is in most of the corpus's chunks (the programme's own name) tells
    # no passage from another: it anchors nothing ("Who was Eastbay's sponsor for Welcome Towns?"
    # is about Eastbay).
    anchors = [a.lower() for a in (*question.entities, *question.proper)
               if max((idf(t) for t in stem_terms(a, stopwords=None)), default=0.0) >= COMMON_NAME_IDF]
    # Only units that name what the question is about (in text, context or title) count.
    if anchors or question.years:
        anchored = [
            float(cover[i]) for i, u in enumerate(units)
            if _about(question, anchors, f"{u.plain} {u.context} {passages[u.passage - 1].chunk.section} "
                                         f"{passages[u.passage - 1].chunk.title}")
        ]
        anchored_cover = max(anchored, default=0.0)
    else:
        anchored_cover = float(cover.max())
    values = {
        "best_logit": float(logits.max()),
        "best_dense": float(X[:, col["dense"]].max()),
        "anchored_cover": anchored_cover,
        "unseen": sum(w for t, w in weights.items() if t not in held) / total if total else 0.0,
        "asked_found": _asked_found(question, units, logits, passages, anchors),
        "unseen_name": unseen_name,
    }
    return np.array([values[name] for name in REFUSAL_FEATURES], dtype=np.float64)


def _unseen_name(name: str, idf, uses: Callable[[str], bool]) -> bool:  # noqa: ANN001 - callable term -> IDF
    """Whether the documents never use `name`, read by its rarest word of three letters or more:
    "Who is the mayor of <a city they never name>?" is not answered by the mayors of other cities,
    whose rows cover every other word of it (the refusal had leaned on those words and answered).
    By its rarest word, "<City> City Council" is unseen though "city" and "council" are everywhere.
    Absent from the retrieved passages alone was too much: a name the documents use is often left
    out of the passage that answers, and an answerable question was refused."""
    words = [t for t in stem_terms(name) if len(t) >= 3]
    return bool(words) and not uses(max(words, key=idf))


def _about(question: Question, anchors: Sequence[str], where: str) -> bool:
    """Whether `where` names one of the question's anchors (if it has any) and the year it asks
    about (if it names one): "What was the budget for 2021-22?" is not answered for 2019."""
    return (not anchors or any(a in where.lower() for a in anchors)) and names_year(question, where)


def _asks_for(question: Question) -> bool:
    """Whether a question asks for a thing `_asked_found` can look for: a quantity, a date in a
    year it names, the holder of a role."""
    return bool(question.quantity or question.role or (question.kind == "when" and question.years))


def _asked_found(
    question: Question, units: list[Unit], logits: np.ndarray, passages: list[Passage], anchors: Sequence[str] = (),
) -> float:
    """Whether one of the best units holds what the question asks for: +1 when one does, -1 when
    none does, 0 for a question that asks for nothing it can look for.
    A "how many/much/long/often" or "what share" question is answered by a number that measures
    what it asks about, and a unit naming its topic with some other number does not answer it ("How
    much did the foundation give?" against "an additional three year grant"), nor a number in a
    passage that never names the place or name asked about. A "when"
    question naming a year asks for a date in that year: one of the best units (or its section) must
    name it ("... Welcoming Week in 2023?" is not answered by 2021's dates). A "who" question asking
    for a role's holder is answered by a unit naming the role, in its words or under a heading that
    does ("Who is the director of ...?" is not answered by when the office was set up)."""
    best = np.argsort(-logits, kind="stable")[:ASKED_UNITS]
    if question.kind == "when" and question.years and not question.quantity:
        return 1.0 if any(names_year(question, u.plain, u.context, passages[u.passage - 1].chunk.section)
                          for u in (units[i] for i in best)) else -1.0
    if question.role and not question.quantity:
        def holds(u: Unit) -> bool:
            # The role's holder for the name asked about ("Who is the sponsor in <City>?"): a row
            # names whose role it gives, a sentence may leave that to the passage around it.
            chunk = passages[u.passage - 1].chunk
            where = f"{u.plain} {u.context} {section_at(chunk, u.start)}"
            scope = f"{where} {chunk.title}" if u.kind == TABLE_ROW else f"{where} {chunk.title} {chunk.text}"
            return holds_role(question.role, where) and _about(question, anchors, scope)
        return 0.0 if any(holds(units[i]) for i in best) else -1.0
    if not question.quantity:
        return 0.0
    # A table row's headers name what its cells give ("Services" over "80").
    # A figure for another year is no answer ("FY2024" against "$50K in FY2022-23"); nor is a figure
    # for another name than the question's: a row says whose figure it is ("How much does the council
    # pay <charity>?" is not answered by another charity's "Amount Requested"), and a sentence's
    # passage does, as for a role's holder: a sentence may leave its subject to the one before ("The
    # grant was £50,000 a year."), but a figure in a passage that never names the place or name asked
    # about is another's (probe questions on a budget or a count the documents do not give had been
    # answered with the document's other figures).
    # A figure the question itself gives is not what it asks for ("How many days ... above $25,000?"
    # is not answered by "$25,000").
    given = [re.escape(n) for n in question.figures]
    stated = re.compile(rf"(?<![\d,.])(?:{'|'.join(given)})(?![\d,])") if given else None

    def found(u: Unit) -> bool:
        chunk = passages[u.passage - 1].chunk
        row = u.kind == TABLE_ROW
        caption = section_at(chunk, u.start) if row else ""
        text = stated.sub(" ", u.plain) if stated else u.plain
        scope = [u.plain, u.context, chunk.title, *chunk.headings, chunk.section]
        if not row:  # a sentence's subject may be in its passage; a row's is in the row
            scope.append(chunk.text)
        return ((any(holds_quantity(counted, text, u.context if row else "", caption, question.done)
                     for counted in (question.quantity, *question.quantity_kin))
                 or (row and question.quantity == AMOUNT and figure_for(question.terms, text)))
                and names_year(question, u.plain, u.context, chunk.section, chunk.title)
                and _about(question, anchors, " ".join(scope)))

    return 1.0 if any(found(units[i]) for i in best) else -1.0
