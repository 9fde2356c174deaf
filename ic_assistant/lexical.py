"""BM25 over the chunks (bm25s with an English Snowball stemmer), saved beside the state.

The saved index is tagged with the state generation it was built from; a reader that finds a
different generation (an interrupted ingest), or files it cannot read, rebuilds it in memory
from the chunks instead.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
import threading
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from .text import for_term_matching
from .types import Chunk

log = logging.getLogger(__name__)

_META = "ic_meta.json"


@lru_cache(maxsize=1)
def _stemmer() -> _Stemmer:
    import Stemmer

    return _Stemmer(Stemmer.Stemmer("english"))


class _Stemmer:
    """The Snowball stemmer, after an irregular verb's past forms are read as the verb: "began" and
    "begun" as "begin", "met" as "meet", "led" as "lead" (lemminflect's English lexicon). A stemmer
    cuts endings only, and "When did the review begin?" had found no word of its in "The review
    began in June 2019". A form that is also a noun or an adjective ("found", "left",
    "ground", "shot") is left as it is, as are the auxiliaries' ("were", "had", "did")."""

    def __init__(self, snowball) -> None:  # noqa: ANN001 - Stemmer.Stemmer
        self._snowball = snowball

    def stemWord(self, word: str) -> str:  # noqa: N802 - PyStemmer's name, which bm25s calls
        return self._snowball.stemWord(_verb_of(word))

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802
        return self._snowball.stemWords([_verb_of(w) for w in words])


# Their forms are function words, left as they are ("were" and "been" are no "be" for a term's count).
_AUXILIARIES = frozenset(("be", "have", "do"))


@lru_cache(maxsize=65536)
def _verb_of(word: str) -> str:
    """`word`, or the verb it is a form of where that is its only reading. A regular form ("worked")
    gets its verb's stem from the stemmer anyway; an irregular one ("began") needs this."""
    from lemminflect import getLemma

    verbs = getLemma(word, upos="VERB", lemmatize_oov=False)
    if len(verbs) != 1 or verbs[0] == word or verbs[0] in _AUXILIARIES:
        return word
    if getLemma(word, upos="NOUN", lemmatize_oov=False) or getLemma(word, upos="ADJ", lemmatize_oov=False):
        return word
    return verbs[0]


def _quiet() -> None:
    # bm25s logs index building at DEBUG with a handler of its own.
    logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokenize(texts: list[str]):  # noqa: ANN201 - bm25s.tokenization.Tokenized
    """BM25's tokens: the terms `stem_terms` matches (phrasal verbs read as one verb, "took part" as
    "participate"), so that a question and a chunk are read alike by both."""
    import bm25s

    return bm25s.tokenize([for_term_matching(t) for t in texts], stopwords="en", stemmer=_stemmer(),
                          show_progress=False)


def stem_terms(text: str, stopwords: str | None = "en") -> list[str]:
    """The terms of `text` (lower-cased, stemmed, stopwords removed; see `for_term_matching`)."""
    got = _STEMS.get((text, stopwords))
    if got is None:
        got = _stem_all([text], stopwords)[0]
    return list(got)


def prime_stems(texts: Iterable[str], stopwords: str | None = "en") -> None:
    """Stem those of `texts` not stemmed yet in one call, so that `stem_terms` finds them: bm25s
    tokenises a list several times faster than the same texts one call each."""
    todo = list(dict.fromkeys(t for t in texts if (t, stopwords) not in _STEMS))
    if todo:
        _stem_all(todo, stopwords)


# (text, stopwords) -> terms: the same passage sentences are scored for question after question.
_STEMS: dict[tuple[str, str | None], tuple[str, ...]] = {}
_STEMS_MAX = 65536
_STEMS_LOCK = threading.Lock()


def _stem_all(texts: list[str], stopwords: str | None) -> list[tuple[str, ...]]:
    import bm25s

    found = bm25s.tokenize([for_term_matching(t) for t in texts], stopwords=stopwords, stemmer=_stemmer(),
                           return_ids=False, show_progress=False)
    terms = [tuple(f) for f in found]
    with _STEMS_LOCK:
        if len(_STEMS) + len(texts) > _STEMS_MAX:  # forget the oldest half
            for key in list(itertools.islice(_STEMS, len(_STEMS) // 2 + len(texts))):
                del _STEMS[key]
        _STEMS.update(((t, stopwords), f) for t, f in zip(texts, terms))
    return terms


_LONG_WORD = re.compile(r"(?<!['\u2019])\b[A-Za-z]{5,}\b(?!['\u2019](?!s\b))")  # not of "shouldn't"; "city's" is
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=1)
def _english():  # noqa: ANN202 - spellchecker.SpellChecker
    """English words and their frequencies (pyspellchecker's list, loaded the first time a question
    holds a word the index does not know)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def english_word(word: str) -> bool:
    """Whether `word` (lower case) is in the English word list."""
    return word in _english()


def _edits(word: str) -> tuple[list[str], ...]:
    """Spellings a letter away from `word`, the likeliest typos first: two neighbours swapped, a
    letter too many, a letter left out."""
    swaps = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    drops = [word[:i] + word[i + 1 :] for i in range(len(word))]
    adds = [word[:i] + c + word[i:] for i in range(len(word) + 1) for c in _LETTERS]
    return swaps, drops, adds


class BM25Index:
    """A bm25s retriever plus the chunk ids in its row order."""

    def __init__(self, retriever, ids: list[str], generation: str) -> None:  # noqa: ANN001
        self._retriever = retriever
        self.ids = ids
        self.generation = generation

    @classmethod
    def build(cls, chunks: list[Chunk], generation: str) -> BM25Index:
        import bm25s

        _quiet()
        retriever = bm25s.BM25()
        if chunks:
            # Title, section and column headers are indexed with the text: they carry words the text
            # leaves implicit ("Who is the strategic sponsor ...?" against a row "Leeds | Deputy Leader").
            texts = ["\n".join([c.title, c.section, *c.unquoted_context, c.text]) for c in chunks]
            retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, [c.id for c in chunks], generation)

    def save(self, directory: Path) -> None:
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.ids:
            self._retriever.save(str(tmp), show_progress=False)
        (tmp / _META).write_text(json.dumps({"generation": self.generation, "ids": self.ids}), encoding="utf-8")
        shutil.rmtree(directory, ignore_errors=True)
        tmp.rename(directory)

    @classmethod
    def load(cls, directory: Path) -> BM25Index | None:
        import bm25s

        meta_path = directory / _META
        if not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            # Memory-mapped: a question reads the postings of its own terms only.
            retriever = bm25s.BM25.load(str(directory), mmap=True) if meta["ids"] else bm25s.BM25()
            return cls(retriever, meta["ids"], meta["generation"])
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            # A damaged or partly deleted index is rebuilt from the chunks, as for a stale one.
            log.warning("BM25 index at %s cannot be read (%s): rebuilding it from the chunks", directory, exc)
            return None

    def respelled(self, text: str, names: Collection[str] = ()) -> str:
        """`text` with each typo respelled: a word of five letters or more that neither the index
        nor English knows, replaced by the one spelling a letter away (`_edits`) whose term the
        index holds, when the likeliest edits find exactly one such term. A real word is never
        respelled, even one the documents lack: the refusal counts the question's terms the
        passages lack, and against the index's words alone "cover" read as "over" and "teach" as
        "each". A capital inside the question marks a name ("my Gmail password"), which is
        respelled only to one of `names` (lower case: the programme's entities, `Programme.name_words`):
        "Who was Northtwn's sponsor?" asks about Northtown, and a city typed so was refused."""
        vocab = self._retriever.vocab_dict if self.ids else {}
        if not vocab:
            return text
        stemmer = _stemmer()
        inside = {m.group(0) for m in _LONG_WORD.finditer(text) if m.start() and m.group(0)[0].isupper()}
        words = [m.group(0) for m in _LONG_WORD.finditer(text) if m.group(0) not in inside or names]
        unknown = [w for w in dict.fromkeys(words) if stemmer.stemWord(w.lower()) not in vocab]
        if not unknown:
            return text
        typos = _english().unknown([w.lower() for w in unknown])
        fixed = {}
        for word in unknown:
            if word.lower() not in typos:
                continue
            for edits in _edits(word.lower()):
                if word in inside:
                    edits = [e for e in edits if e in names]
                found = {stem: edit for edit, stem in zip(edits, stemmer.stemWords(edits)) if stem in vocab}
                if found:
                    if len(found) == 1:  # else two ways to read it: leave it
                        edit = next(iter(found.values()))
                        fixed[word] = edit[0].upper() + edit[1:] if word[0].isupper() else edit
                    break
        return _LONG_WORD.sub(lambda m: fixed.get(m.group(0), m.group(0)), text) if fixed else text

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score; `mask` zeroes rows out."""
        if not self.ids:
            return []
        tokens = tokenize([query])
        if not tokens.vocab:
            return []
        k = min(k, len(self.ids))
        docs, scores = self._retriever.retrieve(
            tokens, k=k, show_progress=False, weight_mask=mask, n_threads=0
        )
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
