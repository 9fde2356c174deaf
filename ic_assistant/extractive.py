"""The default backend: offline and deterministic. It quotes the passage sentences that best
answer the question, each cited, or refuses when none is good enough."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .config import AnswerSettings
from .embeddings import Embedder
from .lexical import stem_terms
from .sentences import SentenceIndex
from .answer_type import expected_type, has_answer_type
from .backends import Draft
from .text import BLOCK_SEPARATOR, cities_in, is_quotable, phases_in, sentence_spans
from .types import Passage

# Sentence score = weighted sentence-question cosine, IDF-weighted term coverage, and the
# cosine of the whole passage (a table cell or list item means little out of its context).
_WEIGHTS = (0.5, 0.3, 0.2)
_TYPE_BONUS = 0.08  # added when a sentence holds the kind of answer the question asks for
_REDUNDANT = 0.8  # cosine above which a second sentence adds nothing new
_KEEP_RATIO = 0.9  # further sentences must score at least this share of the best one
_LIST_CHARS = 700  # a sentence introducing a list ("...5 key themes:") brings its items, up to this
_NEIGHBOUR = 0.85  # a question term found only next to a sentence counts this share of one in it
_OFF_TOPIC = 0.5  # a sentence about another city or phase than the question's scores this share
_CITY_LIST = 3  # a sentence naming this many cities is about them all, not about one of them


@lru_cache(maxsize=1)
def _function_stems() -> frozenset[str]:
    """Stems of question and function words ("does", "many", "you"...). They are rare in the
    documents, so their IDF is high, yet they never carry what a question is about."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    # Light verbs ("took part", "made use") and reporting verbs ("what did cities say about X")
    # carry no topic either: the answer is about X, whatever verb reports it.
    light = {"take", "took", "taken", "make", "made", "give", "gave", "given", "get", "got", "go", "went"}
    reporting = {"say", "said", "says", "tell", "told", "think", "thought", "feel", "felt"}
    words = {"whose", "how", "many", "much", "would", "could", *light, *reporting, *STOPWORDS_EN_PLUS}
    return frozenset(stem_terms(" ".join(sorted(words)), stopwords=None))


class Lexicon:
    """Inverse document frequencies of stemmed terms over the chunks, and the section headings."""

    def __init__(self, chunk_texts: list[str], headings: frozenset[str] = frozenset()) -> None:
        self.headings = headings
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


@dataclass(frozen=True)
class _Sentence:
    passage: int  # 1-based passage number
    start: int  # offsets in the chunk text
    end: int
    text: str


class ExtractiveBackend:
    name = "extractive"

    def __init__(
        self,
        settings: AnswerSettings,
        embedder: Embedder,
        lexicon: Lexicon,
        sentences: SentenceIndex | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.lexicon = lexicon
        self.sentences = sentences

    def generate(self, question: str, passages: list[Passage]) -> Draft:
        sentences = _candidate_sentences(passages, self.lexicon.headings)
        if not sentences:
            return Draft([], refused=True, details={"reason": "no passages retrieved", "support": 0.0})
        q_vec, s_vecs = self._vectors(question, sentences, passages)
        dense = s_vecs @ q_vec
        terms = _question_terms(question)
        coverage = np.array([self._coverage(terms, s.text, _neighbours(s, passages)) for s in sentences])
        context = _passage_similarity(passages)
        passage_sim = np.array([context[s.passage - 1] for s in sentences])
        w_dense, w_cover, w_context = _WEIGHTS
        kind = expected_type(question)
        typed = np.array(
            [has_answer_type(kind, s.text, question, passages[s.passage - 1].chunk.section) for s in sentences],
            dtype=np.float32,
        )
        scores = w_dense * dense + w_cover * coverage + w_context * passage_sim + _TYPE_BONUS * typed
        # "Which cities ...?" is answered by naming them; "What did cities say ...?" by their views
        # where the documents report any.
        if kind == "cities" or (kind == "opinion" and typed.any()):
            scores = np.where(typed > 0, scores, scores * _OFF_TOPIC)
        asked_cities = set(cities_in(question))
        if asked_cities:  # evidence about another city does not answer a question about this one
            about = np.array([_is_about(asked_cities, s, passages, kind) for s in sentences])
            scores = np.where(about, scores, scores * _OFF_TOPIC)
        asked_phases = phases_in(question)
        if asked_phases:  # nor does evidence about another phase of the programme
            other = np.array([_other_phase(asked_phases, s, passages) for s in sentences])
            scores = np.where(other, scores * _OFF_TOPIC, scores)
        order = np.argsort(-scores, kind="stable")
        best = float(scores[order[0]])
        details = {
            "support": round(best, 4),
            "threshold": self.settings.min_support,
            "top_sentences": [
                {"text": sentences[i].text[:160], "passage": sentences[i].passage, "score": round(float(scores[i]), 4),
                 "dense": round(float(dense[i]), 4), "coverage": round(float(coverage[i]), 4)}
                for i in order[:5]
            ],
        }
        if best < self.settings.min_support:
            details["reason"] = f"best evidence scores {best:.3f}, below the threshold {self.settings.min_support}"
            return Draft([], refused=True, details=details)

        chosen: list[_Sentence] = []
        chosen_rows: list[int] = []
        named_cities: set[str] = set()
        length = 0
        for i in order:
            if len(chosen) == self.settings.max_sentences or scores[i] < _KEEP_RATIO * best:
                break
            candidate = sentences[i]
            if any(c.passage == candidate.passage and c.start <= candidate.start < c.end for c in chosen):
                continue  # already inside a quoted list
            if any(float(s_vecs[i] @ s_vecs[j]) > _REDUNDANT for j in chosen_rows):
                continue
            if kind == "cities" and chosen and set(cities_in(candidate.text)) <= named_cities:
                continue  # names no city the answer does not already give
            quote = _with_list_items(candidate, passages)
            if chosen and length + len(quote.text) > self.settings.max_chars:
                continue
            chosen.append(quote)
            named_cities |= set(cities_in(quote.text))
            chosen_rows.append(int(i))
            length += len(quote.text)
        # The best evidence first; sentences of one passage in the order they are written.
        first = {}
        for n, q in enumerate(chosen):
            first.setdefault(q.passage, n)
        chosen.sort(key=lambda q: (first[q.passage], q.start))
        claims, proposed = [], {}
        for quote in chosen:
            head, *items = [_tidy(part) for part in quote.text.split(BLOCK_SEPARATOR)]
            text = f"{head} {'; '.join(items)}" if items else head
            if not text.endswith((".", "!", "?", ":", ";")):
                text += "."  # a list item or table cell quoted alone still reads as a sentence
            marker = _LIST_MARKER.match(quote.text)  # the quote starts at the item, not its bullet
            proposed[(len(claims), quote.passage)] = (quote.start + (marker.end() if marker else 0), quote.end)
            claims.append((text, [quote.passage]))
        return Draft(claims, proposed=proposed, details=details)

    def _vectors(
        self, question: str, sentences: list[_Sentence], passages: list[Passage]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The question's vector and the sentences' (from the index; embedded now if missing)."""
        stored = [
            self.sentences.vector(passages[s.passage - 1].chunk.id, s.start, s.end) if self.sentences else None
            for s in sentences
        ]
        missing = [i for i, v in enumerate(stored) if v is None]
        fresh = self.embedder.embed([sentences[i].text for i in missing])
        for row, i in enumerate(missing):
            stored[i] = fresh[row]
        return self.embedder.embed_query(question), np.stack(stored)

    def _coverage(self, q_terms: set[str], sentence: str, context: str = "") -> float:
        """IDF-weighted share of the question's terms (`_question_terms`) in the sentence; a term
        only in the sentences around it (`context`) counts `_NEIGHBOUR` as much."""
        if not q_terms:
            return 0.0
        s_terms = set(stem_terms(sentence))
        c_terms = set(stem_terms(context)) - s_terms if context else set()
        total = sum(self.lexicon.idf(t) for t in q_terms)
        found = sum(self.lexicon.idf(t) for t in q_terms & s_terms)
        return (found + _NEIGHBOUR * sum(self.lexicon.idf(t) for t in q_terms & c_terms)) / total


def _neighbours(sentence: _Sentence, passages: list[Passage]) -> str:
    """The sentences around `sentence` in its chunk: the one before (a list's lead-in, a table's
    row label, what "it" refers to) and the one after, unless that is itself a lead-in or label,
    which belongs to what follows it."""
    text = passages[sentence.passage - 1].chunk.text
    spans = sentence_spans(text)
    i = next((n for n, (s, _) in enumerate(spans) if s == sentence.start), None)
    if i is None:
        return ""
    around = [text[s:e] for s, e in spans[max(i - 1, 0) : i]]
    if i + 1 < len(spans):
        after = text[spans[i + 1][0] : spans[i + 1][1]]
        if after.rstrip()[-1:] in ".!?":
            around.append(after)
    return " ".join(around)


def _is_about(cities: set[str], sentence: _Sentence, passages: list[Passage], kind: str | None) -> bool:
    """Whether the sentence (or its section heading) names one of `cities`, other than in passing
    within a list of many cities, which answers a question about that list, not about one city."""
    named = set(cities_in(f"{sentence.text} {passages[sentence.passage - 1].chunk.section}"))
    if kind != "cities" and len(named) >= _CITY_LIST:
        return False
    return bool(cities & named)


def _other_phase(asked: frozenset[int], sentence: _Sentence, passages: list[Passage]) -> bool:
    """Whether the sentence is about another programme phase than `asked`: the phases it names,
    else those of its section heading, else those of its document's title."""
    chunk = passages[sentence.passage - 1].chunk
    for text in (sentence.text, chunk.section, chunk.title):
        named = phases_in(text)
        if named:
            return not (named & asked)
    return False


def _question_terms(question: str) -> set[str]:
    """The stemmed terms a sentence should share with the question. City names are left out:
    the city rule in `generate` already asks that the sentence be about the city."""
    terms = set(stem_terms(question)) - _function_stems()
    return terms - set(stem_terms(" ".join(cities_in(question)), stopwords=None))


def _passage_similarity(passages: list[Passage]) -> list[float]:
    """Each passage's cosine to the question; those the dense retriever did not rank get its lowest."""
    known = [p.dense_score for p in passages if p.dense_score is not None]
    floor = min(known) if known else 0.0
    return [p.dense_score if p.dense_score is not None else floor for p in passages]


_LIST_MARKER = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")


def _tidy(part: str) -> str:
    """A quoted list item without its bullet or number."""
    return _LIST_MARKER.sub("", part.strip())


def _candidate_sentences(passages: list[Passage], headings: frozenset[str] = frozenset()) -> list[_Sentence]:
    """Sentences of the passages that could be quoted (see `is_quotable`), without repeats."""
    seen: set[str] = set()
    out = []
    for n, passage in enumerate(passages, start=1):
        text = passage.chunk.text
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            key = " ".join(sentence.lower().split())
            if key in seen or sentence == passage.chunk.section or not is_quotable(sentence, headings):
                continue
            seen.add(key)
            out.append(_Sentence(n, s, e, sentence))
    return out


def _with_list_items(sentence: _Sentence, passages: list[Passage]) -> _Sentence:
    """A sentence ending in ':' introduces a list: quote the items that follow it in the chunk,
    up to the next lead-in (the list ends there)."""
    if not sentence.text.rstrip().endswith(":"):
        return sentence
    text = passages[sentence.passage - 1].chunk.text
    end = sentence.end
    for s, e in sentence_spans(text[sentence.end :]):
        s, e = s + sentence.end, e + sentence.end
        item = text[s:e]
        if e - sentence.start > _LIST_CHARS or BLOCK_SEPARATOR not in text[end:s] or item.rstrip().endswith(":"):
            break
        end = e
    return _Sentence(sentence.passage, sentence.start, end, text[sentence.start : end])
