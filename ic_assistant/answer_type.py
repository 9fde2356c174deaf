"""What kind of answer a question wants, and whether a sentence has one: a classic QA cue.

"Who funded ...?" wants a name, "When ...?" a date, "Why ...?" a cause. A sentence that
holds something of that kind (not already in the question) is more likely to answer it.
"""

from __future__ import annotations

import re

from .text import cities_in

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|million)"
_PATTERNS = {
    "date": re.compile(rf"\b(?:{_MONTHS}|(?:19|20)\d\d)\b"),
    "number": re.compile(rf"\b(?:\d+(?:[.,]\d+)?%?|{_NUMBER_WORDS})\b", re.IGNORECASE),
    # "Why ...?" is answered by a cause or a purpose: the connectives that state one.
    "reason": re.compile(
        r"\b(?:because|since|due to|owing to|as a result|in order to|so that|so as to|lack of|led to|therefore|thus"
        r"|this (?:allowed|allows|meant|means|enabled|enables|helped|helps)|allow(?:ed|s|ing)? (?:the|them|us|cities)"
        r"|enabl(?:e|ed|es|ing))\b",
        re.I,
    ),
    "name": re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+(?:of|on|for|and|&)?\s*[A-Z][a-z]+)+"),
}
# "What did cities say about X?" asks for their views: a report gives those under a heading such
# as "Feedback on Phase One" or "Survey responses", not in its own account of X.
_PEOPLE = r"(?:cities|councils|participants|partners|officers|respondents|members|people)"
_REPORTING = r"(?:say|said|think|thought|feel|felt|find|found|describe|described|report|reported|rate|rated)"
_VIEWS = re.compile(r"\b(?:feedback|survey|responses?|views|quotes?|testimonials?|said)\b", re.I)
_WANTS = (
    (re.compile(rf"\b{_PEOPLE}\s+{_REPORTING}\b|\baccording to (?:the )?(?:survey|{_PEOPLE})\b", re.I), "opinion"),
    (re.compile(r"^\s*why\b", re.I), "reason"),
    (re.compile(r"^\s*(?:when|what (?:year|date|month)|in what year|since when)\b", re.I), "date"),
    (re.compile(r"^\s*(?:how (?:many|much|long|often)|what (?:number|percentage|proportion))\b", re.I), "number"),
    (re.compile(r"^\s*(?:who|whom|whose|which (?:organi[sz]ation|body|funder|foundation|person|people))\b", re.I), "name"),
    (re.compile(r"^\s*(?:which|what) (?:cities|councils|local authorities)\b", re.I), "cities"),
    (re.compile(r"^\s*(?:where|(?:in )?(?:which|what) (?:city|council|place))\b", re.I), "city"),
    (re.compile(r"^\s*what (?:is|was) (?!the (?:name|number|date)\b)", re.I), "definition"),
)
# "What is X?" is answered by a sentence saying "X is ...".
_DEFINED = re.compile(r"^\s*what (?:is|was) (?:the |an? )?(?P<subject>.+?)\s*\??\s*$", re.I)


def expected_type(question: str) -> str | None:
    """'opinion', 'reason', 'date', 'number', 'name', 'cities' (a list of them), 'city', 'definition', or None."""
    for pattern, kind in _WANTS:
        if pattern.search(question):
            return kind
    return None


def has_answer_type(kind: str | None, sentence: str, question: str, heading: str = "") -> bool:
    """Whether `sentence` (under section `heading`) holds a `kind` that the question does not
    already contain."""
    if kind is None:
        return False
    if kind == "opinion":
        return _VIEWS.search(heading) is not None
    if kind == "definition":
        match = _DEFINED.match(question)
        subject = re.escape(match.group("subject")) if match else None
        return bool(subject) and re.search(rf"\b{subject}\s+(?:is|was)\b", sentence, re.I) is not None
    if kind in ("cities", "city"):  # programme cities the question does not name already
        named = set(cities_in(sentence)) - set(cities_in(question))
        return len(named) >= (2 if kind == "cities" else 1)
    asked = question.lower()
    return any(m.group(0).lower() not in asked for m in _PATTERNS[kind].finditer(sentence))
