"""Named features of each evidence unit for a question: the one place they are computed.

The scorer (`scorer.py`) weighs them with weights fitted on the dev splits (`python -m
evals.tune`); `--explain` prints them. A new failure is new training data or a new general
feature here, never a rule for one question.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .lexical import prime_stems, stem_terms
from .programme import Programme
from .question import (
    AMOUNT, AUXILIARY, DETERMINERS, DURATION, FREQUENCY, POPULATION, PREPOSITIONS, SHARE, TIME,
    Question,
    function_stems, negative_stems, positive_stems, view_stems,
)
from .text import CELL_SEPARATOR, DATE, capitalised, is_title_line, long_words, years_named
from .types import Passage
from .units import COLUMN, LIST, LIST_ITEM, PAIR, TABLE_ROW, Unit, headings_at

UNIT_FEATURES = (
    "dense",  # cosine of unit and question
    "dense_gap",  # best unit's cosine minus this one's
    "cover",  # IDF-weighted share of the question's terms in the unit (a list: in its lead-in and one item)
    "cover_gap",
    "cover_context",  # ... found only in its context: section path, headers, lead-in, neighbours
    "proper",  # share of the question's proper names in unit or context
    "passage_dense",  # the passage's cosine with the question
    "passage_bm25",  # the passage's BM25 score over the best passage's
    "passage_first",  # 1 / the passage's rank
    "type_match",  # holds the kind of thing asked for: a date for "when", N items for "What are the N ...?",
    # a sentence saying what X is for "What is X?" ... (one weight for every kind: a feature of its
    # own for counts or definitions had 1 or 2 dev units to set it, and swung with any new one)
    "type_miss",  # the question asks for a kind the unit does not hold
    "entity_match",  # names an entity (city, council) the question names
    "entity_other",  # names other entities, not the asked one
    "period_match",
    "period_other",
    # Negation and contrast, one weight for both directions: few dev questions ask what did not work
    # (8 of 113), and apart their own weights took the wrong sign; most questions do not, and set it.
    "polarity_miss",  # negative wording where the question does not ask for it (and is no yes/no one), or none where it does
    "section_polarity_miss",  # its section is about strengths where the question asks what did not work,
    # or about weaknesses where it does not
    "views_section",  # the question asks what people said; the unit's section reports views (feedback, survey)
    "is_list",
    "is_item",
    "is_row",
    "is_column",  # a table's first column: the names of its rows
    "lead_in",  # ends with ':' (introduces something not quoted)
    "titleish",  # no closing punctuation, title-cased
    "first_unit",  # first unit of its passage
    "is_pair",
    "is_question",  # a question itself (a FAQ heading): it asks, it does not answer
    "novelty",  # IDF share of the unit's terms that the question does not already hold
)
# No length feature: a unit is labelled positive when it holds any asked-for fact, and long units
# hold one more often by chance, so length drew a positive weight and long off-topic lists won
# ("What worked well?" got the challenges). Without log_chars and over_budget, cross-validated dev
# key-fact recall rose on the programme set (0.649 -> 0.664) and held on the general set (0.850).

_COUNT_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
                r"|thousand|million")
_NUMBER = re.compile(
    rf"(?:[£$€]\s?\d|\b\d[\d,.]*\s*(?:%|per ?cent|million|billion|thousand)?|\b(?:{_COUNT_WORDS}|half|third|quarter)\b)",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z.'-]+(?:\s+(?:of|for|and|&|the|on)?\s*[A-Z][a-zA-Z.'-]+)+|\b[A-Z]{2,}\b")
# "Who does the programme focus on?", "Which groups of people does it serve?": whom something is
# done for or with, a kind of people ("newcomers and host communities"), which names no one; not who
# does it ("Who funds ...?", "Who does the admin?"), whom a name answers, nor whom it names ("Who
# does each city put forward?": roles, "Chief Executive" or "Leader").
_WHO_SERVED = re.compile(r"^\W*(?:and\s+|so\s+)?(?:(?:who|whom)\s+(?:do|does|did)\b.*\b(?:on|for|with|to|at|about)\W*$"
                         r"|(?:which|what)\s+(?:groups?|kinds?|types?|sorts?)\s+of\s+people\b)", re.I)
_REASON = re.compile(
    r"\b(?:because|since|due to|owing to|as a result|in order to|so that|so as to|lack of|led to|therefore|thus|"
    r"allow(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|help(?:s|ed)?|aim(?:s|ed)? to|purpose|reason|ensure|to \w+)\b",
    re.I,
)
# A place: a named one ("in Northtown"), or where a text can be found ("on the council's website",
# "online", "www.nhs.uk").
_PLACE = re.compile(r"\b(?:in|at|from|to)\s+(?:the\s+)?[A-Z][A-Za-z]+|(?i:\b(?:websites?|web\s?pages?|online|portal)\b|https?://|\bwww\.)")
_HOW = re.compile(r"\b(?:by|through|using|via|with)\b", re.I)
# An instruction says how as well: "Ask your child's school for an application." (guidance pages
# answer "How do I apply ...?" in the imperative).
_INSTRUCTION = re.compile(r"(?:^|[.!?:;]\s+)(?:Ask|Apply|Call|Contact|Complete|Fill|Go|Visit|Send|Submit|Email|E-mail|"
                          r"Write|Check|Download|Register|Sign|Book|Speak|Talk|Tell|Bring|Use|Find|Follow|Request|"
                          r"Phone|Ring|Log|Print|Post|Upload|Choose|Select|Click|Enter|Provide|Attach|Include)\b")
_NUMBER_WORD = rf"(?:\d[\d,.]*(?:\s?[-\u2013]\s?\d[\d,.]*)?|{_COUNT_WORDS}|dozens?|several)"  # "60 - 70" a range
_AMOUNT = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s*(?:pounds|dollars|euros)\b", re.I)
# "How long ...?" asks for a time or a length: "two years", "no more than 20 pages", "5 miles".
_DURATION = re.compile(rf"\b{_NUMBER_WORD}[\s-]+(?:days?|weeks?|months?|years?|hours?|minutes?|pages?|words?|"
                       r"characters?|lines?|miles?|(?:kilo)?met(?:re|er)s?|km)\b(?![\s-]+old\b)", re.I)  # not an age
# A share: "85%", "4 in 10", "half", or a fraction in words ("a third", "one-third", "two fifths").
_FRACTION = r"(?:third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)s?"
_SHARE = re.compile(rf"\b\d[\d.]*\s?(?:%|per ?cent)|\b{_NUMBER_WORD}\s+(?:in|out of)\s+{_NUMBER_WORD}\b|"
                    rf"\b(?:(?:a|{_COUNT_WORDS})[\s-]+{_FRACTION}|half|majority|minority)\b", re.I)
_COUNT_SHARES = frozenset(("majority", "minority"))
_PERIOD = r"(?:year|quarter|month|fortnight|week|day|hour)"
_FREQUENCY = re.compile(rf"\b(?:annual(?:ly)?|yearly|monthly|weekly|daily|hourly|quarterly|fortnightly|"
                        rf"bi-?(?:weekly|monthly|annually)|biennial(?:ly)?|once|twice|"
                        rf"{_NUMBER_WORD}\s+times|every\s+(?:\w+\s+)?{_PERIOD}s?|"
                        rf"(?:a|per)\s+{_PERIOD})\b", re.I)
_POPULATION = re.compile(rf"\bpopulation\s+(?:\w+\s+){{0,3}}?(?:of\s+)?(?:about\s+|around\s+|over\s+|nearly\s+|almost\s+)?"
                         rf"(?!(?:19|20)\d\d\b)\d[\d,.]*|\b\d[\d,.]*\s*(?:million|thousand)?\s+(?:people|residents|inhabitants)\b", re.I)
# A time of day: "9am", "8.30 pm", "10:00", "noon", "24 hours a day" (not "12.50", a sum of money).
_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?!:)"
                    r"|\b(?:noon|midday|midnight)\b|\b24\s*(?:hours|/\s*7)\b", re.I)
_CURRENCY = re.compile(r"[£$€]")
_BARE_NUMBER = re.compile(r"^\s*(?!(?:19|20)\d\d\b)\d[\d,.]*\s*$")  # a cell that is a number, not a year
# Not a year, nor a form's or code's number ("Form I-730 to request asylum" counts no asylum cases).
_COUNTED = re.compile(rf"(?<![A-Za-z]-)\b(?!(?:19|20)\d\d\b){_NUMBER_WORD}\b((?:[\s-]+[\w'-]+){{1,3}})", re.I)
# The asked noun itself may come after more of its modifiers: "2,000 city and county youth summer jobs".
_COUNTED_HEAD = re.compile(rf"\b(?!(?:19|20)\d\d\b){_NUMBER_WORD}\b((?:[\s-]+[\w'-]+){{1,6}})", re.I)
# A verb's "-ing" form qualifies the counted noun, it is not it: "the five participating cities"
# counts cities, not participants.
_ING = re.compile(r"\b\w{3,}ing\b", re.I)


def holds_quantity(quantity: str, text: str, headers: str = "", caption: str = "", done: str = "") -> bool:
    """Whether `text` gives the quantity a "how many/much/long/often" or "what share" question asks
    for (`Question.quantity`): a number that counts the asked noun ("12 members", "1.9 million
    laptops and tablets"), an amount of money ("£50,000"), a duration ("two years"), a frequency
    ("twice a year"), a share ("85%", "4 in 10"), a population ("a population of 1.1 million",
    "300,000 residents"), a time of day ("9am to 5pm"). A number near other words does not count: "How
    many members sit on the taskforce?" is not answered by a unit naming the taskforce and a year.
    `headers`: a table row's column headers, which may name what a bare number counts; `caption`:
    the heading over its table, which may name what all its figures count ("Number of Respondents
    to the IHS Survey" over "Arun | 373 | 313"); `done`: what the question says was done to what it
    counts ("issued" in "How many cards were issued ...?"), whose noun a number may count instead
    ("almost 40,000 first-time issuances")."""
    if quantity == AMOUNT:  # money, or a share of it: "up to 5% of national health spending"
        # "the majority speak Arabic at home" counts people: no sum of money is a majority of one
        share = any(m.group(0).lower() not in _COUNT_SHARES for m in _SHARE.finditer(text))
        return bool(_AMOUNT.search(text) or share or _money_column(text, headers)
                    or _labelled_figure(_money_stems(), text))
    if quantity == DURATION:
        return bool(_DURATION.search(text))
    if quantity == SHARE:
        return bool(_SHARE.search(text))
    if quantity == FREQUENCY:
        return bool(_FREQUENCY.search(text))
    if quantity == POPULATION:
        return bool(_POPULATION.search(text))
    if quantity == TIME:
        return bool(_CLOCK.search(text))
    terms = stem_terms(quantity, stopwords=None)
    asked = set(terms)
    # The number counts the asked noun's head, not a word that qualifies it: "asylum" in "How many
    # asylum applications ...?" is not counted by "730 to request asylum".
    head = set(terms[-1:])
    if asked & _PEOPLE:  # "How many people ...?" is answered by "91 individuals", "60 adults"
        asked |= _PEOPLE | _KINDS_OF_PEOPLE
        head |= _PEOPLE | _KINDS_OF_PEOPLE
    elif head & _PERSONS and asked & set(stem_terms(text, stopwords=None)):
        # "How many residents ...?" by "49,850 people ... 5.8% of residents", "How many ARAP arrivals?"
        # by "200 ARAP individuals": people, said to be the asked ones (not "48,000 people" overcrowded
        # for "How many refugees ...?").
        head |= _PEOPLE
    counted = [(m.group(1), set(stem_terms(_ING.sub(" ", m.group(1)), stopwords=None)))
               for m in _COUNTED.finditer(text)]
    acts = [t for t in stem_terms(done, stopwords=None) if len(t) >= _KIN_STEM]
    if acts:  # a noun of the deed: "issu" opens "issuanc", "appli" opens "applic", "arriv" is "arriv"al's
        head |= {t for phrase, stems in counted for t in stems
                 if any(t.startswith(a) for a in acts) and not re.search(rf"\b{re.escape(done)}\b", phrase, re.I)}
    return (any(head & stems for _, stems in counted)
            or _counts_head(quantity, text) or _counted_in_column(asked, text, headers) or _labelled_figure(asked, text)
            or (bool(asked & set(stem_terms(caption, stopwords=None)))
                and any(_BARE_NUMBER.match(cell) for cell in text.split(CELL_SEPARATOR)[1:])))


_KIN_STEM = 4  # letters of a deed's stem that its noun must open with ("issu-ance")


_TEXT_WORD = re.compile(r"\w\w+")  # a word as the term tokeniser reads one


def holds_role(role: str, text: str) -> bool:
    """Whether `text` names the role a "who" question asks the holder of (`Question.role`): a word
    opening as the role's stem does ("chair" in "Chair:", "chairman", "chaired by"; "fund" in
    "funded by", "funder"), or its irregular past ("led by"); not a shorter word that the role's
    word extends, though the stemmer cuts both alike ("Office" for "officer")."""
    stem = stem_terms(role, stopwords=None)[:1]
    if not stem:
        return False
    # The terms read an irregular past as its verb ("led" as "lead"). A word the role's word
    # extends is another word of the same stem ("Office" is no "officer").
    named = role.split()[0].lower()
    words = set(_TEXT_WORD.findall(text.lower()))
    prime_stems(words, stopwords=None)  # the words stemmed in one call, not one each
    return any(t.startswith(stem[0]) and not (named != word and named.startswith(word))
               for word in words for t in stem_terms(word, stopwords=None)[:1])


# Words that end a noun phrase's modifiers: what follows them is another phrase ("12 times and the
# members"). Not "of": "12 cohorts of students" counts students.
_PHRASE_BREAK = DETERMINERS | (PREPOSITIONS - {"of"}) | frozenset(("was", "were", "is", "are", "had", "has", "have",
                                                                   "who", "which"))


def _counts_head(quantity: str, text: str) -> bool:
    """A number counts the asked noun said after more of its modifiers than `_COUNTED` reads ("2,000
    city and county youth summer jobs" for "How many youth summer jobs ...?"): the noun's last word
    within six words of the number, none of them opening another phrase."""
    head = stem_terms(quantity, stopwords=None)[-1:]
    for m in _COUNTED_HEAD.finditer(text):
        words = m.group(1).split()
        for n, word in enumerate(words):
            if word.lower() in _PHRASE_BREAK:
                break
            if stem_terms(word, stopwords=None)[-1:] == head:
                return bool(head) and n > 0
    return False


_MONEY_WORDS = "budget obligations expenditure spending revenue income cost appropriation allocation funding grant"


@lru_cache(maxsize=1)
def _money_stems() -> frozenset[str]:
    """Stems of the words that name money in a table's header or label."""
    return frozenset(stem_terms(_MONEY_WORDS, stopwords=None))


# Stems of the words people are counted in: English, as a stopword list is.
_PEOPLE = frozenset({"peopl", "person", "individu"})
# "How many people ...?" is answered by a count of any kind of people: "60 - 70 adults and 40 - 50 children".
_KINDS_OF_PEOPLE = frozenset({"adult", "children", "child", "resid", "particip", "attende", "volunt", "famili",
                              "household", "pupil", "student", "member", "respond", "patient", "popul", "repres",
                              "deleg", "offici", "councillor", "staff", "employe", "worker", "learner",
                              "beneficiari", "arriv", "refuge", "migrant", "newcom"})
# Kinds of people one by one (not families, households or a population, which a count of people is not).
_PERSONS = _KINDS_OF_PEOPLE - {"famili", "household", "popul"}


def _figure(cell: str) -> bool:
    """A table cell that is a bare figure, an accounts' negative in brackets too ("(2,313)")."""
    return bool(_BARE_NUMBER.match(cell.strip("() ")))


def _money_column(row: str, headers: str) -> bool:
    """A table row's bare figure under headers in a currency or naming money ("Cash at Bank |
    2,291,650" under "2018 £", "Total | 111,504,782" under "FY2023 Adopted Budget"): accounts and
    budget tables set the £ once, over the column, or not at all."""
    return bool(headers and (_CURRENCY.search(headers) or _money_stems() & set(stem_terms(headers, stopwords=None)))
                and any(_figure(c) for c in row.split(CELL_SEPARATOR)))


def _labelled_figure(asked: set[str] | frozenset[str], row: str, least: int = 1) -> bool:
    """A table row whose label names what is asked (`least` of its terms) and whose other cells give
    a bare figure: "Total Number of Projects | 92" counts projects, "General Fund budget |
    5,842,480,000" is an amount."""
    cells = row.split(CELL_SEPARATOR)
    return (len(cells) >= 2 and len(asked & set(stem_terms(cells[0], stopwords=None))) >= least
            and any(_figure(c) for c in cells[1:]))


def figure_for(terms: frozenset[str], row: str) -> bool:
    """A table row whose label names two of a "how much" question's terms or more and gives a bare
    figure: the amount of what it names ("How much is statutory sick pay a week?" by "Statutory Sick
    Pay: Standard rate | 96.35 | 99.35", a rates table with no £ and no money word over it)."""
    return _labelled_figure(terms, row, least=_NAMED_TERMS)


_NAMED_TERMS = 2  # one shared word ("child" in "for first child | 245.00") names another thing


def _counted_in_column(asked: set[str], row: str, headers: str) -> bool:
    """A table row counts the asked noun in the cell under a header naming it ("Place making | 80"
    under "Area | Services" for "How many services ...?"): the row's own text says "80" alone."""
    if not headers:
        return False
    cells, names = row.split(CELL_SEPARATOR), headers.split(CELL_SEPARATOR)
    return len(cells) == len(names) and any(
        _BARE_NUMBER.match(cell) and asked & set(stem_terms(name, stopwords=None)) for cell, name in zip(cells, names))


# A follow-up asking its own question (`Question.borrowed`): the earlier question's words count half
# in cover, so the new question's own words choose its units and the borrowed ones say what it is about.
BORROWED_WEIGHT = 0.5
_TYPED = ("when", "how_many", "who", "where", "why", "how")


def _has_type(question: Question, unit: Unit, who_served: bool) -> bool | None:
    """Whether the unit holds the kind of thing the question asks for; None when it asks for no
    particular kind (`who_served`: a "who" question asking whom something is for, `_WHO_SERVED`,
    read once per question by the caller)."""
    if question.count and question.kind != "how_many":  # "What are the five ...?", not "How many ...?"
        return unit.kind in (LIST, COLUMN) and unit.items == question.count
    if question.kind == "definition" and question.subject:
        return _defines(question.subject, unit.plain)
    if question.kind not in _TYPED:
        return None
    if question.kind == "how_many" and unit.kind == COLUMN:  # a table's row labels give no row's figure
        return False
    kind, text, asked = question.kind, unit.plain, question.text.lower()

    def new(pattern: re.Pattern[str]) -> bool:
        return any(m.group(0).lower().strip() not in asked for m in pattern.finditer(text))

    if kind == "when":
        return new(DATE)
    if kind == "how_many":
        return new(_NUMBER)
    if kind == "who":
        return None if who_served else new(_NAME)
    if kind == "where":
        return new(_PLACE)
    if kind == "why":
        return bool(_REASON.search(text))
    if kind == "how":
        return bool(_HOW.search(text) or _INSTRUCTION.search(text))
    return False


def names_year(question: Question, *texts: str) -> bool:
    """Whether `texts` name the year a question asks about: True for a question naming no year. A
    span ("2019/20") is named by both its years, or by its last as the latest named (a year ended
    June 2020); "2021-22" is not named by "2022-23"."""
    if not question.years:
        return True
    named = frozenset().union(*(years_named(t) for t in texts))
    last = max(question.years)
    return last in named and (min(question.years) in named or max(named) == last)


def unit_features(
    question: Question,
    units: list[Unit],
    passages: list[Passage],
    unit_vectors: np.ndarray,
    question_vector: np.ndarray,
    idf,  # noqa: ANN001 - callable term -> IDF
    programme: Programme,
) -> np.ndarray:
    """A (units x UNIT_FEATURES) matrix."""
    n = len(units)
    X = np.zeros((n, len(UNIT_FEATURES)), dtype=np.float64)
    if n == 0:
        return X
    col = {name: i for i, name in enumerate(UNIT_FEATURES)}
    dense = unit_vectors @ question_vector
    q_weight = {t: idf(t) * (BORROWED_WEIGHT if t in question.borrowed else 1.0) for t in question.terms}
    total = sum(q_weight.values()) or 1.0
    neg, pos, views = negative_stems(), positive_stems(), view_stems()
    bm25 = [p.bm25_score or 0.0 for p in passages]
    bm25_max = max(bm25) or 1.0
    known = [p.dense_score for p in passages if p.dense_score is not None]
    floor = min(known) if known else 0.0
    proper = [p.lower() for p in question.proper]
    first_seen: set[int] = set()
    neighbours = _neighbour_texts(units)
    asked_kind = _asked_entity_kind(question, programme)
    who_served = question.kind == "who" and bool(_WHO_SERVED.match(question.text))
    polar = question.polar
    for i, u in enumerate(units):
        text = u.plain
        chunk = passages[u.passage - 1].chunk
        path = headings_at(chunk, u.start)  # the unit's own headings, not those its chunk opens under
        section = path[-1] if path else chunk.section
        headings = " ".join(path)
        context = " ".join((headings, u.context, neighbours[i]))
        u_terms = set(stem_terms(text))
        c_terms = set(stem_terms(context)) - u_terms
        X[i, col["dense"]] = dense[i]
        X[i, col["cover"]] = sum(w for t, w in q_weight.items() if t in _statement_terms(u, u_terms, q_weight)) / total
        X[i, col["cover_context"]] = sum(w for t, w in q_weight.items() if t in c_terms) / total
        if proper:
            where = f"{text} {context}".lower()
            X[i, col["proper"]] = sum(p in where for p in proper) / len(proper)
        p = passages[u.passage - 1]
        X[i, col["passage_dense"]] = p.dense_score if p.dense_score is not None else floor
        X[i, col["passage_bm25"]] = (p.bm25_score or 0.0) / bm25_max
        X[i, col["passage_first"]] = 1.0 / u.passage
        has = _has_type(question, u, who_served)
        if asked_kind is not None:  # "Which city ...?": a place, or a city the programme file lists
            has = bool(has) or len(programme.entities_in(text, kind=asked_kind[0])) >= asked_kind[1]
        if has is not None:
            X[i, col["type_match"]] = has
            X[i, col["type_miss"]] = not has
        if question.entities:
            named = set(programme.entities_in(f"{text} {section} {u.context}"))
            X[i, col["entity_match"]] = bool(named & set(question.entities))
            X[i, col["entity_other"]] = bool(named - set(question.entities)) and not named & set(question.entities)
        if question.periods:
            named_periods = programme.periods_in(text) or programme.periods_in(section) or programme.periods_in(chunk.title)
            X[i, col["period_match"]] = bool(named_periods & question.periods)
            X[i, col["period_other"]] = bool(named_periods) and not named_periods & question.periods
        negative = bool(set(stem_terms(f"{text} {section} {u.context}", stopwords=None)) & neg)
        # Negative wording is no mismatch for a question answered yes or no (`Question.polar`).
        X[i, col["polarity_miss"]] = question.negated != negative and not (polar and negative)
        heading = set(stem_terms(f"{headings} {u.context}", stopwords=None))
        if question.kind == "opinion":
            X[i, col["views_section"]] = bool(heading & views)
        # Against the question: a strengths section for what did not work, a weaknesses one otherwise.
        against, along = (pos, neg) if question.negated else (neg, pos)
        X[i, col["section_polarity_miss"]] = bool(heading & against) and not heading & along
        X[i, col["is_list"]] = u.kind == LIST
        X[i, col["is_item"]] = u.kind == LIST_ITEM
        X[i, col["is_row"]] = u.kind == TABLE_ROW
        X[i, col["is_column"]] = u.kind == COLUMN
        X[i, col["lead_in"]] = u.kind not in (LIST, COLUMN) and text.rstrip().endswith(":")
        X[i, col["titleish"]] = text.rstrip()[-1:] not in ".!?:;" and (is_title_line(text) or _title_case(text))
        X[i, col["first_unit"]] = u.passage not in first_seen
        first_seen.add(u.passage)
        X[i, col["is_pair"]] = u.kind == PAIR
        X[i, col["is_question"]] = text.rstrip().endswith("?")
        own = u_terms - function_stems()
        own_weight = sum(idf(t) for t in own)
        X[i, col["novelty"]] = sum(idf(t) for t in own - question.terms) / own_weight if own_weight else 0.0
    X[:, col["dense_gap"]] = X[:, col["dense"]].max() - X[:, col["dense"]]
    X[:, col["cover_gap"]] = X[:, col["cover"]].max() - X[:, col["cover"]]
    return X


def statement_texts(unit: Unit) -> list[str]:
    """A list's or column's lead-in, then its items: the texts `_statement_terms` stems (none for
    other units, which are one statement)."""
    if unit.kind not in (LIST, COLUMN):
        return []
    lead, items = unit.lead_and_items()
    return [lead, *([item for item in items if item] or [lead])]


def _statement_terms(unit: Unit, terms: set[str], weights: dict[str, float]) -> set[str]:
    """The terms of the unit's one statement that holds the most question terms: a list's lead-in
    with its best item. Its items are separate statements, and terms spread over them do not make
    any one of them answer: "What worked well in the action planning?" is not answered by a list
    of challenges whose items hold "action plan" and "did not always work well" apart."""
    texts = statement_texts(unit)
    if not texts:
        return terms
    lead = set(stem_terms(texts[0]))
    statements = [lead | set(stem_terms(item)) for item in texts[1:]]
    return max(statements, key=lambda found: sum(w for t, w in weights.items() if t in found))


_ASKED = re.compile(rf"^\s*(?:in |at |from )?(?:which|what)\s+(?P<words>(?:(?!{AUXILIARY}\b)[\w'-]+\s+){{0,2}}?"
                    rf"(?!{AUXILIARY}\b)[\w'-]+)\b", re.I)


def _asked_entity_kind(question: Question, programme: Programme) -> tuple[str, int] | None:
    """The programme's entity kind a "Which cities ...?" question asks for (its kinds are data:
    `kind = "city"` in programme.toml), and how many a unit must name to hold it: two for a plural
    ("cities"), one for "Which city ...?". Not "What did the cities ...?", whose cities are its subject."""
    m = _ASKED.match(question.standalone)
    if not m or question.kind not in (None, "list", "where", "who"):
        return None
    # The noun right after "which": "Which local authorities ...?" (a kind's noun of two words).
    words = [w.lower() for w in re.findall(r"[\w'-]+", question.standalone[m.start("words"):])[:3]]
    named = programme.kind_in(words, first=True)
    if named is None:
        return None
    kind, noun, at = named
    return kind, 1 if words[at] == noun.split()[-1] else 2


def _defines(subject: str, text: str) -> bool:
    """A sentence that opens with the subject (an acronym in brackets may follow) and says what it
    is: "Inclusive Cities is a Knowledge Exchange initiative ...". Not "The Inclusive Cities
    framework is drawn from ...", whose subject is something else."""
    if re.search(
        rf"(?:^|[.:;]\s+)(?:the\s+)?{re.escape(subject)}\s*(?:\([^)]{{1,20}}\)\s*)?,?\s+"
        r"(?:is|are|was|were|means|refers to)\s+(?:an?|the|one)\b",
        text, re.I,
    ):
        return True
    # Letters spelled out before them in brackets say what they stand for: "a crime reference number
    # (CRN)" answers "What is a CRN?" (`acronyms.py` reads the same form).
    return _ACRONYM.fullmatch(subject) is not None and f"({subject})" in text


_ACRONYM = re.compile(r"[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*")  # two capitals or more: "CRN", "DfE", "ESOL"


def _title_case(text: str) -> bool:
    """A short run of capitalised words: a title without its colon ("Inclusive Cities US Knowledge Exchange")."""
    return 0 < len(long_words(text)) <= 12 and capitalised(text)


def _neighbour_texts(units: list[Unit]) -> list[str]:
    """For each unit, the unit before it in the same passage (a lead-in, a row label, what "it"
    refers to); pairs are not neighbours, they hold their own."""
    out = []
    last: Unit | None = None
    for u in units:
        before = next((p for p in ([last] if last else []) if p.passage == u.passage and p.end <= u.start), None)
        out.append(before.plain if before else "")
        if not u.parts:  # pairs, columns, announced lists hold their own
            last = u
    return out
