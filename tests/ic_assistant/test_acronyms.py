"""Acronyms the documents define: a question naming a body in full finds the passage that uses its
letters, and the other way round."""

from __future__ import annotations

from ic_assistant.acronyms import defined_acronyms, expanded
from ic_assistant.extractive import Lexicon

TEXTS = [
    "The Cambridge Refugee Resettlement Campaign (CRRC) was founded in 2015. CRRC had 147 active volunteers.",
    "Laptops came from the Department for Education (DfE) in 2021.",
    "The Centre on Migration, Policy and Society (COMPAS) hosts the work.",
    "Write an IT Security Incident Management (ITSIM) plan first.",
    "Reported results (Strengths) and non-governmental organisations (NGOs) are no definitions here.",
]


def test_definitions_are_read_from_the_documents() -> None:
    """The words before "(ACR)" whose initials spell it, minor words passed over or not, a word in
    capitals giving all its letters; a bracketed word that no name before it spells is none."""
    assert defined_acronyms(TEXTS) == {
        "CRRC": "Cambridge Refugee Resettlement Campaign",
        "DfE": "Department for Education",
        "COMPAS": "Centre on Migration, Policy and Society",
        "ITSIM": "IT Security Incident Management",
    }


def test_a_query_gets_the_other_form_of_each_name_it_uses() -> None:
    acronyms = defined_acronyms(TEXTS)
    assert expanded("How many volunteers did the Cambridge Refugee Resettlement Campaign have?", acronyms).endswith(
        "have? CRRC")
    assert expanded("Who approves the ITSIM plan?", acronyms) == "Who approves the ITSIM plan? IT Security Incident Management"
    assert expanded("What did the DfE and the Department for Education do?", acronyms) == (
        "What did the DfE and the Department for Education do?")  # both forms there already
    assert expanded("Who funds the programme?", acronyms) == "Who funds the programme?"
    assert expanded("Who approves the ITSIM plan?", {}) == "Who approves the ITSIM plan?"


def test_the_lexicon_built_at_ingest_carries_the_definitions() -> None:
    assert Lexicon(TEXTS).acronyms["CRRC"] == "Cambridge Refugee Resettlement Campaign"


def test_a_lexicon_saved_before_acronyms_were_read_is_built_again(tmp_path) -> None:  # noqa: ANN001
    from ic_assistant.lexicon_file import load_lexicon, save_lexicon

    old = Lexicon(TEXTS)
    del old.acronyms  # as a version that read none pickled it
    save_lexicon(old, "g1", tmp_path / "lexicon.pickle")
    assert load_lexicon(tmp_path / "lexicon.pickle", "g1") is None
    save_lexicon(Lexicon(TEXTS), "g1", tmp_path / "lexicon.pickle")
    assert load_lexicon(tmp_path / "lexicon.pickle", "g1").acronyms["DfE"] == "Department for Education"
