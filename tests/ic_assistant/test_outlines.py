"""Outlines: an announcing sentence with the labels of the groups of items after it, over chunks."""

from __future__ import annotations

import re
from dataclasses import replace

from ic_assistant.extractive import claim_text
from ic_assistant.outlines import outline_reach, outline_units, piece_claims
from ic_assistant.types import Chunk, Passage, Span
from ic_assistant.units import LIST
from ic_assistant.verify import verify

from .test_units import _structured


def _page_chunk(chunk_id: str, text: str, spans: tuple[Span, ...], start: int, section: str) -> Chunk:
    return Chunk(id=chunk_id, doc_id="d", source="r.pdf", title="T", doc_type="report", year=None, page=6,
                 section=section, start=start, end=start + len(text), text=text, spans=spans)


def _groups_chunks() -> tuple[Chunk, Chunk]:
    """A report's table of feedback read as labels over bullets, over two chunks of one page: the
    sentence that announces it, its caption, then each group's label and its items."""
    lead, caption = "The survey also identified three areas for development:", "Table 2: Areas for development"
    first_text, first_spans = _structured(
        [lead, caption, "Moving beyond the council", "Taskforces had limitations.", "Some found it too council led."],
        ["paragraph", "heading", "paragraph", "list_item", "list_item"])
    first_spans = (*first_spans[:3], *(replace(s, context="Moving beyond the council") for s in first_spans[3:]))
    second_text, second_spans = _structured(
        ["Mainstreaming the work", "Resources were not identified.", "Funding was lacking.",
         "Navigating the national policy landscape", "Elections came midway.", "Budgets were cut."],
        ["paragraph", "list_item", "list_item", "paragraph", "list_item", "list_item"])
    second_spans = tuple(replace(s, context="Mainstreaming the work") if 0 < k < 3 else
                         replace(s, context="Navigating the national policy landscape") if k > 3 else s
                         for k, s in enumerate(second_spans))
    first = _page_chunk("c1", first_text, first_spans, 0, "Earlier section")
    second = _page_chunk("c2", second_text, second_spans, len(first_text) + 2, caption)
    return first, second


def test_group_labels_under_a_lead_in_are_one_outline_quoted_in_each_chunk_that_holds_them() -> None:
    """"What areas for development did the survey identify?" asks for the groups' labels, which sit
    in two chunks between their bullets: no chunk's units named them together, and the answer had
    quoted one group's bullets. The outline names all three, each part cited where it is."""
    first, second = _groups_chunks()
    passages = [Passage(second, 1.0), Passage(first, 0.9)]
    outlines = outline_units(passages)
    assert len(outlines) == 1
    outline = outlines[0]
    assert outline.kind == LIST and outline.labels and outline.items == 3
    assert claim_text(outline) == ("The survey also identified three areas for development: Moving beyond the council; "
                                   "Mainstreaming the work; Navigating the national policy landscape.")
    # In reading order, whichever passage ranks first; each label quoted alone, where it is.
    claims = piece_claims(outline)
    assert [(n, said) for said, n, _, _ in claims] == [
        (2, "The survey also identified three areas for development:"), (2, "Moving beyond the council;"),
        (1, "Mainstreaming the work;"), (1, "Navigating the national policy landscape.")]
    checked = verify([(said, [n]) for said, n, _, _ in claims], passages,
                     {(k, n): (s, e) for k, (_, n, s, e) in enumerate(claims)})
    assert [c.quote for c in checked.citations] == [
        "The survey also identified three areas for development:", "Moving beyond the council",
        "Mainstreaming the work", "Navigating the national policy landscape"]
    for c in checked.citations:  # verbatim where each chunk has it
        chunk = first if c.chunk_id == "c1" else second
        assert chunk.text[c.start - chunk.start : c.end - chunk.start] == c.quote
    assert checked.text == ("The survey also identified three areas for development: [1] Moving beyond the council "
                            "[2]; Mainstreaming the work [3]; Navigating the national policy landscape [4].")
    # Its place in its first passage runs from the lead-in to its last label there: the caption
    # between them is no unit beside it.
    assert first.text[outline.start : outline.end].endswith("Moving beyond the council")


def test_no_outline_without_its_lead_in_or_for_a_question_that_names_one_group() -> None:
    """The labels alone had answered "How did the programme build new networks?" with the names of
    the groups; a question naming one group asks about that group, not the list of them."""
    first, second = _groups_chunks()
    assert not outline_units([Passage(second, 1.0)])  # the announcing sentence not retrieved
    asked = frozenset(re.findall(r"[\w']+", "How did they go about mainstreaming the work?"))
    assert not outline_units([Passage(second, 1.0), Passage(first, 0.9)], asked=asked)
    asked = frozenset(re.findall(r"[\w']+", "What areas for development did the survey identify?"))
    assert outline_units([Passage(second, 1.0), Passage(first, 0.9)], asked=asked)


def test_an_outline_finds_its_lead_in_closing_the_chunk_before_the_caption() -> None:
    """The caption opens a chunk and the announcing sentence closes the one before it on the page."""
    lead_text, lead_spans = _structured(["Cities named these strengths:"], ["paragraph"])
    body_text, body_spans = _structured(
        ["Table 1: Strengths", "New networks", "Trust grew.", "Peers helped.", "An academic partner",
         "It added gravitas.", "It brought research."],
        ["heading", "paragraph", "list_item", "list_item", "paragraph", "list_item", "list_item"])
    body_spans = tuple(replace(s, context="New networks") if k in (2, 3) else
                       replace(s, context="An academic partner") if k > 4 else s for k, s in enumerate(body_spans))
    lead = _page_chunk("c1", lead_text, lead_spans, 100, "Findings")
    body = _page_chunk("c2", body_text, body_spans, lead.end + 2, "Table 1: Strengths")
    outline = outline_units([Passage(body, 1.0), Passage(lead, 0.5)])
    assert [claim_text(u) for u in outline] == ["Cities named these strengths: New networks; An academic partner."]
    far = replace(lead, start=10, end=10 + len(lead_text))  # not the chunk just before the caption
    assert not outline_units([Passage(body, 1.0), Passage(far, 0.5)])


def test_an_outline_reads_the_chunks_next_to_the_retrieved_ones_while_they_are_under_its_heading() -> None:
    """Six kept passages held two of a feedback table's five groups; the chunks between and after
    them, under the same caption, hold the rest; only they are read."""
    first, second = _groups_chunks()
    after = _page_chunk("c3", "Another section\n\nIt says other things.",
                        (Span("heading", 0, 15), Span("paragraph", 17, 38)), second.end + 2, "Another section")
    order = [first, second, after]

    def neighbour(chunk_id: str, step: int) -> Chunk | None:
        at = [c.id for c in order].index(chunk_id) + step
        return order[at] if 0 <= at < len(order) else None

    assert [c.id for c in outline_reach([Passage(first, 1.0)], neighbour)] == ["c2"]  # not c3: another heading
    assert outline_reach([Passage(second, 1.0)], neighbour) == []  # no announcing sentence retrieved
    outline = outline_units([Passage(first, 1.0), Passage(second, 0.0)])[0]
    assert [said for said, *_ in piece_claims(outline)][-1] == "Navigating the national policy landscape."


def test_an_announcing_sentence_closing_a_kept_chunk_reads_on_into_the_groups_after_its_heading() -> None:
    """"The survey identified these areas:" closes the kept chunk; the caption opens the next one and
    every group is after it, in chunks not kept. The outline reads on from the announcing sentence."""
    lead_text, lead_spans = _structured(["Some findings came first.", "The survey identified these areas:"],
                                        ["paragraph", "paragraph"])
    lead = _page_chunk("c0", lead_text, lead_spans, 0, "Findings")
    _, second = _groups_chunks()
    caption_text, caption_spans = _structured(
        ["Table 2: Areas", "Moving beyond the council", "Taskforces had limitations.",
         "Some found it too council led."],
        ["heading", "paragraph", "list_item", "list_item"])
    caption_spans = (*caption_spans[:2], *(replace(s, context="Moving beyond the council") for s in caption_spans[2:]))
    caption = _page_chunk("c1", caption_text, caption_spans, lead.end + 2, "Table 2: Areas")
    second = replace(second, section="Table 2: Areas")
    order = [lead, caption, second]

    def neighbour(chunk_id: str, step: int) -> Chunk | None:
        at = [c.id for c in order].index(chunk_id) + step
        return order[at] if 0 <= at < len(order) else None

    assert [c.id for c in outline_reach([Passage(lead, 1.0)], neighbour)] == ["c1", "c2"]
    read = [Passage(lead, 1.0), *(Passage(c, 0.0, retrieved=False) for c in (caption, second))]
    assert [claim_text(u) for u in outline_units(read)] == [
        "The survey identified these areas: Moving beyond the council; Mainstreaming the work; "
        "Navigating the national policy landscape."]


def test_the_index_records_give_the_chunk_next_to_another_in_reading_order() -> None:
    """`ChunkRecords.next_to` is the `neighbour` the extractive backend gives `outline_reach`."""
    from ic_assistant.tables import ChunkRecords

    first, second = _groups_chunks()
    records = ChunkRecords.of([first, second])
    assert records.next_to("c1", 1) == second and records.next_to("c2", -1) == first
    assert records.next_to("c2", 1) is None and records.next_to("c1", -1) is None and records.next_to("zz", 1) is None
