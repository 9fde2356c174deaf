"""Question analysis, once per question: what kind of answer it wants, what it is about.

Kind comes from the question's opening words, as in classic QA ("when" wants a date, "how
many" a number, "who" a person or body); the rest is read off the words: content terms,
the programme's entities and periods it names (from `programme.toml`), other proper names,
negation or contrast ("did not work", "weaknesses"), and a count ("the five areas").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .lexical import stem_terms
from .programme import Programme
from .text import NUMBER_WORDS, years_named

# Auxiliary verbs: after "which/what", one makes the noun that follows the subject ("What does a
# person ... find hard?"), not what is asked for ("Which council department ...?").
AUXILIARY = r"(?:does|did|do|is|are|was|were|can|could|should|will|would|has|have|had|might|must|may)"

_MANY = "|".join(w for w, n in NUMBER_WORDS.items() if n > 1)  # number words that count things
# "six goals" after "what/which": the number of things the question asks for, and the thing.
_MANY_NUMBER = rf"(?:\d{{1,2}}|{_MANY})"
_THING = r"(?!per\b|of\b|times\b)[a-z]"
# Past tenses ending otherwise than in "-ed" (a verb, where a noun might have stood).
_IRREGULAR_PASTS = r"got|went|came|took|made|won|left|gave|became|began|ran|saw|sent|spent|paid|lost|held|kept|met"

# (pattern on the question, kind). First match wins; order matters ("how many" before "how").
_DEFINED_ELSEWISE = (
    r"^\s*how (?:do|does|did|would|should) (?:[\w'-]+ ){1,6}?define (?:an? |the )?(?P<subject>[\w' -]+?)\s*\??\s*$"
    r"|^\s*how (?:is|are|was|were) (?:an? |the )?(?P<passive>[\w' -]+?) defined\b[\w ]*\??\s*$"
    r"|^\s*what (?:is|was) meant by (?:an? |the )?(?P<meant>[\w' -]+?)\s*\??\s*$"
    r"|^\s*what (?:does|do|did) (?:the (?:term|word|phrase) |an? |the )?(?P<means>[\w' -]+?) mean\s*\??\s*$"
    r"|^\s*what (?:does|do|did) (?:the (?:acronym|abbreviation|letters) |an? |the )?(?P<stands>[\w' -]+?) stand for"
    r"\s*\??\s*$"
)
_KINDS = (
    (r"^\s*why\b|\bwhat (?:is|was|were) the (?:reason|purpose|aim)", "why"),
    (r"\b(?:cities|councils|participants|partners|officers|respondents|people|members)\s+"
     r"(?:say|said|think|thought|feel|felt|find|found|report|reported)\b", "opinion"),
    # "When ...?", and a time named after what/which, with or without its preposition: "In which
    # year ...?", "On what date ...?", "Over what period ...?".
    (r"^\s*(?:when|since when|by when|(?:(?:in|on|at|by|during|over|from|until|since)\s+)?(?:what|which)\s+"
     r"(?:years?|dates?|months?|days?|decade|period|time(?:\s+period)?)\b)"
     # "What is the deadline for ...?" wants a date; "What happens if I miss the deadline?" does not.
     # "What were the exact dates of ...?" asks when, as "What dates ...?" does.
     r"|^\s*(?:what|which)\s+(?:is|was|are|were)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}"
     r"(?:deadlines?\b|(?:dates?|years?)(?=\s+(?:of|for|when|that|the|it|they|we|on|in)\b|\s*\?))",
     "when"),
    (r"^\s*(?:how (?:many|much|long|often|old)|what (?:number|percentage|proportion|share|amount))\b", "how_many"),
    (rf"^\s*(?:who|whom|whose)\b|^\s*(?:which|what) (?:(?!{AUXILIARY}\b)[\w']+ ){{0,2}}?(?:organi[sz]ation|body|bodies|"
     r"department|agency|office|person|people|team|group|funder|foundation|committee|council)\b", "who"),
    (r"^\s*where\b|^\s*(?:in )?(?:which|what) (?:city|place|country|town|region)\b", "where"),
    (r"^\s*(?:what|which) (?:are|were) (?:the )?(?:\w+ )?(?:\w+ )?(?:areas|steps|categories|types|kinds|ways|"
     r"principles|themes|stages|elements|components|priorities|actions|recommendations|roles|tips|criteria)\b"
     r"|^\s*(?:list|name)\b|^\s*which\b|^\s*what (?:are|were) the\b"
     rf"|^\s*what {_MANY_NUMBER} {_THING}"
     # "What cities were involved ...?", "What reports came out ...?": "what" before a plural noun
     # asks which ones, as "which" does ("What happens if ...?" has no verb after its "-s" word).
     rf"|^\s*what (?:(?!{AUXILIARY}\b)[\w'-]+ )?(?!{AUXILIARY}\b)[\w'-]+[^s\W]s "
     rf"(?:{AUXILIARY}|\w+[^e]ed|{_IRREGULAR_PASTS})\b", "list"),
    # "How does X define Y?", "What is meant by Y?", "What does Y mean?": what Y is, not a method.
    (_DEFINED_ELSEWISE, "definition"),
    (r"^\s*how\b", "how"),
    (r"^\s*(?:what|who) (?:is|are|was|were) (?:an? |the )?[\w' -]+\??\s*$|\bdefine\b|\bmeaning of\b|\bwhat does .* mean\b",
     "definition"),
)
_KIND_PATTERNS = tuple((re.compile(p, re.I), k) for p, k in _KINDS)
_DEFINED_ELSEWISE_PATTERN = re.compile(_DEFINED_ELSEWISE, re.I)
_ASKING_DEFINITION = "define defined defines mean means meant term word phrase stand acronym abbreviation letters"
_DEFINED = re.compile(r"^\s*(?:what|who) (?:is|are|was|were) (?:an? |the )?(?P<subject>[\w' -]+?)\s*\??\s*$", re.I)

# Negation and contrast: a question about what did not work is answered by weaknesses, not
# strengths. General English, like a stopword list.
NEGATIVE_WORDS = frozenset(
    "not no never n't nor without lack lacking lacked weak weakness weaknesses challenge challenges "
    "challenging difficult difficulty difficulties barrier barriers problem problems issue issues fail "
    "failed failure poor poorly less limited limitation limitations obstacle obstacles risk risks "
    "concern concerns worse worst unable cannot improve improvement improvements gap gaps struggle "
    "struggled hard".split()
)
# What a report lists under strengths: a question about what did not work is not answered there.
# Not "worked": it stems to "work", which a heading names as often as not ("What difference the work made").
POSITIVE_WORDS = frozenset(
    "strength strengths success successes successful succeed benefit benefits beneficial helpful useful "
    "positive achievement achievements effective valuable good best highlight highlights".split()
)
# Where a report gives people's own views: "What did cities say about X?" is answered there.
VIEW_WORDS = frozenset("feedback survey surveys response responses views view quotes said comments interviews".split())
_NEGATION = re.compile(r"\b(?:not|no|never|nor|without)\b|n't\b", re.I)
_COUNT = re.compile(r"\b(?:the|are|were|its|their)\s+(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?!per\b|of\b)[a-z]", re.I)
# "What six goals ...?", "Which three priorities ...?": the count is what the question asks for.
# A clause may set the scene first: "If someone has nowhere to stay and emails, what six pieces of
# information should the email include?" (its count had been missed, and the six items' list with it).
_SCENE = r"(?:(?:if|when|once|after|before|where|while|since)\b[^,?]{1,200},\s*)?"
_WH_COUNT = re.compile(rf"^\s*{_SCENE}(?:and\s+)?(?:what|which)\s+({_MANY_NUMBER})\s+{_THING}", re.I)
# "In which cities were the three meetings held?": the question names what it asks for (a noun
# after "which/what") before the count, which then counts something else.
_NAMED_FIRST = re.compile(rf"^\s*(?:in |at |from |for )?(?:which|what)\s+(?!{AUXILIARY}\b)[a-z]", re.I)
_CIRCUMSTANCE = re.compile(
    r"\b(?:over|during|in|for|within|across|of|at|on|from|after|before|between|by|with|throughout)\s+$", re.I
)
# Capitalised words inside the question (not its first word), and acronyms: names of things.
# Names of any Latin script: "Café", "Malmö", "Zoë" (ASCII-only, "Sutton Memory Café" had read "Sutton
# Memory Caf", a name no document uses, and the question was refused).
_PROPER = re.compile(r"(?<!^)(?<![.?!]\s)\b(?:[A-ZÀ-ÖØ-Þ][^\W\d_]+|[A-Z]{2,}[a-z]?)"
                     r"(?:[\s-]+(?:[A-ZÀ-ÖØ-Þ][^\W\d_]+|[A-Z]{2,}))*")
_FUNCTION = frozenset(
    "what which who whom whose when where why how does did do is are was were be been being can could should "
    "would will may might must shall has have had many much the a an of in on at to for from by with about "
    "and or as this that these those it its their they them there any some me my i you your we our us "
    "say said says tell told think thought feel felt take took taken make made give gave given get got go went "
    "according happen happened".split()
)


@lru_cache(maxsize=1)
def function_stems() -> frozenset[str]:
    """Stems of question and function words: rare in documents (so high IDF) yet never topical."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(stem_terms(" ".join(sorted(_FUNCTION | set(STOPWORDS_EN_PLUS))), stopwords=None))


@lru_cache(maxsize=1)
def negative_stems() -> frozenset[str]:
    return frozenset(stem_terms(" ".join(sorted(NEGATIVE_WORDS)), stopwords=None))


@lru_cache(maxsize=1)
def view_stems() -> frozenset[str]:
    return frozenset(stem_terms(" ".join(sorted(VIEW_WORDS)), stopwords=None))


@lru_cache(maxsize=1)
def positive_stems() -> frozenset[str]:
    return frozenset(stem_terms(" ".join(sorted(POSITIVE_WORDS)), stopwords=None))


@dataclass(frozen=True)
class Question:
    """What the answer step knows about a question."""

    text: str  # as asked
    standalone: str  # with the conversation it follows, for retrieval
    kind: str | None
    terms: frozenset[str]  # stemmed content terms (function words, entity and period names out)
    entities: tuple[str, ...]  # programme entities named
    periods: frozenset[str]  # programme periods named
    proper: tuple[str, ...]  # other capitalised names and acronyms
    years: frozenset[int]  # calendar years named ("in 2021-22": 2021 and 2022)
    negated: bool
    count: int | None  # "What are the five areas ...?" -> 5
    subject: str | None  # "What is X?" -> "X"
    followup: bool = False
    quantity: str | None = None  # what it measures: "members", AMOUNT, DURATION, SHARE, FREQUENCY, TIME
    # Other nouns for the counted entity kind ("city" for "councils", programme.toml's `kinds`).
    quantity_kin: tuple[str, ...] = ()
    role: str | None = None  # the role whose holder a "who" question asks for: "director", "chair"
    # Figures the question itself states ("How many days ... above $25,000?"): not what it asks for.
    figures: tuple[str, ...] = ()
    done: str = ""  # what a "how many" question says was done to what it counts: "issued" in "... were issued?"
    # A follow-up asking a question of its own: the terms it only borrows from the question before.
    borrowed: frozenset[str] = frozenset()

    @property
    def polar(self) -> bool:
        """Answered yes or no ("Can I earn credit hours on a compressed schedule?"): a "No - not
        available" answers it as well as a yes does."""
        return bool(_POLAR.match(self.standalone))

    def to_dict(self) -> dict[str, object]:
        return {
            "standalone": self.standalone,
            "kind": self.kind,
            "terms": sorted(self.terms),
            "entities": list(self.entities),
            "periods": sorted(self.periods),
            "years": sorted(self.years),
            "proper": list(self.proper),
            "negated": self.negated,
            "count": self.count,
            "subject": self.subject,
            "followup": self.followup,
            "quantity": self.quantity,
            "role": self.role,
            "figures": list(self.figures),
            "done": self.done,
            "borrowed": sorted(self.borrowed),
        }


# A question answered yes or no opens with an auxiliary: "Can I ...?", "And did it ...?".
_POLAR = re.compile(rf"^\s*(?:and\s+|but\s+)?{AUXILIARY}\b", re.I)
# A conjunction opening a follow-up ("And when did it end?") comes before the question's own opening.
_CONJUNCTION = re.compile(r"^\s*(?:and|but|so|also|then)\s+(?=\w)", re.I)


def question_kind(text: str) -> str | None:
    opening = _CONJUNCTION.sub("", text)
    # A scene set before the question by "When/Where <clause>," asks what the question after it asks:
    # "When the VA looks at a veteran's money, what kinds of income do they count?" wants no date.
    # "When was it, and how long ...?" opens with its own question, an auxiliary.
    scene = _SCENE_SET.match(opening)
    if scene:
        return _kind_after_frame(opening[scene.end():])
    kind = next((k for pattern, k in _KIND_PATTERNS if pattern.search(opening)), None)
    # A measure asked as "What is the number of ...?", "What was the budget for ...?" asks how many or
    # how much: a number answers it, not a sentence defining "the number of officials". Read off the
    # question as `_quantity` reads it, so that the kind and `Question.quantity` agree.
    if kind in (None, "definition") and _QUANTITY.match(text):
        return "how_many"
    if kind == "definition" and not _DEFINED_ELSEWISE_PATTERN.match(opening):
        defined = _DEFINED.match(opening)
        if defined and not _names_a_term(defined.group("subject")):
            return None
    if kind is None:
        # A frame set before the question ("In the religion table, how many ...?", "stage 2 - who
        # ...?", "data custodian - what are their duties?"): the question's kind is read where it opens.
        framed = _FRAMED.search(opening)
        if framed:
            return _kind_after_frame(opening[framed.end():])
    return kind


def _kind_after_frame(question: str) -> str | None:
    """The kind of the question after a frame. Not a definition: what such a question's "What is/are
    ...?" asks about is in the frame."""
    kind = question_kind(question)
    return None if kind == "definition" else kind


_ASKS = r"(?=(?:how|what|what's|which|who|when|where|why)\b)"  # where the question itself opens
_FRAMED = re.compile(rf"(?:,|\s[-\u2013\u2014:]|:)\s+{_ASKS}", re.I)
_SCENE_SET = re.compile(rf"^\s*(?:when|where)\s+(?!{AUXILIARY}\b)[^,?]{{1,200}},\s*{_ASKS}", re.I)


# Words that open a noun phrase, and words that join a phrase to the noun before it ("the overall aim
# of the project"): where a phrase of a question, or of a text, ends and another begins.
DETERMINERS = frozenset("a an the this that these those its their our his her".split())
PREPOSITIONS = frozenset("of for in at on by to with from into about during after before between under over within "
                         "across per than like".split())


# Words that pick one of several out ("the biggest challenge"), written in lower case: no term opens so.
_RANKING = frozenset("biggest largest greatest highest lowest smallest main primary principal key most least best "
                     "worst latest earliest first last next".split())


def _names_a_term(subject: str) -> bool:
    """Whether what "What is ...?" asks about is a term or a name, which a definition answers ("the
    Welcome Charter", "a data steward", "the Global Exchange on Migration and Diversity"), not a
    thing's attribute ("the overall aim of the project", "the median age in Worthing", "done at the
    last meeting", "the biggest challenge"): no word joins a phrase to it, but inside a name (a
    capital after it), and it does not open by picking one of several out."""
    words = subject.split()
    if words and words[0] in _RANKING:  # "the biggest challenge", "the main aim": which one, not a term
        return False
    return not any(w.lower() in PREPOSITIONS and (k + 1 == len(words) or not words[k + 1][:1].isupper())
                   for k, w in enumerate(words))


_STOP_AT_END = re.compile(r"[?.!]\W*$")
# A request wrapped round the question: "Can you tell me who ...?", "Please tell me when ...", "I'd
# like to know how many ...". The question is what follows; "if"/"whether" only joins it on.
_WH = r"who|whom|whose|what|which|when|where|why|how"
_WANT_TO_KNOW = r"i(?:'d|\s+would)\s+like\s+to\s+know|i\s+(?:want|need)\s+to\s+know"
_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?"
    r"(?:(?:tell|show)\s+me|explain|describe|say)\s+|(?:tell|show)\s+me\s+|explain\s+"
    rf"|(?:{_WANT_TO_KNOW})\s+|do\s+you\s+know\s+)(?:(?:if|whether)\s+|(?=(?:{_WH}|{AUXILIARY})\b))",
    re.I,
)
_PLEASE = re.compile(r",?\s*please(?=\W*$)", re.I)
# The question a request wraps is in the order of a statement: "what the Welcome Charter is".
_EMBEDDED = re.compile(r"^((?:what|who|which|where|how)(?:\s+[\w'-]+)??)\s+(.+?)\s+(is|are|was|were)(\W*)$", re.I)
# Words that say how to answer, not what: "in a nutshell", "briefly", "roughly how many", "what
# exactly is", "In total, how many", "Quick question:". Set off by commas, or where they stand no
# other way ("in short supply" is no hedge).
_HEDGE = (r"in\s+(?:a\s+nutshell|short|brief|a\s+few\s+words|simple\s+terms|plain\s+(?:english|terms|words))|briefly|"
          r"roughly|approximately|exactly|precisely|basically|actually|in\s+total|in\s+all|all\s+told|altogether|"
          r"overall")
_SET_OFF = re.compile(rf"(?:^\s*|\s*,\s*)(?:{_HEDGE})\s*(?:,\s*|(?=\W*$))", re.I)
_HEDGES = (
    (re.compile(r"\b(what|who|how|when|where|why|which)\s+(?:exactly|precisely|actually|basically)\b", re.I), r"\1"),
    (re.compile(r"^\s*(?:roughly|approximately|about|around)\s+(?=how\b)", re.I), ""),
    (re.compile(r"\s+(?:exactly|precisely)(?=\s*\?\s*$)", re.I), ""),
    (re.compile(r"^\s*(?:an?\s+)?(?:(?:quick|short|simple|small|general)\s+)?(?:question|query)\s*[:,-]\s*", re.I), ""),
)


def _without_hedges(text: str) -> str:
    """`text` without the words that say how to answer (`_HEDGE`, `_HEDGES`)."""
    text = _SET_OFF.sub(lambda m: " " if m.start() and m.group(0).rstrip().endswith(",") else "", text)
    for pattern, kept in _HEDGES:
        text = pattern.sub(kept, text)
    return text


# "What's", "whats", "who're": the kinds are read off "what is", "who are".
_CONTRACTED = re.compile(r"\b(what|who|where|when|how)(?:'(s|re)|(s))\b", re.I)


def _expanded(m: re.Match[str]) -> str:
    return f"{m.group(1)} {'are' if m.group(2) and m.group(2).lower() == 're' else 'is'}"


# Words round the question that ask nothing: a greeting before it, thanks after it.
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good\s+(?:morning|afternoon|evening))\b(?:\s+there\b)?[\s,!.:;-]*", re.I)
_THANKS = re.compile(
    r"[\s,.!;-]*(?:(?:many\s+)?thanks|thank\s+you|cheers)(?:\s+(?:so\s+much|very\s+much|a\s+lot|in\s+advance))?[\s.!]*$",
    re.I,
)


def as_asked(text: str) -> str:
    """`text` as the dev questions the answer model is fitted on are written, for what users type in
    a chat box: without a greeting before it or thanks after it, without a request round it ("Can
    you tell me who ...?" -> "Who ...?") and with "what's" as "what is" (the kind is read off the
    opening words), in lower case when it is all in capitals (case then tells no name from a word),
    and ending in a question mark when it ends in no stop (the embedding model reads it: a dev
    question about how the cities kept in touch lost the passage that answers it)."""
    text = text.strip().replace("\u2019", "'").replace("\u2018", "'")
    bare = _THANKS.sub("", _GREETING.sub("", text)).strip()
    if bare and bare != text:
        text = bare[0].upper() + bare[1:]
    text = _CONTRACTED.sub(_expanded, text)
    if text and not any(c.islower() for c in text):
        text = text[0] + text[1:].lower()
    unwrapped = _REQUEST.sub("", text)
    if unwrapped != text:
        unwrapped = _EMBEDDED.sub(r"\1 \3 \2\4", unwrapped)
    asked = _without_hedges(_PLEASE.sub("", unwrapped)).strip()
    if asked and asked != text:
        text = asked[0].upper() + asked[1:]
    return text if not text or _STOP_AT_END.search(text) else f"{text}?"


# Statements typed before the question ("I work for a city council. Who funds ...?"): the question
# opens the last sentence that starts as one asks; a sentence ends at '.' or '!' before a word.
_SENTENCE_BREAK = re.compile(r"(?<=[.!])\s+(?=[\"'(\u201c]?[A-Za-z])")
_ASKING = re.compile(
    rf"^\W*(?:(?:in|at|for|from|on|by|to|during|over|under|with|since|after|before|between)\s+(?=wh|how)"
    rf")?(?:{_WH}|{AUXILIARY}|can|and|but|so|also|please|tell|list|name|give|explain|describe|show|{_WANT_TO_KNOW})\b",
    re.I,
)


def statements_and_question(text: str) -> tuple[list[str], str]:
    """The statements typed before a question, and the question: "Hi, I'm new to the programme.
    I work for a city council. What should we do first?" -> (["I'm new to the programme.", "I work
    for a city council."], "What should we do first?"). A greeting alone is no statement. Text that
    opens as a question ("What did the court decide in Walters v. Reno?"), or ends in no question
    mark, is all question."""
    text = text.strip()
    if not text.endswith("?"):
        return [], text
    parts = _SENTENCE_BREAK.split(text)
    starts = [k for k in range(1, len(parts)) if _ASKING.match(parts[k])]
    if not starts or _ASKING.match(parts[0]) or any(p.rstrip().endswith("?") for p in parts[: starts[-1]]):
        return [], text
    k = starts[-1]
    statements = [p for p in (_GREETING.sub("", p).strip() for p in parts[:k]) if p.strip(" .!,;:-")]
    return statements, " ".join(parts[k:])


# A message of several questions ("Who funds the programme? When did it start?"): a question ends
# at a question mark before the next sentence.
_QUESTION_BREAK = re.compile(r"(?<=\?)\s+(?=[\"'(\u201c]?[A-Za-z])")


# Two questions joined in one sentence: "What does obfuscation involve, and where is it used?", or
# with no comma when the second asks in its own order ("What is a CRN and what is it used for?",
# "... vans does it have and how many stops do they do"). The first must ask on its own (a wh-word
# or auxiliary opening at least three words, after a topic set before it or not: "stage 2 - how
# long did it run and how many ...?"): "Between whom, and why?" and "When and where did they
# meet?" are not split.
_JOINED = re.compile(
    rf",\s+and\s+(?=(?:{_WH})\b)|\s+and\s+(?=(?:{_WH})\s+(?:{AUXILIARY}|much|many|long|often|far)\b)", re.I)
_MIN_JOINED_WORDS = 3


def questions_in(text: str) -> list[str]:
    """The questions of a message, each with the statements typed before it: "I work for a council.
    Who funds the programme? When did it start?" -> ["I work for a council. Who funds the
    programme?", "When did it start?"]. Words after the last question mark that do not ask (thanks)
    stay with the last question; a request there ("Also list the phases.") is a question of its own.
    A question joined to the one before by ", and <wh-word>" is one of its own too, read as a
    follow-up: "..., and when did it start?" -> [..., "And when did it start?"]."""
    pieces = _QUESTION_BREAK.split(text.strip())
    if len(pieces) > 1 and not pieces[-1].rstrip().endswith("?") and not _ASKING.match(pieces[-1]):
        pieces[-2:] = [f"{pieces[-2]} {pieces[-1]}"]
    return [q for piece in pieces for q in _unjoined(piece)]


def _unjoined(piece: str) -> list[str]:
    """`piece` split at each ", and <wh-word>" that ends a question of its own (see `_JOINED`), read
    as asked (`as_asked`: "whats" opens a question, and one typed without a question mark is one)."""
    asked = as_asked(piece)
    if not asked.rstrip().endswith("?"):
        return [piece]
    statements, question = statements_and_question(asked)
    parts = _JOINED.split(question)
    if len(parts) == 1 or not all((_ASKING.match(p) or (k == 0 and _framed_asking(p)))
                                  and len(_WORD.findall(p)) >= _MIN_JOINED_WORDS for k, p in enumerate(parts[:-1])):
        return [piece]
    lead = " ".join(statements)
    first = f"{lead} {parts[0]}?".strip()
    return [first, *(f"And {p[0].lower()}{p[1:]}" + ("" if p.rstrip().endswith("?") else "?") for p in parts[1:])]


def _framed_asking(part: str) -> bool:
    """`part` asks after a topic set before it ("stage 2 - how long did it run", "In Northtown, which
    bit of the council was it in"): the questions joined after it are read as follow-ups on it."""
    framed = _FRAMED.search(part)
    return bool(framed) and bool(_ASKING.match(part[framed.end():]))


def is_negated(text: str) -> bool:
    return bool(_NEGATION.search(text)) or bool(set(stem_terms(text, stopwords=None)) & negative_stems())


# A follow-up that asks a question of its own: a wh-word and a verb ("And what did not work?"),
# not a fragment ("And how?", "What about the themes?").
_OWN_QUESTION = re.compile(rf"^\W*(?:(?:and|but|so|also)\s+)?(?:{_WH})\s+{AUXILIARY}\b", re.I)
_OPENERS = re.compile(r"^\s*(and|also|so|what about|how about|what of|same for|and what about|then|but)\b", re.I)
_BACK_REFERENCES = re.compile(r"\b(they|them|their|it|its|this|that|these|those|there|he|she|his|her)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9']+")


def _without_words_of(earlier: str, text: str) -> str:
    """`earlier` without the words that `text` says again in its own way ("worked", "well" for "And
    what did not work so well?"): what a contrasting follow-up lends from the question before it
    is its topic ("What in the action planning?"), not the predicate it contrasts with."""
    said = set(stem_terms(text)) - function_stems()
    kept = [w for w in earlier.split() if not said & set(stem_terms(w))]
    return " ".join(kept)


def is_followup(question: str) -> bool:
    """Short, opening with "and"/"what about", or leaning on a pronoun: it needs what came before."""
    words = _WORD.findall(question)
    return bool(_OPENERS.match(question)) or len(words) <= 3 or (len(words) <= 8 and bool(_BACK_REFERENCES.search(question)))


def analyse(text: str, programme: Programme, history: Sequence[str] = (), joined: bool = False) -> Question:
    """Analyse `text`, read with the user's earlier questions (oldest first) when it is a follow-up.
    With `joined` (a later question of the same message as `history[-1]`) it is one unless it names
    its own entity or proper name: "... does the new project really talk about climate refugees?
    what's the link supposed to be" asks the second about the first's topic, though it has no
    pronoun to point back with, and read alone it had been refused.

    A follow-up keeps the earlier question's topic; entities it names replace the earlier ones
    ("And in Northtown?"); its own wording decides negation when it has a verb phrase of its own
    ("And what did not work so well?"), else the earlier question's does. A follow-up that is only
    a noun phrase ("And the themes?") asks the earlier question about that thing instead: it takes
    the place of what the earlier question asked for ("the five core principles"), count and all.
    """
    question = _analysed(text, programme, history, joined)
    kin = programme.kin(question.quantity) if question.quantity else ()
    return replace(question, quantity_kin=kin) if kin else question


def _analysed(text: str, programme: Programme, history: Sequence[str], joined: bool) -> Question:
    history = [h.strip() for h in history if h and h.strip()]
    if history and not history[-1].endswith("?"):
        return _after_statement(text, programme, history)
    own = _analyse_alone(text, programme) if history else None
    if history and ((joined and not own.entities and not own.proper) or is_followup(text) or _names_no_topic(own)):
        previous = analyse(history[-1], programme, history[:-1])
        entities = own.entities or previous.entities
        own_words = own.terms - {t for e in own.entities for t in stem_terms(e, stopwords=None)}
        standalone = _replace_entities(previous.standalone, previous.entities, own.entities, programme)
        if not own.entities:
            lent = previous.standalone
            if own_words and own.negated != previous.negated:  # a contrast: its predicate replaces the earlier one's
                lent = _without_words_of(lent, text)
            standalone = f"{lent} {text}"
        terms, count = previous.terms | own.terms, own.count or previous.count
        own_question = bool(_OWN_QUESTION.match(text))
        proper = tuple(dict.fromkeys(own.proper + previous.proper))
        swapped = (_swapped_name(previous.standalone, previous.proper, own.proper, text)
                   if not own.entities and own.proper and not own_question else None)
        if swapped is not None:  # "And in Worthing?" after "... in Crawley ...?": the place named instead
            standalone, old = swapped
            terms = (previous.terms - frozenset(stem_terms(old))) | own.terms
            proper = tuple(p for p in proper if p != old)
        focus = _FOCUS.match(previous.standalone)
        phrase = _ELLIPSIS.match(text)
        if own_words and focus and phrase and not own.entities:
            thing = phrase.group("thing")
            standalone = previous.standalone[: focus.start("focus")] + thing + previous.standalone[focus.end("focus"):]
            terms = (previous.terms - frozenset(stem_terms(focus.group("focus")))) | own.terms
            count = own.count
        # Only a fragment takes the earlier question's kind ("And in Northtown?", "What about the
        # themes?"); a question of its own keeps its own, none included: "What was that meeting
        # meant to achieve?" after "Where was ... held?" had been read as asking where.
        lends_kind = own.kind in (None, "how") and not own_question
        asks_own = own_question and not own.entities and _things(own) >= MIN_OWN_THINGS
        return Question(
            text=text,
            standalone=standalone,
            kind=previous.kind if lends_kind else own.kind,
            terms=terms,
            entities=entities,
            periods=own.periods or previous.periods,
            proper=proper,
            years=own.years or previous.years,
            negated=own.negated if (own_words or own.negated) else previous.negated,
            count=count,
            subject=previous.subject,
            followup=True,
            # "And how many would lose food stamps?" counts what the earlier "How many ...?" did.
            quantity=(own.quantity if not lends_kind and (own.quantity or own.kind != previous.kind)
                      else previous.quantity),
            role=previous.role if lends_kind else own.role,
            figures=own.figures,
            done=own.done,
            borrowed=terms - own.terms if asks_own else frozenset(),
        )
    return own if own is not None else _analyse_alone(text, programme)


def _swapped_name(earlier: str, earlier_names: Sequence[str], names: Sequence[str], text: str) -> tuple[str, str] | None:
    """`earlier` with the name a fragment follow-up puts in its place, and the name replaced: "And in
    Worthing?" after "How many people in Crawley speak Polish?" asks it of Worthing, as "And in
    <city>?" does of the programme file's entities; the name after the same preposition, or the
    earlier question's only name. None when it is not clear which name the new one replaces."""
    if len(names) != 1:
        return None
    new = names[0]
    said = re.search(rf"\b({'|'.join(_SWAP_PREPOSITIONS)})\s+(?:the\s+)?{re.escape(new)}\b", text, re.I)
    candidates = [p for p in earlier_names if p != new]
    if said:
        candidates = [p for p in candidates
                      if re.search(rf"\b{said.group(1)}\s+(?:the\s+)?{re.escape(p)}\b", earlier, re.I)]
    if len(candidates) != 1:
        return None
    old = candidates[0]
    return re.sub(rf"\b{re.escape(old)}\b", new, earlier, count=1), old


_SWAP_PREPOSITIONS = ("in", "at", "for", "from", "of", "on", "by", "to", "with")


# A question naming fewer things than this (content terms, entities, periods, names) says what it
# is about only with what came before it ("What should we do first?").
MIN_OWN_THINGS = 2


def _things(q: Question) -> int:
    """How many things a question names: content terms, entities, periods, names and years."""
    return len(q.terms) + len(q.entities) + len(q.periods) + len(q.proper) + len(q.years)


def _names_no_topic(own: Question) -> bool:
    """A question of a conversation that names too little to say what it is about ("How many
    people went?", "Who was the sponsor?"): it goes on from the question before, as "How many
    went?" does, though it has no pronoun. A probe's "how many people went?" after a question about
    a study trip had been read alone and refused."""
    return _things(own) < MIN_OWN_THINGS


_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|he|she|him|his|her)\b", re.I)


def _after_statement(text: str, programme: Programme, history: Sequence[str]) -> Question:
    """`text` read after a statement (`history[-1]`: "I work for Northtown council.", typed before
    it or as an earlier turn). The question keeps its own kind, count and negation. The statement
    is context, lent to the question as a follow-up's earlier question is, when the question leans
    on it (a pronoun: "How should I publish it?"; too little of its own: "What should we do
    first?") or it names an entity, period or name the question does not; else it asks nothing of
    the documents ("I work for a city council.") and is left out, as its words would pull the
    evidence towards themselves. (Lent to every question, such a statement cost 0.08 of the
    programme's dev key facts; "this report" is no pronoun here, it names the document.)"""
    statement = history[-1]
    own = analyse(text, programme, history[:-1])
    said = _analyse_alone(statement, programme)
    lends = (
        bool(_PRONOUN.search(text)) or _names_no_topic(own) or bool(set(said.entities) - set(own.entities))
        or bool(said.periods - own.periods) or bool(set(said.proper) - set(own.proper))
    )
    if not lends:
        return own
    return replace(
        own,
        standalone=f"{statement} {own.standalone}",
        terms=own.terms | said.terms,
        entities=own.entities or said.entities,
        periods=own.periods or said.periods,
        proper=tuple(dict.fromkeys(own.proper + said.proper)),
        years=own.years or said.years,
        followup=True,
    )


# What a question asks for, when it names it after "what/which/who is" and then says what about:
# "What are [the five core principles] of ...?", "Who is [the strategic sponsor] for ...?". The
# phrase runs from its determiner to the first preposition or verb. In "What is the Welcome Charter?"
# nothing follows: the phrase is the topic, which a follow-up keeps. Only after "is": without a
# tagger, "Which cities joined ...?" cannot be told from "Which council department hosts ...?".
_FOCUS = re.compile(
    r"^\s*(?:what|which|who)\s+(?:is|are|was|were)\s+"
    r"(?P<focus>(?:(?:the|an?|its|their)\s+)?[\w'-]+(?:\s+[\w'-]+){0,3}?)"
    r"(?=\s+(?:of|for|in|on|at|to|by|from|with|about|under|that|which|who|did|does|do|is|are|was|were|has|have|had|"
    r"can|could|will|would|should|must)\b)",
    re.I,
)
# A follow-up that is only a noun phrase: "And the themes?", "What about its budget?"; or that asks
# the same of another thing, "And what are the five areas of action?" after "What are the five core
# principles in the framework?" (read with the earlier one whole, it was answered with the principles).
_ELLIPSIS = re.compile(
    r"^\s*(?:and(?:\s+what|\s+how)?\s+about|what\s+about|how\s+about"
    r"|(?:and|also|but|so)\s+(?:what|which|who)\s+(?:is|are|was|were)|and|also|but)\s+"
    r"(?P<thing>(?:(?:the|an?|its|their)\s+)?(?!(?:what|which|who|whom|whose|when|where|why|how|in|at|for|during|"
    r"is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|they|it|he|she|there|then|so)\b)"
    r"[\w'-]+(?:\s+[\w'-]+){0,5})\s*\??\s*$",
    re.I,
)


_CAPITALS = re.compile(r"\b[A-Z]{2,5}\b")


def _acronyms(text: str) -> frozenset[str]:
    """Stems of the words in capitals of a question that is not all in capitals: acronyms, which
    are names even where they spell a function word ("the US learning exchange", "IT support")."""
    if not any(c.islower() for c in text):
        return frozenset()
    return frozenset(t for m in _CAPITALS.finditer(text) for t in stem_terms(m.group(0), stopwords=None))


def _analyse_alone(text: str, programme: Programme) -> Question:
    # A question typed without capitals (but the first letter's) still names the programme's entities
    # ("Who is the mayor of <city>?"); where it has others, case tells a name from a word ("Reading").
    entities = programme.entities_in(text, ignore_case=not any(c.isupper() for c in text[1:]))
    periods = _periods_asked(text, programme)
    names = set(stem_terms(" ".join(entities), stopwords=None))
    for _, s, e in programme.period_mentions(text):
        names |= set(stem_terms(text[s:e], stopwords=None))
    terms = (frozenset(stem_terms(text)) - function_stems() | _acronyms(text)) - names
    proper = tuple(
        p for p in dict.fromkeys(m.group(0) for m in _PROPER.finditer(text.strip()))
        if not any(p in e or e in p for e in entities) and p.lower() not in _FUNCTION
    )
    count = None
    m = _COUNT.search(text)
    if m and (_CIRCUMSTANCE.search(text[: m.start()]) or _NAMED_FIRST.match(text)):
        m = None  # "over the two years": when or where; "which cities ... the three meetings": not what is asked
    m = _WH_COUNT.match(text) or m
    if m:
        word = m.group(1).lower()
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    kind = question_kind(text)
    # A measure defines nothing; "What is meant by X?" defines X, not "meant by X".
    elsewise = defined = None
    if kind == "definition":
        elsewise = _DEFINED_ELSEWISE_PATTERN.match(text)
        defined = elsewise or _DEFINED.match(text)
    if elsewise:  # the asking's own words ("define", "mean", "the term"), which a definition need not use
        terms -= frozenset(stem_terms(_ASKING_DEFINITION, stopwords=None))
    return Question(
        text=text,
        standalone=text,
        kind=kind,
        terms=terms,
        entities=entities,
        periods=periods,
        proper=proper,
        years=years_named(text),
        negated=is_negated(text),
        count=count if count and count > 1 else None,
        subject=_subject(defined) if defined else None,
        quantity=_quantity(text),
        role=_role(text),
        figures=tuple(_FIGURE.findall(text)),
        done=next((m.group(1) for m in _DONE.finditer(text)), ""),
    )


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
# What a "how many" question says was done to what it counts: "... were issued", "... have been granted".
_DONE = re.compile(r"\b(?:were|was|have been|has been|had been|got|get)\s+(?:\w+ly\s+)?(\w+ed)\b", re.I)


# "What happened after the first stage?" asks about the period that follows the one it names, "before
# the second stage" about the one before it: evidence about the named period does not answer it.
_AFTER = re.compile(r"\b(?:after|following|beyond)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?$", re.I)
_BEFORE = re.compile(r"\b(?:before|prior\s+to|ahead\s+of|preceding)\s+(?:the\s+)?(?:start\s+of\s+(?:the\s+)?)?$", re.I)


def _periods_asked(text: str, programme: Programme) -> frozenset[str]:
    """The programme's periods a question asks about: those it names, or the next (previous) one
    where it names one after "after" ("before")."""
    asked = set()
    for name, start, _ in programme.period_mentions(text):
        step = 1 if _AFTER.search(text[:start]) else -1 if _BEFORE.search(text[:start]) else 0
        shifted = programme.adjacent_period(name, step) if step else name
        if shifted:
            asked.add(shifted)
    return frozenset(asked)


def _subject(defined: re.Match[str]) -> str:
    """What a definition question asks about, however it was asked."""
    return next(v for v in defined.groupdict().values() if v).strip()


AMOUNT, DURATION, SHARE, FREQUENCY = "amount", "duration", "share", "frequency"
TIME = "time"  # of day: "What time does it open?", "What are the opening hours?"
# A question asking for a time of day, or the hours something is open (not "what time of year", nor
# "When is the consultation open until?", a date): a clock time answers it, and a page giving none
# does not ("when are they open?" had been answered with the page's publication dates).
_TIME_ASKED = re.compile(
    r"\bwhat\s+(?:time|times|hours)\b(?!\s+of\s+(?:the\s+)?year)|\bopening\s+(?:hours|times)\b"
    r"|\bwhen\s+(?:is|are)\b[^?.]{0,40}?\bopen\b(?!\s+(?:until|till|from|for))", re.I)
_JOINING = rf"(?:of|for|in|on|to|at|by|with|from|about|and|or|that|which|who|how|what|when|where|why|{AUXILIARY})"
_QUANTITY = re.compile(
    rf"\bhow\s+(?:(?P<how_much>much)(?:\s+(?P<much>{AUXILIARY}\b|of\b|[\w'-]+))?|(?P<long>long)|(?P<often>often)"
    # "How many of the participants were refugees?" counts participants.
    r"|many\s+(?:of\s+(?:the|these|those|their|our|its|your)\s+)?(?P<counted>[\w'-]+(?:\s+[\w'-]+){0,2}))\b"
    r"|^\s*what(?:\s+(?:is|was|are|were|will\s+be))?(?:\s+(?:the|its|their|a|an))?"
    r"(?:(?:\s+(?:total|overall|annual|yearly|average|typical|current|maximum|minimum|estimated|target|expected"
    r"|planned))?\s+(?:(?P<share>percentage|proportion|share|fraction|rate)|(?P<amount>amount)"
    r"|number\s+of\s+(?P<number>[\w'-]+(?:\s+[\w'-]+){0,2}))"
    # A measure's owner or kind may come first: "the FY2023 adopted General Fund budget for ...",
    # "the Free Library's budget" (a word that joins phrases ends the run: "the role of the budget").
    rf"|(?:\s+(?!{_JOINING}\b)[\w'’.-]+){{0,4}}?\s+"
    rf"(?:(?P<measure>budget|cost|price|fee|fine|penalt(?:y|ie)|salar(?:y|ie)|wage|spending|expenditure|allocation"
    rf"|revenue|income|deficit|surplus|length|duration|population)(?:s|es)?"
    # A share named by what it is of: "What was the unemployment rate for ...?", "the response rate".
    rf"|(?P<owned_share>rate|percentage|proportion)s?)"
    rf"(?=\s*\?|\s+(?:of|for|in|on|to|per|at|from|by|during|since|under|due|paid|charged|{AUXILIARY})\b))\b",
    re.I,
)
# "How much" of these is an amount of money (or a share of one: "up to 5% of national health
# spending" says how much something costs); of time, a duration; of anything else ("How much
# attention does integration get?") no measure at all.
_MONEY_NOUNS = frozenset("money funding funds fund budget budgets grant grants cash income spending spend "
                         "investment revenue cost costs finance financing".split())
# "What is the <noun> of ...?" asks for a measure when the noun names one and heads the phrase (not
# "What is the budget process?"): a sum of money ("What is the fine for ...?", "What fee does ...
# charge?"), a length of time, a population.
_DURATION_NOUNS = frozenset(("length", "duration"))
POPULATION = "population"
# A counted phrase ends with its plural noun ("How many extra devices did ...", "How many members
# sit ...") or before what the question says of it ("How many people from the cities ...").
_COUNTED_END = re.compile(rf"^(?:{AUXILIARY}|from|in|on|of|at|for|to|with|under|by|per|across|"
                          r"that|who|which|\w+ly|\w+ed)$", re.I)
_PLURAL = re.compile(r"^(?:\w+[^s]s|people|children|men|women|staff)$", re.I)
# A past tense right after "how many", then an article or a preposition (or nothing): a verb, the
# counted noun left out ("-eed" is no past tense: "How many speed bumps ...?").
_LEFT_OUT = re.compile(rf"^(?:\w+[^e]ed|{_IRREGULAR_PASTS})$", re.I)
_AFTER_VERB = DETERMINERS | PREPOSITIONS | frozenset(("up", "out", "off"))
_OBJECTS = frozenset(("it", "them", "him", "her", "us", "me", "you", "there", "here"))
# A verb's clause after it: "How many said they were carers?" counts who said so, not "said they".
_SUBJECTS = frozenset(("they", "we", "he", "she", "i", "yes", "no"))


def _quantity(text: str) -> str | None:
    """What a "how many/much/long/often" question asks to be measured: the counted noun phrase ("How
    many members ...?", "What number of extra devices ...?" -> "members", "extra devices"), an
    amount ("How much ...?" of money, or before its verb: "How much does it cost?"; "What
    amount ...?"), a duration ("How long ...?", "How much time ...?"), a share ("What percentage
    ...?"), a frequency ("How often ...?"), a time of day ("What time does it open?"); the same asked
    as "What is the <measure> of ...?" ("What was the budget for ...?", "What is the length of
    ...?"), and a population. None for a question that measures nothing ("How much attention ...?")."""
    if _TIME_ASKED.search(text):
        return TIME
    m = _QUANTITY.search(text)
    framed = _FRAMED.search(text) if not m else None
    if framed:  # "NHS charging - what percentage of ...?": read where the question opens, as its kind is
        text = text[framed.end():]
        m = _QUANTITY.search(text)
    if not m:
        return None
    if m.group("amount"):
        return AMOUNT
    if m.group("measure"):
        noun = m.group("measure").lower()
        return DURATION if noun in _DURATION_NOUNS else POPULATION if noun == POPULATION else AMOUNT
    if m.group("how_much"):
        after = (m.group("much") or "").lower()
        if after == "time":
            return DURATION
        if not after or re.fullmatch(AUXILIARY, after) or after == "of" or after in _MONEY_NOUNS:
            return AMOUNT
        # The money noun after the words that say whose or what for: "How much Home Office funding
        # ...?", "How much hardship money ...?" (not "How much attention does integration get?").
        if any(w.lower() in _MONEY_NOUNS for w in re.findall(r"[\w'-]+", text[m.end():])[:2]):
            return AMOUNT
        return None
    if m.group("long"):
        return DURATION
    if m.group("often"):
        return FREQUENCY
    if m.group("share") or m.group("owned_share"):
        return SHARE
    words = (m.group("counted") or m.group("number")).lower().split()
    # "How many would lose ...?", "And how many got a distinction?": the counted noun is left out (a
    # follow-up's is then the one before's). A past tense before a noun qualifies it ("unaccompanied
    # children").
    # A word that is no plural before an object or "to" is a verb too: "How many struggle to speak
    # it?" counts people, not "struggle to speak it" (the counted noun after "how many" is plural).
    verb = ((_LEFT_OUT.match(words[0]) or not _PLURAL.match(words[0]))
            and (len(words) == 1 or words[1] in _AFTER_VERB or words[1] in _OBJECTS or words[1] in _SUBJECTS))
    if re.fullmatch(AUXILIARY, words[0]) or verb:
        return None
    end = next((i for i, w in enumerate(words) if i and _COUNTED_END.match(w)), len(words))
    end = next((i + 1 for i, w in enumerate(words[:end]) if _PLURAL.match(w)), end)
    return " ".join(words[:end])


# "Who is the director of ...?", "Who was Northtown's strategic sponsor?": the holder of a role, named
# by its last word ("sponsor") in words of its own, not a name; what follows it says of what ("for
# the project"), else nothing does. "Who is the guide for?" asks who reads it: no role.
_HOLDER = r"(?:the|an?|its|their|[\w'.-]+'s?)"
_ROLE_NOUN = re.compile(
    rf"(?i)^\s*(?:and\s+)?who\s+(?:is|was|are|were)\s+{_HOLDER}\s+(?:{_HOLDER}\s+)?"
    r"(?P<role>(?:(?-i:[a-z])[\w-]*\s+){0,3}?(?-i:[a-z])[\w-]*)"
    r"(?=\s+(?:of|for|at|in|on|to|with|from|within|across|during)\s+\w|\s*\?\s*$)"
)
# "What is the name of Northtown's director?" asks who the director is ("the name of the hub" asks no role).
_NAME_OF = re.compile(r"^\s*what\s+(?:is|was)\s+the\s+name\s+of\s+(?=[\w.-]+'s?\s)", re.I)
# Past tenses that do not open as their verb's stem: a role's verb read in a question or a text.
IRREGULAR_PAST = {"lead": "led"}
# Anyone at all: no role a text would name.
_NO_ROLE = frozenset("people person persons one ones individual individuals someone somebody anyone anybody".split())
# Verbs that name a role by their own stem ("Who chairs ...?": the chair; "Who funds ...?": the funder).
# Not "run", "pay" or "back": a text says "manages", "meet the cost", "sponsor" for them.
# With an auxiliary, only its "-ing" form: "Who is funding ...?" asks for the funder, "Who is funded
# ...?" for whom the money goes to.
_ROLE_VERB = re.compile(r"^\s*(?:and\s+)?who(?:\s+(?:currently\s+)?(?P<verb>chair|lead|led|head|direct|coordinat|"
                        r"sponsor|fund|manag|administer|convene|organi[sz])(?:e?s|e?d|ing)?"
                        r"|(?:'s|\s+(?:is|was|are|were|has been|have been))\s+(?:currently\s+)?"
                        r"(?P<doing>chair|lead|head|direct|coordinat|sponsor|fund|manag|administer|conven|"
                        r"organi[sz])ing)\b", re.I)


def _role(text: str) -> str | None:
    """The role whose holder a "who" question asks for, as a word a text naming its holder uses:
    "director" ("Who is the director of ...?"), "chair" ("Who chairs ...?"). None for any other
    question ("Who is eligible ...?", "Who pays for ...?")."""
    m = _ROLE_NOUN.match(_NAME_OF.sub("Who is ", text))
    if m:
        head = m.group("role").split()[-1].lower()
        return None if head in _NO_ROLE or head in _FUNCTION else head
    m = _ROLE_VERB.match(text)
    if m:
        verb = (m.group("verb") or m.group("doing")).lower()
        return next((stem for stem, past in IRREGULAR_PAST.items() if past == verb), verb)
    return None


def _replace_entities(text: str, old: Sequence[str], new: Sequence[str], programme: Programme) -> str:
    if not new or not old:
        return text
    for name in old:
        entity = next(e for e in programme.entities if e.name == name)
        for alias in sorted({entity.name, *entity.aliases}, key=len, reverse=True):
            text = re.sub(r"\b" + re.escape(alias) + r"\b", " and ".join(new), text)
    return text
