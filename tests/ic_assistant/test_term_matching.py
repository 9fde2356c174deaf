"""Phase mentions and the normalisation that lets a question's terms meet a sentence's."""

from __future__ import annotations

import pytest

from ic_assistant.lexical import stem_terms
from ic_assistant.text import phases_in


@pytest.mark.parametrize(
    ("text", "phases"),
    [
        ("Which cities took part in the first phase?", {1}),
        ("the final session of phase one", {1}),
        ("Read the Inclusive Cities Phase II Action Plans", {2}),
        ("Learning from the Inclusive Cities programme: Phase 1", {1}),
        ("The founder cities (2017-2019) were", {1}),
        ("phase two of the programme (2019–2023)", {2}),
        ("a survey in 2017-2018; phase 12; a phased approach", set()),
    ],
)
def test_phases_in(text: str, phases: set[int]) -> None:
    assert phases_in(text) == phases


def test_term_matching_joins_phases_and_phrasal_verbs() -> None:
    question = stem_terms("Which cities took part in the first phase?")
    assert question == stem_terms("which cities participated in phase 1")
    assert "phase1" in stem_terms("The founder cities (2017-2019)")
    assert "part" not in stem_terms("They took part.")
