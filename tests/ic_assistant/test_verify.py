"""The citation verifier: wrong and invented citations are caught, quotes are verbatim."""

from __future__ import annotations

from ic_assistant.types import Chunk, Passage
from ic_assistant.verify import find_verbatim, split_claims, verify

PAGE = (
    "Introduction\n\nInclusive Cities is a Knowledge Exchange initiative funded by Paul Hamlyn "
    "Foundation's Shared Ground Fund. The first phase of the project ran for two years."
)
OTHER = "The second meeting of the cities was hosted by Liverpool City Council in October 2018."


def _passage(text: str, source: str, start: int = 0, page: int | None = 1) -> Passage:
    chunk = Chunk(
        id=source, doc_id=source, source=source, title=source.upper(), doc_type="report", year=2019,
        page=page, section="Introduction", start=start, end=start + len(text), text=text,
    )
    return Passage(chunk=chunk, score=1.0)


PASSAGES = [_passage(PAGE, "report.pdf", start=100), _passage(OTHER, "page.md", page=None)]


def test_split_claims_reads_markers_per_sentence() -> None:
    claims = split_claims("It was funded by Paul Hamlyn Foundation [1]. Liverpool hosted the second meeting [2][1].")
    assert claims == [
        ("It was funded by Paul Hamlyn Foundation.", [1]),
        ("Liverpool hosted the second meeting.", [2, 1]),
    ]


def test_supported_claims_get_verbatim_quotes_with_offsets() -> None:
    result = verify(split_claims("The first phase of the project ran for two years. [1]"), PASSAGES)
    assert result.text == "The first phase of the project ran for two years [1]."
    (c,) = result.citations
    assert c.quote == "The first phase of the project ran for two years."
    assert PAGE[c.start - 100 : c.end - 100] == c.quote  # offsets are page offsets
    assert (c.source, c.page, c.n) == ("report.pdf", 1, 1)


def test_wrong_and_invented_citations_are_dropped() -> None:
    draft = (
        "The programme was funded by Paul Hamlyn Foundation's Shared Ground Fund [2]. "  # wrong passage
        "Liverpool City Council hosted the second meeting of the cities [2]. "  # right
        "The project received ten million pounds [7]."  # invented number
    )
    result = verify(split_claims(draft), PASSAGES)
    assert result.text == "Liverpool City Council hosted the second meeting of the cities [1]."
    assert [c.source for c in result.citations] == ["page.md"]
    reasons = [d["reason"] for d in result.dropped]
    assert "passage [2] does not support it" in reasons
    assert "cites [7], which is not a retrieved passage" in reasons


def test_a_wrong_marker_beside_a_right_one_keeps_the_sentence_with_the_right_one() -> None:
    result = verify(split_claims("It was funded by Paul Hamlyn Foundation's Shared Ground Fund [2][1]."), PASSAGES)
    assert result.text.endswith("[1].")
    assert len(result.citations) == 1 and result.citations[0].source == "report.pdf"


def test_uncited_sentences_are_removed() -> None:
    result = verify(split_claims("Inclusive Cities is great. The first phase ran for two years [1]."), PASSAGES)
    assert "great" not in result.text
    assert {"sentence": "Inclusive Cities is great.", "reason": "no citation"} in result.dropped


def test_proposed_quote_is_checked_not_trusted() -> None:
    claims = [("The first phase of the project ran for two years.", [1])]
    wrong_span = {(0, 1): (0, 12)}  # "Introduction": does not support the claim
    result = verify(claims, PASSAGES, wrong_span)
    assert result.citations[0].quote == "The first phase of the project ran for two years."


def test_find_verbatim_ignores_whitespace_only() -> None:
    assert find_verbatim("Paul  Hamlyn\nFoundation's", PAGE) is not None
    assert find_verbatim("Paul Hamlyn Foundations", PAGE) is None


def test_a_quote_cut_into_parts_marks_each_sentence_with_the_parts_it_is_read_from() -> None:
    """A unit quoted in parts (a page break, or where a reader's copy of the file parts from ours,
    as in two-column pages) is cited part by part; each of its sentences had carried every part's
    marker ("... in place [1][2][3]. ... discounts [1][2][3].")."""
    from dataclasses import replace

    from ic_assistant.types import Span

    text = "The scheme was still in place. It works like other discounts. The cost is shared."
    cut = text.index("It works")
    chunk = replace(_passage(text, "report.pdf").chunk, spans=(Span("paragraph", 0, len(text), breaks=(cut - 1,)),))
    result = verify([(text, [1])], [Passage(chunk, 1.0)], {(0, 1): (0, len(text))})
    assert [c.quote for c in result.citations] == ["The scheme was still in place.",
                                                   "It works like other discounts. The cost is shared."]
    assert result.text == ("The scheme was still in place [1]. It works like other discounts [2]. "
                           "The cost is shared [2].")


def test_a_claims_piece_opening_with_a_comma_takes_no_marker_of_its_own() -> None:
    """A budget's row labels read as one claim ("Department: Free Library: Contrib., Indemnities &
    Taxes; Free Library: Total"): pysbd ends a sentence at "Contrib.", and the marker had been set
    before the comma ("Contrib [1]. , Indemnities")."""
    text = "Department: Free Library: Contrib., Indemnities & Taxes; Free Library: Total."
    result = verify([(text, [1])], [_passage(text, "budget.pdf")])
    assert result.text == "Department: Free Library: Contrib., Indemnities & Taxes; Free Library: Total [1]."


def test_words_only_headers_say_are_words_the_corpus_uses() -> None:
    """A name only a table's column headers or a heading say ("GPG" of "Expected Change in GPG ($)")
    had been a name the documents never use, and the question was refused."""
    from ic_assistant.extractive import Lexicon

    headers = "Scenarios Jurisdiction | Expected Change in GPG ($)"
    lexicon = Lexicon(["New South Wales | RAS | 2026 | 0.0"], around=[headers])
    assert lexicon.uses("gpg") and not lexicon.uses("tariff")
    assert lexicon.idf("gpg") == lexicon.idf("tariff")  # weighs as a word no text says
