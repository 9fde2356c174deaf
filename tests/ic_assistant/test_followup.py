"""Follow-up questions resolved without an LLM."""

from __future__ import annotations

from ic_assistant.followup import is_followup, resolve_followup


def test_city_follow_up_swaps_the_city() -> None:
    q = resolve_followup("And in Liverpool?", ["Which council department hosts the project in Cardiff?"])
    assert q == "Which council department hosts the project in Liverpool?"


def test_chained_follow_ups_resolve_through_the_history() -> None:
    history = ["Who is the strategic sponsor in Bristol?", "What about Glasgow?"]
    assert resolve_followup("And Peterborough?", history) == "Who is the strategic sponsor in Peterborough?"


def test_pronoun_follow_up_is_read_with_the_previous_question() -> None:
    q = resolve_followup("When was it launched?", ["What is the Inclusive Cities framework?"])
    assert q == "What is the Inclusive Cities framework? When was it launched?"


def test_standalone_question_is_left_alone() -> None:
    history = ["Which cities took part in the first phase?"]
    question = "What principles does the Inclusive Cities framework set out for local authorities?"
    assert not is_followup(question)
    assert resolve_followup(question, history) == question
    assert resolve_followup("And in Liverpool?", []) == "And in Liverpool?"
