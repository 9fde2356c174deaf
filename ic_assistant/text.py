"""Text helpers shared by ingest and answering: sentence spans and programme-city mentions."""

from __future__ import annotations

import re
from functools import lru_cache

from .types import PROGRAMME_CITIES, PROGRAMME_PHASES

BLOCK_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def _segmenter():  # noqa: ANN202 - pysbd has no types
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` as (start, end) offsets, surrounding whitespace excluded."""
    spans = []
    for span in _segmenter().segment(text):
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a chunk: blocks (headings, paragraphs, list items) first, then sentences."""
    return list(_sentence_spans(text))


@lru_cache(maxsize=8192)  # pysbd is most of an answer's time; the same chunks come back often
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, pos = [], 0
    for block in text.split(BLOCK_SEPARATOR):
        spans.extend((pos + s, pos + e) for s, e in split_sentences(block))
        pos += len(block) + len(BLOCK_SEPARATOR)
    return tuple(spans)


_CITY_PATTERNS = {city: re.compile(r"\b" + re.escape(city.split(",")[0]) + r"\b") for city in PROGRAMME_CITIES}


def cities_in(text: str) -> tuple[str, ...]:
    """Programme cities named in `text` ("Newry, Mourne & Down" is found by "Newry")."""
    return tuple(city for city, pattern in _CITY_PATTERNS.items() if pattern.search(text))


_ORDINALS = {
    word: n
    for n, words in {1: "first 1st one 1 i", 2: "second 2nd two 2 ii", 3: "third 3rd three 3 iii"}.items()
    for word in words.split()
}
# "the first phase", "phase one", "Phase II", "phase 2" (Roman numerals in capitals only), and a
# year span that is exactly a phase's: "(2017-2019)".
_PHASE = re.compile(
    r"\b(?i:(?P<before>first|second|third|1st|2nd|3rd)\s+phase|phase\s+(?P<after>one|two|three|[123]\b))"
    r"|\b(?i:phase)\s+(?P<roman>III|II|I)\b"
    r"|\b(?P<from>(?:19|20)\d\d)\s*[-–]\s*(?P<to>(?:19|20)\d\d)\b"
)
_SPANS = {span: phase for phase, span in PROGRAMME_PHASES.items()}


def phase_mentions(text: str) -> list[tuple[int, int, int]]:
    """(phase, start, end) for each mention of a programme phase in `text`."""
    out = []
    for m in _PHASE.finditer(text):
        if m.group("from"):
            phase = _SPANS.get((int(m.group("from")), int(m.group("to"))))
        else:
            phase = _ORDINALS[(m.group("before") or m.group("after") or m.group("roman")).lower()]
        if phase is not None:
            out.append((phase, m.start(), m.end()))
    return out


def phases_in(text: str) -> frozenset[int]:
    """The programme phases `text` names: 1 for "phase one", "the first phase", "Phase I"..."""
    return frozenset(phase for phase, _, _ in phase_mentions(text))


# Phrasal verbs mean what one verb does: "took part" is "participated", not "took" + "part".
_PHRASAL = (
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+part\b", re.I), "participate"),
    (re.compile(r"\b(?:set|sets|setting)\s+up\b", re.I), "establish"),
    (re.compile(r"\b(?:carry|carries|carried|carrying)\s+out\b", re.I), "conduct"),
)


def for_term_matching(text: str) -> str:
    """`text` with each phase mention as one word ("the first phase", "Phase I" and "(2017-2019)"
    all become "phase1") and phrasal verbs as their one-word sense. Offsets do not survive."""
    for phase, start, end in reversed(phase_mentions(text)):
        text = f"{text[:start]} phase{phase} {text[end:]}"
    for pattern, word in _PHRASAL:
        text = pattern.sub(word, text)
    return text


MIN_QUOTE_CHARS = 20  # shorter sentences (stray headings, table cells) are not quoted alone
_URL = re.compile(r"https?://\S+")
# Link text of web pages ("See all Action Plans here", "click on the cities below") points
# somewhere else: it never answers anything itself.
_NAVIGATION = re.compile(
    r"\b(?:click|read more|find out more|see (?:all|more|the full)\b.*\bhere)\b|^(?:read|see|download|visit|view) the\b", re.I
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def is_title_line(sentence: str) -> bool:
    """ "Inclusive Cities: Second Convening": a title and subtitle, every longer word capitalised,
    no full stop. It names a page or an event; it answers nothing."""
    if ":" not in sentence or sentence.rstrip()[-1:] in ".!?":
        return False
    return all(w[0].isupper() for w in _WORD.findall(sentence) if len(w) > 3)


def is_quotable(sentence: str, headings: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence could answer anything: not a heading or title (they name a topic),
    not link text, not a bare list of links, not tiny."""
    prose = _URL.sub("", sentence).strip()
    return not (
        len(prose) < MIN_QUOTE_CHARS or sentence in headings or _NAVIGATION.search(sentence) or is_title_line(sentence)
    )
