"""Text helpers shared by ingest and answering: sentence spans and programme-city mentions."""

from __future__ import annotations

import re
from functools import lru_cache

from .types import PROGRAMME_CITIES

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
