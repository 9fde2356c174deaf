"""Text cleaning shared by all loaders.

The cleaned text is the canonical text of a page: chunk and citation offsets point into it,
and quotes are checked against it.
"""

from __future__ import annotations

import re
import unicodedata

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": "",  # soft hyphen
        "\u200b": "",
        "\ufeff": "",
        # Bullets a word processor set in the Symbol or Wingdings font come out of PDFs as private-use
        # characters; as bullets, their lines are list items.
        "\uf0b7": "\u2022",
        "\uf0a7": "\u25aa",
        "\uf06c": "\u2022",
        "\uf0d8": "\u2022",
    }
)
_SPACES = re.compile(r"[ \t\f\v]+")
_YEAR_LINE = re.compile(r"^\s*(?:19|20)\d\d\s*$")
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)


def normalise_chars(text: str) -> str:
    """NFC, straight quotes, ASCII hyphens for dashes, no soft hyphens or odd spaces. Not NFKC:
    compatibility characters ("ﬁ", "²", "½") stay as the file has them, so that a quote reads as a
    reader's copy does (pypdf keeps a PDF's ligatures, and a checker that compares letters would
    find "significant" nowhere in "signiﬁcant"); matching and embedding fold them
    (`ic_assistant.text.folded`)."""
    return unicodedata.normalize("NFC", text.translate(_CHAR_MAP)).translate(_CHAR_MAP)


def clean_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def is_page_number(line: str) -> bool:
    """A line of a page number ("12", "Page 3 of 40"), but not a year set alone: a table's or a
    timeline's "2021" over its column or entry had been dropped as one."""
    return bool(_PAGE_NUMBER_LINE.match(line)) and not is_year(line)


def is_year(text: str) -> bool:
    """A year alone ("2019"), which names a column, an entry or a date, and is no page or figure."""
    return bool(_YEAR_LINE.match(text))


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines with spaces, rejoining words hyphenated across a line break; a compound's
    own hyphen stays (`_compound`)."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif (m := _BROKEN_WORD.search(out)) and line[:1].islower():
            out = out + line if _compound(m.group(1), line.split(maxsplit=1)[0]) else out[:-1] + line
        else:
            out = f"{out} {line}"
    return out


_BROKEN_WORD = re.compile(r"([A-Za-z]+)-$")


def _compound(first: str, rest: str) -> bool:
    """Whether a word broken at a line's closing hyphen is a compound ("self-|sufficient",
    "second-|round"), not a word hyphenated to fit ("pro-|gramme", "partner-|ship"): both halves are
    English words and, run together, they are none. The hyphen had always gone ("selfsufficient")."""
    from ic_assistant.lexical import english_word

    rest = re.sub(r"[^A-Za-z]+$", "", rest).lower()
    first = first.lower()
    return bool(rest) and english_word(first) and english_word(rest) and not english_word(first + rest)


# A run of underscores or equals signs rules a line off or leaves a blank to fill in ("Total funds
# 37,093 ______", a Word page's "__________" between sections): it is no text.
_RULE_RUN = re.compile(r"[_=]{5,}")


def normalise_block(text: str) -> str:
    """Whitespace of a block (paragraph, heading, list item) collapsed to single spaces, and rules
    drawn in underscores or equals signs left out."""
    lines = (without_rules(x) for x in normalise_chars(text).splitlines())
    return join_lines([x for x in lines if x])


def without_rules(line: str) -> str:
    """`line` cleaned, without the rules drawn in underscores or equals signs that a form's blank or
    an account's total is set on: no words, and a quote would carry them."""
    return clean_line(_RULE_RUN.sub(" ", line))
