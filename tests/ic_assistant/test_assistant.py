"""End to end on the real corpus: real questions, verified citations, refusals, filters, errors."""

from __future__ import annotations

import re
import shutil

import pytest

from ic_assistant import REFUSAL, Answer, Assistant, Filters, QuestionError, build_assistant
from ic_assistant.errors import IndexMissingError

PDF = "learning-from-inclusive-cities-phase-1.pdf"


def _assert_verbatim(assistant: Assistant, answer: Answer) -> None:
    assert answer.citations
    for c in answer.citations:
        assert assistant.page_text(c.source, c.page)[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.text


# Issue examples the fitted scorer does not get right yet (see the closing notes); most
# were answered by the per-question rules that issue 10 removed. Strict: they fail loudly once they pass.
_NOT_YET = pytest.mark.xfail(strict=True, reason="issue 10: not yet answered right by the fitted scorer")


@pytest.mark.parametrize(
    "question",
    ["Which cities took part in the first phase?",
     pytest.param("Which cities were the founder cities of the programme?", marks=_NOT_YET)],
)
def test_first_phase_cities(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused
    for city in ("Bristol", "Cardiff", "Glasgow", "Liverpool", "Peterborough"):
        assert city in answer.text
    assert not {"Belfast", "Coventry", "Sheffield"} & set(answer.text.split())  # phase two cities
    _assert_verbatim(assistant, answer)
    assert len(answer.text) < 600


@_NOT_YET
def test_what_cities_said_comes_from_their_feedback(assistant: Assistant) -> None:
    answer = assistant.ask("What did cities say about the action planning process?")
    assert not answer.refused
    first = answer.citations[0]
    assert (first.source, first.page) == (PDF, 4)
    assert first.section.startswith("Table 1: Feedback on Phase One")
    assert first.quote.startswith("The action plans provided accountability, structure")  # not the bullet
    _assert_verbatim(assistant, answer)
    assert len(answer.text) < 500


def test_what_is_the_programme_opens_with_the_sentence_that_defines_it(assistant: Assistant) -> None:
    """The issue's first example: the defining sentence, reached through the fitted scorer's
    `type_match` feature, which for "What is X?" is a sentence whose subject is X, then "is a ..."."""
    answer = assistant.ask("What is Inclusive Cities?", explain=True)
    assert not answer.refused
    assert answer.citations[0].quote.startswith("Inclusive Cities is a Knowledge Exchange initiative")
    assert answer.explanation["top_units"][0]["features"]["type_match"] > 0
    floor = answer.explanation["join_floor"]  # what a further unit needed, as compose reads it
    assert floor["floor"] == pytest.approx(max(floor["add_min_prob"], floor["add_min_share"] * floor["best_p"]),
                                           abs=2e-4)
    past = floor["overflow"]  # and what a unit needed to take the answer past the budget
    assert past["floor"] == pytest.approx(max(floor["floor"], past["overflow_share"] * floor["best_p"]), abs=2e-4)
    assert past["up_to_chars"] == assistant.settings.answer.overflow_limit
    _assert_verbatim(assistant, answer)


@pytest.mark.parametrize(
    ("question", "row"),
    [
        ("Which council department hosts the project in Cardiff?", "Cardiff | Communities"),
        ("Which Peterborough department hosted the project?",
         "Peterborough | Housing, Communities and Youth | Cabinet Member for Communities"),
        # Only the table's headers say "Strategic Sponsor": retrieval reads them with the rows.
        ("Who is the strategic sponsor for Inclusive Cities in Bristol?", "Bristol | Mayors' Office Deputy Mayor"),
    ],
)
def test_a_table_row_is_quoted_whole_with_its_headers_as_context(assistant: Assistant, question: str, row: str) -> None:
    answer = assistant.ask(question, explain=True)
    assert not answer.refused
    first = answer.citations[0]
    assert (first.source, first.page) == (PDF, 12) and first.quote.startswith(row)
    assert answer.text.startswith(row)  # the best evidence first, the row whole
    assert "Department" not in first.quote  # the column headers are context, not quoted
    _assert_verbatim(assistant, answer)
    assert len(answer.text) <= assistant.settings.answer.overflow_limit + 20


# "How did Cardiff involve local employers?" (P 0.785 against 0.78, a narrow margin) is refused since the
# refusal's threshold fell 0.82 -> 0.78 (thirteenth session): "How much" questions that measure
# nothing ("How much attention ...?") or are answered by a share ("How much does it cost?") no longer
# look unanswered, so fewer answerable dev questions sit at the top of P(unanswerable) and the
# threshold under the false-refusal cap is lower.


@pytest.mark.parametrize(
    "question",
    ["How did Cardiff involve local employers?", "How much money does each council get?",
     "What fee does a city pay to join the Inclusive Cities programme?"],
)
def test_questions_on_the_documents_topics_that_they_do_not_answer_are_refused(
    assistant: Assistant, question: str
) -> None:
    answer = assistant.ask(question, explain=True)
    assert answer.refused and answer.text == REFUSAL
    assert answer.explanation["p_unanswerable"] > answer.explanation["refusal_threshold"]
    if question.startswith(("How much", "What fee")):  # no best unit gives an amount of money: that tips it
        assert answer.explanation["refusal_features"]["asked_found"] > 1.0


def test_what_worked_well_quotes_what_cities_praised_not_the_challenges(assistant: Assistant) -> None:
    """The issue's example: the challenges list had won on term cover, its items holding "action
    plan" and "did not always work well" apart; a list's cover is now its lead-in with its best item
    (`features._statement_terms`)."""
    answer = assistant.ask("What worked well in the action planning?")
    assert not answer.refused
    assert "accountability" in answer.text and "Remains a work in progress" not in answer.text
    _assert_verbatim(assistant, answer)


@pytest.mark.parametrize(
    ("question", "history"),
    [("What did not work so well in the action planning?", []),
     # The follow-up: the topic carries over with the new contrast, not the old answer.
     ("And what did not work so well?", ["What worked well in the action planning?"])],
)
def test_what_did_not_work_quotes_the_areas_for_development(
    assistant: Assistant, question: str, history: list[str]
) -> None:
    """The issue's examples: the negation is read, so the answer quotes Table 2 (the programme's
    areas for development), not Table 1's strengths."""
    answer = assistant.ask(question, history, explain=True)
    assert not answer.refused
    if history:
        standalone = answer.explanation["standalone_question"].lower()
        assert "action planning" in standalone and "not" in standalone
    first = answer.citations[0]
    assert (first.source, first.page) == (PDF, 6) and "Areas for Development" in first.section
    assert not any("Strengths" in c.section for c in answer.citations)
    _assert_verbatim(assistant, answer)


def test_the_areas_for_development_are_named_together_from_the_table_of_feedback(assistant: Assistant) -> None:
    """Table 2 of the phase-1 report is three labels, each over its own bullets, in two chunks:
    the answer had quoted one group's bullets. The outline names the three, each part cited on page 6."""
    answer = assistant.ask("Which areas for development did the cities' feedback on phase one point to?")
    assert not answer.refused
    for area in ("Moving beyond the council", "Mainstreaming", "Navigating the national policy landscape"):
        assert area in answer.text, area
    assert {(c.source, c.page) for c in answer.citations} == {(PDF, 6)}
    _assert_verbatim(assistant, answer)


def test_the_five_strengths_are_named_though_the_kept_passages_hold_two_of_their_groups(assistant: Assistant) -> None:
    """Table 1 runs over five chunks and pages 3 to 5; the outline reads the chunks next to the kept
    ones under its caption (`units.outline_reach`), and cites each strength where it is."""
    answer = assistant.ask("What key strengths of the programme did the survey identify?")
    assert not answer.refused
    for strength in ("catalyst for change", "new networks", "US exchange", "IC process", "academic partner"):
        assert strength in answer.text, strength
    assert {c.page for c in answer.citations} >= {3, 4, 5}
    # Some strengths are quoted from chunks read for the outline, not among the answer's (retrieved) passages.
    kept = {p.chunk.id for p in answer.passages}
    assert any(c.chunk_id not in kept for c in answer.citations)
    _assert_verbatim(assistant, answer)


@_NOT_YET
def test_what_a_joining_council_does_first_is_how_cities_joined(assistant: Assistant) -> None:
    """The issue's example: "What should I do first when my council joins?" got a line of feedback.
    The documents say how cities joined (a letter of commitment, the two people each city
    nominates), and the answer should quote that."""
    answer = assistant.ask("What should I do first when my council joins?")
    assert not answer.refused
    assert any("nominat" in c.quote for c in answer.citations[:2])
    _assert_verbatim(assistant, answer)


def test_the_five_areas_of_action_are_all_quoted(assistant: Assistant) -> None:
    """The issue's example: the areas are five <p> lines under "Five core areas of action", read
    as a list because that line counts them (`ingest/blocks.py: counted_lists`), and the count in
    the question picks that list."""
    answer = assistant.ask("What are the five areas of action?")
    assert not answer.refused
    for area in ("shared local story of inclusion", "inclusive economic growth", "Connecting communities",
                 "inclusive public services", "civic participation"):
        assert area.lower() in answer.text.lower(), area
    _assert_verbatim(assistant, answer)


def test_pdf_citation_has_the_right_page(assistant: Assistant) -> None:
    answer = assistant.ask("Who funded the first phase of Inclusive Cities?")
    assert not answer.refused
    assert "Paul Hamlyn Foundation" in answer.text
    cited = {(c.source, c.page) for c in answer.citations if "Paul Hamlyn" in c.quote}
    assert cited & {(PDF, 1), (PDF, 10)}
    _assert_verbatim(assistant, answer)


def test_department_table_and_city_follow_up(assistant: Assistant) -> None:
    first = assistant.ask("Which council department hosts the project in Cardiff?")
    assert not first.refused and "Communities" in first.text
    assert any(c.source == PDF and c.page == 12 for c in first.citations)
    follow = assistant.ask(
        "And in Liverpool?", ["Which council department hosts the project in Cardiff?"], explain=True
    )
    assert follow.explanation["standalone_question"] == "Which council department hosts the project in Liverpool?"
    assert any("Community Safety and Cohesion" in p.chunk.text for p in follow.passages)
    assert not follow.refused and "Liverpool" in follow.text
    _assert_verbatim(assistant, follow)


@pytest.mark.parametrize(
    "question",
    ["What is the unemployment rate in Bristol?", "What is the best recipe for lasagne?"],
)
def test_unanswerable_questions_are_refused(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, explain=True)
    assert answer.refused and answer.text == REFUSAL and not answer.citations
    assert answer.suggestions  # "you may want to look at"
    assert "reason" in answer.explanation


def test_filters_scope_retrieval(assistant: Assistant) -> None:
    only_pdf = assistant.search("action plans", Filters(sources=(PDF,)), k=5)
    assert only_pdf and {p.chunk.source for p in only_pdf} == {PDF}
    recent = assistant.search("action plans", Filters(year_min=2023), k=5)
    assert recent and all(p.chunk.year >= 2023 for p in recent)
    typed = assistant.search("action plans", Filters(doc_types=("report",)), k=5)
    assert typed and {p.chunk.doc_type for p in typed} == {"report"}
    glasgow = assistant.search("meeting of the working group", Filters(cities=("Glasgow",)), k=5)
    assert glasgow and all("Glasgow" in p.chunk.cities for p in glasgow)
    assert assistant.search("meeting", Filters(year_min=2090)) == []


def test_search_returns_ranked_passages_with_metadata(assistant: Assistant) -> None:
    passages = assistant.search("Welcoming America learning exchange in the US", k=4)
    assert len(passages) == 4
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True) or passages[0].score
    top = passages[0].chunk
    assert top.source and top.title and top.section is not None
    assert assistant.page_text(top.source, top.page)[top.start : top.end] == top.text


@pytest.mark.parametrize("bad", ["", "   \n\t", "x" * 1001])
def test_bad_questions_get_clear_errors(assistant: Assistant, bad: str) -> None:
    with pytest.raises(QuestionError, match="empty|limit is 1000"):
        assistant.ask(bad)


def test_timings_and_passages_are_reported(assistant: Assistant) -> None:
    answer = assistant.ask("What is the Inclusive Cities framework?")
    assert {"embed_query", "dense", "bm25", "fuse_mmr", "generate", "verify", "total"} <= set(answer.timings_ms)
    assert answer.passages


def test_stale_index_warns_with_the_fix(real_index, embedder, tmp_path) -> None:  # noqa: ANN001
    corpus = tmp_path / "corpus"
    shutil.copytree(real_index.settings.corpus_dir, corpus)
    settings = real_index.settings.with_overrides(corpus_dir=corpus)
    (corpus / "new-briefing.md").write_text("# A new briefing\n\nNew text.\n", encoding="utf-8")
    assistant = build_assistant(settings, embedder=embedder)
    status = assistant.status()
    assert status.stale and "new-briefing.md" in status.changed
    answer = assistant.ask("What is Inclusive Cities?")
    assert any("ic-assistant ingest" in w and "new-briefing.md" in w for w in answer.warnings)


def test_missing_index_says_what_to_run(tmp_path, real_index) -> None:  # noqa: ANN001
    settings = real_index.settings.with_overrides(index_dir=tmp_path / "nothing-here")
    with pytest.raises(IndexMissingError, match="ic-assistant ingest"):
        build_assistant(settings)


def test_explain_shows_features_times_weights(assistant: Assistant) -> None:
    from ic_assistant.features import UNIT_FEATURES
    from ic_assistant.scorer import REFUSAL_FEATURES

    answer = assistant.ask("Which Peterborough department hosted the project?", explain=True)
    info = answer.explanation
    assert info["question"]["kind"] == "who" and info["question"]["entities"] == ["Peterborough"]
    top = info["top_units"][0]
    assert set(top["features"]) == set(UNIT_FEATURES)
    intercept = assistant.backend.model.unit.intercept
    assert abs(sum(top["features"].values()) + intercept - top["score"]) < 0.05  # contributions add up
    assert set(info["refusal_features"]) == set(REFUSAL_FEATURES)


def test_a_table_row_citation_carries_its_headers_as_context(assistant: Assistant) -> None:
    answer = assistant.ask("Which Peterborough department hosted the project?")
    row = answer.citations[0]
    assert row.quote.startswith("Peterborough |")
    assert "City Department where Inclusive Cities sits" in row.context and row.context not in row.quote


def test_a_when_question_quotes_the_dated_heading_of_a_timeline_entry(assistant: Assistant) -> None:
    """The phase-one report dates its timeline in headings ("January 2019: Action plans
    finalised"); the sentence under one does not say when. A "when" question quotes the two."""
    answer = assistant.ask("When were the phase one action plans finalised?")
    assert not answer.refused
    assert answer.citations[0].quote.startswith("January 2019: Action plans finalised")
    assert "January 2019" in answer.text
    _assert_verbatim(assistant, answer)


def test_a_when_question_finds_its_verb_in_its_irregular_past(assistant: Assistant) -> None:
    """"When did phase two begin?" is answered by "The second phase ... began in June 2019": the
    terms read "began" as "begin" (a stemmer alone had found no word of the question in it)."""
    answer = assistant.ask("When did phase two begin?")
    assert not answer.refused
    assert "June 2019" in answer.text
    _assert_verbatim(assistant, answer)


def test_a_list_whose_bullets_were_pictures_is_quoted_with_its_lead_in(assistant: Assistant) -> None:
    """Page 1 of the phase-one report lists the ways the project helped the cities under "... in a
    number of ways:", with picture bullets. The items are a list under that lead-in, so the answer
    quotes them, not the lead-in alone."""
    answer = assistant.ask("In what ways did the project help cities develop their thinking in phase one?")
    assert not answer.refused
    assert "Peer learning and support between the participating cities" in answer.text
    assert "project manager" in answer.text
    _assert_verbatim(assistant, answer)


def test_what_are_the_principles_quotes_the_list_not_a_pair_ending_with_its_lead_in(assistant: Assistant) -> None:
    """The framework page says it "sets out five core principles", then lists them under "Five core
    principles in working to build inclusion at the local level". That line is the list's lead-in,
    not the end of a pair with the sentence before, so the answer quotes the principles."""
    answer = assistant.ask("What are the core principles of the Inclusive Cities framework?")
    assert not answer.refused
    assert "Provide local leadership to create change" in answer.text
    assert "Inclusion is a shared responsibility" in answer.text
    _assert_verbatim(assistant, answer)


@pytest.mark.parametrize(
    "written",
    ["How did phase one cities keep in touch with each other over the two years?",  # answered
     "What is the unemployment rate in Bristol?"],  # refused: the documents do not say
)
def test_a_question_typed_as_in_a_chat_box_is_answered_as_written(assistant: Assistant, written: str) -> None:
    """In lower case without the question mark, in capitals, wrapped in a request or in a greeting
    and thanks, after a statement that asks nothing of the documents ("I work for a city council.":
    the kind was read off "I work", and its words pulled the evidence their way), contracted
    ("What's", which the kind's patterns did not read as "What is"), or with
    a typo (respelled to the index's word; "unemployment", which the index lacks, is English and
    stays, so the refusal still counts it). Without the
    question mark the embedding lost the passage that answers the first (the answer model's dev
    questions all end in one); without capitals the city was no name, so nothing anchored the
    second's refusal; in capitals every word was a name."""
    answer = assistant.ask(written)
    typings = (written.lower().rstrip("?"), written.upper(), f"Can you tell me {written[0].lower()}{written[1:]}",
               written.replace("What is", "What\u2019s"), f"Hi! {written} Thanks.",
               f"Hi, I work for a city council and I'm new to this. {written}",
               written.replace("cities", "citeis").replace("unemployment", "unemploymnet"))
    for typed in typings:
        got = assistant.ask(typed)
        assert got.question == typed.strip()  # shown as typed
        assert got.refused == answer.refused, typed
        assert [(c.source, c.page, c.quote) for c in got.citations] == [(c.source, c.page, c.quote)
                                                                         for c in answer.citations], typed


def test_a_city_named_in_a_statement_before_the_question_is_what_the_question_asks_about(
    assistant: Assistant,
) -> None:
    """"I work for Glasgow City Council. Who was the strategic sponsor?" asks what "Who was
    Glasgow's strategic sponsor?" asks: the statement names the city, and the question is read
    with it (as a follow-up is with the question before it)."""
    named = assistant.ask("Who was Glasgow's strategic sponsor?")
    told = assistant.ask("I work for Glasgow City Council. Who was the strategic sponsor?")
    assert not told.refused
    assert "Glasgow" in told.citations[0].quote
    assert [(c.source, c.page, c.quote) for c in told.citations] == [(c.source, c.page, c.quote)
                                                                     for c in named.citations]


def test_a_city_typed_a_letter_off_is_read_as_the_city(assistant: Assistant) -> None:
    """"Who was Glasow's strategic sponsor?" was refused: a capital inside the question marks a name,
    which the respelling left as typed. The programme's city names (corpus/programme.toml) are
    names it respells to."""
    named = assistant.ask("Who was Glasgow's strategic sponsor?")
    for typed in ("Who was Glasow's strategic sponsor?", "Who was Glagsow's strategic sponsor?"):
        got = assistant.ask(typed)
        assert not got.refused, typed
        assert [(c.source, c.page, c.quote) for c in got.citations] == [(c.source, c.page, c.quote)
                                                                        for c in named.citations], typed


def test_a_city_the_documents_never_name_is_refused_not_answered_with_other_cities(assistant: Assistant) -> None:
    """"Who is the mayor of Leicester?" was answered with the mayors' offices of Bristol and other
    programme cities: their table rows cover every word but the city's, which no document names.
    The refusal now sees that name (`unseen_name`); a programme city's mayor is still refused (the
    documents name no mayor) and its sponsor still answered."""
    for question in ("Who is the mayor of Leicester?", "Who leads Leicester City Council?"):
        assert assistant.ask(question).refused, question
    assert not assistant.ask("Who was Glasgow's strategic sponsor?").refused


def test_two_questions_joined_by_and_are_answered_in_turn_without_saying_a_quote_twice(assistant: Assistant) -> None:
    """"Which department hosts it in Cardiff, and what about Liverpool?" is two questions in one
    sentence: each gets its paragraph, the second read as the follow-up it is. A sentence the first
    paragraph quotes is not quoted again in the second."""
    message = "Which council department hosts the project in Cardiff, and what about Liverpool?"
    first, second = "Which council department hosts the project in Cardiff?", "And what about Liverpool?"
    both = assistant.ask(message)
    paragraphs = both.text.split("\n\n")
    assert [p.split("\n")[0] for p in paragraphs] == [first, second]
    assert "Communities" in paragraphs[0] and "Community Safety and Cohesion" in paragraphs[1]
    alone = assistant.ask(second, [first])
    assert {c.quote for c in alone.citations} <= {c.quote for c in both.citations}
    claims = [c.strip() for p in paragraphs for c in re.split(r"(?<=\])\.?\s+", p.split("\n", 1)[1]) if c.strip()]
    assert len(claims) == len(set(claims))
    _assert_verbatim(assistant, both)


def test_a_later_question_of_a_message_naming_nothing_of_its_own_is_read_with_the_first(assistant: Assistant) -> None:
    """The second question of a message is looked up with the first's topic when it names nothing of
    its own, though no pronoun points back; one naming a place of its own is looked up alone."""
    first = "Which council department hosts the project in Cardiff?"
    for later, lent in (("What was the main result of the work?", True),
                        ("What is the unemployment rate in Bristol?", False)):
        both = assistant.ask(f"{first} {later}", explain=True)
        standalone = both.explanation["questions"][1]["standalone_question"]
        assert standalone == (f"{first} {later}" if lent else later), standalone


def test_a_later_question_of_a_message_quotes_what_the_earlier_answers_did_not(assistant: Assistant) -> None:
    """"Is the council a statutory first responder? Which other bodies are?": the second question's
    best units were the ones the first answer quoted, they took its room, and the combined answer
    said "See the answer above" where the list of the other bodies belonged. Units an earlier answer
    of the message quoted (`said`) are left to it; the next ones are quoted instead."""
    question = "Which cities took part in the first phase?"
    retrieval = assistant.retriever.retrieve(question)
    alone = assistant.backend.generate(question, retrieval.passages, query_vector=retrieval.query_vector)
    first = assistant.ask(question)
    again = assistant.backend.generate(question, retrieval.passages, query_vector=retrieval.query_vector,
                                       said=first.citations)
    assert alone.claims and again.claims
    spans = [(retrieval.passages[n - 1].chunk, alone.proposed[(i, n)]) for i, (_, refs) in enumerate(alone.claims)
             for n in refs]
    quoted = {(c.source, c.page, c.start + s, c.start + e) for c, (s, e) in spans}
    for i, (_, refs) in enumerate(again.claims):
        for n in refs:
            chunk, (s, e) = retrieval.passages[n - 1].chunk, again.proposed[(i, n)]
            assert not any(src == chunk.source and page == chunk.page and a < chunk.start + e and chunk.start + s < b
                           for src, page, a, b in quoted), "quoted again"


def test_a_message_of_two_questions_answers_each_the_second_read_after_the_first(assistant: Assistant) -> None:
    """Sent as one message, two questions were read as one: the first kept fewer of its facts and
    the second mostly lost its own. Each is now answered as if asked in turn (the second with the
    first as the question before it), a paragraph each, the citations numbered across the answer."""
    first, second = "Which council department hosts the project in Cardiff?", "And in Liverpool?"
    alone = [assistant.ask(first), assistant.ask(second, [first]), assistant.ask("What is the unemployment rate in Bristol?")]
    both = assistant.ask(f"{first} {second}")
    assert both.question == f"{first} {second}" and not both.refused
    paragraphs = both.text.split("\n\n")
    assert [p.split("\n")[0] for p in paragraphs] == [first, second]
    assert "Communities" in paragraphs[0] and "Community Safety and Cohesion" in paragraphs[1]
    quotes = {c.quote for a in alone[:2] for c in a.citations}
    assert {c.quote for c in both.citations} == quotes
    assert [c.n for c in both.citations] == list(range(1, len(quotes) + 1))
    _assert_verbatim(assistant, both)
    mixed = assistant.ask(f"{first} What is the unemployment rate in Bristol?")
    assert alone[2].refused and not mixed.refused
    assert mixed.text.split("\n\n")[1] == f"What is the unemployment rate in Bristol?\n{REFUSAL}"
    assert [c.quote for c in mixed.citations] == [c.quote for c in alone[0].citations]
