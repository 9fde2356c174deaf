"""The answer-type cue: what a question asks for, and whether a sentence holds it."""

from __future__ import annotations

import pytest

from ic_assistant.answer_type import expected_type, has_answer_type


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who funded the programme?", "name"),
        ("When was the framework launched?", "date"),
        ("In what year did phase two begin?", "date"),
        ("How many cities took part?", "number"),
        ("Why did cities join?", "reason"),
        ("What are the five themes?", None),
        ("Which cities took part in the first phase?", "cities"),
        ("Where was the second meeting held?", "city"),
        ("What is Inclusive Cities?", "definition"),
        ("What is the name of the fund?", None),
    ],
)
def test_expected_type(question: str, kind: str | None) -> None:
    assert expected_type(question) == kind


def test_a_sentence_needs_a_new_item_of_the_kind() -> None:
    q = "Who funded the Inclusive Cities programme?"
    assert has_answer_type("name", "It was funded by Paul Hamlyn Foundation's Shared Ground Fund.", q)
    assert not has_answer_type("name", "The programme was funded for two years.", q)
    assert has_answer_type("date", "The framework was launched in October 2019.", "When was it launched?")
    assert not has_answer_type("number", "Cities shared learning.", "How many cities took part?")
    assert not has_answer_type(None, "Anything at all in 2019.", "Why?")


def test_cities_and_definitions() -> None:
    q = "Which cities took part in the first phase?"
    assert has_answer_type("cities", "The founder cities were: Bristol, Cardiff and Glasgow.", q)
    assert not has_answer_type("cities", "The meeting was hosted by Glasgow.", q)  # one city is not a list
    assert not has_answer_type("city", "Hosted by Liverpool City Council.", "Where in Liverpool did they meet?")
    d = "What is Inclusive Cities?"
    assert has_answer_type("definition", "Inclusive Cities is a Knowledge Exchange initiative.", d)
    assert not has_answer_type("definition", "The Inclusive Cities framework is drawn from this process.", d)


@pytest.mark.parametrize(
    "question",
    [
        "What did cities say about the action planning process?",
        "Did the cities think the programme actually changed anything?",
        "How did participants describe the process?",
        "According to the survey, what were the strengths?",
    ],
)
def test_questions_about_views_want_reported_views(question: str) -> None:
    assert expected_type(question) == "opinion"
    assert has_answer_type("opinion", "It was well-paced.", question, heading="Table 1: Feedback on Phase One")
    assert not has_answer_type("opinion", "It was well-paced.", question, heading="What we learnt about the work")


def test_places_are_not_programme_cities() -> None:
    assert expected_type("Which places in the US did they visit?") is None
    assert expected_type("What does the framework say about evidence?") != "opinion"  # a document, not people


def test_why_wants_a_cause_or_purpose() -> None:
    q = "Why was London made an associate member?"
    assert expected_type(q) == "reason"
    assert has_answer_type("reason", "This allowed the other cities to benefit from the work in London.", q)
    assert has_answer_type("reason", "Progress stalled because of a lack of funding.", q)
    assert not has_answer_type("reason", "London became an associate member of the project.", q)
