"""A typo in a question is respelled to the word the index holds; a real word never is."""

from __future__ import annotations

from ic_assistant.lexical import BM25Index
from ic_assistant.types import Chunk


def _index(*texts: str) -> BM25Index:
    chunks = [Chunk(id=f"c{i}", doc_id="d", source="plan.md", title="Plan", doc_type="web page", year=None, page=None,
                    section="", start=0, end=len(t), text=t) for i, t in enumerate(texts)]
    return BM25Index.build(chunks, "g1")


INDEX_TEXTS = (
    "Five cities took part in the first phase, funded by a foundation.",
    "Publish the data by neighborhood, with a key field.",
)


def test_a_typo_is_respelled_to_the_word_the_index_holds() -> None:
    index = _index(*INDEX_TEXTS)
    assert index.respelled("Which citeis took part?") == "Which cities took part?"  # two letters swapped
    assert index.respelled("Which citties took part?") == "Which cities took part?"  # a letter too many
    assert index.respelled("Who fnded the first phase?") == "Who funded the first phase?"  # a letter left out
    assert index.respelled("Who fundded it?") == "Who fundded it?"  # the stemmer reads it as the index's "fund"
    assert index.respelled("Which citis took part?") == "Which citis took part?"  # its stem is the index's already
    assert index.respelled("Publish it by neighbourhood?") == "Publish it by neighborhood?"  # British spelling


def test_a_real_word_a_name_or_a_contraction_is_never_respelled() -> None:
    index = _index(*INDEX_TEXTS)
    for question in (
        "What does the phase cover?",  # English, though the index lacks it: not "over"
        "What is the unemployment rate?",  # the refusal counts terms the passages lack
        "How do I reset my Gmail password?",  # a capital inside the question: a name
        "Why shouldn't a city publish?",  # part of a contraction
    ):
        assert index.respelled(question) == question


def test_an_empty_index_respells_nothing() -> None:
    assert _index().respelled("Which citeis took part?") == "Which citeis took part?"


def test_a_name_typed_a_letter_off_is_respelled_only_to_a_name_of_the_programme() -> None:
    """A capital inside the question marks a name: respelled only to one of the names given (the
    programme's entities), so that "Who was Northtwn's sponsor?" asks about Northtown, while a name
    the programme lacks stays as typed, and the refusal still counts it."""
    index = _index("Northtown and Southport funded the first phase.", "Publish the data by neighborhood.")
    names = frozenset({"northtown", "southport"})
    assert index.respelled("Who was Northtwn's sponsor?", names) == "Who was Northtown's sponsor?"  # one left out
    assert index.respelled("What did Southpport fund?", names) == "What did Southport fund?"  # one too many
    assert index.respelled("What did Northtwon do?", names) == "What did Northtown do?"  # two swapped
    assert index.respelled("Who was Northtwn's sponsor?") == "Who was Northtwn's sponsor?"  # no names given
    for question in ("How do I reset my Gmail password?", "What did Leeds fund?", "Who leads Northtowns?"):
        assert index.respelled(question, names) == question
