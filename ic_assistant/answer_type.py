"""What kind of answer a question wants, and whether a sentence has one: a classic QA cue.

"Who funded ...?" wants a name, "When ...?" a date, "How many ...?" a number. A sentence that
holds something of that kind (not already in the question) is more likely to answer it.
"""

from __future__ import annotations

import re

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|million)"
_PATTERNS = {
    "date": re.compile(rf"\b(?:{_MONTHS}|(?:19|20)\d\d)\b"),
    "number": re.compile(rf"\b(?:\d+(?:[.,]\d+)?%?|{_NUMBER_WORDS})\b", re.IGNORECASE),
    "name": re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+(?:of|on|for|and|&)?\s*[A-Z][a-z]+)+"),
}
_WANTS = (
    (re.compile(r"^\s*(?:when|what (?:year|date|month)|in what year|since when)\b", re.I), "date"),
    (re.compile(r"^\s*(?:how (?:many|much|long|often)|what (?:number|percentage|proportion))\b", re.I), "number"),
    (re.compile(r"^\s*(?:who|whom|whose|which (?:organi[sz]ation|body|funder|foundation|person|people))\b", re.I), "name"),
)


def expected_type(question: str) -> str | None:
    """'date', 'number', 'name', or None when the question does not say."""
    for pattern, kind in _WANTS:
        if pattern.search(question):
            return kind
    return None


def has_answer_type(kind: str | None, sentence: str, question: str) -> bool:
    """Whether `sentence` holds a `kind` that the question does not already contain."""
    if kind is None:
        return False
    asked = question.lower()
    return any(m.group(0).lower() not in asked for m in _PATTERNS[kind].finditer(sentence))
