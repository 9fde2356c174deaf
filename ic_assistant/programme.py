"""Programme knowledge as data: entities (cities, councils) and periods (phases) with their
aliases, the programme's name, intro and example questions, read from `programme.toml` in
the corpus folder. Code never names a programme's cities or phases; a corpus without the
file gets an empty `Programme` and works the same, minus entity and period matching.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import ConfigError
from .lexical import stem_terms

PROGRAMME_FILE = "programme.toml"


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str = "entity"  # "city" feeds the city filter
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    name: str
    start: int | None = None
    end: int | None = None
    aliases: tuple[str, ...] = ()


def _alias_pattern(alias: str) -> str:
    # Roman numerals ("Stage II") only in capitals: "stage i" is not a period; all else any case.
    words = [
        re.escape(w) if re.fullmatch(r"[IVX]+", w) else f"(?i:{re.escape(w)})" for w in alias.split()
    ]
    return r"\b" + r"\s+".join(words) + r"\b"


@dataclass(frozen=True)
class Programme:
    name: str = ""
    intro: str = ""
    examples: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    periods: tuple[Period, ...] = ()
    # Other nouns for an entity kind ("council" and "local authority" for a city): "Which councils
    # ...?" asks for cities, and "12 cities" counts them.
    kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()
    digest: str = ""  # sha256 of the file, hashed into the index state

    @cached_property
    def kind_nouns(self) -> dict[str, tuple[str, ...]]:
        """Each entity kind -> the nouns that name it: its own name first, then those the file gives."""
        given = dict(self.kinds)
        return {kind: (kind, *given.get(kind, ())) for kind in dict.fromkeys(e.kind for e in self.entities)}

    def kind_in(self, words: list[str], first: bool = False, last: bool = False) -> tuple[str, str, int] | None:
        """The entity kind that a noun among `words` (lower case) names, read by stems so that a
        plural names it ("local authorities"): (kind, the noun in lower case, the index of its last
        word). With `first`, only a noun opening `words`; with `last`, only one closing them. None
        when none does."""
        stems = [stem_terms(w, stopwords=None) for w in words]
        for kind, noun, parts in self._noun_stems:
            starts = range(len(stems) - len(parts) + 1)
            starts = starts[:1] if first else starts[-1:] if last else starts
            for i in starts:
                if all(part and stems[i + j] == part for j, part in enumerate(parts)):
                    return kind, noun, i + len(parts) - 1
        return None

    @cached_property
    def _noun_stems(self) -> tuple[tuple[str, str, list[list[str]]], ...]:
        """(kind, noun in lower case, its words' stems) for each noun of `kind_nouns`, stemmed once."""
        return tuple((kind, noun.lower(), [stem_terms(w, stopwords=None) for w in noun.lower().split()])
                     for kind, nouns in self.kind_nouns.items() for noun in nouns)

    def kin(self, phrase: str) -> tuple[str, ...]:
        """The other nouns for the entity kind whose noun ends `phrase` ("new councils" -> "city",
        "local authority"): what a count of them may be said in ("12 cities")."""
        named = self.kind_in(phrase.lower().split(), last=True)
        if named is None:
            return ()
        kind, noun, _ = named
        return tuple(n for n in self.kind_nouns[kind] if n.lower() != noun)

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entities if e.kind == "city")

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The words of five letters or more of the entities' names and aliases, in lower case: a
        name typed a letter off is respelled to one (`BM25Index.respelled`)."""
        return frozenset(w.lower() for e in self.entities for n in (e.name, *e.aliases)
                         for w in re.findall(r"[A-Za-z]{5,}", n))

    @cached_property
    def _entity_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return self._compile_entities(0)

    @cached_property
    def _entity_patterns_any_case(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return self._compile_entities(re.I)

    def _compile_entities(self, flags: int) -> tuple[tuple[str, re.Pattern[str]], ...]:
        out = []
        for e in self.entities:
            names = sorted({e.name, *e.aliases}, key=len, reverse=True)
            out.append((e.name, re.compile("|".join(r"\b" + re.escape(n) + r"\b" for n in names), flags)))
        return tuple(out)

    @cached_property
    def _period_pattern(self) -> re.Pattern[str] | None:
        parts = []
        for i, p in enumerate(self.periods):
            alts = [_alias_pattern(a) for a in sorted({p.name, *p.aliases}, key=len, reverse=True)]
            if p.start and p.end:  # the period's own year span: "(2017-2019)", "2017 - 2019"
                alts.append(rf"\b{p.start}\s*[-–]\s*{p.end}\b")
            parts.append(f"(?P<p{i}>{'|'.join(alts)})")
        return re.compile("|".join(parts)) if parts else None

    def entities_in(self, text: str, kind: str | None = None, ignore_case: bool = False) -> tuple[str, ...]:
        """Canonical names of the entities `text` names (by name or alias), in file order; in any
        case with `ignore_case` (a question typed without capitals), else as the file writes them."""
        patterns = self._entity_patterns_any_case if ignore_case else self._entity_patterns
        return tuple(
            name
            for (name, pattern), e in zip(patterns, self.entities)
            if (kind is None or e.kind == kind) and pattern.search(text)
        )

    def recased(self, text: str) -> str:
        """`text` typed without capitals (but its first letter's), with each entity's name or alias
        written as the file writes it: "what is the unemployment rate in northtown" is then read as the
        question written with its capital is (a name ends a term: "the rate in Northtown" asks what the
        rate is; "the rate in northtown" had been read as no definition, and answered where the written
        question was refused). Text with capitals of its own is returned as it is."""
        if any(c.isupper() for c in text[1:]):
            return text
        for _, pattern in self._entity_patterns_any_case:
            text = pattern.sub(lambda m: self._spellings[m.group(0).lower()], text)
        return text

    @cached_property
    def _spellings(self) -> dict[str, str]:
        """Each entity's name and aliases in lower case -> as the file writes them."""
        return {n.lower(): n for e in self.entities for n in (e.name, *e.aliases)}

    def cities_in(self, text: str) -> tuple[str, ...]:
        return self.entities_in(text, kind="city")

    def period_mentions(self, text: str) -> list[tuple[str, int, int]]:
        """(period name, start, end) of each mention of a period in `text`."""
        if self._period_pattern is None:
            return []
        out = []
        for m in self._period_pattern.finditer(text):
            i = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            out.append((self.periods[i].name, m.start(), m.end()))
        return out

    def periods_in(self, text: str) -> frozenset[str]:
        return frozenset(name for name, _, _ in self.period_mentions(text))

    def adjacent_period(self, name: str, step: int) -> str | None:
        """The period after (`step` 1) or before (-1) the one named, in the order they start (file
        order where a start is not given); None past either end."""
        order = sorted(range(len(self.periods)), key=lambda i: (self.periods[i].start or 0, i))
        names = [self.periods[i].name for i in order]
        k = names.index(name) + step
        return names[k] if 0 <= k < len(names) else None


def load_programme(corpus_dir: Path) -> Programme:
    """The programme file of `corpus_dir`, or an empty `Programme` when there is none."""
    path = Path(corpus_dir) / PROGRAMME_FILE
    if not path.is_file():
        return Programme()
    data = path.read_bytes()
    try:
        raw = tomllib.loads(data.decode("utf-8"))
        entities = tuple(
            Entity(str(e["name"]), str(e.get("kind", "entity")), tuple(str(a) for a in e.get("aliases", ())))
            for e in raw.get("entities", ())
        )
        periods = tuple(
            Period(str(p["name"]), p.get("start"), p.get("end"), tuple(str(a) for a in p.get("aliases", ())))
            for p in raw.get("periods", ())
        )
        kinds = tuple((str(kind), tuple(str(n) for n in nouns)) for kind, nouns in raw.get("kinds", {}).items())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path} is not a valid programme file ({type(exc).__name__}: {exc}); fix or remove it") from exc
    return Programme(
        name=str(raw.get("name", "")),
        intro=str(raw.get("intro", "")),
        examples=tuple(str(q) for q in raw.get("examples", ())),
        entities=entities,
        periods=periods,
        kinds=kinds,
        digest=hashlib.sha256(data).hexdigest(),
    )
