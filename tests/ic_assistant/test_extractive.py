"""The extractive backend's sentence choice, on small passages written here, with the real model."""

from __future__ import annotations

import pytest

from ic_assistant.config import AnswerSettings
from ic_assistant.extractive import ExtractiveBackend, Lexicon
from ic_assistant.types import Chunk, Passage


def _passage(text: str, section: str = "Introduction", title: str = "A report", n: int = 0) -> Passage:
    chunk = Chunk(
        id=f"c{n}", doc_id="d", source="report.pdf", title=title, doc_type="report", year=2019,
        page=1, section=section, start=0, end=len(text), text=text,
    )
    return Passage(chunk=chunk, score=1.0 / (n + 1), dense_score=0.5)


@pytest.fixture
def backend(embedder) -> ExtractiveBackend:  # noqa: ANN001
    return ExtractiveBackend(AnswerSettings(min_support=0.0), embedder, Lexicon(["filler text"] * 5))


def _quoted(backend: ExtractiveBackend, question: str, passages: list[Passage]) -> list[str]:
    draft = backend.generate(question, passages)
    return [text for text, _ in draft.claims]


def test_a_phase_question_is_not_answered_from_the_other_phase(backend: ExtractiveBackend) -> None:
    passages = [
        _passage("The second phase of the programme was funded by the Rowntree Trust."),
        _passage("The programme ran from 2017 to 2019 and was funded by the Hamlyn Fund.", n=1),
    ]
    claims = _quoted(backend, "Who funded the first phase of the programme?", passages)
    assert claims and "Hamlyn" in claims[0]
    assert not any("Rowntree" in c for c in claims)


def test_phase_years_count_as_the_phase(backend: ExtractiveBackend) -> None:
    passages = [
        _passage("Additional cities that joined phase two (2019-2023) are Belfast, Coventry and Sheffield."),
        _passage("The founder cities (2017-2019) were: Bristol, Cardiff and Glasgow.", n=1),
    ]
    claims = _quoted(backend, "Which cities took part in the first phase?", passages)
    assert claims[0].startswith("The founder cities")
    assert not any("Belfast" in c for c in claims)


def test_a_cities_question_quotes_no_sentence_that_adds_no_city(backend: ExtractiveBackend) -> None:
    passages = [
        _passage(
            "The founder cities were: Bristol, Cardiff, Glasgow, Liverpool and Peterborough. "
            "Meetings took place in Glasgow and Bristol. In the first phase the cities met three times."
        )
    ]
    claims = _quoted(backend, "Which cities took part in the first phase?", passages)
    assert claims == ["The founder cities were: Bristol, Cardiff, Glasgow, Liverpool and Peterborough."]


def test_what_people_said_comes_from_where_their_views_are_reported(backend: ExtractiveBackend) -> None:
    passages = [
        _passage("The project produced an action planning template used by all the cities.", section="Outputs"),
        _passage(
            "The action plans provided accountability and structure.",
            section="Table 1: Feedback from participating cities",
            n=1,
        ),
    ]
    claims = _quoted(backend, "What did cities say about the action planning process?", passages)
    assert claims[0] == "The action plans provided accountability and structure."


def test_the_sentence_before_lends_its_terms(backend: ExtractiveBackend) -> None:
    # The table's row label names the process; the item under it does not.
    text = "The IC process has helped\n\n- It was well-paced and intuitive.\n\n- Partners met often in the city."
    lexicon = Lexicon(["process", "partners", "city"] + ["filler"] * 5)
    scored = ExtractiveBackend(AnswerSettings(min_support=0.0), backend.embedder, lexicon)
    details = scored.generate("How was the process?", [_passage(text)]).details
    coverage = {t["text"]: t["coverage"] for t in details["top_sentences"]}
    assert coverage["- It was well-paced and intuitive."] > coverage["- Partners met often in the city."]


def test_the_best_evidence_comes_first(backend: ExtractiveBackend) -> None:
    # The second passage ranked lower in retrieval, but its sentence scores higher.
    passages = [
        _passage("The second phase of the programme began in June 2019."),
        _passage("In phase two the programme started work with eight new cities.", n=1),
    ]
    draft = backend.generate("When did phase two start?", passages)
    best = draft.details["top_sentences"][0]["text"]
    assert best.startswith("In phase two") and len(draft.claims) == 2
    assert draft.claims[0][0] == best


def test_a_list_ends_at_the_next_lead_in() -> None:
    from ic_assistant.extractive import _Sentence, _with_list_items

    lead = "It aims to develop an approach which is:"
    text = f"{lead}\n\n- Strategic\n\n- Positive\n\nThe project helps cities in several ways:\n\n- Peer learning"
    quoted = _with_list_items(_Sentence(1, 0, len(lead), lead), [_passage(text)])
    assert quoted.text == f"{lead}\n\n- Strategic\n\n- Positive"
    assert quoted.text == text[quoted.start : quoted.end]
