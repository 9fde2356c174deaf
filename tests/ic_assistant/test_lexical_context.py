"""BM25 reads a chunk's column headers with its text: a question in the headers' words finds the rows."""

from __future__ import annotations

from ic_assistant.lexical import BM25Index, stem_terms
from ic_assistant.types import Chunk, Span


def _chunk(cid: str, text: str, context: str = "") -> Chunk:
    spans = tuple(Span("table_row" if context else "paragraph", text.index(p), text.index(p) + len(p), context)
                  for p in text.split("\n\n"))
    return Chunk(id=cid, doc_id="d", source="s.pdf", title="Report", doc_type="report", year=None, page=1,
                 section="Recruitment", start=0, end=len(text), text=text, spans=spans)


def test_a_question_in_the_column_headers_words_finds_the_rows() -> None:
    rows = _chunk("rows", "Leeds | Housing | Deputy Leader\n\nYork | Communities | Cabinet Member",
                  "City | Department | Strategic Sponsor")
    prose = _chunk("prose", "Each city nominated a senior official to lead the work in Leeds.")
    other = _chunk("other", "The council funds three pilots for two years.")
    index = BM25Index.build([prose, rows, other], generation="g")
    assert index.search("strategic sponsor Leeds", k=3)[0][0] == "rows"
    # Without the headers no word of "strategic sponsor" is in the rows.
    bare = BM25Index.build([prose, _chunk("rows", rows.text), other], generation="g")
    assert "rows" not in {cid for cid, score in bare.search("strategic sponsor", k=3) if score > 0}


def test_a_phrasal_verb_finds_the_one_word_verb() -> None:
    """BM25 reads "took part" as "participate", as term matching does: "Which towns took part?"
    finds "The participating towns were ...", which shares no other word with it but "towns"."""
    named = _chunk("named", "The four participating towns were Leeds, York, Hull and Bath.")
    others = [_chunk(f"o{i}", f"The towns took {w} in the second year.") for i, w in enumerate(("stock", "note", "heart"))]
    index = BM25Index.build([*others, named], generation="g")
    assert index.search("Which towns took part in the first stage?", k=4)[0][0] == "named"


def test_a_numbered_stage_is_one_term_however_it_is_written() -> None:
    """"phase 1", "phase one", "first phase", "1st phase" and "Phase I" name one stage: each gains
    the term "phase1", so BM25 and term cover meet a question's way of numbering it in a document's
    other way. A count before the noun ("two stages") or a year ("year 2019") numbers no stage."""
    ways = ("Phase 1", "phase one", "the first phase", "the 1st phase", "Phase I")
    assert all("phase1" in stem_terms(w) for w in ways)
    assert "phase2" in stem_terms("the Phase II action plans") and "phase1" not in stem_terms("Phase II")
    assert stem_terms("The first meeting") == ["first", "meet", "meeting1"]  # the ordinal's own word stays
    assert not any(t.startswith("stage") and t[-1].isdigit() for t in stem_terms("in two stages, year 2019"))
    first = _chunk("first", "In the first phase the towns met three times.")
    second = _chunk("second", "In the second phase the towns met three times.")
    index = BM25Index.build([second, first], generation="g")
    assert index.search("How often did the towns meet in phase 1?", k=2)[0][0] == "first"
