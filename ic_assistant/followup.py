"""Follow-up questions without an LLM: "And in Liverpool?" after a question about Cardiff.

A follow-up (short, or opening with "and"/"what about", or leaning on a pronoun) is resolved
against the previous question: programme cities it names replace those of the previous
question; otherwise the two questions are read together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import cities_in

_OPENERS = re.compile(r"^\s*(and|also|what about|how about|what of|same for|and what about|then)\b", re.IGNORECASE)
_BACK_REFERENCES = re.compile(r"\b(they|them|their|it|its|this|that|these|those|there|he|she|his|her)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9']+")


def is_followup(question: str) -> bool:
    words = _WORD.findall(question)
    return bool(_OPENERS.match(question)) or len(words) <= 3 or (
        len(words) <= 8 and bool(_BACK_REFERENCES.search(question))
    )


def resolve_followup(question: str, history: Sequence[str]) -> str:
    """The standalone question to retrieve with, given the user's earlier questions (oldest first)."""
    if not history or not is_followup(question):
        return question
    previous = resolve_followup(history[-1], history[:-1])
    new_cities, old_cities = cities_in(question), cities_in(previous)
    if new_cities and old_cities:
        resolved = previous
        for old in old_cities:
            resolved = re.sub(re.escape(old.split(",")[0]) + r"(, Mourne & Down)?", " and ".join(new_cities), resolved)
        return resolved
    return f"{previous} {question}"
