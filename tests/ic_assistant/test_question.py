"""Question analysis: kind, negation, counts, entities and follow-ups, with a programme from data."""

from __future__ import annotations

import pytest

from ic_assistant.programme import Entity, Period, Programme
from ic_assistant.question import analyse, as_asked, question_kind, questions_in, statements_and_question

PROGRAMME = Programme(
    entities=(Entity("Northtown", "city"), Entity("Southport", "city")),
    periods=(Period("Stage 1", 2010, 2012, ("first stage",)),),
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did the second stage start?", "when"),
        ("How many councils joined?", "how_many"),
        ("Who funded the work?", "who"),
        ("Which department hosts the project?", "who"),
        ("Why did councils find the plans useful?", "why"),
        ("What are the four categories of criteria?", "list"),
        ("What is a welcoming city?", "definition"),
        ("How did councils involve employers?", "how"),
        ("What did participants say about the visits?", "opinion"),
        ("Where did the first meeting take place?", "where"),
        ("Which council department leads the work?", "who"),
        # The person or council is the subject here, not what is asked for.
        ("What does a person with low literacy find hard?", None),
        ("What does my council have to commit to?", None),
        # "According to" names where to look, not whose views: the question keeps its own kind.
        ("Where can I read more, according to the service manual?", "where"),
        ("When did the order come in, according to the timeline?", "when"),
        # A follow-up's conjunction comes before its own opening: it asks a place, not the topic's kind.
        ("And where is it commonly used?", "where"),
        ("But why did it end?", "why"),
        ("And in Northtown?", None),  # no kind of its own: a follow-up takes the earlier question's
        # A time named after what/which, with or without its preposition, asks when.
        ("In which year did the second stage begin?", "when"),
        ("Which year did the second stage begin?", "when"),
        ("On what date was the report published?", "when"),
        ("Over what period did the programme run?", "when"),
        # A deadline asked for is a date; what happens after one is not ("when" had left out the consequence).
        ("What is the application deadline for the grant?", "when"),
        ("What happens if I miss the deadline?", None),
        # So are the dates or year of something asked as "What were the (exact) dates of ...?"; a date's
        # format is no date.
        ("What were the exact dates of the second working group meeting?", "when"),
        ("What was the year the programme began?", "when"),
        ("What is the date format?", "definition"),
        ("Which cities joined?", "list"),
        # A measure asked as a noun asks how many (`Question.quantity` reads the same words).
        ("What is the number of officials each town keeps?", "how_many"),
        ("What is the budget process?", "definition"),
        # "What are the X?" asks for the Xs, whatever the noun: no sentence defines "the national
        # curriculum subjects", and read as a definition every unit had missed its kind.
        ("What are the compulsory national curriculum subjects?", "list"),
        ("What were the benefits for landlords?", "list"),
        ("What are welcoming cities?", "definition"),
        # "What is/was the X of Y?" asks for an attribute of Y, not for a term to define: every unit
        # had missed the kind and the question tipped into refusal. A name may hold "of" or "on".
        ("What is the overall aim of the devolution project?", None),
        ("What was done at the last meeting of the first stage?", None),
        ("What was the median age in Northtown in 2016?", None),
        ("What is a data steward typically responsible for?", None),
        ("What is the Global Exchange on Migration and Diversity?", "definition"),
        ("What is the Welcome Framework?", "definition"),
        ("What was the biggest challenge?", None),
        ("What is the main aim?", None),
        # "What six goals ...?" asks for six things, as "What are the six goals ...?" does.
        ("What six goals does the agenda set out?", "list"),
        ("What one thing should a council do first?", None),
        # A frame set before the question: its kind is read where the question opens. Not a
        # definition: "what are their duties" asks about the frame's term, which it does not name.
        ("In the county-wide religion table, how many people stated they had no religion?", "how_many"),
        ("Of the residents whose first language is not English, how many said they speak it well?", "how_many"),
        ("stage 2 - who is the lead officer?", "who"),
        ("Tell me about the study trip - when was it?", "when"),
        ("data custodian - what are their duties?", None),
        # A scene set by "When/Where <clause>," comes before the question: "when" opens no question of
        # its own there. "When was ..., and how long ...?" opens with one.
        ("When the pension office looks at a veteran's money, what kinds of income do they count?", None),
        ("When the first stage was being planned, how many cities did they hope to sign up?", "how_many"),
        ("Where a council has no strategy yet, who should lead the work?", "who"),
        ("When was the study trip, and how long was it?", "when"),
        ("What does ESOL stand for?", "definition"),  # what the letters stand for: what ESOL is
    ],
)
def test_kind(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_negation_count_subject_and_entities() -> None:
    q = analyse("What did not work so well in Northtown during the first stage?", PROGRAMME)
    assert q.negated and q.entities == ("Northtown",) and q.periods == {"Stage 1"}
    assert "northtown" not in q.terms  # names are matched as entities, not as terms
    assert analyse("What were the weaknesses of the plans?", PROGRAMME).negated
    assert not analyse("What worked well in the plans?", PROGRAMME).negated
    assert analyse("What are the five areas of action?", PROGRAMME).count == 5
    # A number in a phrase of time or place says when or with whom, not how many things are asked for.
    assert analyse("How did the cities keep in touch over the two years?", PROGRAMME).count is None
    assert analyse("Who hosted the exchange with the two partner cities?", PROGRAMME).count is None
    assert analyse("What were the two aims of the exchange?", PROGRAMME).count == 2
    assert analyse("What six goals does the agenda set out?", PROGRAMME).count == 6
    assert analyse("Which three priorities come first?", PROGRAMME).count == 3
    # A clause may set the scene before it: the six things asked for are still six.
    assert analyse("If a family has nowhere to stay and emails the team, what six pieces of information should "
                   "the email include?", PROGRAMME).count == 6
    # The question names what it asks for before the count, which counts something else.
    assert analyse("In which cities were the three working group meetings held?", PROGRAMME).count is None
    assert analyse("Which partners attended the two meetings?", PROGRAMME).count is None
    assert analyse("What is the Welcome Framework?", PROGRAMME).subject == "Welcome Framework"
    assert analyse("Which rules does the CDDO monitor?", PROGRAMME).proper == ("CDDO",)
    # A name in any Latin script is read whole ("Caf" had been a name no document uses: refused).
    assert analyse("What did they decide about the Sutton Memory Café?", PROGRAMME).proper == ("Sutton Memory Café",)


def test_a_question_typed_without_capitals_still_names_the_programmes_entities() -> None:
    assert analyse("who is the mayor of northtown", PROGRAMME).entities == ("Northtown",)
    assert analyse("Who is the mayor of northtown?", PROGRAMME).entities == ("Northtown",)  # a phone's capital
    assert analyse("Who is the mayor of Northtown?", PROGRAMME).entities == ("Northtown",)
    assert analyse(as_asked("WHO IS THE MAYOR OF NORTHTOWN"), PROGRAMME).entities == ("Northtown",)
    # Where the question has capitals, case tells a name from a word.
    assert analyse("Who sails from the southport of Northtown?", PROGRAMME).entities == ("Northtown",)


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("how did the cities keep in touch", "how did the cities keep in touch?"),
        ("  What is a welcoming city ", "What is a welcoming city?"),
        ("What is a welcoming city?", "What is a welcoming city?"),
        ("Tell me about the funding.", "Tell me about the funding."),
        ("Who said 'welcome!'", "Who said 'welcome!'"),
        ("", ""),
        # A request wrapped round the question: the question is what follows.
        ("Can you tell me who funded the work?", "Who funded the work?"),
        ("please tell me how many councils joined", "How many councils joined?"),
        ("I'd like to know when the second stage started.", "When the second stage started."),
        ("Could you please tell me if Northtown was a member?", "Northtown was a member?"),
        ("Do you know which cities took part, please?", "Which cities took part?"),
        ("Tell me about the funding", "Tell me about the funding?"),  # no question inside to read
        ("Can you help?", "Can you help?"),
        # ... its question in a statement's order ("what X is"), and a request to explain or describe.
        ("Can you tell me what the Welcome Charter is?", "What is the Welcome Charter?"),
        ("Could you explain what a taskforce is?", "What is a taskforce?"),
        ("Do you know who the sponsor in Northtown was?", "Who was the sponsor in Northtown?"),
        ("Could you explain why the cities joined?", "Why the cities joined?"),
        # Words that say how to answer, not what: set off by commas, or where nothing else stands.
        ("What is the Welcome Charter, in a nutshell?", "What is the Welcome Charter?"),
        ("In short, what did the first phase achieve?", "What did the first phase achieve?"),
        ("What, briefly, is a taskforce?", "What is a taskforce?"),
        ("What exactly is a taskforce?", "What is a taskforce?"),
        ("What is a taskforce exactly?", "What is a taskforce?"),
        ("Roughly how many councils took part?", "How many councils took part?"),
        ("How many councils took part, roughly?", "How many councils took part?"),
        ("Quick question: who funds the work?", "Who funds the work?"),
        ("In total, how many pages should be tested?", "How many pages should be tested?"),
        ("What was the overall budget?", "What was the overall budget?"),  # no hedge
        ("Which items are in short supply?", "Which items are in short supply?"),  # no hedge
        # A greeting before it, thanks after it.
        ("Hi! Who funded the work?", "Who funded the work?"),
        ("Hello there, which cities took part? Many thanks.", "Which cities took part?"),
        ("Who funded the work, thanks", "Who funded the work?"),
        ("Thanks for the help", "Thanks for the help?"),  # nothing but thanks: read as it is
        ("Hey", "Hey?"),
        # Contracted, with a straight or a curly apostrophe, or none.
        ("What\u2019s the Welcome Framework?", "What is the Welcome Framework?"),
        ("whats a welcoming city", "what is a welcoming city?"),
        ("Who're the partners?", "Who are the partners?"),
        ("Whose plan is it?", "Whose plan is it?"),
        # In capitals throughout, case tells nothing: read in lower case.
        ("WHO FUNDED THE WORK IN NORTHTOWN", "Who funded the work in northtown?"),
    ],
)
def test_a_question_is_read_as_the_dev_questions_are_written(typed: str, asked: str) -> None:
    assert as_asked(typed) == asked


def test_an_acronym_is_a_term_even_where_it_spells_a_function_word() -> None:
    """"US" is the United States, not "us"; "IT" is a service, not "it". A question in capitals
    throughout has no acronyms to tell apart."""
    assert "us" in analyse("What did the US learning exchange involve?", PROGRAMME).terms
    assert "it" in analyse("Who pays for IT support?", PROGRAMME).terms
    assert "us" not in analyse("Can you send us the plans?", PROGRAMME).terms
    assert "it" not in analyse("WHO PAYS FOR IT?", PROGRAMME).terms


def test_followup_keeps_the_topic_and_takes_its_own_contrast() -> None:
    history = ["What worked well in the action planning?"]
    q = analyse("And what did not work so well?", PROGRAMME, history)
    assert q.followup and q.negated
    assert {"action", "plan"} <= q.terms
    assert "action planning" in q.standalone
    # the contrast replaces the predicate it contrasts with: the standalone question retrieval reads
    # does not ask what worked well as well
    assert q.standalone == "What in the action planning? And what did not work so well?"
    same = analyse("And who hosted the second one?", PROGRAMME, ["Who hosted the first meeting?"])
    assert same.standalone == "Who hosted the first meeting? And who hosted the second one?"  # no contrast: all of it


def test_followup_replaces_the_entity() -> None:
    q = analyse("And in Southport?", PROGRAMME, ["Which department hosts the project in Northtown?"])
    assert q.entities == ("Southport",)
    assert q.standalone == "Which department hosts the project in Southport?"
    assert not q.negated and q.kind == "who"


def test_a_new_question_is_not_a_followup() -> None:
    q = analyse("Which department hosts the project in Northtown?", PROGRAMME, ["What is the programme?"])
    assert not q.followup and q.standalone == "Which department hosts the project in Northtown?"


def test_a_later_question_of_a_message_is_read_with_the_one_before_unless_it_names_its_own() -> None:
    """"... does the new project really talk about climate refugees? what's the link supposed to be":
    the second question of a message asks about the first's topic though no pronoun points back
    (read alone, it had been refused). One naming an entity or a name of its own stands alone."""
    earlier = "Does the new project really talk about climate refugees?"
    later = "What is the link supposed to be?"
    alone, joined = analyse(later, PROGRAMME, [earlier]), analyse(later, PROGRAMME, [earlier], joined=True)
    assert not alone.followup and alone.standalone == later
    assert joined.followup and joined.standalone == f"{earlier} {later}"
    for named in ("What is the unemployment rate in Northtown?", "Who chairs the Welcome Board?"):
        q = analyse(named, PROGRAMME, [earlier], joined=True)
        assert not q.followup and q.standalone == named, named


def test_a_question_opening_with_so_goes_on_from_the_one_before() -> None:
    """"So what other ways of getting better data does the page suggest?" after a question about why
    survey figures are unreliable: read alone it named no topic the documents answer, and was refused."""
    earlier = "Why are survey figures for Travellers unreliable?"
    q = analyse("So what other ways of getting better data does the page suggest?", PROGRAMME, [earlier])
    assert q.followup and q.standalone.startswith(earlier)


@pytest.mark.parametrize(
    ("earlier", "followup", "standalone", "count"),
    [
        ("What are the four pillars of the Welcome Charter?", "And the values?",
         "What are the values of the Welcome Charter?", None),
        ("Who is the lead officer for the project in Northtown?", "What about the funder?",
         "Who is the funder for the project in Northtown?", None),
        ("What were the aims of the pilot?", "And the three outcomes?",
         "What were the three outcomes of the pilot?", 3),
        # the same question of another thing: read with the earlier one whole, it had been answered
        # with the five principles again
        ("What are the five core principles in the framework?", "And what are the five core areas of action?",
         "What are the five core areas of action in the framework?", 5),
    ],
)
def test_a_noun_phrase_followup_takes_the_place_of_what_was_asked_for(
    earlier: str, followup: str, standalone: str, count: int | None
) -> None:
    """"And the values?" asks the earlier question about the values: the pillars, their count and
    their words go (else a list of four pillars still answers it), the topic stays."""
    q = analyse(followup, PROGRAMME, [earlier])
    assert q.followup and q.standalone == standalone and q.count == count
    old = analyse(earlier, PROGRAMME).terms - analyse(standalone, PROGRAMME).terms
    assert old and not old & q.terms


def test_a_followup_with_a_verb_of_its_own_keeps_what_was_asked_for() -> None:
    q = analyse("And what did not work so well?", PROGRAMME, ["What are the five strengths of the plans?"])
    assert q.count == 5 and "strength" in q.terms
    q = analyse("And in Southport?", PROGRAMME, ["Who is the lead officer in Northtown?"])
    assert q.standalone == "Who is the lead officer in Southport?"


@pytest.mark.parametrize(
    ("earlier", "followup", "kind"),
    [
        ("Where was the first meeting of the Northtown taskforce held?", "What was that meeting meant to achieve?",
         None),
        ("When did Northtown host the cities?", "And what was that meeting for?", None),
        ("When was the first meeting of the taskforce?", "How did it go?", "how"),
        ("Where was the first meeting of the taskforce held?", "And in Southport?", "where"),  # a fragment
        ("When was the first meeting of the taskforce?", "And how?", "when"),
    ],
)
def test_only_a_fragment_takes_the_earlier_questions_kind(earlier: str, followup: str, kind: str | None) -> None:
    """A follow-up with a wh-word and a verb of its own asks its own question: read as the earlier
    question's "where", a probe's "What was that meeting meant to achieve?" had every unit of the
    meeting's aims miss its kind, and was answered with the meeting's place again."""
    q = analyse(followup, PROGRAMME, [earlier])
    assert q.followup and q.kind == kind


def test_a_noun_phrase_followup_to_a_definition_keeps_its_subject() -> None:
    """"What is the Welcome Charter?" names its topic, not a thing asked about it: "And the
    budget?" is read with it, not as "What is the budget?"."""
    q = analyse("And the budget?", PROGRAMME, ["What is the Welcome Charter?"])
    assert "Welcome Charter" in q.standalone and "budget" in q.standalone
    assert {"welcom", "charter", "budget"} <= q.terms


@pytest.mark.parametrize(
    ("question", "subject", "terms"),
    [
        ("How does the council define integration?", "integration", {"council", "integr"}),
        ("How is community cohesion defined?", "community cohesion", {"communiti", "cohes"}),
        ("How are newcomers defined in the plan?", "newcomers", {"newcom", "plan"}),
        ("What is meant by a welcoming city?", "welcoming city", {"welcom", "citi"}),
        ("What does the term sanctuary mean?", "sanctuary", {"sanctuari"}),
        ("What is the Welcome Charter?", "Welcome Charter", {"welcom", "charter"}),
    ],
)
def test_a_definition_asked_in_other_words_is_read_as_one(question: str, subject: str, terms: set[str]) -> None:
    """"How does X define Y?" asks what Y is, not how something is done: read as "how", a sentence
    saying what Y is had no kind of its own to match and lost to one about the definer. The words of
    the asking ("define", "meant", "the term") are no terms: the definition need not use them."""
    q = analyse(question, PROGRAMME)
    assert (q.kind, q.subject, set(q.terms)) == ("definition", subject, terms)


@pytest.mark.parametrize(
    ("question", "quantity"),
    [
        ("How many members sit on the Northtown taskforce?", "members"),
        ("How much money does each council get?", "amount"),
        ("How much did the contract cost?", "amount"),
        ("How long did the first phase last?", "duration"),
        ("What percentage of respondents were satisfied?", "share"),
        ("What proportion of adults struggle with it?", "share"),
        ("How often will the council review the plan?", "frequency"),
        ("What number of towns joined?", "towns"),
        ("What amount was spent on laptops?", "amount"),
        # The same asked as "What is the <measure> of ...?", where the noun heads its phrase.
        ("What is the population of Northtown?", "population"),
        ("What was the total budget for the welcome hub?", "amount"),
        ("What fee does the council charge?", "amount"),
        ("What are the fines for late returns?", "amount"),
        ("What is the length of the review?", "duration"),
        ("What is the rate of take-up?", "share"),
        ("What was the total number of towns?", "towns"),
        # Its owner or kind may come first; a word that joins phrases ends that run.
        ("What is the FY2023 adopted General Fund budget for the library?", "amount"),
        ("What is the Free Library's General Fund budget for fiscal year 2024?", "amount"),
        ("What is the total award allocation from the Treasury?", "amount"),
        ("What is the role of the budget for towns?", None),
        # A rate, percentage or proportion after its kind is a share as well.
        ("What was the unemployment rate for foreign-born workers in 2020?", "share"),
        ("What is the response rate?", "share"),
        ("What is the interest rate on the council's loan?", "share"),
        ("What is the budget process?", None),
        ("What funding is available to towns?", None),
        ("What did the taskforce do?", None),
        ("How did Northtown involve employers?", None),
        # The counted noun phrase, to its plural noun, not the adjective before it or the verb after it.
        ("How many extra devices did the service announce?", "extra devices"),
        ("How many local authorities will the project work with?", "local authorities"),
        ("How many people from the towns went on the exchange?", "people"),
        ("How many children actually received a laptop?", "children"),
        # A share of a group counts the group: "how many of the participants" counts participants.
        ("In the research, how many of the participants were refugees?", "participants"),
        # A word that is no plural, before an object or "to", is the verb: the counted noun is left out.
        ("Of the newcomers, how many struggle to speak it?", None),
        ("How many live there?", None),
        # ... and before the clause it says ("said they were"): "said they" is no counted noun.
        ("In the profile of residents, how many said they were unpaid carers?", None),
        ("How many said yes to the second question?", None),
        ("How many council tax bands are there?", "council tax bands"),
        # "How much" measures money (or, before its verb, whatever is asked: "How much does it cost?"),
        # time, or nothing at all.
        ("How much time does the review take?", "duration"),
        ("How much of the budget goes on staff?", "amount"),
        ("How much attention does integration get in national policy?", None),
        # The money noun after the words that say whose or what for.
        ("How much Home Office funding did Northtown get per family?", "amount"),
        ("How much hardship money went to households?", "amount"),
        # A topic set before the question: the measure is read where the question opens, as its kind is.
        ("NHS charging - what percentage of the cost can a trust bill?", "share"),
        ("And what about mobile coverage - what share of households get 4G?", "share"),
        ("Of the people who answered, what share go there weekly?", "share"),
        ("How much support did the towns get from each other?", None),
    ],
)
def test_quantity_is_what_a_how_many_question_asks_to_be_measured(question: str, quantity: str | None) -> None:
    assert analyse(question, Programme()).quantity == quantity


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the number of officials each town keeps on the project?", "how_many"),
        ("What was the target number of towns to recruit?", "how_many"),
        ("What was the total budget for the welcome hub?", "how_many"),
        ("What fee does the council charge?", "how_many"),
        ("What is the population of Northtown?", "how_many"),
        # Not a measure: still what it was.
        ("What is the budget process?", "definition"),
        # A thing's attribute is asked for, not a term defined ("phone number of the welcome hub").
        ("What is the phone number of the welcome hub?", None),
        # A measure asked later in the question does not make the whole of it one: it asks which awards.
        ("What awards did he give out, and how often?", "list"),
        # "What" before a plural noun asks which ones, as "which" does; before a verb it does not.
        ("What cities were involved in the first phase?", "list"),
        ("What reports came out in 2018?", "list"),
        ("What happens if I miss the deadline?", None),
        ("What progress was made?", None),
    ],
)
def test_a_measure_asked_as_what_is_the_noun_of_asks_how_many(question: str, kind: str | None) -> None:
    """A number answers "What is the number of officials ...?", not a sentence defining it."""
    q = analyse(question, Programme())
    assert q.kind == kind
    assert (q.subject is None) == (kind != "definition")


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who is the director of the Northtown welcome office?", "director"),
        ("Who was Northtown's strategic sponsor for the project?", "sponsor"),
        ("Who is the lead officer for resettlement at the council?", "officer"),
        ("Who is the mayor?", "mayor"),
        ("Who chairs the taskforce meetings?", "chair"),
        ("Who led the evaluation?", "lead"),
        ("Who funds the welcome hub?", "fund"),
        ("Who is funding the new devolution project?", "fund"),  # the verb's "-ing" after an auxiliary
        ("who's leading the taskforce?", "lead"),
        ("Who is funded by the programme?", None),  # the passive asks whom the money goes to
        ("What is the name of Northtown's operational lead for the project?", "lead"),
        ("What is the name of the welcome hub?", None),
        # No role: anyone at all, what a thing is for, a name, a verb a text says in other words.
        ("Who are the two people each city nominates?", None),
        ("Who is the guide for?", None),
        ("Who is the Welcome Framework intended for?", None),
        ("Who is eligible for free school meals?", None),
        ("Who runs the destitution fund?", None),
        ("Who paid for the programme?", None),
        ("What is the role of the taskforce?", None),
    ],
)
def test_role_is_what_a_who_question_asks_the_holder_of(question: str, role: str | None) -> None:
    assert analyse(question, PROGRAMME).role == role


def test_a_followup_keeps_the_quantity_only_while_it_asks_the_same_kind() -> None:
    earlier = ["How many members sit on the Northtown taskforce?"]
    assert analyse("And in Southport?", PROGRAMME, earlier).quantity == "members"
    assert analyse("Who leads it?", PROGRAMME, earlier).quantity is None  # a "who" question of its own
    # Its counted noun left out, a "how many" follow-up counts what the earlier question did.
    assert analyse("And how many would leave it?", PROGRAMME, earlier).quantity == "members"
    assert analyse("How many would leave it?", PROGRAMME).quantity is None
    # So with a past tense and an article after it ("got a distinction" had been the counted noun, and
    # the follow-up was refused); a past tense before a noun qualifies it.
    assert analyse("And how many got a distinction?", PROGRAMME, earlier).quantity == "members"
    assert analyse("And how many attended the launch?", PROGRAMME, earlier).quantity == "members"
    assert analyse("How many unaccompanied children were placed?", PROGRAMME).quantity == "unaccompanied children"
    assert analyse("How many speed bumps were built?", PROGRAMME).quantity == "speed bumps"


@pytest.mark.parametrize(
    ("typed", "statements", "question"),
    [
        ("Hi, I'm new to the programme. I work for a city council. What should we do first?",
         ["I'm new to the programme.", "I work for a city council."], "What should we do first?"),
        ("I work for Northtown council. what did the council do?", ["I work for Northtown council."],
         "what did the council do?"),
        ("We are reviewing our plan. In which cities were the meetings held?", ["We are reviewing our plan."],
         "In which cities were the meetings held?"),
        ("Thanks. Can you tell me who funded it?", ["Thanks."], "Can you tell me who funded it?"),
        ("I work at the agency. How does the U.S. Department publish data?", ["I work at the agency."],
         "How does the U.S. Department publish data?"),  # the question opens at "How", not at "Department"
        ("Hello! Who funded the work?", [], "Who funded the work?"),  # a greeting alone is no statement
        ("What did the court decide in Walters v. Reno?", [], "What did the court decide in Walters v. Reno?"),
        ("What is the plan? Who leads it?", [], "What is the plan? Who leads it?"),
        ("I work for a council. Tell me about the funding", [], "I work for a council. Tell me about the funding"),
    ],
)
def test_statements_typed_before_a_question_are_told_from_it(typed: str, statements: list[str], question: str) -> None:
    assert statements_and_question(typed) == (statements, question)


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        ("What is the plan? Who leads it?", ["What is the plan?", "Who leads it?"]),
        ("I work for a council. Who funds the programme? when did it start? Thanks!",
         ["I work for a council. Who funds the programme?", "when did it start? Thanks!"]),
        ("Who funds it? Also list the phases.", ["Who funds it?", "Also list the phases."]),  # a request asks too
        ("What did the court decide in Walters v. Reno?", ["What did the court decide in Walters v. Reno?"]),
        ('Why is "Who decides?" a hard question?', ['Why is "Who decides?" a hard question?']),  # no sentence after it
        ("Who funds it?", ["Who funds it?"]),
        # joined by ", and <wh-word>": the second is read as a follow-up, statements stay with the first
        ("I run a dataset. How should I publish it, and why?", ["I run a dataset. How should I publish it?", "And why?"]),
        ("What does it involve, and where is it used? Who leads it?",
         ["What does it involve?", "And where is it used?", "Who leads it?"]),
        ("Between whom, and why?", ["Between whom, and why?"]),  # the first part is too short to ask alone
        # no comma: split where the second asks in its own order, typed with no '?' or as "whats" too
        ("What is a CRN and what is it used for?", ["What is a CRN?", "And what is it used for?"]),
        ("how many vans does it have and how many stops do they do",
         ["how many vans does it have?", "And how many stops do they do?"]),
        ("whats the network and how is the programme linked to it?",
         ["what is the network?", "And how is the programme linked to it?"]),
        ("When and where did they meet?", ["When and where did they meet?"]),  # one question of two kinds
        ("What did the cities and the partners agree?", ["What did the cities and the partners agree?"]),
        ("Who leads it and what they do?", ["Who leads it and what they do?"]),  # no question after "and"
        ("Thanks, and what about the phases?", ["Thanks, and what about the phases?"]),  # the first part asks nothing
        # a topic set before the first: it stays with the first, and the next reads it as a follow-up does
        ("first cohort - how long did it run and how many councils were in it?",
         ["first cohort - how long did it run?", "And how many councils were in it?"]),
        ("In Northtown, which department hosts it, and who is the sponsor?",
         ["In Northtown, which department hosts it?", "And who is the sponsor?"]),
        ("Northtown, and who is the sponsor?", ["Northtown, and who is the sponsor?"]),  # a topic that asks nothing
    ],
)
def test_a_message_of_several_questions_is_split_into_them(message: str, questions: list[str]) -> None:
    assert questions_in(message) == questions


def test_a_statement_before_a_question_is_context_only_where_the_question_needs_it() -> None:
    """Read as an earlier turn: a statement that asks nothing of the documents is left out, so its
    words do not pull the evidence their way; one naming an entity the question does not, or
    before a question leaning on it (a pronoun, too little of its own), is lent to it. The
    question keeps its own kind either way."""
    alone = analyse("Who funded the first stage of the project?", PROGRAMME)
    after = analyse("Who funded the first stage of the project?", PROGRAMME, ["I work for a city council."])
    assert after == alone
    named = analyse("Who was the strategic sponsor?", PROGRAMME, ["I work for Northtown council."])
    assert named.standalone == "I work for Northtown council. Who was the strategic sponsor?"
    assert (named.kind, named.entities, named.followup) == ("who", ("Northtown",), True)
    leaning = analyse("How should I publish it?", PROGRAMME, ["I have a dataset broken down by ward."])
    assert leaning.standalone == "I have a dataset broken down by ward. How should I publish it?"
    assert leaning.kind == "how" and {"dataset", "ward"} <= leaning.terms
    vague = analyse("What should we do first?", PROGRAMME, ["Our council is joining the network."])
    assert vague.standalone.startswith("Our council is joining the network.")
    # After a statement and an earlier question, a follow-up still reads the question before it.
    followup = analyse("And in Southport?", PROGRAMME, ["Who leads the work in Northtown?", "I am new here."])
    assert followup.entities == ("Southport",) and followup.kind == "who"


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("What was the budget for 2021-22?", {2021, 2022}),
        ("How much was allocated in FY2024?", {2024}),
        ("How many families were supported in 2019/20?", {2019, 2020}),
        ("What was the bursary in the 2023 to 2024 academic year?", {2023, 2024}),
        ("What did the FY24 plan fund?", {2024}),
        ("How many people signed the petition of 2000 signatures?", {2000}),
        ("How much is £2020 in euros?", set()),
        ("How many towns joined?", set()),
    ],
)
def test_a_question_names_the_years_it_asks_about(question: str, years: set[int]) -> None:
    assert analyse(question, Programme()).years == years


def test_a_period_after_after_or_before_before_asks_about_its_neighbour() -> None:
    """"What happened after the first stage?" is answered by what the second stage did: read as
    about the first stage, its units had won on the period feature and the second stage's had lost."""
    stages = Programme(periods=(Period("Stage 2", 2012, 2015, ("second stage",)),
                                Period("Stage 1", 2010, 2012, ("first stage",))))
    assert analyse("What happened after the first stage?", stages).periods == {"Stage 2"}
    assert analyse("What came after the end of the first stage?", stages).periods == {"Stage 2"}
    assert analyse("What did towns do before the second stage?", stages).periods == {"Stage 1"}
    assert analyse("What worked in the first stage?", stages).periods == {"Stage 1"}
    assert analyse("What happened after the second stage?", stages).periods == frozenset()  # none follows


def test_a_question_states_its_own_figures_and_what_was_done_to_what_it_counts() -> None:
    # The refusal reads both: a figure the question gives is not what it asks for, and a number may
    # count the deed's noun ("issuances" for "issued").
    asked = analyse("How many blue cards were issued to earners above 45,300 in 2022?", PROGRAMME)
    assert asked.figures == ("45,300", "2022")
    assert asked.done == "issued"
    assert analyse("How many members sit on the taskforce?", PROGRAMME).done == ""
    # A follow-up's are its own: the earlier question's figures are not restated by it.
    followup = analyse("And how many were renewed?", PROGRAMME, ["How many cards were issued in 2022?"])
    assert (followup.figures, followup.done) == ((), "renewed")


def test_a_question_naming_too_little_goes_on_from_the_one_before_without_a_pronoun() -> None:
    # "How many people went?" says what it counts but not of what; read alone it had been refused.
    earlier = ["Which towns did the Northtown delegation visit on the study trip?"]
    went = analyse("How many people went?", PROGRAMME, earlier)
    assert went.followup and {"deleg", "trip", "peopl"} <= went.terms and went.quantity == "people"
    assert analyse("Who was the sponsor?", PROGRAMME, earlier).followup
    # A question that names its own topic is read alone, pronoun or not.
    assert not analyse("Who funds the programme?", PROGRAMME, earlier).followup
    assert not analyse("What is the Welcome Charter?", PROGRAMME, earlier).followup


def test_a_fragment_follow_up_naming_another_place_asks_the_earlier_question_of_it() -> None:
    """Places the programme file does not list are swapped as its entities are: "And in Worthing?"
    after a question about Crawley had been read as both ("... in Crawley ...? And in Worthing?"),
    and answered with Crawley's figure. The name after the same preposition is replaced, or the
    earlier question's only name; when neither tells which, the two are read together."""
    q = analyse("And in Westford?", PROGRAMME, ["How many people in Eastbay speak Polish?"])
    assert q.standalone == "How many people in Westford speak Polish?"
    assert "eastbay" not in q.terms and "westford" in q.terms and q.kind == "how_many"
    q = analyse("What about Westford Borough Council?", PROGRAMME, ["What did Eastbay Council say about skills?"])
    assert q.standalone == "What did Westford Borough Council say about skills?"
    q = analyse("What about Romanian?", PROGRAMME, ["How many people in Eastbay speak Polish?"])
    assert "Eastbay" in q.standalone and "Polish" in q.standalone  # which name it replaces is unclear
    q = analyse("And in Southport?", PROGRAMME, ["Who is the sponsor in Northtown?"])
    assert q.standalone == "Who is the sponsor in Southport?"  # the programme's entities, as before
