"""The default backend: offline and deterministic. It quotes the evidence units that best answer
the question, each cited, or refuses when the fitted refusal model says none holds the answer.

Units (`units.py`) are scored by one linear model over named features (`features.py`, weights in
`data/scorer.json`), composed within a budget (`compose.py`), and verified like any backend's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from .acronyms import defined_acronyms
from .types import Draft
from .compose import claim_text, compose, join_floor, overflow_floor
from .config import AnswerSettings
from .embeddings import Embedder
from .features import UNIT_FEATURES, statement_texts, unit_features
from .lexical import prime_stems, stem_terms
from .programme import Programme
from .question import Question, analyse
from .scorer import AnswerModel, refusal_features, sigmoid
from .sentences import SentenceIndex
from .text import is_quotable
from .types import Citation, Passage
from .outlines import outline_reach, outline_units, piece_claims
from .units import Unit, section_at, units_of

if TYPE_CHECKING:
    from .tables import ChunkRecords

_WORD = re.compile(r"[\w&.]+")  # a question's words as a glossary row's letters are written: "R&D", "I.T"


USE_PREFIX = 4  # letters a word shares with one of the corpus for the corpus to use its kin ("Brit-ish", "Brit-ain")


class Lexicon:
    """Inverse document frequencies of stemmed terms over the chunks, and the section headings."""

    _around: frozenset[str] = frozenset()  # (a lexicon pickled before it had them reads none)

    def __init__(
        self, chunk_texts: list[str], headings: frozenset[str] = frozenset(), around: Iterable[str] = (),
    ) -> None:
        self.headings = headings
        # Words only titles, headings or column headers say: used, though they weigh nothing in a text's
        # cover ("GPG" of a table's "Expected Change in GPG ($)" had been a name the documents never use).
        self._around = frozenset(t for text in around for t in stem_terms(text))
        self.acronyms = defined_acronyms(chunk_texts)  # read by retrieval: a name or its letters
        df: dict[str, int] = {}
        for text in chunk_texts:
            for term in set(stem_terms(text)):
                df[term] = df.get(term, 0) + 1
        n = max(len(chunk_texts), 1)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # Words the corpus never uses weigh most: a question about them is likely unanswerable.
        self._unseen = math.log(1 + (n + 0.5) / 0.5)

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unseen)

    @cached_property
    def _openings(self) -> frozenset[str]:
        return frozenset(t[:USE_PREFIX] for t in self._idf)

    def uses(self, term: str) -> bool:
        """Whether the corpus uses `term` or a word opening as it does: a name and its kin ("Afghan",
        where the documents say "Afghanistan"; "Syrian" and "Syria") are one for a question."""
        return (term in self._idf or term in self._around
                or (len(term) >= USE_PREFIX and term[:USE_PREFIX] in self._openings))


@dataclass
class Evidence:
    """The units of the passages for one question, with their features and scores."""

    question: Question
    units: list[Unit]
    vectors: np.ndarray
    X: np.ndarray
    logits: np.ndarray
    refusal_row: np.ndarray
    p_unanswerable: float
    passages: list[Passage]  # those the units number: the retrieved ones and the chunks outlines reach


class ExtractiveBackend:
    name = "extractive"

    def __init__(
        self,
        settings: AnswerSettings,
        embedder: Embedder,
        lexicon: Lexicon,
        sentences: SentenceIndex | None = None,
        programme: Programme | None = None,
        model: AnswerModel | None = None,
        chunks: ChunkRecords | None = None,  # the index's chunks in reading order: outlines read past the retrieved
    ) -> None:
        from .scorer import load_model

        self.settings = settings
        self.embedder = embedder
        self.lexicon = lexicon
        self.sentences = sentences
        self.programme = programme or Programme()
        self.model = model or load_model(settings.model_path)
        self.chunks = chunks

    def evidence(self, question: Question, passages: list[Passage], query_vector: np.ndarray | None = None) -> Evidence:
        """Score every unit of `passages` for `question` (the tuner reads this too)."""
        asked = None if question.kind == "definition" else frozenset(_WORD.findall(question.standalone))
        units = units_of(passages, self.lexicon.headings, keep=lambda text: is_quotable(text, self.lexicon.headings),
                         dated=question.kind == "when", asked=asked)
        if self.chunks is not None:  # the chunks next to the retrieved ones give an outline's labels only
            read = outline_reach(passages, self.chunks.next_to)
            passages = [*passages, *(Passage(c, 0.0, retrieved=False) for c in read)]
        units += outline_units(passages, asked)
        # The texts the features stem most (features.py, scorer.py), stemmed in two calls, not one per unit.
        # Features read a unit's text without its items' numbers (`Unit.plain`).
        plain = [u.plain for u in units]
        prime_stems([*plain, *(f"{t} {u.context}" for t, u in zip(plain, units)),
                     *(t for u in units for t in statement_texts(u)),
                     *(f"{p.chunk.title} {' '.join(p.chunk.headings)} {p.chunk.section} {p.chunk.text}" for p in passages)])
        prime_stems((f"{t} {section_at(passages[u.passage - 1].chunk, u.start)} {u.context}"
                     for t, u in zip(plain, units)), stopwords=None)
        q_vec = query_vector if query_vector is not None else self.embedder.embed_query(question.standalone)
        vectors = self._vectors(units, passages)
        X = unit_features(question, units, passages, vectors, q_vec, self.lexicon.idf, self.programme)
        logits = self.model.unit.logit(X) if len(units) else np.zeros(0)
        row = refusal_features(question, units, X, logits, passages, self.lexicon.idf, self.lexicon.uses)
        p_unanswerable = float(sigmoid(self.model.refusal.logit(row[None, :])[0]))
        return Evidence(question, units, vectors, X, logits, row, p_unanswerable, passages)

    def generate(
        self, question: str, passages: list[Passage], analysis: Question | None = None,
        query_vector: np.ndarray | None = None, said: Sequence[Citation] = (),
    ) -> Draft:
        analysis = analysis or analyse(question, self.programme)
        ev = self.evidence(analysis, passages, query_vector)
        if not ev.units:
            return Draft([], refused=True, details={"reason": "no passages retrieved", "question": analysis.to_dict()})
        probs = sigmoid(ev.logits)
        order = np.argsort(-ev.logits, kind="stable")
        details: dict[str, Any] = {
            "question": analysis.to_dict(),
            "p_unanswerable": round(ev.p_unanswerable, 4),
            "refusal_threshold": self.model.refusal_threshold,
            "refusal_features": self.model.refusal.contributions(ev.refusal_row),
            "top_units": [
                {"text": ev.units[i].text[:160], "kind": ev.units[i].kind, "passage": ev.units[i].passage,
                 "score": round(float(ev.logits[i]), 4), "features": self.model.unit.contributions(ev.X[i])}
                for i in order[:5]
            ],
        }
        m = self.model
        best = float(probs[order[0]])
        details["join_floor"] = {"floor": round(join_floor(best, m.add_min_prob, m.add_min_share), 4),
                                 "best_p": round(best, 4), "add_min_prob": m.add_min_prob,
                                 "add_min_share": m.add_min_share}
        if m.overflow_share is not None:  # what a unit needs to take the answer past the budget
            details["join_floor"]["overflow"] = {
                "floor": round(overflow_floor(best, m.add_min_prob, m.add_min_share, m.overflow_share), 4),
                "overflow_share": m.overflow_share, "up_to_chars": self.settings.overflow_limit}
        if ev.p_unanswerable > self.model.refusal_threshold:
            details["reason"] = (f"P(unanswerable) = {ev.p_unanswerable:.3f}, above the threshold "
                                 f"{self.model.refusal_threshold:.3f}")
            return Draft([], refused=True, details=details)
        # A later question of one message quotes what the earlier answers did not: the repeats had
        # taken its room, and the combined answer then said "See the answer above" in its place.
        units, vectors, passages = ev.units, ev.vectors, ev.passages
        new = [i for i, u in enumerate(units) if not _said_before(u, passages, said)] if said else []
        if new:
            units, probs, vectors = [units[i] for i in new], probs[new], vectors[new]
        chosen = compose(
            units, probs, vectors, budget=self.settings.max_chars, max_units=self.settings.max_units,
            add_min_prob=self.model.add_min_prob, count=analysis.count, add_min_share=self.model.add_min_share,
            overflow_share=self.model.overflow_share, overflow_budget=self.settings.overflow_limit,
        )
        claims, proposed = [], {}
        for unit in chosen:
            for said, n, start, end in piece_claims(unit):  # an outline: each label cited where it is
                proposed[(len(claims), n)] = (start, end)
                claims.append((said, [n]))
            if not unit.pieces:
                proposed[(len(claims), unit.passage)] = (unit.start, unit.end)
                claims.append((claim_text(unit), [unit.passage]))
        return Draft(claims, proposed=proposed, details=details, passages=passages)

    def _vectors(self, units: list[Unit], passages: list[Passage]) -> np.ndarray:
        """The units' vectors: from the index, embedded now where missing."""
        if not units:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        stored = [
            self.sentences.vector(passages[u.passage - 1].chunk.id, u.start, u.end) if self.sentences else None
            for u in units
        ]
        made_of_parts = [i for i, u in enumerate(units) if u.parts]
        # An outline's vector is its lead-in's and labels', embedded now: no stored unit spans them.
        missing = [i for i, v in enumerate(stored) if (v is None or units[i].pieces) and not units[i].parts]
        if missing:
            fresh = self.embedder.embed([units[i].plain for i in missing])
            for row, i in enumerate(missing):
                stored[i] = fresh[row]
        for i in made_of_parts:  # a pair's or column's direction: the mean of its parts', normalised
            mean = np.sum([stored[j] for j in dict.fromkeys(units[i].parts)], axis=0)
            stored[i] = mean / max(float(np.linalg.norm(mean)), 1e-9)
        return np.stack(stored).astype(np.float32)


def _said_before(unit: Unit, passages: list[Passage], said: Sequence[Citation]) -> bool:
    """Whether a quote in `said` (an earlier answer's) overlaps the unit's text in its document."""
    chunk = passages[unit.passage - 1].chunk
    start, end = chunk.start + unit.start, chunk.start + unit.end
    return any(c.source == chunk.source and c.page == chunk.page and c.start < end and start < c.end for c in said)


__all__ = ["UNIT_FEATURES", "Evidence", "ExtractiveBackend", "Lexicon", "claim_text"]
