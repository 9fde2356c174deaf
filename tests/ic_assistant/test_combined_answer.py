"""A message of several questions: one answer, a paragraph per question, citations numbered across it."""

from __future__ import annotations

from dataclasses import replace

from ic_assistant.combined_answer import combined
from ic_assistant.prompts import REFUSAL
from ic_assistant.types import Answer, Citation


def _citation(n: int, quote: str, start: int) -> Citation:
    return Citation(n=n, source="a.md", title="A", page=None, section="", quote=quote, start=start,
                    end=start + len(quote), chunk_id="a-1")


FUNDS, BEGAN, ENDED = _citation(1, "The Trust funds it.", 0), _citation(1, "It began in 2017.", 40), \
    _citation(2, "It ended in 2019.", 80)


def test_citations_are_numbered_across_the_answers_and_a_quote_cited_twice_keeps_its_number() -> None:
    first = Answer("Who funds it?", "The Trust funds it [1].", (FUNDS,), refused=False, timings_ms={"total": 5.0})
    second = Answer("When did it run? Who funds it?", "It began in 2017 [1]. It ended in 2019 [2] (note [7]). "
                    "The Trust funds it [3].", (BEGAN, ENDED, replace(FUNDS, n=3)), refused=False,
                    timings_ms={"total": 7.0})
    got = combined("Who funds it? When did it run?", ["Who funds it?", "When did it run?"], [first, second])
    assert got.text == ("Who funds it?\nThe Trust funds it [1].\n\n"
                        "When did it run?\nIt began in 2017 [2]. It ended in 2019 [3] (note [7]). The Trust funds it [1].")
    assert [(c.n, c.quote) for c in got.citations] == [(1, "The Trust funds it."), (2, "It began in 2017."),
                                                       (3, "It ended in 2019.")]
    assert not got.refused and got.question == "Who funds it? When did it run?"
    assert got.timings_ms == {"total": 12.0}


def test_a_refused_question_says_so_in_its_paragraph_and_the_whole_is_refused_only_if_all_are() -> None:
    answered = Answer("Who funds it?", "The Trust funds it [1].", (FUNDS,), refused=False)
    refused = Answer("What is the budget?", REFUSAL, (), refused=True, suggestions=("A",))
    some = combined("Who funds it? What is the budget?", ["Who funds it?", "What is the budget?"], [answered, refused])
    assert not some.refused and some.suggestions == ()
    assert some.text.endswith(f"What is the budget?\n{REFUSAL}")
    none = combined("What is the budget? What is the budget?", ["What is the budget?"] * 2, [refused, refused])
    assert none.refused and none.suggestions == ("A",) and none.citations == ()
