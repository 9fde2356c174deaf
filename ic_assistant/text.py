"""Text helpers shared by ingest and answering: sentence spans, term matching, quotable text."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache


BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "  # between a table row's cells, in the order the document gives them
EMPTY_CELL = "\u2013"  # an empty cell with filled ones after it, said so that they stay under their headers
# "five" -> 5: counts written as words ("the five areas", "Five core areas of action").
NUMBER_WORDS = {
    w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
# A date or a year: what a "when" question asks for.
DATE = re.compile(rf"\b{_MONTH}\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.I)
# A year as text names it: "2023", a span "2021-22", "2019/20", "2019 to 2020", a fiscal year "FY24".
# A figure after a currency sign or in thousands ("£2020", "2,019") is no year.
_YEAR_SPAN = re.compile(
    r"(?<![\d,.£$€])(?:(?:FY|F\.Y\.)\s?'?)?((?:19|20)\d\d)(?:\s?(?:-|–|/|to)\s?(\d\d(?:\d\d)?))?(?![\d%]|[,.]\d)"
    r"|\bFY\s?'?(\d\d)\b", re.I)


def years_named(text: str) -> frozenset[int]:
    """The calendar years `text` names, a span's every year ("2021-22" is 2021 and 2022)."""
    out: set[int] = set()
    for m in _YEAR_SPAN.finditer(text):
        if m.group(3):  # "FY24"
            out.add(2000 + int(m.group(3)))
            continue
        first = int(m.group(1))
        out.add(first)
        if m.group(2):
            end = int(m.group(2)) if len(m.group(2)) == 4 else first // 100 * 100 + int(m.group(2))
            if first < end <= first + 10:
                out.update(range(first + 1, end + 1))
    return frozenset(out)


_ITEM_NUMBER = re.compile(r"(?m)^(?:\d{1,2}|[a-z])[.)][ \t]+")  # "2. ", "b) ": an ordered list item's number


def without_item_numbers(text: str) -> str:
    """`text` without the numbers that open its list items ("1. Review ..." -> "Review ..."). The
    source's numbers stay in the text and in quotes, as a reader of the file finds them; what is
    embedded, matched and read in an answer leaves them out: they say nothing about the item, and a
    "2." in a unit is no count that a "How many ...?" question asks for."""
    return _ITEM_NUMBER.sub("", text)


_local = threading.local()


def _segmenter():  # noqa: ANN202 - pysbd has no types
    """This thread's pysbd segmenter. One shared by the server's answering threads mixed their
    texts up: a segmenter keeps the text it is splitting on itself, so two questions at once got
    another text's spans (an empty answer with a citation under `make bench-load`, or an
    IndexError), and `_split_sentences` cached them."""
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return segmenter


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` as (start, end) offsets, surrounding whitespace excluded."""
    return list(_split_sentences(text))


# Ingest splits a block's sentences to chunk it, then again to list a chunk's units (a whole block
# has the same text both times): pysbd runs once per block.
@lru_cache(maxsize=8192)
def _split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for span in _segmenter().segment(text):
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            if spans and text[start].isdigit() and _CUT_AT_ABBREVIATION.search(text[spans[-1][0] : spans[-1][1]]):
                spans[-1] = (spans[-1][0], end)  # "Local Government Act 1972, s. 145": one sentence
            elif spans and _INLINE_ITEM.match(text, start) and not _SENTENCE_END.search(text, 0, spans[-1][1]):
                spans[-1] = (spans[-1][0], end)  # "two actions: 1) waiving ...; and 2) waiving ...": one sentence
            elif spans and CELL_SEPARATOR in text and _NO_OPENING.match(text, start):
                spans[-1] = (spans[-1][0], end)  # a table cell's "Contrib., Indemnities & Taxes | 9,136,875"
            elif spans and start == spans[-1][1] and text[start - 1] == "." and text[start].isalnum():
                spans[-1] = (spans[-1][0], end)  # "all .gov.uk domains", "as .csv": a dot opening a name ends nothing
            elif spans and _REFERENCE_TAIL.fullmatch(text, start, end) and end == len(text.rstrip()):
                spans[-1] = (spans[-1][0], end)  # a reference's "... UK local authorities. CMS 8, 14": one entry
            elif spans and text[start] == "(" and not _SENTENCE_END.search(text, 0, spans[-1][1]):
                spans[-1] = (spans[-1][0], end)  # "(i) ARAP 3.4" cut from its "(high and imminent risk ...)"
            elif spans and (number := _TRAILING_NUMBER.search(text, spans[-1][0], spans[-1][1])):
                # "... unless: 1." then "(a) the parent ...; or 2.": each item's number opens it
                spans[-1] = (spans[-1][0], len(text[: number.start("number")].rstrip()))
                spans.append((number.start("number"), end))
            else:
                spans.append((start, end))
    return tuple(spans)


# pysbd also ends one before an enumerator inside it ("... two actions: 1) waiving A; and 2) waiving B."),
# where what comes before does not end a sentence.
_INLINE_ITEM = re.compile(r"\(?(?:\d{1,2}|[a-h]|i{1,3}|iv|vi{0,3})\)\s")
# pysbd ends a sentence after an item's number run on into the text before it ("... unless: 1. (a) the
# parent ...; or 2. (b) ..."), when Markdown items are indented too little to nest: the number opens
# the next item, and what comes before it ends at the colon or semicolon.
_TRAILING_NUMBER = re.compile(r"(?:[:;]|\b(?:or|and))\s+(?P<number>\d{1,2}\.)$")
# In a table row, no sentence opens with a comma, a semicolon or the cell separator: pysbd ends one
# at an abbreviation's stop in a cell ("Contrib., Indemnities", "Equip. | 12,862,660"). (Read so in
# prose too, it joined a report's reference notes ("105th Cong., 1st Sess."), and one general test
# unanswerable question was answered from them; out of fold, dev refused 1.2 fewer.)
_NO_OPENING = re.compile(r"[,;|&)\]]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# What closes a reference after its title's stop: a journal's name and numbers ("CMS 8, 14",
# "Policy Press, pp. 12-30"), short and with no stop of its own; quoted alone, it is too short to
# be quoted, and the entry lost where it was published.
_REFERENCE_TAIL = re.compile(r"(?=[^.!?:]*\d)(?=[^.!?:]*[^\W\d_])[^.!?:]{1,19}")
# pysbd ends a sentence at a reference's abbreviation before its number ("s. 145", "p. 12", "para. 4").
_CUT_AT_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[a-z]|pp|ss|para|paras|no|nos|vol|art|sec|ch|fig|figs)\.$")


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


# Phrasal verbs mean what one verb does: "took part" is "participated", not "took" + "part".
_PHRASAL = (
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+part\b", re.I), "participate"),
    (re.compile(r"\b(?:set|sets|setting)\s+up\b", re.I), "establish"),
    (re.compile(r"\b(?:carry|carries|carried|carrying)\s+out\b", re.I), "conduct"),
)


def folded(text: str) -> str:
    """`text` with compatibility characters as the plain ones they stand for ("ﬁ" -> "fi", "²" ->
    "2"): how it is matched and embedded. Page text keeps them as the file has them, because a
    quote must read as a reader's copy of the file does, and pypdf keeps a PDF's ligatures."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def for_term_matching(text: str) -> str:
    """`text` folded (`folded`) and with phrasal verbs as their one-word sense ("took part" ->
    "participate"). Offsets do not survive."""
    text = folded(text)
    for pattern, word in _PHRASAL:
        text = pattern.sub(word, text)
    return text


MIN_QUOTE_CHARS = 20  # shorter sentences (stray headings, table cells) are not quoted alone
_URL = re.compile(r"https?://\S+")
LINK = r"(?:https?://|www\.)\S+"  # a web address as text gives it
ONLY_LINKS = re.compile(rf"\s*(?:{LINK}\s*)+")  # fullmatch: a line or span of links and nothing else
# Link text of web pages ("See all Action Plans here", "click on the cities below") points
# somewhere else: it never answers anything itself.
_NAVIGATION = re.compile(
    r"\b(?:click|read more|find out more|see (?:all|more|the full)\b.*\bhere)\b|^(?:read|see|download|visit|view) the\b", re.I
)
# A web page's own chrome, saved with it: a link's hint or a skip link, alone as a sentence.
_CHROME = re.compile(
    r"^\W*(?:opens in (?:a )?new (?:tab|window)(?: or window)?|skip to (?:the )?(?:main )?content|link is external"
    r"|back to top)\W*$", re.I,
)
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")  # a word of four letters or more


def long_words(text: str) -> list[str]:
    """The words of four letters or more, which say whether a line is set as a title."""
    return _LONG_WORD.findall(text)


def capitalised(text: str) -> bool:
    """Every word of four letters or more capitalised, as titles, menus and contents' entries are
    ("Press Releases", "Letters of Support Forms"), not text ("Asylum seekers")."""
    return all(w[0].isupper() for w in long_words(text))

_DATED_LABEL = re.compile(rf"^[^:]{{1,40}}:\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH}\s+)?(?:19|20)\d\d\s*$", re.I)


def is_title_line(sentence: str) -> bool:
    """ "Inclusive Cities: Second Convening": a title and subtitle, every longer word capitalised,
    no full stop. It names a page or an event; it answers nothing. A label with a date ("Updated:
    October 2023") is not one: it says when; nor is a role with its holder ("Town Mayor: David
    Pears", "Lead Officer: Jane Smith"): it says who."""
    if ":" not in sentence or sentence.rstrip()[-1:] in ".!?" or _DATED_LABEL.match(sentence):
        return False
    if _ROLE.search(sentence.split(":", 1)[0]):
        return False
    return capitalised(sentence)


# Posts a report names with their holders: general English, as a stopword list is.
_ROLE = re.compile(r"\b(?:mayor|clerk|officer|chair(?:man|woman|person)?|treasurer|secretary|director|manager|lead|"
                   r"leader|contact|author|holder|head|co-?ordinator|president|chief|councillor|trustee|minister|"
                   r"commissioner|principal|editor|convenor|sponsor)s?\b", re.I)


def is_quotable(sentence: str, headings: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence could answer anything: not a heading or title (they name a topic),
    not link text, not a bare list of links, not tiny."""
    prose = _URL.sub("", sentence).strip()
    return not (
        len(prose) < MIN_QUOTE_CHARS or sentence in headings or _NAVIGATION.search(sentence) or is_title_line(sentence)
        or _BLANK_FIELD.search(sentence) or _CHROME.match(prose)
    )


# A printed form's field left blank to fill in by hand: "Employer phone number ( ) -", "Name ______".
# It names what is asked for and gives none of it.
_BLANK_FIELD = re.compile(r"\(\s+\)|_{3,}")
