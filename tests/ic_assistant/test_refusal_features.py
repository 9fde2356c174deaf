"""The refusal's question-level features, on a tiny corpus built in the test."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ic_assistant.extractive import Lexicon
from ic_assistant.features import UNIT_FEATURES, holds_quantity, holds_role
from ic_assistant.programme import Entity, Programme
from ic_assistant.question import analyse
from ic_assistant.scorer import REFUSAL_FEATURES, refusal_features
from ic_assistant.types import Chunk, Passage
from ic_assistant.units import SENTENCE, TABLE_ROW, Unit

PROGRAMME = Programme(entities=(Entity("Northtown", "city"), Entity("Southport", "city"), Entity("Eastbay", "city")))
ROWS = ["Northtown | Deputy Mayor", "Southport | Director of Communities"]
HEADERS = "City | Strategic Sponsor for Welcome Towns"


def _anchored_cover(question: str, corpus: list[str]) -> float:
    text = "\n\n".join(ROWS)
    chunk = Chunk(id="c", doc_id="d", source="r.md", title="Welcome Towns report", doc_type="report", year=None,
                  page=None, section="Welcome Towns sponsors", start=0, end=len(text), text=text)
    units, at = [], 0
    for row in ROWS:
        units.append(Unit(1, at, at + len(row), TABLE_ROW, row, HEADERS))
        at += len(row) + 2
    X = np.zeros((len(units), len(UNIT_FEATURES)))
    row = refusal_features(analyse(question, PROGRAMME), units, X, np.zeros(len(units)), [Passage(chunk, 1.0)],
                           Lexicon(corpus).idf)
    return float(row[REFUSAL_FEATURES.index("anchored_cover")])


def test_a_name_in_most_of_the_corpus_anchors_nothing() -> None:
    """"Who was Eastbay's strategic sponsor for Welcome Towns?": the programme's own name is in
    every chunk (and every row's headers), so only a unit naming Eastbay may show that the
    documents hold the answer. No row does: the cover is low, and the refusal can see it."""
    corpus = [f"Welcome Towns {t}" for t in ("helps councils", "met in Northtown", "runs to 2025", "has a framework")]
    corpus += ["Eastbay joined later.", "Southport hosted a visit."]
    assert _anchored_cover("Who was Eastbay's strategic sponsor for Welcome Towns?", corpus) < 0.5
    # Named in few chunks, the same words still anchor: the rows name the sponsors of Welcome Towns.
    rare = ["Welcome Towns helps councils", "Northtown met.", "The plan runs to 2025.", "A framework.", "Eastbay."]
    assert _anchored_cover("Who was Eastbay's strategic sponsor for Welcome Towns?", rare) == 1.0
    # The city the rows do name anchors its own row.
    assert _anchored_cover("Who was Northtown's strategic sponsor for Welcome Towns?", corpus) == 1.0


def _asked_found(question: str, texts: list[str], logits: list[float], kind: str = SENTENCE,
                 context: str = "", section: str = "Taskforce", programme: Programme = PROGRAMME) -> float:
    text = " ".join(texts)
    chunk = Chunk(id="c", doc_id="d", source="r.md", title="Welcome Towns report", doc_type="report", year=None,
                  page=None, section=section, start=0, end=len(text), text=text)
    units, at = [], 0
    for t in texts:
        units.append(Unit(1, at, at + len(t), kind, t, context))
        at += len(t) + 1
    X = np.zeros((len(units), len(UNIT_FEATURES)))
    row = refusal_features(analyse(question, programme), units, X, np.array(logits), [Passage(chunk, 1.0)],
                           Lexicon(texts).idf)
    return float(row[REFUSAL_FEATURES.index("asked_found")])


def test_a_how_many_question_needs_a_best_unit_that_counts_what_it_asks_about() -> None:
    """"How many members ...?" is answered by a number of members, not by a unit that names the
    taskforce and some other number; an amount wants money, a duration a span of time (or a length)."""
    counted = ["The Northtown taskforce met in 2019 with the council.", "The taskforce has 12 members."]
    assert _asked_found("How many members sit on the Northtown taskforce?", counted, [1.0, 0.5]) == 1.0
    other = ["The Northtown taskforce met in 2019 with its members.", "Members chose three themes."]
    assert _asked_found("How many members sit on the Northtown taskforce?", other, [1.0, 0.5]) == -1.0
    grant = ["Northtown was awarded an additional three year grant.", "The grant was £50,000 a year."]
    assert _asked_found("How much money did Northtown get?", grant[:1], [1.0]) == -1.0
    assert _asked_found("How much money did Northtown get?", grant, [1.0, 0.5]) == 1.0
    assert _asked_found("How long did the first stage last?", ["The first stage lasted two years."], [1.0]) == 1.0
    # "How long" asks for a length too: a request for proposals of under 20 pages answers it.
    assert _asked_found("How long should the request for proposals be?", ["Less than 20 pages."], [1.0]) == 1.0
    assert _asked_found("How long should the request for proposals be?", ["Send it by 2025."], [1.0]) == -1.0
    assert _asked_found("Who sits on the Northtown taskforce?", counted, [1.0, 0.5]) == 0.0
    survey = ["Members were surveyed in January 2019 about the first stage."]
    assert _asked_found("What share of members rated the first stage well?", survey, [1.0]) == -1.0
    assert _asked_found("What share of members rated the first stage well?", ["About 4 in 10 rated it well."],
                           [1.0]) == 1.0
    # A fraction in words is a share however it is written: "a third", "one-third", "one third", "a fifth".
    for share in ("One-third of the elected trustees retire each year.", "One third retire each year.",
                  "A fifth of the trustees retire each year.", "Two-thirds of them stay on."):
        assert _asked_found("What proportion of trustees retire each year?", [share], [1.0]) == 1.0
    assert _asked_found("How often does the taskforce meet?", ["The taskforce meets twice a year."], [1.0]) == 1.0
    # A number may count the deed the question names instead of the thing it was done to: "How many
    # cards were issued ...?" is answered by "almost 40,000 first-time issuances" (it had been refused).
    issued = ["With almost 40,000 first-time issuances in 2022, the card accounts for a third of all titles."]
    assert _asked_found("How many blue cards were issued for the first time in 2022?", issued, [1.0]) == 1.0
    assert _asked_found("How many blue cards are held by nurses?", issued, [1.0]) == -1.0
    # The deed itself is no noun.
    assert not holds_quantity("cards", "Of the 40 issued in May, most went to nurses.", done="issued")
    # A verb's "-ing" form before the counted noun qualifies it: "the five participating cities" counts
    # cities, and no number of people on a taskforce ("How many people were on ...?" had been answered).
    assert not holds_quantity("people", "The five participating cities were Northtown, Eastbay and Westford.")
    assert holds_quantity("people", "The five participants were council officers.")
    assert holds_quantity("cities", "The five participating cities were Northtown, Eastbay and Westford.")
    assert _asked_found("How often does the taskforce meet?", ["The taskforce met in 2019."], [1.0]) == -1.0
    # A row's bare number counts what its column's header names ("Place making | 80" under "Area | Services").
    assert holds_quantity("services", "Place making | 80", "Area | Services")
    assert not holds_quantity("services", "Place making | 2019", "Area | Services")  # a year counts nothing
    assert not holds_quantity("services", "Place making | 80", "Area | Staff")
    # The heading over a table may name what all its figures count ("Number of Respondents to the IHS
    # Survey" over "Arun | 373 | 313"): a statistics briefing's "How many people ... responded?" had
    # been refused with the row quoted. Its label alone counts nothing, nor a heading naming another noun.
    assert holds_quantity("people", "Arun | 373 | 313", "Area | 2011 | 2012", "Number of Respondents to the Survey")
    assert not holds_quantity("people", "Arun | 373 | 313", "Area | 2011 | 2012", "Smoking at time of delivery")
    assert not holds_quantity("people", "Arun respondents", "", "Number of Respondents to the Survey")
    # Accounts set the currency once, over the column: a bare figure under "2018 £" is money.
    assert holds_quantity("amount", "Cash at bank | 2,291,650", "2018 £ Net | 2018 £ Budget")
    assert holds_quantity("amount", "Interest received | (2,313)", "2018 £ Net")
    assert not holds_quantity("amount", "Cash at bank | 2,291,650", "Item | Count")
    # Budget tables may print no currency at all: headers naming money make the figure an amount.
    assert holds_quantity("amount", "Total | 111,504,782 | 162,449,826", "Department | FY2023 Adopted Budget | FY2022")
    # A row's label may name what its figure counts or measures ("Total Number of Projects | 92").
    assert holds_quantity("projects", "Total Number of Projects | 92")
    assert holds_quantity("amount", "General Fund budget | 5,842,480,000")
    assert not holds_quantity("projects", "Projects started | 2019")  # a year counts nothing
    # The asked noun may follow more of its modifiers; a phrase of its own after the number counts nothing.
    assert holds_quantity("youth summer jobs", "It offered more than 2,000 city and county youth summer jobs.")
    assert not holds_quantity("members", "It met 12 times and the members agreed.")
    assert not holds_quantity("afghan children", "It sent 1.9 million laptops and tablets for disadvantaged children.")
    # An age is no length of time: "How long is the badge valid?" is not answered by "children under 3 years old".
    assert not holds_quantity("duration", "Children under 3 years old qualify.")
    assert holds_quantity("duration", "A badge is valid for 3 years.")
    # People of any kind count for "How many people ...?", and so does a range; not for "How many members?".
    assert holds_quantity("people", "The day was attended by approximately 60 - 70 adults and 40 - 50 children.")
    assert not holds_quantity("members", "The day was run by 12 volunteers.")
    assert not holds_quantity("amount", "Staff in post | 12")
    # People are counted as people, persons or individuals, or by their kind or part (see
    # `test_a_count_of_people_counts_the_kind_of_people_asked_for_when_it_says_they_are_those`); not as
    # any noun ("Twelve offices").
    assert holds_quantity("people", "The waiting list has 91 individuals.")
    assert not holds_quantity("people", "Twelve offices were opened.")
    text = "Place making | 80"
    chunk = Chunk(id="c", doc_id="d", source="s.md", title="Council services", doc_type="report", year=None,
                  page=None, section="Services by area", start=0, end=len(text), text=text)
    row = Unit(1, 0, len(text), TABLE_ROW, text, context="Area | Services")
    found = refusal_features(analyse("How many services are in place making?", PROGRAMME), [row],
                             np.zeros((1, len(UNIT_FEATURES))), np.array([1.0]), [Passage(chunk, 1.0)], Lexicon([text]).idf)
    assert found[REFUSAL_FEATURES.index("asked_found")] == 1.0  # the row's headers reach the refusal
    for often in ("It meets every quarter.", "It meets fortnightly.", "Its plan is reviewed per quarter."):
        assert _asked_found("How often does the taskforce meet?", [often], [1.0]) == 1.0


def test_what_is_the_measure_of_a_thing_needs_a_best_unit_that_gives_that_measure() -> None:
    """"What is the population of Northtown?" asks what "How many people live in Northtown?" asks:
    a unit naming Northtown with a year or a count of something else does not answer it."""
    named = ["Northtown joined the programme in 2019 with three partners.", "The population of Northtown grew."]
    assert _asked_found("What is the population of Northtown?", named, [1.0, 0.5]) == -1.0
    assert _asked_found("What is the population of Northtown?", ["Northtown has 300,000 residents."], [1.0]) == 1.0
    # The unit need not name Northtown again where its passage does (here its section heading).
    assert _asked_found("What is the population of Northtown?", ["It has a population of about 1.1 million."],
                           [1.0], section="About Northtown") == 1.0
    grant = ["Northtown's welcome hub has a budget set by the council.", "The hub's budget is £40,000."]
    assert _asked_found("What was the budget for the welcome hub?", grant[:1], [1.0]) == -1.0
    assert _asked_found("What was the budget for the welcome hub?", grant, [1.0, 0.5]) == 1.0
    assert _asked_found("What fee does the council charge?", ["The council charges a fee."], [1.0]) == -1.0
    assert _asked_found("What is the length of the first stage?", ["The first stage lasted two years."], [1.0]) == 1.0
    assert _asked_found("What is the budget process?", grant[:1], [1.0]) == 0.0  # a process, no measure


def test_how_much_is_money_or_a_share_of_it_and_asks_nothing_of_a_thing_not_measured() -> None:
    """"How much does it cost?" is answered by a share of spending as well as by a sum; "How much
    attention ...?" asks for no quantity, so the refusal reads none (0), not a missing one (-1)."""
    spending = ["Such problems account for up to 5% of national health spending."]
    assert _asked_found("How much does low literacy cost the health service?", spending, [1.0]) == 1.0
    assert _asked_found("How much does low literacy cost the health service?",
                           ["Low literacy is linked to poorer health."], [1.0]) == -1.0
    salience = ["Integration has had relatively low salience compared with migration control."]
    assert _asked_found("How much attention does integration get in policy?", salience, [1.0]) == 0.0
    # A majority is a share of people: "How much did the charity pay for the classes?" had been
    # answered from "the majority speak Arabic at home", which says nothing of a price.
    classes = ["The group was strong in speaking, as the majority speak Arabic at home."]
    assert _asked_found("How much did the charity pay for the classes?", classes, [1.0]) == -1.0
    assert _asked_found("How much did the charity pay for the classes?",
                        ["The majority of the grant, 60% of it, paid for the classes."], [1.0]) == 1.0
    devices = ["The service will provide an additional 500,000 extra devices this winter."]
    assert _asked_found("How many extra devices did the service announce?", devices, [1.0]) == 1.0
    assert _asked_found("How many extra devices did the service announce?",
                           ["The service announced extra support in 2021."], [1.0]) == -1.0


def test_a_question_for_a_time_of_day_needs_a_best_unit_giving_a_clock_time() -> None:
    """"What hours is the relay service open?" and "And when are they open?" ask for times of day: a
    page that gives none had answered them with its publication dates, and a sum of money ("12.50")
    is no time. "When is the consultation open until?" asks for a date, not a time of day."""
    dated = ["Published 23 April 2020. Last updated 19 April 2021.", "The service costs 12.50 a week."]
    hours = ["The phone line is open Monday to Friday, 8am to 8pm, and Saturday 10:00 to 16:00."]
    for question in ("What hours is the relay service open?", "What are the hub's opening hours?",
                     "When are they open?", "What time does the drop-in start?"):
        assert _asked_found(question, dated, [1.0, 0.5]) == -1.0, question
        assert _asked_found(question, hours, [1.0]) == 1.0, question
    assert _asked_found("When is the consultation open until?", dated, [1.0, 0.5]) == 0.0
    assert _asked_found("What time of year is the festival held?", dated, [1.0, 0.5]) == 0.0


def test_a_count_of_a_kind_is_said_in_any_of_its_nouns() -> None:
    """In a programme whose councils are its cities (programme.toml's `kinds`), "How many councils
    ...?" is answered by "twelve cities"; without the file, only by councils."""
    kinds = Programme(entities=PROGRAMME.entities, kinds=(("city", ("council", "local authority")),))
    cities = ["The programme now works with twelve cities across the country."]
    assert _asked_found("How many councils does the programme work with?", cities, [1.0], programme=kinds) == 1.0
    assert _asked_found("How many councils does the programme work with?", cities, [1.0]) == -1.0
    assert _asked_found("How many local authorities does it work with?", cities, [1.0], programme=kinds) == 1.0


def test_only_the_best_units_are_read_for_the_quantity() -> None:
    from ic_assistant.scorer import ASKED_UNITS

    texts = [f"The taskforce met in room {chr(65 + i)}." for i in range(ASKED_UNITS)] + ["It has 12 members."]
    logits = [1.0] * ASKED_UNITS + [-5.0]
    assert _asked_found("How many members sit on the taskforce?", texts, logits) == -1.0
    assert _asked_found("How many members sit on the taskforce?", texts, logits[:-1] + [5.0]) == 1.0


def _unseen_name(question: str, corpus: list[str], with_kin: bool = True) -> float:
    text = "\n\n".join(ROWS)
    chunk = Chunk(id="c", doc_id="d", source="r.md", title="Welcome Towns report", doc_type="report", year=None,
                  page=None, section="Welcome Towns sponsors", start=0, end=len(text), text=text)
    units = [Unit(1, 0, len(ROWS[0]), TABLE_ROW, ROWS[0], HEADERS)]
    lexicon = Lexicon(corpus)
    row = refusal_features(analyse(question, PROGRAMME), units, np.zeros((1, len(UNIT_FEATURES))), np.zeros(1),
                           [Passage(chunk, 1.0)], lexicon.idf, lexicon.uses if with_kin else None)
    return float(row[REFUSAL_FEATURES.index("unseen_name")])


def test_a_name_the_documents_never_use_is_seen_by_the_refusal() -> None:
    """"Who is the mayor of Westford?" against documents naming other towns' mayors: every other
    word is covered, and only the name tells that they do not answer. A name is read by its rarest
    word ("Westford City Council" is unseen though "city" and "council" are everywhere), and the
    documents use a name when they use a word of its kin ("Afghan": "Afghanistan")."""
    corpus = ["Northtown | Deputy Mayor", "Southport | Director of Communities", "The city council met.",
              "Families from Afghanistan arrived.", "Each council has a mayor."]
    assert _unseen_name("Who is the mayor of Westford?", corpus) == 1.0
    assert _unseen_name("Who leads Westford City Council?", corpus) == 1.0
    assert _unseen_name("Who is the mayor of Northtown?", corpus) == 0.0  # an entity the documents use
    assert _unseen_name("How did the council help Afghan families?", corpus) == 0.0  # its kin is used
    assert _unseen_name("How did the council help Afghan families?", corpus, with_kin=False) == 1.0
    assert _unseen_name("Who is the mayor?", corpus) == 0.0  # no name: nothing to miss


def test_a_figure_for_another_year_does_not_answer_a_question_about_one() -> None:
    """"How much did Northtown get in FY2024?" is not answered by the grant of 2022-23: the unit
    giving the amount must name the year asked about, in its text, its context or its section or
    title (the title here names no year); a span by both its years, or its last as the latest."""
    grant = ["Northtown was awarded £50,000 in FY2022-23."]
    assert _asked_found("How much money did Northtown get in FY2024?", grant, [1.0]) == -1.0
    assert _asked_found("How much money did Northtown get in 2022-23?", grant, [1.0]) == 1.0
    assert _asked_found("How much money did Northtown get in 2023?", grant, [1.0]) == 1.0
    assert _asked_found("How much money did Northtown get in 2021-22?", grant, [1.0]) == -1.0
    assert _asked_found("How much money did Northtown get?", grant, [1.0]) == 1.0
    june = ["By the end of the financial year in June 2020, Northtown had been given £50,000."]
    assert _asked_found("How much money did Northtown get in 2019/20?", june, [1.0]) == 1.0


def test_a_rate_after_its_kind_asks_for_a_share_in_the_year_named() -> None:
    """"What was the unemployment rate ... in 2020?" asks for a share, as "What share ...?" does: a
    release giving 2018's rates does not answer it (a probe question had been answered so)."""
    rates = ["In 2018, the unemployment rate for Northtown's foreign born was 3.5 percent."]
    assert _asked_found("What was the unemployment rate for Northtown's foreign born in 2020?", rates, [1.0]) == -1.0
    assert _asked_found("What was the unemployment rate for Northtown's foreign born in 2018?", rates, [1.0]) == 1.0


def test_a_question_about_a_year_is_covered_only_by_units_that_name_it() -> None:
    """The rows name the sponsors, but none names 2024: "Who was Northtown's strategic sponsor in
    2024?" may be about a sponsor the documents do not give."""
    corpus = ["Welcome Towns helps councils", "Northtown met.", "The plan runs to 2025.", "Eastbay."]
    assert _anchored_cover("Who was Northtown's strategic sponsor for Welcome Towns?", corpus) == 1.0
    assert _anchored_cover("Who was Northtown's strategic sponsor for Welcome Towns in 2024?", corpus) == 0.0


def test_a_when_question_naming_a_year_needs_a_unit_naming_it() -> None:
    """"When was the Northtown fair held in 2023?" is not answered by the fair of 2021."""
    fair = ["The Northtown fair was held on 10-19 September 2021."]
    assert _asked_found("When was the Northtown fair held in 2023?", fair, [1.0]) == -1.0
    assert _asked_found("When was the Northtown fair held in 2021?", fair, [1.0]) == 1.0
    assert _asked_found("When was the Northtown fair held?", fair, [1.0]) == 0.0


def test_a_table_rows_figure_counts_only_for_the_name_the_question_asks_about() -> None:
    """A row says whose figure it is: "How much does the council pay Hillside Advice?" is not
    answered by another charity's row under "Amount Requested", and was answered (P 0.02)."""
    rows = ["Riverside Counselling | Registered charity | £2,000", "Hillside Advice | Registered charity | £1,500"]
    headers = "Organisation | Status | Amount Requested"
    asked = "How much does the council pay Hillside Advice?"
    assert _asked_found(asked, rows[:1], [1.0], TABLE_ROW, headers) == -1.0
    assert _asked_found(asked, rows, [1.0, 0.5], TABLE_ROW, headers) == 1.0


def test_a_rates_rows_bare_figure_is_the_amount_of_what_its_label_names() -> None:
    """A rates table sets no £ and names no money over its columns ("weekly rates | 2021/22 |
    2022/23"): "How much is statutory sick pay a week?" had been refused (P 0.93) with the row
    "Statutory Sick Pay: Standard rate | 96.35 | 99.35" first. A row whose label names two of the
    question's words gives the amount of that thing; one shared word ("child") names another."""
    headers = "weekly rates unless otherwise stated | 2021/22 | 2022/23"
    sick = ["Statutory Sick Pay: Standard rate | 96.35 | 99.35"]
    assert _asked_found("How much is statutory sick pay a week?", sick, [1.0], TABLE_ROW, headers, "Rates") == 1.0
    child = ["Child Benefit: for first child | 21.15 | 21.80"]
    assert _asked_found("How much is the child element of tax credits?", child, [1.0], TABLE_ROW, headers,
                        "Rates") == -1.0
    # Not for sentences: a sentence's bare number may count anything.
    assert _asked_found("How much is statutory sick pay a week?", ["Statutory sick pay lasts 28 weeks."],
                        [1.0], SENTENCE, "", "Rates") == -1.0


def test_a_question_for_a_roles_holder_needs_a_best_unit_naming_the_role() -> None:
    """"Who is the director of ...?" is not answered by when the office was set up: one of the best
    units must name the role, in its words ("chaired by", "led by", "Chair:") or under a heading that
    does; a unit naming it gives no more than any other question gets (0), none gives -1."""
    founded = ["The Northtown office was set up in January 2022.", "It works with 40 organisations."]
    assert _asked_found("Who is the director of the Northtown office?", founded, [1.0, 0.5]) == -1.0
    led = founded + ["The office is led by Director Ann Lee."]
    assert _asked_found("Who is the director of the Northtown office?", led, [1.0, 0.5, 0.2]) == 0.0
    assert _asked_found("Who leads the Northtown office?", led, [1.0, 0.5, 0.2]) == 0.0  # "led"
    assert _asked_found("Who chairs the Northtown taskforce?", founded, [1.0, 0.5]) == -1.0
    chair = ["The Northtown taskforce met in May.", "Cllr Ann Lee (Chairman) opened it."]
    assert _asked_found("Who chairs the Northtown taskforce?", chair, [0.5, 1.0]) == 0.0
    # The holder asked for is the named place's: a passage that never names it does not say who
    # chairs its taskforce, nor does another place's row ("Who is the sponsor in <City>?" had been
    # answered with the sentence saying each city nominated a sponsor).
    assert _asked_found("Who chairs the Northtown taskforce?", chair[1:], [1.0]) == -1.0
    assert _asked_found("Who is the sponsor in Eastbay?", ROWS, [1.0, 0.5], TABLE_ROW, HEADERS) == -1.0
    assert _asked_found("Who is the sponsor in Southport?", ROWS, [1.0, 0.5], TABLE_ROW, HEADERS) == 0.0
    # A heading may name the role over the name it gives ("Principal Investigator" over "Ann Lee, Director").
    assert _asked_found("Who is the principal investigator?", ["Ann Lee, Director of the Centre"], [1.0],
                        section="Principal Investigator") == 0.0
    # Who is eligible, who pays: no role to look for.
    assert _asked_found("Who is eligible for the Northtown grant?", founded, [1.0, 0.5]) == 0.0
    assert _asked_found("Who pays for the venue?", founded, [1.0, 0.5]) == 0.0
    assert holds_role("fund", "Funding was provided by the Barr Foundation.")
    assert not holds_role("director", "The direction of travel is clear.")
    # A shorter word the role's word extends is another word, though the stemmer cuts both alike.
    assert not holds_role("officer", "Northtown | Mayor's Office | Deputy Mayor")
    assert holds_role("officer", "Two officers from each city attended.")


def test_a_number_counts_the_asked_nouns_head_not_a_word_qualifying_it() -> None:
    """"How many asylum applications were approved?": a form's number before "to request asylum"
    counts no applications (it had counted "asylum", and the question was answered), nor does a
    number before a word that only qualifies the asked noun."""
    asked = "asylum applications"
    assert not holds_quantity(asked, "Fill out Form I-730 to request asylum for your family member.")
    assert not holds_quantity(asked, "There were 30 asylum seekers in the hostel.")
    assert holds_quantity(asked, "Some 1,200 applications for asylum were approved.")
    assert holds_quantity(asked, "In all 40 asylum applications were approved.")
    assert holds_quantity("people", "It served 60 adults and 40 children.")  # any kind of people


def test_a_count_of_people_counts_the_kind_of_people_asked_for_when_it_says_they_are_those() -> None:
    """"How many residents ...?" is answered by "49,850 people ... 5.8% of residents", and "How many
    ARAP arrivals ...?" by "200 ARAP individuals" (probes on a census briefing and a council report
    had refused both); a count of people that says nothing of the asked ones does not answer, nor
    does one for families or households, which a count of people is not."""
    census = "Around 49,850 people did not speak English as their main language (5.8% of residents aged 3+)."
    assert holds_quantity("West Sussex residents", census)
    assert holds_quantity("Afghan ARAP arrivals", "The programme has supported 200 ARAP individuals to resettle.")
    overcrowded = "In West Sussex, 5.5% lived in overcrowded households, equivalent to nearly 48,000 people."
    assert not holds_quantity("refugees and asylum seekers", overcrowded)
    assert not holds_quantity("households", "Around 49,850 people in the households did not speak English.")
    # People named by their part ("Twelve representatives of the six cities attended ...") are people
    # counted: "How many people from the cities went on the US learning exchange?" had been refused.
    for counted in ("Twelve representatives of the six cities attended.", "It trained 40 staff and 12 councillors."):
        assert holds_quantity("people", counted)
    assert not holds_quantity("people", "Twelve offices and 40 applications were opened.")


def test_a_figure_the_question_gives_is_not_the_quantity_it_asks_for() -> None:
    """"How many days does a review take for orders above $25,000?" is not answered by a unit that
    says "$25,000" and no time: the question's own figure had counted as the asked amount."""
    asked = "How many days does the review take for orders above $25,000?"
    assert _asked_found(asked, ["Orders above $25,000 need a second review."], [1.0]) == -1.0
    assert _asked_found(asked, ["Orders above $25,000 are reviewed within 5 days."], [1.0]) == 1.0
    assert _asked_found("How much do orders above $25,000 cost?", ["Such orders cost $125,000."], [1.0]) == 1.0


def test_unseen_counts_the_retrieved_passages_only() -> None:
    """A chunk read only for an outline's labels (`Passage.retrieved` False) was not retrieved for
    the question: its words do not make the question's terms seen (they had answered a question
    the refusal had held back, and refused one it had let through)."""
    def unseen(*passages: Passage) -> float:
        units = [Unit(1, 0, 24, SENTENCE, "Northtown met in March.")]
        X = np.zeros((1, len(UNIT_FEATURES)))
        row = refusal_features(analyse("When did the taskforce meet?", PROGRAMME), units, X, np.zeros(1),
                               list(passages), Lexicon(["Northtown met in March.", "The taskforce advises."]).idf)
        return float(row[REFUSAL_FEATURES.index("unseen")])

    def passage(text: str, retrieved: bool) -> Passage:
        chunk = Chunk(id=text[:5], doc_id="d", source="r.md", title="Report", doc_type="report", year=None,
                      page=None, section="", start=0, end=len(text), text=text)
        return Passage(chunk, 1.0, retrieved=retrieved)

    met = passage("Northtown met in March.", True)
    assert unseen(met, passage("The taskforce advises.", False)) == unseen(met) > 0
    assert unseen(met, passage("The taskforce advises.", True)) < unseen(met)


def test_an_asked_measure_counts_only_in_a_passage_about_what_the_question_names() -> None:
    """"How much does a badge cost in Northtown?" is not answered by a fee in a passage about
    Southport: the measure must be in a passage that names the question's place or name, as a
    role's holder must ("The grant was £50,000 a year." answers for Northtown where its passage
    names Northtown). Probe questions asking a figure the documents did not give (a budget, a
    count of participants who were refugees) had been answered with another figure of the document."""
    texts = {"n": "Northtown runs a welcome hub. Its advice line is open on weekdays.",
             "s": "Southport charges a fee of £10 for a badge."}
    chunks = {k: Chunk(id=k, doc_id=k, source=f"{k}.md", title="Badges", doc_type="report", year=None, page=None,
                       section="Badges", start=0, end=len(t), text=t) for k, t in texts.items()}
    question = "How much does a badge cost in Northtown?"

    def found(keys: list[str]) -> float:
        passages = [Passage(chunks[k], 1.0) for k in keys]
        units = [Unit(n, 0, len(texts[k]), SENTENCE, texts[k]) for n, k in enumerate(keys, start=1)]
        X = np.zeros((len(units), len(UNIT_FEATURES)))
        row = refusal_features(analyse(question, PROGRAMME), units, X, np.ones(len(units)), passages,
                               Lexicon(list(texts.values())).idf)
        return float(row[REFUSAL_FEATURES.index("asked_found")])

    assert found(["n", "s"]) == -1.0
    chunks["s"] = replace(chunks["s"], section="Badges in Northtown")
    assert found(["n", "s"]) == 1.0
