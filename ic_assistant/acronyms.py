"""Acronyms the documents define ("Cambridge Refugee Resettlement Campaign (CRRC)"), so that a
question in one form finds a passage in the other.

Public-sector documents name a body in full once and by its letters after: a question that used
the full name missed "CRRC had 147 active volunteers" by BM25, which shares no word with it.
The definitions are read from the documents themselves, never from a list in the code.
"""

from __future__ import annotations

import re
from collections import Counter

_DEFINED = re.compile(r"\s\(([A-Z][A-Za-z&]{1,9})\)")  # " (CRRC)", after the name it stands for
_BEFORE = 120  # characters before it read for the name
_MINOR = frozenset("of and for the on in to at by with a an &".split())
_MAX_FORMS = 2000  # definitions kept: a corpus defines tens; a bound keeps a huge one cheap to use


def defined_acronyms(texts: list[str]) -> dict[str, str]:
    """Each acronym the texts define, with the full name they give it most often: the words before
    "(ACR)" whose initials spell it (minor words may be passed over, a word in capitals gives all
    its letters: "IT Security Incident Management (ITSIM)")."""
    found: Counter[tuple[str, str]] = Counter()
    for text in texts:
        if "(" not in text:
            continue
        for m in _DEFINED.finditer(text):
            words = text[max(0, m.start() - _BEFORE) : m.start()].split()[-12:]
            name = _spelled(words, m.group(1))
            if name:
                found[(m.group(1), name)] += 1
    best: dict[str, tuple[int, str]] = {}
    for (acronym, name), n in found.most_common(_MAX_FORMS):
        if acronym not in best or n > best[acronym][0]:
            best[acronym] = (n, name)
    return {acronym: name for acronym, (_, name) in best.items()}


def _spelled(words: list[str], acronym: str) -> str:
    """The shortest run of the last `words` whose initials spell `acronym`, or ""."""
    letters = re.sub(r"s$", "", acronym).lower() if len(acronym) > 2 else acronym.lower()
    for k in range(1, len(words) + 1):
        run = words[-k:]
        if run[0].lower() in _MINOR or not run[0][:1].isupper():
            continue
        if _initials(run, with_minor=False) == letters or _initials(run, with_minor=True) == letters:
            return " ".join(run)
    return ""


def _initials(words: list[str], with_minor: bool) -> str:
    out = ""
    for w in words:
        if w.lower() in _MINOR and not with_minor:
            continue
        out += w.lower() if w.isupper() and len(w) > 1 else w[:1].lower()
    return out


def expanded(query: str, acronyms: dict[str, str]) -> str:
    """`query` with the full name of each defined acronym it uses, and the acronym of each full
    name it uses, appended: the words a passage may use instead."""
    if not acronyms:
        return query
    extra = []
    lower = query.lower()
    for token in set(re.findall(r"\b[A-Z][A-Za-z&]{1,9}\b", query)):
        if token in acronyms and acronyms[token].lower() not in lower:
            extra.append(acronyms[token])
    for acronym, name in acronyms.items():
        if len(name) > len(acronym) and name.lower() in lower and not re.search(rf"\b{re.escape(acronym)}\b", query):
            extra.append(acronym)
    return " ".join([query, *sorted(extra)])
