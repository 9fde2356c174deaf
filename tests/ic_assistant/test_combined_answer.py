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
    # The second answer's quote of the first one's sentence is not said again.
    assert got.text == ("Who funds it?\nThe Trust funds it [1].\n\n"
                        "When did it run?\nIt began in 2017 [2]. It ended in 2019 [3] (note [7]).")
    assert [(c.n, c.quote) for c in got.citations] == [(1, "The Trust funds it."), (2, "It began in 2017."),
                                                       (3, "It ended in 2019.")]
    assert not got.refused and got.question == "Who funds it? When did it run?"
    assert got.parts == ("Who funds it?", "When did it run?")
    assert got.body == "The Trust funds it [1].\n\nIt began in 2017 [2]. It ended in 2019 [3] (note [7])."
    assert got.timings_ms == {"total": 12.0}


def test_a_refused_question_says_so_in_its_paragraph_and_the_whole_is_refused_only_if_all_are() -> None:
    answered = Answer("Who funds it?", "The Trust funds it [1].", (FUNDS,), refused=False)
    refused = Answer("What is the budget?", REFUSAL, (), refused=True, suggestions=("A",))
    some = combined("Who funds it? What is the budget?", ["Who funds it?", "What is the budget?"], [answered, refused])
    assert not some.refused and some.suggestions == ()
    assert some.text.endswith(f"What is the budget?\n{REFUSAL}")
    none = combined("What is the budget? What is the budget?", ["What is the budget?"] * 2, [refused, refused])
    assert none.refused and none.suggestions == ("A",) and none.citations == ()


def test_an_answer_whose_every_quote_is_above_points_to_it() -> None:
    first = Answer("When did it run?", "It began in 2017 [1]. It ended in 2019 [2].", (BEGAN, ENDED), refused=False)
    second = Answer("And when did it end?", "It ended in 2019 [1].", (replace(ENDED, n=1),), refused=False)
    got = combined("When did it run, and when did it end?", ["When did it run?", "And when did it end?"], [first, second])
    assert got.text.endswith("And when did it end?\nSee the answer above [2].")
    assert [c.n for c in got.citations] == [1, 2]


def test_a_quote_running_on_from_a_sentence_above_goes_with_it_and_is_not_cited() -> None:
    """The same words under another citation (a pair quoting the sentence above and the one before
    it): the pair's other sentence, read without it, would answer the wrong question."""
    first = Answer("Who funds it?", "The Trust funds it [1].", (FUNDS,), refused=False)
    pair = Citation(n=1, source="a.md", title="A", page=None, section="", quote="Before that it was unfunded. "
                    "The Trust funds it.", start=100, end=147, chunk_id="a-2")
    second = Answer("And how?", "Before that it was unfunded [1]. The Trust funds it [1]. It ended in 2019 [2].",
                    (pair, replace(ENDED, n=2)), refused=False)
    got = combined("Who funds it, and how?", ["Who funds it?", "And how?"], [first, second])
    assert got.text == "Who funds it?\nThe Trust funds it [1].\n\nAnd how?\nIt ended in 2019 [2]."
    assert [(c.n, c.quote) for c in got.citations] == [(1, "The Trust funds it."), (2, "It ended in 2019.")]


def test_an_answer_not_read_as_quoted_claims_is_kept_whole() -> None:
    first = Answer("Who funds it?", "The Trust funds it [1].", (FUNDS,), refused=False)
    second = Answer("And why?", "Because the Trust funds it [1], as said", (FUNDS,), refused=False)
    got = combined("Who funds it, and why?", ["Who funds it?", "And why?"], [first, second])
    assert got.text.endswith("And why?\nBecause the Trust funds it [1], as said")
