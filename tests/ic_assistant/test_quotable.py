"""Which sentences the extractive answer may quote: never headings, titles or link text."""

from __future__ import annotations

import pytest

from ic_assistant.text import is_quotable, is_title_line


@pytest.mark.parametrize(
    ("sentence", "quotable"),
    [
        ("Inclusive Cities is a Knowledge Exchange initiative hosted by COMPAS.", True),
        ("The founder cities (2017-2019) were: Bristol, Cardiff, Glasgow, Liverpool, Peterborough and London.", True),
        ("Inclusive Cities: Second Convening", False),  # a title and subtitle
        ("See all Action Plans here or click on the cities listed below.", False),  # link text
        ("Read the Inclusive Cities Action Plans", False),
        ("https://example.org/a https://example.org/b", False),  # links only
        ("Phase two", False),  # too short to answer anything
        ("Future plans for the programme and its cities", False),  # a known heading
        ("6. Employer phone number ( ) - 7. Employer address", False),  # a printed form's blank fields
        ("Name of the applicant: ______________", False),
        ("Town Mayor: David Pears", True),  # a post and its holder says who, though set like a title
        ("Clerk to the Council and Responsible Financial Officer: Olive O'Sullivan", True),
    ],
)
def test_is_quotable(sentence: str, quotable: bool) -> None:
    assert is_quotable(sentence, frozenset({"Future plans for the programme and its cities"})) is quotable


def test_title_lines_need_a_colon_and_capitals_and_no_full_stop() -> None:
    assert is_title_line("Table 1: Feedback on Phase One of the Inclusive Cities Programme (Strengths)")
    assert not is_title_line("These tools included:")
    assert not is_title_line("January 2019: Action plans finalised")
    assert not is_title_line("Inclusive Cities: Second Convening.")
    # A label with a date says when ("When was the guidance last updated?"): it is quotable.
    for dated in ("Updated: October 2023", "Last reviewed: 5 March 2024", "Published: 2019"):
        assert not is_title_line(dated)
    assert is_quotable("Updated: October 2023")
    assert is_title_line("Inclusive Cities: Phase 2 Report 2019")


def test_sentences_split_in_threads_at_once_are_each_texts_own() -> None:
    """The server answers two questions at a time. A pysbd segmenter keeps the text it splits on
    itself, so one shared by threads gave a text another's spans (an empty answer under load, or
    an IndexError): each thread has its own."""
    from concurrent.futures import ThreadPoolExecutor

    from ic_assistant.text import _split_sentences

    split = _split_sentences.__wrapped__  # not the cache: every call splits
    texts = [f"Text {i} opens here. A second sentence, number {i}, follows! Does a third? " * (1 + i % 5)
             for i in range(300)]
    serial = [split(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(split, texts)) == serial


def test_a_references_abbreviation_before_its_number_ends_no_sentence() -> None:
    """pysbd ended a sentence at "s." in "Local Government Act 1972, s. 145": the answer quoted
    "... Act 1972, s". A sentence may still open with a number after one that ends."""
    from ic_assistant.text import split_sentences

    text = ("The council may fund events under the Local Government Act 1972, s. 145 each year. "
            "See p. 12 for the costs. The fair ran in 2019. 12 people came.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The council may fund events under the Local Government Act 1972, s. 145 each year.",
        "See p. 12 for the costs.", "The fair ran in 2019.", "12 people came."]


def test_a_references_journal_and_numbers_after_its_title_stay_with_it() -> None:
    """A reference list's entry ends with where it was published, after its title's stop ("... UK
    local authorities. CMS 8, 14"): split off, too short to quote, so "Where was the paper published?"
    was answered with the title alone. A short closing sentence without a figure stays one."""
    from ic_assistant.text import split_sentences

    entry = ("Broadhead, J. (2020) Building inclusive cities: reflections from a knowledge exchange on the "
             "inclusion of newcomers by local authorities. CMS 8, 14")
    assert [entry[a:b] for a, b in split_sentences(entry)] == [entry]
    for text in ("The plan was agreed by the board. See the annex", "The plan was agreed. Table 3: costs in 2019",
                 "The fair ran in 2019. 12 people came."):
        assert len(split_sentences(text)) == 2


def test_an_enumeration_inside_a_sentence_ends_no_sentence() -> None:
    """pysbd ended a sentence before "2)" in "... two actions: 1) waiving A; and 2) waiving B.": the
    answer quoted "... (refugees have none); and" and lost the second action. Numbered sentences
    that follow a finished one stay sentences."""
    from ic_assistant.text import split_sentences

    text = ("Landlords were asked to take two actions: 1) waiving requirements regarding credit history (refugees "
            "have none); and 2) waiving requirements for security deposits. The priorities are a) housing; b) jobs; "
            "and c) language. We did two things. 1) We met. 2) We wrote.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Landlords were asked to take two actions: 1) waiving requirements regarding credit history (refugees have "
        "none); and 2) waiving requirements for security deposits.",
        "The priorities are a) housing; b) jobs; and c) language.", "We did two things.", "1) We met.", "2) We wrote."]


def test_an_items_number_run_on_into_the_text_before_it_opens_its_item() -> None:
    """Markdown items indented too little to nest ("1.   ARAP 12.4 ... unless:" over "    1.   (a) the
    parent ...") run on into the item's text, and pysbd ended each sentence after the next item's
    number: an answer quoted "... unless: 1 [1]. (a) the parent applying ...". The number now opens
    its item; a sentence pysbd cut before a bracket with no stop ("(i) ARAP 3.4" and "(high and
    imminent risk ...)") is one sentence; a bracket after a finished sentence still opens its own."""
    from ic_assistant.text import split_sentences

    text = ("The applicant must be applying with both parents unless: 1. (a) the parent applying is the sole "
            "surviving parent; or 2. (b) the parent applying has sole responsibility for the child.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The applicant must be applying with both parents unless:",
        "1. (a) the parent applying is the sole surviving parent; or",
        "2. (b) the parent applying has sole responsibility for the child."]
    rules = "One of these applies: (i) ARAP 3.4 (high and imminent risk of threat to life); or (ii) ARAP 3.6."
    assert [rules[a:b] for a, b in split_sentences(rules)] == [rules]
    aside = "The rate rose. (This was later revised.) It fell in 2020."
    assert len(split_sentences(aside)) == 3


def test_in_a_table_row_no_sentence_opens_with_a_comma_or_a_cell_separator() -> None:
    """pysbd ended sentences at an abbreviation's stop in a table cell ("Contrib., Indemnities &
    Taxes", "Equip. | 12,862,660"): the answer read "Contrib [1]. , Indemnities & Taxes". In a row,
    what follows such a stop goes on the same sentence; prose is split as pysbd splits it."""
    from ic_assistant.text import split_sentences

    for row in ("Contrib., Indemnities & Taxes | 9,136,875 | 53,171", "Materials, Supplies & Equip. | 12,862,660 | 1"):
        assert [row[a:b] for a, b in split_sentences(row)] == [row]
    prose = "See H.R. 1239, 105th Cong., 1st Sess. The fund grew."
    assert len(split_sentences(prose)) > 2


def test_a_web_pages_link_hints_alone_are_not_quoted() -> None:
    """A page copied as text keeps each link's "(opens in a new tab)" as a sentence of its own, and a
    saved page its "opens in new tab or window": quoted, they closed answers. Inside a sentence the
    hint does not stop it being quoted."""
    assert not is_quotable("(opens in a new tab)")
    assert not is_quotable("opens in new tab or window")
    assert is_quotable("Visit our secondary accountability guide (opens in a new tab) for the measures.")
