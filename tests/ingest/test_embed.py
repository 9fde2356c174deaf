"""One model pass per piece of text: unit vectors as `Embedder.embed` gives them, chunk vectors
derived from the pieces that tile the chunk."""

from __future__ import annotations

import numpy as np

from ic_assistant.types import Chunk, Span
from ingest.embed import chunk_pieces, embed_chunks, embedding_text

TEXT = (
    "Funding\n\nThe council funds three pilots. Each pilot runs for two years.\n\n"
    "Partners include:\n\n- the local college\n\n- two housing associations"
)


def _chunk(text: str = TEXT, section: str = "Pilots in Leeds") -> Chunk:
    def span(kind: str, part: str) -> Span:
        start = text.index(part)
        return Span(kind, start, start + len(part))

    spans = (
        span("heading", "Funding"),
        span("paragraph", "The council funds three pilots. Each pilot runs for two years."),
        span("paragraph", "Partners include:"),
        span("list_item", "- the local college"),
        span("list_item", "- two housing associations"),
    )
    return Chunk(id="c1", doc_id="d", source="s.md", title="T", doc_type="web page", year=None, page=None,
                 section=section, start=0, end=len(text), text=text, spans=spans)


def test_pieces_read_the_chunk_once_without_nesting() -> None:
    chunk = _chunk()
    vectors_of = embed_chunks.__globals__["unit_spans"](chunk)
    pieces = chunk_pieces(chunk, [(u.start, u.end) for u in vectors_of])
    assert pieces[0] == "Pilots in Leeds"  # the section heading the model reads first
    assert "Funding" in pieces and "Partners include:" in " ".join(pieces)
    words = " ".join(pieces).replace("- ", "").split()
    assert sorted(words) == sorted(embedding_text(chunk).replace("- ", "").split())


def test_unit_vectors_are_the_models_and_chunk_vectors_stay_close(embedder) -> None:  # noqa: ANN001
    chunks = [_chunk(), _chunk(section="")]
    got = embed_chunks(chunks, embedder)
    texts = [chunks[i].text[s:e] for i, s, e in got.sentences]
    assert np.allclose(got.sentence_vectors, embedder.embed(texts), atol=1e-4)
    assert np.allclose(np.linalg.norm(got.chunks, axis=1), 1.0, atol=1e-5)
    direct = embedder.embed([embedding_text(c) for c in chunks])
    assert (got.chunks * direct).sum(axis=1).min() > 0.8


def test_model_chunk_vectors_are_the_models_own(embedder) -> None:  # noqa: ANN001
    chunks = [_chunk()]
    got = embed_chunks(chunks, embedder, derived=False)
    assert np.allclose(got.chunks, embedder.embed([embedding_text(chunks[0])]), atol=1e-5)


def _table_chunk() -> Chunk:
    """Two rows of a table whose header row is not in the chunk: the headers are the rows' context."""
    text = "Leeds | Housing | Deputy Leader\n\nYork | Communities | Cabinet Member"
    headers = "City | Department | Strategic Sponsor"
    spans = tuple(Span("table_row", text.index(r), text.index(r) + len(r), headers) for r in text.split("\n\n"))
    return Chunk(id="t1", doc_id="d", source="s.pdf", title="T", doc_type="report", year=None, page=3,
                 section="Recruitment", start=0, end=len(text), text=text, spans=spans)


def test_column_headers_are_read_with_the_rows_but_not_quoted() -> None:
    """A row says "Leeds | Housing | Deputy Leader"; only its headers say what a "strategic sponsor"
    is. The model reads them with the chunk (once, however many rows share them); the text, which
    answers quote, stays the page's."""
    chunk = _table_chunk()
    assert chunk.unquoted_context == ("City | Department | Strategic Sponsor",)
    assert embedding_text(chunk) == f"Recruitment\nCity | Department | Strategic Sponsor\n{chunk.text}"
    pieces = chunk_pieces(chunk, [(s.start, s.end) for s in chunk.spans])
    assert pieces[:2] == ["Recruitment", "City | Department | Strategic Sponsor"]
    assert "Strategic Sponsor" not in chunk.text
    # A lead-in the chunk's own text holds is not read twice.
    assert _chunk().unquoted_context == ()
