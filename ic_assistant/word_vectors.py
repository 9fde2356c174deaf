"""Vectors of single words, for meeting a question's words in a unit's other words ("trips" and
"visits", "councils" and "authorities"): a question worded as a new user words it shares few
terms with the sentence that answers it, and term cover (`features`) counts exact stems only.

Each word is embedded alone by the model that embeds the chunks. Ingest embeds the corpus's
words once and keeps them with the lexicon (`lexicon_file`), reusing the vectors of words it
already had; a word met later (a question's, or every word where the index was built without
them) is embedded when first asked for and remembered by the process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from .lexical import stem_terms
from .question import function_stems

Embed = Callable[[list[str]], np.ndarray]
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")


@lru_cache(maxsize=65536)
def _content(word: str) -> bool:
    terms = stem_terms(word)
    return bool(terms) and terms[0] not in function_stems()


def content_words(text: str) -> list[str]:
    """The distinct lower-cased words of `text` that are no function word ("the", "which", "were")."""
    return list(_content_words(text))


@lru_cache(maxsize=8192)  # the same passages' units come back question after question
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in dict.fromkeys(m.lower() for m in _WORD.findall(text)) if _content(w))


class WordVectors:
    """Normalised word vectors, float16 as kept, float32 as given."""

    def __init__(self, words: Sequence[str] = (), matrix: np.ndarray | None = None) -> None:
        self._row = {w: i for i, w in enumerate(words)}
        self._matrix = matrix if matrix is not None else np.zeros((0, 0), dtype=np.float16)
        self._extra: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:  # pickled with the lexicon: the remembered extras stay behind
        return {"words": list(self._row), "matrix": self._matrix}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["words"], state["matrix"])  # type: ignore[misc, arg-type]

    def __len__(self) -> int:
        return len(self._row)

    @classmethod
    def build(cls, texts: Iterable[str], embed: Embed, previous: WordVectors | None = None) -> WordVectors:
        """The vectors of every content word of `texts`: those `previous` holds copied, the rest embedded."""
        words = sorted({w for text in texts for w in content_words(text)})
        if not words:
            return cls()
        kept = previous if previous is not None else cls()
        new = [w for w in words if w not in kept._row]
        fresh = dict(zip(new, embed(new))) if new else {}
        matrix = np.stack([fresh[w] if w in fresh else kept._matrix[kept._row[w]] for w in words])
        return cls(words, matrix.astype(np.float16))

    def akin(self, word: str, others: Iterable[str], floor: float) -> bool:
        """Whether `word` and one of `others` are near (cosine `floor` or more), by the vectors held
        (the corpus's, and those embedded since): a word without one is near none. Embeds nothing, so
        that a refit reads what the answer read."""
        mine = self._held(word)
        if mine is None:
            return False
        return any(v is not None and float(mine @ v) >= floor for v in map(self._held, others))

    def _held(self, word: str) -> np.ndarray | None:
        if word in self._row:
            return self._matrix[self._row[word]].astype(np.float32)
        return self._extra.get(word)

    def lookup(self, words: Sequence[str], embed: Embed) -> np.ndarray:
        """A (len(words) x dimension) float32 matrix, embedding the words not held yet."""
        with self._lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._row and w not in self._extra]
        if missing:
            vectors = embed(missing)
            with self._lock:
                self._extra.update(zip(missing, np.asarray(vectors, dtype=np.float32)))
        width = self._matrix.shape[1] if self._matrix.size else len(next(iter(self._extra.values()), ()))
        out = np.empty((len(words), width), dtype=np.float32)
        held = [(i, self._row[w]) for i, w in enumerate(words) if w in self._row]
        if held:
            at, rows = zip(*held)
            out[list(at)] = self._matrix[list(rows)]
        for i, w in enumerate(words):
            if w not in self._row:
                out[i] = self._extra[w]
        return out


__all__ = ["Embed", "WordVectors", "content_words"]
