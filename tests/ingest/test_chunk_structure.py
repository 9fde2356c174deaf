"""Chunks keep the units the loaders found: lists with their lead-in, whole table rows, the
heading path, and spans that slice back to every block; the index stores all of it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ic_assistant.config import ChunkingSettings
from ic_assistant.store import IndexStore
from ic_assistant.types import Chunk, Span
from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block, ParsedFile, ParsedPage
from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.sync import build_document
from tests.conftest import REAL_CORPUS, make_settings
from tests.ingest.test_chunking import sentences

SMALL = ChunkingSettings(target_tokens=60, max_tokens=120, overlap_tokens=20)


def chunk(blocks: list[Block], settings: ChunkingSettings = SMALL) -> tuple[ParsedFile, list[Chunk]]:
    parsed = ParsedFile([ParsedPage(1, blocks)])
    return parsed, chunk_document(build_document("doc.pdf", parsed, None, "key"), parsed, settings)


def assert_spans(chunks: list[Chunk], parsed: ParsedFile) -> None:
    page = parsed.pages[0]
    for c in chunks:
        assert c.spans, c.text
        for s in c.spans:
            assert 0 <= s.start < s.end <= len(c.text)
        # Each span is a whole block, or the part of it inside the chunk.
        for s in c.spans:
            block = next(b for b in page.blocks if b.start <= c.start + s.start < b.end)
            assert c.text[s.start : s.end] in block.text and s.kind == block.kind and s.context == block.context


def test_a_list_stays_with_its_lead_in() -> None:
    lead = "The five core areas of action are:"
    items = [f"Area {n}: {sentences(1, seed=3 * n)[0]}" for n in range(5)]  # short: the list fits
    blocks = [Block(HEADING, "Framework", level=1), Block(PARAGRAPH, " ".join(sentences(4)) + " " + lead)]
    blocks += [Block(LIST_ITEM, t, context=lead) for t in items]
    parsed, chunks = chunk(blocks)
    holding = [c for c in chunks if items[0] in c.text]
    assert len(holding) == 1
    assert lead in holding[0].text and all(t in holding[0].text for t in items)
    kinds = [s.kind for s in holding[0].spans]
    assert kinds[-5:] == [LIST_ITEM] * 5
    assert {s.context for s in holding[0].spans if s.kind == LIST_ITEM} == {lead}
    assert all(c.headings == ("Framework",) and c.section == "Framework" for c in chunks)
    assert_spans(chunks, parsed)


def test_table_rows_are_never_cut_and_carry_their_headers() -> None:
    context = "Table 2: Where IC sits — City | Department | Sponsor"
    rows = [f"City {n} | {sentences(1, seed=n)[0]} | Sponsor {n}" for n in range(12)]
    blocks = [Block(HEADING, "Annex 2", level=2), Block(HEADING, "Table 2: Where IC sits", level=3)]
    blocks += [Block(TABLE_ROW, r, context=context) for r in rows]
    parsed, chunks = chunk(blocks)
    assert len(chunks) > 1  # the table is bigger than the ceiling: row by row
    for row in rows:
        assert any(row in c.text for c in chunks), row
    for c in chunks:
        for s in c.spans:
            if s.kind == TABLE_ROW:
                assert c.text[s.start : s.end] in rows and s.context == context
        assert c.headings == ("Annex 2", "Table 2: Where IC sits")
    assert_spans(chunks, parsed)


def test_heading_paths_nest_and_no_chunk_is_only_headings() -> None:
    blocks = [
        Block(HEADING, "Report", level=1),
        Block(HEADING, "Findings", level=2),
        Block(PARAGRAPH, " ".join(sentences(8))),
        Block(HEADING, "Housing", level=3),
        Block(PARAGRAPH, " ".join(sentences(8, seed=8))),
        Block(HEADING, "Next steps", level=2),
        Block(PARAGRAPH, " ".join(sentences(8, seed=16))),
        Block(HEADING, "Annex", level=2),
    ]
    parsed, chunks = chunk(blocks)
    paths = []
    for c in chunks:
        assert any(s.kind != HEADING for s in c.spans)
        assert c.section == c.headings[-1]
        paths.append(c.headings)
    assert ("Report", "Findings") in paths
    assert ("Report", "Findings", "Housing") in paths
    assert ("Report", "Next steps") in paths
    assert not any("Annex" in c.text for c in chunks)
    assert_spans(chunks, parsed)


def test_real_framework_page_keeps_the_five_core_areas_with_their_heading() -> None:
    parsed = load_file(REAL_CORPUS / "ec-inclusive-cities-framework.html")
    chunks = chunk_document(build_document("f.html", parsed, None, "key"), parsed, ChunkingSettings())
    areas = [
        "Leading in the development of a shared local story of inclusion",
        "Supporting and driving inclusive economic growth",
        "Connecting communities",
        "Mainstreaming and building inclusive public services",
        "Encouraging civic participation and representation",
    ]
    assert any("Five core areas of action" in c.text and all(a in c.text for a in areas) for c in chunks)


def test_the_index_round_trips_headings_and_spans(tmp_path: Path) -> None:
    blocks = [Block(HEADING, "Findings", level=1), Block(PARAGRAPH, "A short note.")]
    parsed, chunks = chunk([*blocks, Block(LIST_ITEM, "An item.", context="A short note.")])
    assert chunks[0].spans[-1] == Span(LIST_ITEM, len(chunks[0].text) - 8, len(chunks[0].text), "A short note.")
    settings = make_settings(tmp_path / "corpus", tmp_path / "index")
    store = IndexStore.open(settings, create=True)
    entry = {"source": "doc.pdf", "content_hash": "abc"}
    store.write_document(entry, [], chunks, np.full((len(chunks), 384), 0.1, dtype=np.float32))
    assert IndexStore.open(settings).load_chunks() == chunks


def test_a_list_longer_than_the_ceiling_is_cut_between_items_only() -> None:
    lead = "The actions were:"
    items = [" ".join(sentences(2, seed=2 * n)) for n in range(8)]
    blocks = [Block(PARAGRAPH, lead), *(Block(LIST_ITEM, t, context=lead) for t in items)]
    parsed, chunks = chunk(blocks)
    assert len(chunks) > 1
    assert chunks[0].text.startswith(lead + "\n\n" + items[0])
    for item in items:
        assert sum(item in c.text for c in chunks) >= 1
    for c in chunks:
        assert all(c.text[s.start : s.end] in items for s in c.spans if s.kind == LIST_ITEM)
    assert_spans(chunks, parsed)
