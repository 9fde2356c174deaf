"""`type_match`: one feature for "holds the kind of thing asked for", whatever the kind."""

from __future__ import annotations

import numpy as np

from ic_assistant.features import UNIT_FEATURES, unit_features
from ic_assistant.lexical import stem_terms
from ic_assistant.programme import Entity, Programme
from ic_assistant.question import analyse
from ic_assistant.types import Chunk, Passage
from ic_assistant.units import COLUMN, LIST, SENTENCE, TABLE_ROW, Unit

SEP = "\n\n"
THREE = f"The areas are:{SEP}- housing{SEP}- jobs{SEP}- schools"
FOUR = f"The steps are:{SEP}- plan{SEP}- ask{SEP}- act{SEP}- review"
UNITS = [
    Unit(1, 0, 44, SENTENCE, "The framework sets out three areas of action."),
    Unit(1, 50, 50 + len(THREE), LIST, THREE),
    Unit(1, 200, 200 + len(FOUR), LIST, FOUR),
    Unit(1, 300, 365, SENTENCE, "Northtown Welcome is a partnership of the council and its charities."),
    Unit(1, 400, 449, SENTENCE, "Northtown Welcome was founded in 2019 by the council."),
]


def _type_match(question: str, units: list[Unit] = UNITS, programme: Programme | None = None) -> list[float]:
    return _feature("type_match", question, units, programme)


def _feature(name: str, question: str, units: list[Unit], programme: Programme | None = None) -> list[float]:
    programme = programme or Programme()
    text = " ".join(u.text for u in units)
    chunk = Chunk(id="c", doc_id="d", source="s.md", title="T", doc_type="web page", year=None, page=None,
                  section="", start=0, end=len(text), text=text)
    vectors = np.eye(len(units), 8)
    X = unit_features(analyse(question, programme), units, [Passage(chunk, 1.0, dense_score=0.5, bm25_score=1.0)],
                      vectors, np.ones(8) / np.sqrt(8), lambda term: 1.0, programme)
    return list(X[:, UNIT_FEATURES.index(name)])


def test_a_counted_question_matches_the_list_of_that_many_items_only() -> None:
    assert _type_match("What are the three areas of action?") == [0, 1, 0, 0, 0]
    assert _type_match("What are the four steps?") == [0, 0, 1, 0, 0]


def test_a_definition_question_matches_the_sentence_that_says_what_it_is() -> None:
    assert _type_match("What is Northtown Welcome?") == [0, 0, 0, 1, 0]


def test_a_when_question_matches_a_date_and_an_untyped_question_nothing() -> None:
    assert _type_match("When was Northtown Welcome founded?") == [0, 0, 0, 0, 1]
    assert _type_match("Tell me about the framework") == [0, 0, 0, 0, 0]


def test_a_definition_of_letters_matches_the_words_they_stand_for() -> None:
    """ "What is a CRN?" is answered by "a crime reference number (CRN)": the words before the
    letters in brackets say what they are. A sentence that only uses the letters does not."""
    units = [Unit(1, 0, 60, SENTENCE, "The police should issue you a crime reference number (CRN)."),
             Unit(1, 70, 120, SENTENCE, "Quote your CRN when you call the police.")]
    assert _type_match("What is a CRN?", units) == [1, 0]
    assert _type_match("What does CRN stand for?", units) == [1, 0]


def test_a_where_question_matches_a_place_named_after_the() -> None:
    """ "in the US", "to the Netherlands": a place named with its article is one too (a probe's "Where
    else does it work?" had found no place in "works with projects in the US, Australia and Germany")."""
    units = [Unit(1, 0, 60, SENTENCE, "It also works with similar projects in the US, Australia and Germany."),
             Unit(1, 70, 120, SENTENCE, "It also works with similar projects elsewhere.")]
    assert _type_match("Where else does the network work?", units) == [1, 0]


def test_a_which_cities_question_matches_units_naming_cities_the_programme_file_lists() -> None:
    """The programme file's entity kinds are types a question can ask for: "Which cities ...?" wants
    units naming several of its cities, "Which city ...?" one; "What did the cities ...?" no city."""
    towns = Programme(entities=(Entity("Northtown", "city"), Entity("Eastbay", "city"), Entity("Westford", "city")))
    units = [Unit(1, 0, 40, SENTENCE, "The first towns were Northtown and Eastbay."),
             Unit(1, 50, 90, SENTENCE, "The meeting took place in Westford."),
             Unit(1, 100, 140, SENTENCE, "The towns met three times over two years.")]
    assert _type_match("Which cities took part in the first stage?", units, towns) == [1, 0, 0]
    assert _type_match("Which city hosted the meeting?", units, towns) == [1, 1, 0]
    assert _type_match("What did the cities bring home?", units, towns) == [0, 0, 0]
    assert _type_match("Which cities took part in the first stage?", units) == [0, 0, 0]  # no programme file
    # The file's other nouns for the kind ask for it too: "Which councils ...?" wants cities.
    kinds = Programme(entities=towns.entities, kinds=(("city", ("council", "local authority")),))
    assert _type_match("Which councils took part in the first stage?", units, kinds) == [1, 0, 0]
    assert _type_match("Which local authorities took part?", units, kinds) == [1, 0, 0]
    assert _type_match("Which councils took part in the first stage?", units, towns) == [0, 0, 0]


def test_an_items_number_is_no_count_and_figures_keep_theirs() -> None:
    """A numbered list keeps its numbers in its text (the file's words), but "2." opening an item
    is no number a "How many ...?" question asks for; "2.5 million" and "e.g. ..." stay as written."""
    from ic_assistant.text import without_item_numbers

    steps = f"The steps are:{SEP}1. Plan the work{SEP}2. Ask the council"
    counted = f"The steps are:{SEP}1. Plan 12 workshops{SEP}2. Ask the council"
    units = [Unit(1, 0, len(steps), LIST, steps), Unit(1, 100, 100 + len(counted), LIST, counted)]
    assert _type_match("How many workshops are planned?", units) == [0, 1]
    assert without_item_numbers(steps) == f"The steps are:{SEP}Plan the work{SEP}Ask the council"
    assert without_item_numbers("2.5 million people moved.\ne.g. housing\na) Plan") == (
        "2.5 million people moved.\ne.g. housing\nPlan")


def test_a_lists_cover_is_its_lead_in_with_its_best_item_not_its_items_together() -> None:
    """Items are separate statements: a list of challenges whose items hold "action plan" and "did
    not always work well" apart does not say what worked well in the action planning, and covers
    less of that question than one item that holds it all."""
    challenges = f"Challenges:{SEP}Gaps in our action plan.{SEP}Taskforces did not always work well together."
    praised = f"Strengths:{SEP}The action plan worked well for the taskforce.{SEP}Meetings were well paced."
    units = [Unit(1, 0, len(challenges), LIST, challenges), Unit(1, 100, 100 + len(praised), LIST, praised),
             Unit(1, 200, 247, SENTENCE, "Taskforces did not always work well together.")]
    cover = _feature("cover", "What worked well in the action planning?", units)
    assert cover[1] == 1.0
    assert cover[0] == cover[2] < cover[1]  # the challenges list: its best item, no more
    led = f"The action plan worked well:{SEP}meetings{SEP}templates"
    assert _feature("cover", "What worked well in the action planning?", [Unit(1, 0, len(led), LIST, led)]) == [1.0]


def test_a_followup_asking_its_own_question_counts_its_own_words_above_those_it_borrows() -> None:
    """"And how is the content in them grouped?" after a question about who decided the briefings'
    focus: the earlier question's words stay (they say what "them" is) but count half, so a unit
    saying how the content is grouped outranks one repeating the earlier question's answer (a
    probe's second part had been answered with its first part's sentence)."""
    history = ["Who decided what the briefings would focus on?"]
    question = analyse("And how is the content in them grouped?", Programme(), history)
    assert question.borrowed == frozenset(stem_terms("decided focus briefings"))
    assert not analyse("And in Southport?", Programme(), ["Which department hosts the work in Northtown?"]).borrowed
    units = [Unit(1, 0, 60, SENTENCE, "The cities decided the focus of the briefings."),
             Unit(1, 100, 140, SENTENCE, "The content is grouped by theme.")]
    text = " ".join(u.text for u in units)
    chunk = Chunk(id="c", doc_id="d", source="s.md", title="T", doc_type="web page", year=None, page=None,
                  section="", start=0, end=len(text), text=text)
    X = unit_features(question, units, [Passage(chunk, 1.0, dense_score=0.5, bm25_score=1.0)],
                      np.eye(2, 8), np.ones(8) / np.sqrt(8), lambda term: 1.0, Programme())
    earlier, own = X[:, UNIT_FEATURES.index("cover")]
    assert own > earlier > 0


def test_polarity_reads_both_ways_and_work_is_no_praise() -> None:
    """One feature for each direction of negation, so the many questions that do not ask what went
    wrong set the weight that the few that do use: a weakness is a miss for "What worked well?", and
    a strength one for "What did not work?". A heading that names "the work" says neither."""
    units = [Unit(1, 0, 40, SENTENCE, "Taskforces did not always work together.", context="Weaknesses"),
             Unit(1, 50, 90, SENTENCE, "The plans provided a clear structure.", context="Strengths"),
             Unit(1, 100, 140, SENTENCE, "The plans provided a clear structure.", context="What the work made")]
    worked, not_worked = "What worked well in the plans?", "What did not work well in the plans?"
    assert _feature("polarity_miss", worked, units) == [1.0, 0.0, 0.0]
    assert _feature("polarity_miss", not_worked, units) == [0.0, 1.0, 1.0]
    assert _feature("section_polarity_miss", worked, units) == [1.0, 0.0, 0.0]
    assert _feature("section_polarity_miss", not_worked, units) == [0.0, 1.0, 0.0]


def test_a_yes_or_no_question_is_answered_by_a_no_as_well_as_a_yes() -> None:
    """"Can I earn credit hours on a compressed schedule?" is answered by "No - not available with
    this schedule": for a question answered yes or no, negative wording is no mismatch. A
    question that asks what did not work still finds a unit without it one."""
    units = [Unit(1, 0, 50, SENTENCE, "Credit hours: No - not available with this schedule."),
             Unit(1, 60, 110, SENTENCE, "Credit hours: Yes, on a flexible schedule.")]
    assert _feature("polarity_miss", "Can I earn credit hours on a compressed schedule?", units) == [0.0, 0.0]
    assert _feature("polarity_miss", "Which schedules give credit hours?", units) == [1.0, 0.0]
    assert _feature("polarity_miss", "Did the compressed schedule not give credit hours?", units) == [0.0, 1.0]


def test_where_is_answered_by_a_named_place_or_where_a_text_is_found() -> None:
    """"Where can I find the action plans?" is answered by "published on the council's website" as
    "Where did they meet?" is by "in Northtown"; "in the city" names no place."""
    texts = ["The plans were published on the council's website.", "The towns met in Northtown.",
             "The plans are read in the city.", "Read more at www.example.org/plans."]
    units = [Unit(1, 100 * i, 100 * i + len(t), SENTENCE, t) for i, t in enumerate(texts)]
    assert _type_match("Where can I find the action plans?", units) == [1, 1, 0, 1]


def test_a_column_of_row_labels_gives_no_rows_figure() -> None:
    """A table's first column ("Notice Date: 03/07/2016; 02/17/2016") quotes labels: its numbers are
    no row's figure, so for "how many" it misses the asked kind, where the row that gives one holds it."""
    units = [Unit(1, 0, 34, COLUMN, "Notice Date: 03/07/2016; 02/17/2016"),
             Unit(1, 40, 64, TABLE_ROW, "03/07/2016 | Boeing | 23", "Notice Date | Company | Employees")]
    assert _type_match("How many employees did the Boeing notice affect?", units) == [0, 1]
    assert _feature("type_miss", "How many employees did the Boeing notice affect?", units) == [1, 0]


def test_a_how_question_matches_a_means_or_an_instruction() -> None:
    """Guidance answers "How do I apply ...?" in the imperative ("Ask your child's school for an
    application."), which had been a type miss beside any list of programmes."""
    units = [Unit(1, 0, 52, SENTENCE, "Ask your child's school for a meal program application."),
             Unit(1, 60, 110, SENTENCE, "Families apply through the school district's office."),
             Unit(1, 120, 170, SENTENCE, "Free meals are served at breakfast and at lunch.")]
    assert _type_match("How do I apply for free school meals?", units) == [1, 1, 0]


def test_whom_something_is_for_is_a_kind_of_people_and_needs_no_name() -> None:
    """"Who does the programme focus on?" is answered by "newcomers and host communities", which
    names no one: read as "who does it", every unit without a name missed the asked kind, and the
    sentence saying whom it focuses on lost to one naming its funder. Who does something is still a
    name ("Who funds the programme?")."""
    texts = ["The programme focuses on newcomers and host communities.",
             "The programme is funded by the Harbour Trust."]
    units = [Unit(1, 100 * i, 100 * i + len(t), SENTENCE, t) for i, t in enumerate(texts)]
    for served in ("Who does the programme focus on?", "Which groups of people does the programme work with?"):
        assert _feature("type_miss", served, units) == [0, 0] and _type_match(served, units) == [0, 0]
    assert _type_match("Who funds the programme?", units) == [0, 1]
    assert _type_match("Who does the admin for the programme?", units) == [0, 1]


def test_an_irregular_past_is_read_as_its_verb_but_not_a_noun_or_an_auxiliary() -> None:
    """Terms (BM25's and the features') read "began", "met", "led", "held" as their verbs; a form
    that is also a noun or adjective ("found", "left", "ground") and the auxiliaries' ("were",
    "had", "did") stay as written."""
    assert stem_terms("began met led held spent paid") == stem_terms("begin meet lead hold spend pay")
    for word, verb in (("found", "find"), ("left", "leave"), ("ground", "grind"), ("were", "be"), ("had", "have"),
                       ("did", "do")):
        assert stem_terms(word, stopwords=None) != stem_terms(verb, stopwords=None)
