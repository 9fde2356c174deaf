"""The report's figures: the 95% interval of a split's key-fact recall over its questions."""

from __future__ import annotations

from evals.metrics import ItemResult, aggregate, bootstrap_interval


def _result(n: int, found: int, total: int, answerable: bool = True) -> ItemResult:
    return ItemResult(f"q{n}", "factoid", "test", answerable, False, "an answer", 5.0,
                      facts_found=found, facts_total=total)


def test_the_interval_brackets_the_figure_and_narrows_with_more_questions() -> None:
    found, total = [0, 1, 2, 3, 1, 0, 2], [1, 1, 3, 3, 2, 2, 2]
    figure = sum(found) / sum(total)
    low, high = bootstrap_interval(found, total)
    assert low < figure < high
    assert bootstrap_interval(found, total) == [low, high]  # seeded: the same report each run
    more_low, more_high = bootstrap_interval(found * 10, total * 10)
    assert low < more_low < figure < more_high < high


def test_questions_that_all_score_alike_leave_no_doubt_and_none_leave_no_interval() -> None:
    assert bootstrap_interval([1, 1, 1], [2, 2, 2]) == [0.5, 0.5]
    assert bootstrap_interval([], []) is None


def test_aggregate_reports_the_interval_of_the_answerable_questions_facts() -> None:
    results = [_result(0, 2, 2), _result(1, 0, 3), _result(2, 1, 1), _result(3, 1, 2),
               _result(4, 0, 0, answerable=False)]
    figures = aggregate(results, k=6)
    low, high = figures["key_fact_recall_95"]
    assert low < figures["key_fact_recall"] == 0.5 < high
    assert aggregate([_result(4, 0, 0, answerable=False)], k=6)["key_fact_recall_95"] is None


def test_a_key_fact_only_the_echoed_question_holds_is_not_found() -> None:
    """A message of several questions opens each paragraph with its question: the evals read what
    the documents say (`Answer.body`), not the user's own words echoed back."""
    from evals.general import answer_record
    from evals.metrics import GoldItem, score_item
    from ic_assistant.types import Answer

    item = GoldItem("x1", "How many devices were announced, and when in 2021?", "factoid", True, "dev",
                    key_facts=(("500,000",), ("2021",)))
    text = "How many devices were announced?\n500,000 devices [1].\n\nAnd when in 2021?\nSee the answer above [1]."
    answer = Answer(item.question, text, (), refused=False, parts=("How many devices were announced?", "And when in 2021?"))
    assert answer.body == "500,000 devices [1].\n\nSee the answer above [1]."
    result = score_item(item, answer, [], 1.0, lambda source, page: "")
    assert (result.facts_found, result.facts_total) == (1, 2)
    assert result.sentences_cited == result.sentences_total == 2  # the question lines are not uncited claims
    assert answer_record(item, answer)["answer"] == answer.body
    assert Answer("q", "Plain [1].", (), refused=False).body == "Plain [1]."
