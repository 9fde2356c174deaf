"""BM25 reads a chunk's column headers with its text: a question in the headers' words finds the rows."""

from __future__ import annotations

from ic_assistant.lexical import BM25Index
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
