"""Evidence units from a chunk: sentences, list items with their lead-in, table rows; never headings."""

from __future__ import annotations

import re

import numpy as np

from ic_assistant.compose import compose
from ic_assistant.extractive import claim_text
from ic_assistant.types import Chunk, Passage, Span
from ic_assistant.units import (
    COLUMN, LIST, LIST_ITEM, PAIR, SENTENCE, TABLE_ROW, Unit, headings_at, unit_spans, units_of,
)
from ic_assistant.verify import verify


SEP = "\n\n"


def _chunk(text: str, spans: tuple[Span, ...] = (), section: str = "") -> Chunk:
    return Chunk(id="c", doc_id="d", source="s.md", title="T", doc_type="web page", year=None, page=None,
                 section=section, start=0, end=len(text), text=text, spans=spans)


def _structured(
    parts: list[str], kinds: list[str], contexts: dict[str, str] | None = None
) -> tuple[str, tuple[Span, ...]]:
    """`parts` joined by SEP, with a span of its kind for each; `contexts` gives a kind's context."""
    contexts = contexts or {}
    spans, pos = [], 0
    for part, kind in zip(parts, kinds):
        spans.append(Span(kind, pos, pos + len(part), contexts.get(kind, "")))
        pos += len(part) + len(SEP)
    return SEP.join(parts), tuple(spans)


def test_structured_chunk_gives_rows_items_and_the_whole_list() -> None:
    parts = ["Where it sits", "The plan has three aims. It has these parts:", "Housing", "Jobs",
             "Northtown | Housing and Youth | Cabinet Member"]
    kinds = ["heading", "paragraph", "list_item", "list_item", "table_row"]
    text, spans = _structured(parts, kinds,
                              {"table_row": "City | Department | Sponsor", "list_item": "It has these parts:"})
    units = unit_spans(_chunk(text, spans))
    got = [(u.kind, text[u.start : u.end]) for u in units]
    assert ("sentence", "The plan has three aims.") in got
    assert (LIST, "It has these parts:\n\nHousing\n\nJobs") in got
    assert (LIST_ITEM, "Housing") in got and (LIST_ITEM, "Jobs") in got
    assert (TABLE_ROW, "Northtown | Housing and Youth | Cabinet Member") in got
    assert not any(t == "Where it sits" for _, t in got)  # a heading is context, not a unit
    row = next(u for u in units if u.kind == TABLE_ROW)
    assert row.context == "City | Department | Sponsor"


def test_a_glossary_row_is_a_unit_only_for_a_question_that_names_its_letters_or_asks_a_definition() -> None:
    """"TRE | Trusted Research Environment" says what the letters stand for: a question on what
    trusted research environments do shares its words and had been answered with it."""
    parts = ["TRE | Trusted Research Environment", "R&D | Research and Development", "Northtown | Housing",
             "Data was kept on a password protected secure server."]
    kinds = ["table_row", "table_row", "table_row", "paragraph"]
    text, spans = _structured(parts, kinds, {"table_row": "Abbreviation | Meaning"})
    passages = [Passage(_chunk(text, spans), 1.0)]

    def rows(asked: frozenset[str] | None) -> list[str]:
        return [u.text for u in units_of(passages, asked=asked) if u.kind == TABLE_ROW]

    everything = ["TRE | Trusted Research Environment", "R&D | Research and Development", "Northtown | Housing"]
    assert rows(None) == everything  # a definition, or no question
    assert rows(frozenset("What security do the trusted research environments use ?".split())) == [
        "Northtown | Housing"]
    assert rows(frozenset("What does TRE stand for ?".split())) == [
        "TRE | Trusted Research Environment", "Northtown | Housing"]


def test_a_list_under_a_lead_in_without_a_colon_is_also_a_whole_list_unit() -> None:
    parts = ["Some context first.", "The cities took ideas home", "Borrowed tangible initiatives.",
             "Bolder funding bids.", "A later paragraph."]
    kinds = ["paragraph", "paragraph", "list_item", "list_item", "paragraph"]
    text, spans = _structured(parts, kinds, {"list_item": "The cities took ideas home"})
    units = unit_spans(_chunk(text, spans))
    lists = [text[u.start : u.end] for u in units if u.kind == LIST]
    assert lists == ["The cities took ideas home\n\nBorrowed tangible initiatives.\n\nBolder funding bids."]
    assert [u.kind for u in units].index(LIST) < [u.kind for u in units].index(LIST_ITEM)  # the list first
    assert claim_text(Unit(1, 0, 1, LIST, lists[0])) == (
        "The cities took ideas home: Borrowed tangible initiatives; Bolder funding bids."
    )
    # Items that close with ";" (a licence's "does not cover: personal data; the Royal Arms;") read once so.
    assert claim_text(Unit(1, 0, 1, LIST, "It does not cover:\n\npersonal data;\n\nthe Royal Arms.")) == (
        "It does not cover: personal data; the Royal Arms."
    )
    # An item that leads in to the items after it is followed by them: not "persecution due to:; Race".
    grounds = "Refugees:\n\nhave fled war.\n\nfear persecution due to:\n\nRace\n\nReligion"
    assert claim_text(Unit(1, 0, 1, LIST, grounds)) == (
        "Refugees: have fled war; fear persecution due to: Race; Religion."
    )



def test_a_numbered_list_reads_as_one_cited_sentence_and_is_quoted_with_its_numbers() -> None:
    """The answer reads a numbered list without its numbers, one sentence with one citation, not
    "... are: [1] 1. Review ...; [1] 2. Fill ..."; the citation quotes it as the source has it."""
    parts = ["The primary steps are:", "1. Review the toolkit.", "2. Fill out the form.", "3) Review it with staff."]
    text, spans = _structured(parts, ["paragraph", "list_item", "list_item", "list_item"],
                              {"list_item": "The primary steps are:"})
    chunk = _chunk(text, spans)
    [whole] = [u for u in units_of([Passage(chunk, 1.0)]) if u.kind == LIST]
    claim = claim_text(whole)
    assert claim == "The primary steps are: Review the toolkit; Fill out the form; Review it with staff."
    checked = verify([(claim, [1])], [Passage(chunk, 1.0)], {(0, 1): (whole.start, whole.end)})
    assert checked.text == f"{claim[:-1]} [1]."
    assert checked.citations[0].quote == text


def test_unstructured_chunk_reads_blocks_and_strips_bullets() -> None:
    text = "Councils said the following:\n\n- The plans gave structure.\n\n- The visits inspired staff.\n\nA new paragraph."
    units = unit_spans(_chunk(text))
    got = [(u.kind, text[u.start : u.end]) for u in units]
    assert (LIST_ITEM, "The plans gave structure.") in got
    assert got[-1] == (SENTENCE, "A new paragraph.")
    assert any(k == LIST and t.startswith("Councils said") and t.endswith("inspired staff.") for k, t in got)


def test_units_of_skips_headings_and_repeats() -> None:
    text = "Same sentence here.\n\nSame sentence here.\n\nFunding"
    passages = [Passage(_chunk(text, section="Funding"), 1.0)]
    assert [u.text for u in units_of(passages)] == ["Same sentence here."]


def test_a_sentence_quoted_from_a_passage_before_still_ends_a_pair_with_what_it_refers_to() -> None:
    """Chunks overlap: the passage ranked first opens with "This allowed ...", cut from what "this"
    is; its own passage, ranked after, had skipped the sentence as said already, and with it the
    pair that says why."""
    said = "This allowed the other cities to learn from its work."
    first = _chunk(said)
    second = _chunk(f"Northtown became an associate member of the project. {said}")
    got = [(u.passage, u.kind, u.text) for u in units_of([Passage(first, 1.0), Passage(second, 0.9)])]
    assert (2, PAIR, second.text) in got
    assert sum(text == said for _, _, text in got) == 1  # quoted alone once


def test_compose_starts_from_the_best_and_stays_within_the_budget() -> None:
    units = [Unit(1, 0, 60, SENTENCE, "a" * 60), Unit(1, 70, 470, SENTENCE, "b" * 400), Unit(2, 0, 60, SENTENCE, "c" * 60)]
    vectors = np.eye(3, dtype=np.float32)
    chosen = compose(units, np.array([0.9, 0.8, 0.7]), vectors, budget=450, max_units=4, add_min_prob=0.5)
    assert [u.text[0] for u in chosen] == ["a", "c"]  # "b" would break the budget
    chosen = compose(units, np.array([0.9, 0.8, 0.4]), vectors, budget=1000, max_units=4, add_min_prob=0.5)
    assert [u.text[0] for u in chosen] == ["a", "b"]  # "c" is not likely enough


def test_a_further_unit_must_also_score_a_share_of_the_best_units_probability() -> None:
    """`add_min_share`: after a best unit at P 0.9, a unit at P 0.15 stays out though it clears the
    absolute floor; after a weak best unit (P 0.3) the same unit joins."""
    units = [Unit(1, 0, 60, SENTENCE, "a" * 60), Unit(2, 0, 60, SENTENCE, "b" * 60), Unit(3, 0, 60, SENTENCE, "c" * 60)]
    vectors = np.eye(3, dtype=np.float32)
    kw = {"budget": 450, "max_units": 4, "add_min_prob": 0.05, "add_min_share": 0.2}
    assert [u.text[0] for u in compose(units, np.array([0.9, 0.3, 0.15]), vectors, **kw)] == ["a", "b"]
    assert [u.text[0] for u in compose(units, np.array([0.3, 0.2, 0.15]), vectors, **kw)] == ["a", "b", "c"]
    assert len(compose(units, np.array([0.9, 0.3, 0.15]), vectors, **{**kw, "add_min_share": 0.0})) == 3


def test_a_unit_nearly_as_likely_as_the_best_may_take_the_answer_past_the_budget() -> None:
    """`overflow_share`: after the budget is spent, a unit at least that share of the best's P joins
    if the answer stays within `overflow_budget`; a weaker one, or one that would pass that, does not.
    Without it the budget holds, and what the answer held within the budget it still holds."""
    units = [Unit(1, 0, 300, SENTENCE, "a" * 300), Unit(2, 0, 300, SENTENCE, "b" * 300),
             Unit(3, 0, 100, SENTENCE, "c" * 100), Unit(4, 0, 600, SENTENCE, "d" * 600)]
    vectors = np.eye(4, dtype=np.float32)
    kw = {"budget": 450, "max_units": 4, "add_min_prob": 0.05}
    within = compose(units, np.array([0.8, 0.6, 0.3, 0.7]), vectors, **kw)
    assert [u.text[0] for u in within] == ["a", "c"]  # "d" and "b" break the budget
    past = compose(units, np.array([0.8, 0.6, 0.3, 0.7]), vectors, **kw, overflow_share=0.7, overflow_budget=800)
    assert [u.text[0] for u in past] == ["a", "c", "b"]  # b: P 0.6 >= 0.7 x 0.8; "d" would pass 800
    assert sum(len(u.text) for u in past) <= 800
    weaker = compose(units, np.array([0.8, 0.5, 0.3, 0.7]), vectors, **kw, overflow_share=0.7, overflow_budget=800)
    assert [u.text[0] for u in weaker] == ["a", "c"]  # b: P 0.5 < 0.56


def test_compose_leads_with_the_best_unit_even_below_others_of_its_passage() -> None:
    """Rows of one table: the asked city's row comes first, the others after it in written order."""
    rows = ["Northtown | Housing | Deputy Leader", "Southport | Communities | Cabinet Member", "Westby | Economy | Leader"]
    units = [Unit(1, n * 40, n * 40 + len(r), TABLE_ROW, r) for n, r in enumerate(rows)]
    units.append(Unit(2, 0, 30, SENTENCE, "Each city nominated a sponsor."))
    probs = np.array([0.3, 0.2, 0.9, 0.25])
    chosen = compose(units, probs, np.eye(4, dtype=np.float32), budget=450, max_units=4, add_min_prob=0.1)
    assert [u.text[:5] for u in chosen] == ["Westb", "North", "South", "Each "]


def test_compose_a_counted_list_question_gets_the_items() -> None:
    units = [Unit(1, i * 10, i * 10 + 5, LIST_ITEM, f"item{i}", "The areas are:") for i in range(5)]
    probs = np.array([0.9, 0.1, 0.1, 0.1, 0.1])
    chosen = compose(units, probs, np.eye(5, dtype=np.float32), budget=450, max_units=2, add_min_prob=0.5, count=5)
    assert [u.text for u in chosen] == [f"item{i}" for i in range(5)]
    # The items stay in the list's order when the best of them is not its first.
    chosen = compose(units, probs[::-1].copy(), np.eye(5, dtype=np.float32), budget=450, max_units=2,
                     add_min_prob=0.5, count=5)
    assert [u.text for u in chosen] == [f"item{i}" for i in range(5)]


def test_compose_a_list_of_the_counted_size_among_the_best_units_leads() -> None:
    """"What are the three ...?" is answered by a list of three items when one is among the five
    best units and scores what any added unit must (`add_min_prob`): the sentence announcing it
    does not come first."""
    sep = "\n\n"
    three = f"The areas are:{sep}- one{sep}- two{sep}- three"
    units = [
        Unit(1, 0, 40, SENTENCE, "The framework sets out three areas of action."),
        Unit(2, 0, 30, SENTENCE, "It was launched in 2019."),
        Unit(3, 0, len(three), LIST, three),
        Unit(4, 0, 30, SENTENCE, "Cities met three times."),
    ]
    probs = np.array([0.9, 0.5, 0.3, 0.2])
    chosen = compose(units, probs, np.eye(4, dtype=np.float32), budget=450, max_units=1, add_min_prob=0.25, count=3)
    assert [u.text for u in chosen] == [three]
    # Not a list that scores below what an added unit must: it is as likely a list of something else.
    assert compose(units, probs, np.eye(4, dtype=np.float32), budget=450, max_units=1, add_min_prob=0.5,
                   count=3)[0].passage == 1
    # Not a list of another size, and not without a count.
    assert compose(units, probs, np.eye(4, dtype=np.float32), budget=450, max_units=1, add_min_prob=0.5,
                   count=4)[0].passage == 1
    assert compose(units, probs, np.eye(4, dtype=np.float32), budget=450, max_units=1, add_min_prob=0.5)[0].passage == 1
    # Nor one ranked below the five best units.
    far = [Unit(10 + i, 0, 10, SENTENCE, f"other {i}.") for i in range(5)] + [units[2]]
    chosen = compose(far, np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), np.eye(6, dtype=np.float32), budget=450,
                     max_units=1, add_min_prob=0.5, count=3)
    assert chosen[0].passage == 10


def _table_chunk(rows: list[str], header: str = "Method | What it is") -> tuple[Chunk, str]:
    parts = ["Ways to publish sensitive data responsibly.", *rows]
    text, spans = _structured(parts, ["paragraph"] + ["table_row"] * len(rows), {"table_row": header})
    return _chunk(text, spans), text


def test_a_short_table_row_is_a_unit_under_its_headers() -> None:
    """"Trial | Team | 50" is shorter than a quotable sentence, yet under "Service status | Sends to |
    Daily limit" it says the whole answer to "How many messages can a trial service send a day?":
    dropped as too short, the longer "Live" row had answered instead. A short sentence is still no
    unit, nor a row of one filled cell."""
    from ic_assistant.text import is_quotable

    rows = ["Trial | Team | 50", "Live | Anyone | Unlimited, within your plan", "Paused | \u2013"]
    chunk, _ = _table_chunk(rows, header="Service status | Sends to | Daily limit")
    text = chunk.text + SEP + "Ask us."
    chunk = _chunk(text, (*chunk.spans, Span("paragraph", len(chunk.text) + len(SEP), len(text))))
    units = units_of([Passage(chunk, 1.0)], keep=is_quotable)
    rows_found = [u.text for u in units if u.kind == TABLE_ROW]
    assert rows_found == rows[:2]
    assert "Ask us." not in [u.text for u in units]


def test_a_first_column_of_short_labels_is_one_unit_that_quotes_its_rows() -> None:
    rows = ["Column Removal | Remove the columns that hold private data.",
            "Banding | Group the values, so age becomes an age group.",
            "Aggregation | Publish counts instead of records."]
    chunk, text = _table_chunk(rows)
    units = units_of([Passage(chunk, 1.0)])
    column = [u for u in units if u.kind == COLUMN]
    assert len(column) == 1
    assert claim_text(column[0]) == "Method: Column Removal; Banding; Aggregation."
    assert column[0].items == 3  # a "What are the three methods?" question counts it
    # Its quote is the rows themselves, verbatim, and the verifier accepts the claim from them.
    assert text[column[0].start : column[0].end] == "\n\n".join(rows)
    checked = verify([(claim_text(column[0]), [1])], [Passage(chunk, 1.0)], {(0, 1): (column[0].start, column[0].end)})
    assert checked.citations[0].quote == "\n\n".join(rows)
    # It is made of its rows: its direction is theirs.
    assert [units[i].kind for i in column[0].parts] == [TABLE_ROW] * 3


def test_a_first_column_names_each_group_once_though_every_row_of_the_group_says_it() -> None:
    rows = ["North | Northtown | 120", "North | Westford | 80", "South | Eastbay | 60"]
    chunk, text = _table_chunk(rows, header="Region | Council | Families")
    column = [u for u in units_of([Passage(chunk, 1.0)]) if u.kind == COLUMN]
    assert [claim_text(u) for u in column] == ["Region: North; South."]
    checked = verify([(claim_text(column[0]), [1])], [Passage(chunk, 1.0)], {(0, 1): (column[0].start, column[0].end)})
    assert checked.citations[0].quote == "\n\n".join(rows)


def test_a_question_naming_one_row_gets_no_column_of_the_tables_labels() -> None:
    """"Who is the champion for Dover District Council?" asks about the "Dover DC" row: the column
    "Area: Dartford BC; Dover DC; Thanet DC" had led a probe's answer before the row. Named by a
    capitalised word no other label has, in any chunk of the table; "Which areas ...?" still gets it."""
    rows = ["Dartford BC | Cllr Peter Whapshott", "Dover DC | Cllr Gordon Cowan", "Thanet DC | Cllr Helen Whitehead",
            "Swale BC | Cllr Ann Smith"]
    first, _ = _table_chunk(rows[:2], header="Area | Champion")
    second, _ = _table_chunk(rows[2:], header="Area | Champion")
    passages = [Passage(first, 1.0), Passage(second, 0.9)]

    def columns(question: str) -> list[str]:
        asked = frozenset(re.findall(r"[\w&.]+", question))
        return [claim_text(u) for u in units_of(passages, asked=asked) if u.kind == COLUMN]

    assert columns("Which areas have a champion?") == ["Area: Dartford BC; Dover DC.", "Area: Thanet DC; Swale BC."]
    assert columns("Who is the champion for Thanet District Council?") == []  # Thanet is in the second chunk only
    assert columns("Who is the champion for the BC?") == columns("Which areas have a champion?")  # not a name


def test_a_first_column_of_sentences_or_a_single_row_is_not_a_column_unit() -> None:
    long_cells = ["The council removes every column that holds private data before it publishes | Column removal",
                  "The council groups values so that no single person can be picked out of them | Banding"]
    # Nor is a column of one label over and over: "Jurisdiction: New South Wales" had led answers.
    one_label = ["New South Wales | RAS | 2025 | 76.1", "New South Wales | RAS | 2026 | 78.4"]
    for rows in (long_cells, ["Banding | Group the values."], one_label):
        assert not [u for u in units_of([Passage(_table_chunk(rows)[0], 1.0)]) if u.kind == COLUMN]
    # Nor an abbreviations table's letters ("AHSN: CCG; CHC; R&D"), which had led answers: its rows
    # say what the letters stand for, and stay.
    codes = ["CCG | Clinical Commissioning Group", "CHC | Connected Health Cities", "R&D | Research and development"]
    units = units_of([Passage(_table_chunk(codes, header="AHSN | Academic Health Science Network")[0], 1.0)])
    assert [u.kind for u in units if u.kind in (COLUMN, TABLE_ROW)] == [TABLE_ROW] * 3


def test_a_list_under_a_short_lead_in_is_also_quoted_with_the_sentence_before() -> None:
    """"These include:" says what it lists only with the sentence before it; that sentence alone
    promises what it does not hold. The list with both is a unit of its own, beside the plain one."""
    parts = ["Low uptake has been linked to a range of problems.", "These include:", "missed appointments",
             "late diagnosis"]
    kinds = ["paragraph", "paragraph", "list_item", "list_item"]
    text, spans = _structured(parts, kinds, {"list_item": "These include:"})
    chunk = _chunk(text, spans)
    units = units_of([Passage(chunk, 1.0)])
    lists = [u for u in units if u.kind == LIST]
    assert [text[u.start : u.end] for u in lists] == ["\n\n".join(parts[1:]), text]
    announced = lists[1]
    assert announced.items == 2 and lists[0].items == 2  # the sentence is lead-in, not an item
    assert claim_text(announced) == (
        "Low uptake has been linked to a range of problems. These include: missed appointments; late diagnosis."
    )
    assert [units[i].kind for i in announced.parts] == [SENTENCE, LIST]  # its direction is theirs
    checked = verify([(claim_text(announced), [1])], [Passage(chunk, 1.0)], {(0, 1): (announced.start, announced.end)})
    assert checked.citations[0].quote == text


def test_a_list_whose_lead_in_says_what_it_lists_is_not_quoted_with_the_sentence_before() -> None:
    parts = ["The service opened in May.", "A user with low literacy will generally struggle to:",
             "read health information", "act on it"]
    kinds = ["paragraph", "paragraph", "list_item", "list_item"]
    text, spans = _structured(parts, kinds, {"list_item": parts[1]})
    lists = [u for u in units_of([Passage(_chunk(text, spans), 1.0)]) if u.kind == LIST]
    assert [text[u.start : u.end] for u in lists] == ["\n\n".join(parts[1:])]


def test_a_lists_lead_in_is_not_the_end_of_a_pair() -> None:
    """"... sets out five principles." + "Five principles for local work" would be a pair that
    announces items it leaves out, and that overlaps the list, so the list could not join it."""
    parts = ["The framework was drawn from the cities' work.", "It sets out five principles and five themes.",
             "Five principles for local work", "Lead locally", "Share responsibility"]
    kinds = ["paragraph", "paragraph", "paragraph", "list_item", "list_item"]
    text, spans = _structured(parts, kinds, {"list_item": parts[2]})
    units = units_of([Passage(_chunk(text, spans), 1.0)])
    pairs = [u.text for u in units if u.kind == PAIR]
    assert pairs == [f"{parts[0]}{SEP}{parts[1]}"]
    assert [u.text for u in units if u.kind == LIST] == [SEP.join(parts[2:])]
    # The same for a lead-in ending with ':' in text without structure.
    text = "Cities met twice. The aims were:\n\n- To plan.\n\n- To share."
    units = units_of([Passage(_chunk(text), 1.0)])
    assert not [u for u in units if u.kind == PAIR]
    assert [u.text for u in units if u.kind == LIST][0] == "The aims were:\n\n- To plan.\n\n- To share."


def test_no_pair_spans_a_heading_and_a_label_over_a_heading_is_a_unit_of_its_own() -> None:
    """Two sentences with a heading between them are in two sections: quoted as a pair, the heading
    read as text ("Jacqueline Broadhead, Director: Funding; The project will draw on ..."). A short
    line that a heading follows labels nothing: it is the text of its own section (a name under
    "Principal Investigator"), quoted alone."""
    parts = ["Principal Investigator", "Dana Reyes, Director, Centre for Local Research", "Funding",
             "The project will draw on the framework.", "Aims", "It has two aims.", "It started in 2020."]
    kinds = ["heading", "paragraph", "heading", "paragraph", "heading", "paragraph", "paragraph"]
    text, spans = _structured(parts, kinds)
    units = units_of([Passage(_chunk(text, spans), 1.0)])
    assert [u.text for u in units if u.kind == PAIR] == [f"{parts[5]}{SEP}{parts[6]}"]  # within a section
    assert (SENTENCE, parts[1]) in [(u.kind, u.text) for u in units]
    assert not any("Funding" in u.text or "Aims" in u.text for u in units)


def test_a_dated_label_over_a_lead_in_is_a_unit_and_an_undated_one_is_not() -> None:
    """A short line over a lead-in or a list labels nothing there (a lead-in is quoted with its list,
    never in a pair). One that gives a date says when ("Published 18 October 2024" over "The
    Secretary of State makes the following determination:"): it is a unit, and "When was the
    determination published?" has it to quote. One that gives none is a heading in all but markup."""
    parts = ["Published 18 October 2024", "The Secretary of State makes the following determination:",
             "The grant supports councils.", "Our priorities", "The priorities are these:", "Housing", "Jobs"]
    kinds = ["paragraph", "paragraph", "list_item", "paragraph", "paragraph", "list_item", "list_item"]
    text, spans = _structured(parts, kinds)
    units = [(u.kind, u.text) for u in units_of([Passage(_chunk(text, spans), 1.0)])]
    assert (SENTENCE, "Published 18 October 2024") in units
    assert not any(t == "Our priorities" for _, t in units)


def test_a_unit_reads_under_the_last_heading_before_it_in_its_chunk() -> None:
    """A chunk's `section` is the heading of its first text; text after a later heading in the same
    chunk is under that one, for the features and for the citation."""
    parts = ["Ultimate goal", "To make every service welcoming.", "Intermediate outcomes", "Councils have plans."]
    kinds = ["heading", "paragraph", "heading", "paragraph"]
    text, spans = _structured(parts, kinds)
    chunk = Chunk(id="c", doc_id="d", source="s.md", title="T", doc_type="web page", year=None, page=None,
                  section="Ultimate goal", start=0, end=len(text), text=text, spans=spans,
                  headings=("Project overview", "Ultimate goal"))
    first, second = text.index("To make"), text.index("Councils")
    assert headings_at(chunk, first) == ("Project overview", "Ultimate goal")
    assert headings_at(chunk, second) == ("Project overview", "Intermediate outcomes")
    checked = verify([("Councils have plans.", [1])], [Passage(chunk, 1.0)], {(0, 1): (second, len(text))})
    assert checked.citations[0].section == "Intermediate outcomes"


def test_a_pair_reads_as_two_sentences_and_a_label_pair_as_label_and_text() -> None:
    """A web page's paragraph often lacks its full stop. Quoted with the next one, it ends with a
    stop, not the colon that a label line ("Culture and Recreation") leads in with."""
    for first, second, expected in [
        ("The founding towns of the network (2017-2019) were Northtown, Eastbay, Westford and Southport",
         "Two more towns joined later.",
         "The founding towns of the network (2017-2019) were Northtown, Eastbay, Westford and Southport. Two more "
         "towns joined later."),
        ("Culture and Recreation", "Data on arts, museums and parks.", "Culture and Recreation: Data on arts, museums and parks."),
    ]:
        text = f"{first}{SEP}{second}"
        chunk = _chunk(text, (Span("paragraph", 0, len(first)), Span("paragraph", len(first) + 2, len(text))))
        pairs = [u for u in units_of([Passage(chunk, 1.0)]) if u.kind == "pair"]
        assert [claim_text(u) for u in pairs] == [expected]


def _answer(chunk: Chunk, chosen: list[Unit]) -> str:
    """The answer text the chosen units of one passage make, as the assistant writes it."""
    claims = [(claim_text(u), [1]) for u in chosen]
    checked = verify(claims, [Passage(chunk, 1.0)], {(n, 1): (u.start, u.end) for n, u in enumerate(chosen)})
    assert len(checked.citations) == len(chosen)
    return checked.text


def test_the_budget_bounds_the_answer_as_it_reads_with_a_marker_in_each_sentence() -> None:
    """Each sentence of a quoted unit carries its citation marker: costed by its text and one
    marker, three two-sentence units made a 274-character answer within a budget of 270."""
    paragraphs = ["Northtown opened two advice centres for newcomers. Both stay open late on weekdays.",
                  "Eastbay trained sixty council staff in plain English. The course ran for two years.",
                  "Westford funded language classes in its libraries. Volunteers taught most of them."]
    text = SEP.join(paragraphs)
    chunk = _chunk(text)
    starts = [text.index(p) for p in paragraphs]
    units = [Unit(1, s, s + len(p), PAIR, p) for s, p in zip(starts, paragraphs)]
    chosen = compose(units, np.array([0.9, 0.8, 0.7]), np.eye(3, dtype=np.float32), budget=270, max_units=4,
                     add_min_prob=0.1)
    assert chosen == units[:2]
    assert len(_answer(chunk, units)) == 274  # all three
    assert len(_answer(chunk, chosen)) <= 270
    assert len(compose(units, np.array([0.9, 0.8, 0.7]), np.eye(3, dtype=np.float32), budget=275, max_units=4,
                       add_min_prob=0.1)) == 3


def _after_a_sentence(first: int, body: str, kind: str) -> tuple[str, Chunk, Unit, Unit]:
    """A chunk's text of a sentence `first` characters long and then `body`, a unit of `kind`: the
    text, the chunk, the sentence's unit and the body's."""
    text = f"{'x' * (first - 1)}.{SEP}{body}"
    return text, _chunk(text, ()), Unit(1, 0, first, SENTENCE, text[:first]), Unit(1, first + 2, len(text), kind, body)


def _compose_two(units: list[Unit], budget: int) -> list[Unit]:
    return compose(units, np.array([0.9, 0.8]), np.eye(2, dtype=np.float32), budget=budget, max_units=4,
                   add_min_prob=0.1)


def test_compose_quotes_the_first_items_of_a_list_that_does_not_fit_and_says_more_follow() -> None:
    items = [f"Item {n} is a line of about forty characters." for n in range(8)]
    body = SEP.join(["Moving beyond the council", *items])
    text, chunk, best, whole = _after_a_sentence(200, body, LIST)
    chosen = _compose_two([best, whole], 450)
    part = chosen[1]
    assert 2 <= part.items < 8 and part.omitted == 8 - part.items
    assert text[part.start : part.end] == SEP.join(["Moving beyond the council", *items[: part.items]])
    assert len(_answer(chunk, chosen)) <= 450
    assert claim_text(part).endswith("; …")
    checked = verify([(claim_text(part), [1])], [Passage(chunk, 1.0)], {(0, 1): (part.start, part.end)})
    assert checked.citations[0].quote == text[part.start : part.end]
    # A list of which not even two items fit is left out, as before.
    assert len(_compose_two([best, whole], 300)) == 1


def test_compose_quotes_the_first_cells_of_a_row_that_does_not_fit_and_says_more_follow() -> None:
    """A table row whose long last cells keep it out of the answer is quoted by its first cells that
    fit: they name what the row is about ("Greater Manchester | Stroke diagnosis | ...")."""
    row = " | ".join(["Northtown", "Stroke diagnosis", "Recognition of stroke by paramedics. " * 4,
                      "Linking ambulance data to hospital data. " * 4])
    text, chunk, best, whole = _after_a_sentence(300, row, TABLE_ROW)
    chosen = _compose_two([best, whole], 450)
    part = chosen[1]
    assert text[part.start : part.end] == "Northtown | Stroke diagnosis" and part.omitted == 2
    assert claim_text(part) == "Northtown | Stroke diagnosis; …"
    assert len(_answer(chunk, chosen)) <= 450
    # A row of which not even two cells fit is left out.
    assert _compose_two([best, whole], 330) == [best]


def test_a_when_question_reads_the_sentence_under_a_dated_heading_with_its_date() -> None:
    """Timelines date their entries in headings: "When were the plans finalised?" is answered by
    the heading and the sentence under it together, and only a "when" question gets that pair
    (for any other, the date takes the answer's room)."""
    parts = ["Timeline", "January 2019: Plans finalised", "The plans of the four towns were signed off.",
             "They were published online.", "Next steps", "The towns will meet again."]
    kinds = ["heading", "heading", "paragraph", "paragraph", "heading", "paragraph"]
    text, spans = _structured(parts, kinds)
    passages = [Passage(_chunk(text, spans), 1.0)]
    dated = [u for u in units_of(passages, dated=True) if u.kind == PAIR and u.text.startswith("January 2019")]
    assert [u.text for u in dated] == ["January 2019: Plans finalised\n\nThe plans of the four towns were signed off."]
    assert claim_text(dated[0]).startswith("January 2019: Plans finalised")
    assert not [u for u in units_of(passages) if "January 2019" in u.text]
    # A heading without a date ("Next steps") makes no pair; it stays context.
    assert not [u for u in units_of(passages, dated=True) if u.text.startswith("Next steps")]


def _labelled_list(items: list[str]) -> tuple[Chunk, str]:
    lead = "You may need to consult these people:"
    parts = ["Before you publish, review your plans.", lead, *items]
    text, spans = _structured(parts, ["paragraph", "paragraph"] + ["list_item"] * len(items), {"list_item": lead})
    return _chunk(text, spans), text


_STAKEHOLDERS = [
    "Data Coordinator. At a minimum, work with your Data Coordinator to plan how to publish your data and when.",
    "Program subject matter experts. They can help identify what data fields are most useful or important to users.",
    "Reporting staff. Open data is a great way to help streamline reporting, and they know the summary tables.",
    "Leadership. Depending on the dataset, you may need to tell leadership about the publication before it goes out.",
    "Legal and privacy staff. If there is any question whether your data is sensitive, the City Attorney can help.",
]


def test_a_list_too_long_for_the_answer_is_quoted_by_its_items_labels_when_they_have_them() -> None:
    """A guidance page lists people, each with a line of advice: the whole list runs past the
    answer's room, and its first items in full left out the last two stakeholders. Its items'
    labels name them all, and the citation quotes the whole list."""
    chunk, text = _labelled_list(_STAKEHOLDERS)
    units = units_of([Passage(chunk, 1.0)])
    whole = next(u for u in units if u.kind == LIST)
    assert whole.abridged is not None and whole.abridged.labels
    assert claim_text(whole.abridged) == (
        "You may need to consult these people: Data Coordinator; Program subject matter experts; Reporting staff; "
        "Leadership; Legal and privacy staff."
    )
    probs = np.array([0.9 if u is whole else 0.3 if u.kind == LIST_ITEM else 0.1 for u in units])
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=4, add_min_prob=0.2)
    assert chosen[0] == whole.abridged
    assert len(_answer(chunk, chosen)) <= 450
    # An item's advice is not in the labels: it may follow, after its list.
    assert [u.kind for u in chosen[1:]] == [LIST_ITEM] * (len(chosen) - 1) and len(chosen) > 1
    # The citation quotes the list itself, from its lead-in to the last item, verbatim.
    checked = verify([(claim_text(chosen[0]), [1])], [Passage(chunk, 1.0)], {(0, 1): (chosen[0].start, chosen[0].end)})
    assert checked.citations[0].quote == text[text.index("You may") :]


def test_a_list_cut_after_its_first_item_is_quoted_by_all_its_items_labels() -> None:
    """A report's "The socials serve three main purposes:" over three long items: the list unit stops
    at MAX_LIST_CHARS after the first item, which fits the answer, and quoted so it named one purpose
    of three. Its items' labels name all three within the budget."""
    advice = " They said so at every meeting, in the survey, and again when the plans were reviewed" * 3 + "."
    items = [f"{label}. {label} came first for most of the cities we worked with.{advice}"
             for label in ("Data Coordinator", "Reporting staff", "Legal and privacy staff")]
    chunk, _ = _labelled_list(items)
    units = units_of([Passage(chunk, 1.0)])
    whole = next(u for u in units if u.kind == LIST)
    assert whole.items == 1 and whole.abridged is not None and whole.abridged.end > whole.end
    probs = np.array([0.9 if u is whole else 0.1 for u in units])
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=4, add_min_prob=0.2)
    assert claim_text(chosen[0]) == (
        "You may need to consult these people: Data Coordinator; Reporting staff; Legal and privacy staff.")


def test_a_list_that_fits_or_whose_items_have_no_short_openings_is_quoted_whole() -> None:
    short = ["Data Coordinator. Plan with them.", "Leadership. Tell them first."]
    chunk, _ = _labelled_list(short)
    units = units_of([Passage(chunk, 1.0)])
    whole = next(u for u in units if u.kind == LIST)
    chosen = compose(units, np.array([0.9 if u is whole else 0.1 for u in units]), np.eye(len(units), dtype=np.float32),
                     budget=450, max_units=4, add_min_prob=0.2)
    assert chosen == [whole]  # it fits: quoted in full
    # Short items are their own labels: a list of them has nothing to abridge, but one item with
    # more to say is abridged to its first sentence while the others are quoted whole.
    short_items = ["Implementing technical changes requested by the data steward",
                   "Administration and maintenance for the database or system"]
    units = units_of([Passage(_labelled_list(short_items)[0], 1.0)])
    assert all(u.abridged is None for u in units)
    mixed = [*short_items, "Coordinating the technical work for automated publishing. You can learn more in the guide."]
    whole = next(u for u in units_of([Passage(_labelled_list(mixed)[0], 1.0)]) if u.kind == LIST)
    assert claim_text(whole.abridged) == (
        "You may need to consult these people: Implementing technical changes requested by the data steward; "
        "Administration and maintenance for the database or system; Coordinating the technical work for automated "
        "publishing."
    )
    # Items that are single long sentences, or open with a long sentence, have no label to quote.
    one_sentence = [s.replace(". ", ", who ", 1).replace(". ", ", ") for s in _STAKEHOLDERS]
    long_first = [s.replace(". ", " is someone who can help you in many ways and at every step. ", 1)
                  for s in _STAKEHOLDERS]
    for items in (one_sentence, long_first):
        units = units_of([Passage(_labelled_list(items)[0], 1.0)])
        assert any(u.kind == LIST_ITEM for u in units) and all(u.abridged is None for u in units)


def test_a_row_follows_the_first_column_that_names_it() -> None:
    """"What does banding involve?": the table's first column names the method and ranks first, but
    says nothing of it; the method's row, which it spans, says what it involves and is quoted after it."""
    rows = ["Column Removal | Remove the columns that hold private data.",
            "Banding | Group the values, so age becomes an age group."]
    chunk, _ = _table_chunk(rows)
    units = units_of([Passage(chunk, 1.0)])
    probs = np.array([0.9 if u.kind == COLUMN else 0.6 if u.text.startswith("Banding") else 0.05 for u in units])
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=4, add_min_prob=0.1)
    assert [claim_text(u) for u in chosen] == [
        "Method: Column Removal; Banding.", "Banding | Group the values, so age becomes an age group.",
    ]


def test_items_whose_lead_in_closed_the_page_before_are_one_list_and_no_pair_ends_with_a_lead_in() -> None:
    """A report's "The aims of the meeting were:" closes a page and its items open the next: the
    page before must not quote the lead-in as the end of a pair (it announces aims it leaves out),
    and the page after quotes its items together, the lead-in their context."""
    before = _chunk("The second meeting was hosted by Westford. It lasted two days. The aims of the meeting were:")
    assert not [u for u in units_of([Passage(before, 1.0)]) if u.text.endswith("were:") and u.kind == PAIR]
    lead = "The aims of the meeting were:"
    parts = ["To present each city's draft plan", "To discuss emerging learning", "The meeting closed with a dinner."]
    text, spans = _structured(parts, ["list_item", "list_item", "paragraph"], {"list_item": lead})
    chunk = _chunk(text, spans)
    whole = [u for u in units_of([Passage(chunk, 1.0)]) if u.kind == LIST]
    assert [(u.text, u.context, u.lead, u.items) for u in whole] == [(SEP.join(parts[:2]), lead, 0, 2)]
    assert claim_text(whole[0]) == "To present each city's draft plan; To discuss emerging learning."
    checked = verify([(claim_text(whole[0]), [1])], [Passage(chunk, 1.0)], {(0, 1): (whole[0].start, whole[0].end)})
    assert checked.citations[0].quote == SEP.join(parts[:2]) and checked.citations[0].context == lead


def test_items_right_under_a_heading_are_one_list_with_the_heading_as_context() -> None:
    """Pages set lists straight under a heading ("Opening times" over its days). With no sentence
    leading in, the items were only quotable one by one; they are one list too, the heading its
    context, as for items whose lead-in closed the page before. Items after a paragraph that does
    not lead in to them, and a single item, are not."""
    parts = ["Opening times", "Monday to Friday, 9am to 5pm", "Saturday, 10am to 1pm", "Booking",
             "Call the hub.", "Online", "By phone", "Contact", "Email only"]
    kinds = ["heading", "list_item", "list_item", "heading", "paragraph", "list_item", "list_item", "heading",
             "list_item"]
    text, spans = _structured(parts, kinds)
    chunk = _chunk(text, spans)
    whole = [u for u in units_of([Passage(chunk, 1.0)]) if u.kind == LIST]
    assert [(u.text, u.context, u.lead) for u in whole] == [(SEP.join(parts[1:3]), "Opening times", 0)]
    assert claim_text(whole[0]) == "Monday to Friday, 9am to 5pm; Saturday, 10am to 1pm."
    assert sum(u.kind == LIST_ITEM for u in units_of([Passage(chunk, 1.0)])) == 5  # each item still quotable


def test_chosen_items_of_one_list_are_quoted_as_that_list_when_it_fits() -> None:
    """"Which style guides did the team draw on?": three of four items scored well and took three of
    the answer's four units, leaving the fourth out; quoted as their list, with its lead-in, they
    take one unit and the list names all four (with the sentence that leads in to it, when that
    sentence is chosen too: the list is quoted in the place of its chosen lead-in and items)."""
    lead = "Other resources we used:"
    parts = ["This guidance draws on the Conscious Style Guide.", lead, "Diversity Style Guide",
             "Disability Language Style Guide", "Associated Press Stylebook", "Syracuse Language Guide"]
    text, spans = _structured(parts, ["paragraph", "paragraph", *["list_item"] * 4], {"list_item": lead})
    units = units_of([Passage(_chunk(text, spans), 1.0)])
    score = {parts[0]: 0.9, parts[3]: 0.6, parts[5]: 0.5, parts[2]: 0.4}
    probs = np.array([score.get(u.text, 0.05) for u in units])
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=3, add_min_prob=0.1)
    assert [claim_text(u) for u in chosen] == [
        f"{parts[0]} Other resources we used: Diversity Style Guide; Disability Language Style Guide; "
        "Associated Press Stylebook; Syracuse Language Guide.",
    ]
    # Without room for the whole list, the items stay as they were chosen.
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=150, max_units=3, add_min_prob=0.1)
    assert [u.kind for u in chosen] == [SENTENCE, LIST_ITEM, LIST_ITEM]


def test_a_list_scoring_to_join_takes_the_place_of_its_one_chosen_item() -> None:
    """"What did not work so well?": the item saying so in the question's words leads, and its list
    of the other weaknesses, scoring above the join floor, had been left out as a repeat of it. The
    list is quoted in the item's place when it fits; below the floor, or without room, the item stays."""
    lead = "Moving beyond the council:"
    parts = ["The taskforces met four times.", lead, "Difficulty engaging with business",
             "Sometimes seen as too council led", "Taskforces did not always work well together"]
    text, spans = _structured(parts, ["paragraph", "paragraph", *["list_item"] * 3], {"list_item": lead})
    units = units_of([Passage(_chunk(text, spans), 1.0)])
    whole = next(u.text for u in units if u.kind == LIST)
    score = {parts[4]: 0.8, whole: 0.5, parts[0]: 0.3}
    probs = np.array([score.get(u.text, 0.01) for u in units])
    vectors = np.eye(len(units), dtype=np.float32)
    chosen = compose(units, probs, vectors, budget=450, max_units=3, add_min_prob=0.1)
    assert [claim_text(u) for u in chosen] == [  # in the order written
        parts[0], "Moving beyond the council: Difficulty engaging with business; Sometimes seen as too council "
                  "led; Taskforces did not always work well together."]
    assert [u.kind for u in compose(units, probs, vectors, budget=80, max_units=3, add_min_prob=0.1)] == [LIST_ITEM]
    probs[[i for i, u in enumerate(units) if u.text == whole]] = 0.05
    assert [u.kind for u in compose(units, probs, vectors, budget=450, max_units=3, add_min_prob=0.1)] == [
        LIST_ITEM, SENTENCE]


def test_a_list_scoring_to_join_takes_the_place_of_its_chosen_lead_in() -> None:
    """"Which outside groups should we contact?": a housing guide's sentence "Staff should identify
    and contact any relevant organisations ..." leads, and the list it leads in to ("Examples may
    include: City of Sanctuary. ..."), scoring above the join floor, had been left out as overlapping
    it: the groups were never named. The list is quoted in the sentence's place when it fits."""
    lead = "Staff should contact any relevant organisations involved with the household."
    parts = [lead, "Examples may include:", "City of Sanctuary.", "Other voluntary support services."]
    text, spans = _structured(parts, ["paragraph", "paragraph", "list_item", "list_item"],
                              {"list_item": "Examples may include:"})
    units = units_of([Passage(_chunk(text, spans), 1.0)])
    whole = next(u for u in units if u.kind == LIST and u.text.startswith(lead))
    score = {lead: 0.42, whole.text: 0.39}
    probs = np.array([score.get(u.text, 0.01) for u in units])
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=3, add_min_prob=0.05)
    assert [u.text for u in chosen] == [whole.text]
    assert "City of Sanctuary" in claim_text(chosen[0])


def test_a_pair_going_on_from_a_chosen_pair_extends_it_by_its_next_sentence() -> None:
    """"Why is health literacy an inequality issue?": the best pair ends with "It is also an
    inequality issue." and the pair after it, which says why, overlaps it. It is not left out as a
    repeat: the answer quotes the three sentences as one run. A pair reaching back before the chosen
    one does not extend it (what comes before is context the answer had room for only once)."""
    sents = ["Low literacy costs up to 5% of health spending.", "It is also an inequality issue.",
             "There is a close link between deprivation and low literacy.", "Another topic follows here."]
    text = " ".join(sents)
    chunk = _chunk(text)
    units = units_of([Passage(chunk, 1.0)])
    pair = {u.text: i for i, u in enumerate(units) if u.kind == PAIR}
    probs = np.full(len(units), 0.05)
    probs[pair[f"{sents[1]} {sents[2]}"]] = 0.6
    probs[pair[f"{sents[0]} {sents[1]}"]] = 0.9
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=4, add_min_prob=0.1)
    assert [claim_text(u) for u in chosen] == [" ".join(sents[:3])]
    checked = verify([(claim_text(chosen[0]), [1])], [Passage(chunk, 1.0)], {(0, 1): (chosen[0].start, chosen[0].end)})
    assert checked.citations[0].quote == " ".join(sents[:3])
    probs[pair[f"{sents[0]} {sents[1]}"]] = 0.5  # now the later pair is chosen first
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=4, add_min_prob=0.1)
    assert [claim_text(u) for u in chosen] == [f"{sents[1]} {sents[2]}"]


def test_a_chosen_pair_is_not_extended_into_another_chosen_unit() -> None:
    """Two chosen pairs side by side (sentences 1-2 and 3-4) and a pair over their seam (2-3): extending
    the first by sentence 3 had quoted it twice, once in each run ("Excellent facilities ... were
    provided by the church [1]. Excellent facilities ... [2]")."""
    sents = ["The class had twelve adults.", "The council met the cost of the venue.",
             "The church provided a play room.", "Volunteers taught every session."]
    units = units_of([Passage(_chunk(" ".join(sents)), 1.0)])
    pair = {u.text: i for i, u in enumerate(units) if u.kind == PAIR}
    probs = np.full(len(units), 0.01)
    probs[pair[f"{sents[0]} {sents[1]}"]] = 0.9
    probs[pair[f"{sents[2]} {sents[3]}"]] = 0.8
    probs[pair[f"{sents[1]} {sents[2]}"]] = 0.7
    chosen = compose(units, probs, np.eye(len(units), dtype=np.float32), budget=450, max_units=4, add_min_prob=0.1)
    quoted = " ".join(claim_text(u) for u in chosen)
    assert all(quoted.count(s) == 1 for s in sents)


def test_links_glued_before_a_sentence_or_after_its_stop_are_not_quoted() -> None:
    """A PDF's link notes mid-page are glued to the text around them: quoted, they fill the
    answer's room with addresses. A link after a colon or inside a sentence is the text's own."""
    text = SEP.join([
        "The skill sets of the partner complemented those of the cities. http://example.org/ https://example.org/p/",
        "https://example.org/a https://example.org/a The Exchange is an initiative at the university.",
        "Reports are available at: www.example.gov",
        "Refer to http://example.org/codes for these mappings.",
    ])
    texts = [text[s.start : s.end] for s in unit_spans(_chunk(text))]
    assert texts == [
        "The skill sets of the partner complemented those of the cities.",
        "The Exchange is an initiative at the university.",
        "Reports are available at: www.example.gov",
        "Refer to http://example.org/codes for these mappings.",
    ]
    items, spans = _structured(["These were the strengths:", "Trust.", "Peer support. https://example.org/a"],
                               ["paragraph", "list_item", "list_item"], {"list_item": "These were the strengths:"})
    found = {(s.kind, items[s.start : s.end]) for s in unit_spans(_chunk(items, spans))}
    assert (LIST_ITEM, "Peer support.") in found
    assert (LIST, "These were the strengths:\n\nTrust.\n\nPeer support.") in found
    assert not any("example.org" in t for _, t in found)


def test_rows_of_a_table_that_give_other_figures_are_no_repeats() -> None:
    """A rates table's rows share most words: "on or after ... | $2,000" and "before ... | $1,500"
    are two facts, and the second had been left out as a repeat of the first. A row that says the
    same figures again is still a repeat. So are sentences: one giving a figure the other does not is
    a fact of its own ("15% of pensioners were living in relative poverty ..." beside "21% of
    working-age adults were ..."), as is a row giving the figure of what a sentence names; one saying
    the same words and figures again is a repeat."""
    after = "If the Veteran died on or after September 11, 2001 | $2,000"
    before = "If the Veteran died before September 11, 2001 | $1,500"
    again = "If the Veteran died on or after September 11, 2001 | $2,000 | Yes"
    units = [Unit(1, 0, len(after), TABLE_ROW, after, "Date | Amount"),
             Unit(1, 70, 70 + len(before), TABLE_ROW, before, "Date | Amount"),
             Unit(2, 0, len(again), TABLE_ROW, again, "Date | Amount | Paid")]
    vectors = np.eye(3, dtype=np.float32)
    chosen = compose(units, np.array([0.9, 0.8, 0.7]), vectors, budget=450, max_units=4, add_min_prob=0.5)
    assert [u.text for u in chosen] == [after, before]
    # Their vectors nearly match too (a key-stage table's rows: cosine 0.96): still two facts.
    near = np.array([[1.0, 0.0, 0.0], [0.98, 0.2, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    chosen = compose(units, np.array([0.9, 0.8, 0.7]), near, budget=450, max_units=4, add_min_prob=0.5)
    assert [u.text for u in chosen] == [after, before]
    sentences = [Unit(1, 0, 40, SENTENCE, "The grant pays $2,000 for burial costs."),
                 Unit(2, 0, 40, SENTENCE, "The grant pays $1,500 for burial costs."),
                 Unit(3, 0, 52, SENTENCE, "As said above, the grant pays $2,000 for burial costs.")]
    chosen = compose(sentences, np.array([0.9, 0.8, 0.7]), np.eye(3, dtype=np.float32), budget=450, max_units=4,
                     add_min_prob=0.5)
    assert [u.passage for u in chosen] == [1, 2]
    named = "The Equality Impact Assessment is to be presented to Members in November 2024."
    row = "Equality Impact Assessment | 145"
    mixed = [Unit(1, 0, len(named), SENTENCE, named), Unit(2, 0, len(row), TABLE_ROW, row, "Document | Downloads")]
    chosen = compose(mixed, np.array([0.9, 0.8]), np.eye(2, dtype=np.float32), budget=450, max_units=4,
                     add_min_prob=0.5)
    assert [u.text for u in chosen] == [named, row]


def _markdown_units(tmp_path, text: str) -> list[Unit]:  # noqa: ANN001 - pytest's tmp_path
    """Every unit of a Markdown page as ingest chunks it, quotable ones only (as answers read them)."""
    from ic_assistant.config import ChunkingSettings
    from ic_assistant.text import is_quotable
    from ingest.chunking import chunk_document
    from ingest.loaders import load_file
    from ingest.sync import build_document

    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    parsed = load_file(path)
    chunks = chunk_document(build_document(path.name, parsed, None, "x"), parsed, ChunkingSettings())
    return units_of([Passage(c, 0.0) for c in chunks], keep=is_quotable)


def test_short_items_of_a_long_list_are_quoted_among_their_neighbours(tmp_path) -> None:  # noqa: ANN001
    """An eligibility page lists who is exempt in items of one or two words ("Refugees") beside long
    ones: an item under 20 characters is never quoted alone, and a list over MAX_LIST_CHARS only item
    by item, so "Are refugees exempt?" could quote nothing that said so. Runs of the list's items
    that fit WINDOW_CHARS are units under its lead-in where they hold such an item; runs of long
    items only, or of a menu's capitalised entries, are not."""
    long = [f"People in receipt of support under section {n} of the Example Act, as the guidance sets out"
            for n in range(1, 9)]
    page = ("### Who is exempt from charging?\n\n* Asylum seekers\n* Refugees\n* British nationals\n"
            + "".join(f"* {item}\n" for item in long))
    units = _markdown_units(tmp_path, page)
    windows = [u for u in units if u.kind == LIST]
    assert [claim_text(u) for u in windows] == [
        f"Asylum seekers; Refugees; British nationals; {long[0]}; {long[1]}."]
    assert windows[0].context == "Who is exempt from charging?" and windows[0].lead == 0
    assert not any(claim_text(u).startswith("Refugees") for u in units if u.kind == LIST_ITEM)  # still not alone

    menu = "In the council:\n\n" + "".join(f"* {w} Services\n" for w in (
        "Adult", "Children's", "Housing", "Planning", "Waste", "Parking", "Libraries", "Leisure", "Cemeteries",
        "Licensing", "Registrars", "Education", "Transport", "Trading", "Environmental", "Benefits", "Council",
        "Electoral", "Emergency", "Archives", "Museum", "Tourism", "Economic", "Regeneration", "Highways",
        "Social", "Youth", "Careers", "Business", "Customer", "Digital", "Legal", "Democratic", "Finance",
        "Property", "Facilities", "Payroll", "Procurement", "Audit", "Insurance"))
    assert [u.kind for u in _markdown_units(tmp_path, menu) if u.kind == LIST] == [LIST]  # the first 700 only


def test_an_item_that_leads_in_to_sub_items_is_quoted_with_them(tmp_path) -> None:  # noqa: ANN001
    """ "Treatment required for a condition caused by:" over indented items ("Domestic violence"):
    the list under the heading had ended at that item, and its sub-items were too short to quote, so
    "Will treatment needed because of domestic violence be charged?" found nothing. The item and its
    sub-items are one unit, and the list they are in runs on through them."""
    page = ("### What treatments are exempt from charging?\n\n* Family planning (excluding termination)\n"
            "* Treatment required for a physical or mental condition caused by:\n    * Torture\n"
            "    * Domestic violence\n* Services provided as part of the telephone advice line\n")
    lists = [claim_text(u) for u in _markdown_units(tmp_path, page) if u.kind == LIST]
    assert lists == [
        "Family planning (excluding termination); Treatment required for a physical or mental condition caused by: "
        "Torture; Domestic violence; Services provided as part of the telephone advice line.",
        "Treatment required for a physical or mental condition caused by: Torture; Domestic violence."]


def test_a_name_line_under_a_quotation_says_who_said_it_and_labels_nothing() -> None:
    """A charity report closes a beneficiary's words with their name ("Wesal, CRRC Beneficiary"): read
    as a label, it led the next, unrelated paragraph in, and "Who are the charity's beneficiaries?"
    quoted "Wesal, CRRC Beneficiary: Some families needed adjustments ...". A label line under a
    sentence still names what follows."""
    parts = ['"I did not know anyone here. Thank you very much."', "Wesal, CRRC Beneficiary",
             "Some families needed adjustments to the properties.", "Housing support",
             "The charity found homes for six families."]
    text, spans = _structured(parts, ["paragraph"] * 5)
    claims = [claim_text(u) for u in units_of([Passage(_chunk(text, spans), 0.0)])]
    assert not any("Wesal" in c for c in claims)
    assert "Some families needed adjustments to the properties." in claims
    assert "Housing support: The charity found homes for six families." in claims


def test_a_fields_name_on_its_own_line_is_quoted_with_its_value() -> None:
    """A web page sets its fields a line apart ("Authors:" over "Jane Smith, Ann Lee"): the value
    alone does not say whose names they are, and followed by another field's name it had labelled
    nothing and been dropped, so "Who wrote it?" had nothing to quote."""
    from ic_assistant.text import is_quotable

    parts = ["Read the framework on the project's pages.", "Authors:", "Jane Smith, Ann Lee", "Posted by:",
             "Country Coordinator Northland"]
    text, spans = _structured(parts, ["paragraph"] * 5)
    got = [(u.kind, u.text) for u in units_of([Passage(_chunk(text, spans), 1.0)], keep=is_quotable)]
    assert (PAIR, "Authors:\n\nJane Smith, Ann Lee") in got
    assert (PAIR, "Posted by:\n\nCountry Coordinator Northland") in got
    assert (SENTENCE, "Jane Smith, Ann Lee") not in got  # too short to quote alone


def test_an_item_label_ends_no_later_than_its_first_sentence() -> None:
    """"Calling 1-800-MIS-USED (1-800-647-8733). Hours of Operation: Monday ..." opens with a
    sentence, not a label before its colon: the abridged list had quoted "... (1-800-647-8733).
    Hours of Operation" as the item's label, cut off before the hours it names."""
    items = ["Calling 1-800-MIS-USED (1-800-647-8733). Hours of Operation: Monday and Friday 9 AM to 11 AM.",
             "Downloading the Hotline Complaint Form. After completing it, mail it to the office.",
             "Privacy: keep the form safe. Nobody else should see it."]
    whole = next(u for u in units_of([Passage(_labelled_list(items)[0], 1.0)]) if u.kind == LIST)
    assert claim_text(whole.abridged) == (
        "You may need to consult these people: Calling 1-800-MIS-USED (1-800-647-8733); Downloading the Hotline "
        "Complaint Form; Privacy."
    )
