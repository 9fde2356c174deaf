"""Chunking: exact offsets, whole sentences, token limits, sections, pages and cities.

Most tests parse small generated files and chunk them without the embedding model; the last
group checks the same invariants on every chunk of the real corpus, as stored in the index.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest

from ic_assistant.config import ChunkingSettings
from ic_assistant.embeddings import count_tokens
from ic_assistant.store import IndexStore
from ic_assistant.programme import load_programme
from ic_assistant.types import Chunk
from ingest.chunking import chunk_document, chunk_id, split_sentences
from ingest.clean import normalise_chars
from ingest.loaders import HEADING, PARAGRAPH, Block, ParsedFile, ParsedPage, load_file
from ingest.sync import build_document
from tests.conftest import PDF_PAGES, REAL_CORPUS, REAL_PDF, RealIndex, write_pdf

DEFAULT = ChunkingSettings()
SMALL = ChunkingSettings(target_tokens=60, max_tokens=80, overlap_tokens=20)

_SUBJECTS = [
    "The council",
    "A volunteer group",
    "The housing team",
    "Local schools",
    "The health board",
    "Our partners",
]
_VERBS = ["agreed", "reviewed", "published", "funded", "tested", "expanded"]
_OBJECTS = [
    "a plan for new arrivals",
    "language classes in three libraries",
    "a guide to renting a home",
    "mentoring for young people",
    "a survey of community groups",
    "training for front-line staff",
]


def sentences(n: int, seed: int = 0) -> list[str]:
    """n distinct, ordinary sentences of 8 to 20 words."""
    out = []
    for i in range(seed, seed + n):
        extra = " in the spring of 20%02d, after a long consultation with residents" % (10 + i % 14) if i % 3 else ""
        out.append(f"{_SUBJECTS[i % 6]} {_VERBS[(i // 6) % 6]} {_OBJECTS[(i * 5) % 6]}{extra} (item {i}).")
    return out


def parsed_from_blocks(pages: list[list[tuple[str, str]]], numbered: bool = True) -> ParsedFile:
    return ParsedFile(
        [
            ParsedPage(i + 1 if numbered else None, [Block(kind, text) for kind, text in blocks])
            for i, blocks in enumerate(pages)
        ]
    )


def chunk(parsed: ParsedFile, settings: ChunkingSettings = DEFAULT, source: str = "doc.txt") -> list[Chunk]:
    return chunk_document(build_document(source, parsed, None, "key"), parsed, settings, _programme())


def sentence_bounds(page: ParsedPage) -> tuple[set[int], set[int]]:
    """Where sentences (and headings, which are never split) start and end in the page text."""
    starts, ends = set(), set()
    for block in page.blocks:
        if block.kind == HEADING:
            starts.add(block.start)
            ends.add(block.end)
            continue
        for s, e in split_sentences(block.text):
            starts.add(block.start + s)
            ends.add(block.start + e)
    return starts, ends


def longest_sentence_tokens(text: str) -> int:
    return max(count_tokens(text[s:e]) for block in text.split("\n\n") for s, e in split_sentences(block))


def assert_chunk_invariants(chunks: list[Chunk], parsed: ParsedFile, settings: ChunkingSettings) -> None:
    pages = {p.number: p for p in parsed.pages}
    assert chunks, "no chunks"
    for c in chunks:
        page = pages[c.page]
        assert page.text[c.start : c.end] == c.text
        starts, ends = sentence_bounds(page)
        assert c.start in starts, f"chunk starts mid-sentence: {c.text[:60]!r}"
        assert c.end in ends, f"chunk ends mid-sentence: {c.text[-60:]!r}"
        tokens = count_tokens(c.text)
        assert tokens <= settings.max_tokens or longest_sentence_tokens(c.text) > settings.max_tokens, (
            f"{tokens} tokens > max {settings.max_tokens}: {c.text[:80]!r}"
        )
        assert c.cities == _programme().cities_in(c.text)
    assert len({c.id for c in chunks}) == len(chunks)


# --- generated documents -------------------------------------------------------------------


def test_text_on_pdf_page_two_lands_in_a_chunk_of_page_two(tmp_path: Path) -> None:
    parsed = load_file(write_pdf(tmp_path / "report.pdf", PDF_PAGES))
    chunks = chunk(parsed, source="report.pdf")

    hits = [c for c in chunks if "The Cardiff pilot tested a welcome service" in c.text]
    assert hits and all(c.page == 2 for c in hits)
    assert {c.page for c in chunks if "final report will be published" in c.text} == {3}
    assert {c.page for c in chunks if "Partners agreed the aims" in c.text} == {1}
    assert_chunk_invariants(chunks, parsed, DEFAULT)


def test_chunks_never_cross_a_page(tmp_path: Path) -> None:
    pages = [[("paragraph", " ".join(sentences(3, seed=i * 10)))] for i in range(5)]
    parsed = parsed_from_blocks(pages)
    chunks = chunk(parsed)
    for c in chunks:
        assert c.text in parsed.pages[c.page - 1].text
    assert sorted({c.page for c in chunks}) == [1, 2, 3, 4, 5]


def test_long_text_is_cut_at_sentence_ends_within_the_token_limits() -> None:
    paragraphs = [" ".join(sentences(12, seed=12 * i)) for i in range(4)]
    parsed = parsed_from_blocks([[(PARAGRAPH, p) for p in paragraphs]], numbered=False)
    chunks = chunk(parsed, SMALL)

    assert len(chunks) >= 8
    assert_chunk_invariants(chunks, parsed, SMALL)
    for c in chunks:
        assert c.text.endswith(".")
        assert count_tokens(c.text) <= SMALL.max_tokens
    # Every sentence of the text is in some chunk.
    text = parsed.pages[0].text
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    for block in parsed.pages[0].blocks:
        for s, e in split_sentences(block.text):
            assert set(range(block.start + s, block.start + e)) <= covered, text[block.start + s : block.start + e]


def test_consecutive_chunks_overlap_by_whole_sentences_within_the_budget() -> None:
    parsed = parsed_from_blocks([[(PARAGRAPH, " ".join(sentences(40)))]], numbered=False)
    text = parsed.pages[0].text
    chunks = chunk(parsed, SMALL)
    overlaps = 0
    for a, b in zip(chunks, chunks[1:]):
        assert b.start > a.start and b.end > a.end
        spans = split_sentences(a.text)
        last = a.text[spans[-1][0] : spans[-1][1]]
        if len(spans) >= 2 and count_tokens(last) <= SMALL.overlap_tokens:
            # The previous chunk's last sentence fits the budget: it is repeated.
            assert b.start <= a.start + spans[-1][0], (a.text[-80:], b.text[:80])
        if b.start < a.end:
            overlaps += 1
            shared = text[b.start : a.end]
            assert count_tokens(shared) <= SMALL.overlap_tokens
            assert shared == b.text[: len(shared)]
            assert b.start - a.start in {s for s, _ in spans}  # a whole number of sentences
    assert overlaps >= 3


def test_no_overlap_when_disabled() -> None:
    settings = ChunkingSettings(target_tokens=60, max_tokens=80, overlap_tokens=0)
    parsed = parsed_from_blocks([[(PARAGRAPH, " ".join(sentences(30)))]], numbered=False)
    chunks = chunk(parsed, settings)
    assert len(chunks) > 3
    for a, b in zip(chunks, chunks[1:]):
        assert b.start > a.end


def test_headings_start_new_chunks_and_label_their_sections() -> None:
    blocks = []
    for name, seed in (("Housing", 0), ("Schools", 10), ("Health", 20)):
        blocks += [(HEADING, name), (PARAGRAPH, " ".join(sentences(6, seed)))]
    parsed = parsed_from_blocks([blocks], numbered=False)
    chunks = chunk(parsed)

    assert [c.section for c in chunks] == ["Housing", "Schools", "Health"]
    for c in chunks:
        assert c.text.startswith(c.section + "\n\n")
        assert c.text.count("\n\n") == 1  # one heading, one paragraph: nothing of the next section
    assert_chunk_invariants(chunks, parsed, DEFAULT)


def test_a_tiny_section_shares_a_chunk_with_the_next_one() -> None:
    blocks = [
        (HEADING, "Contents"),
        (PARAGRAPH, "A short note."),
        (HEADING, "Housing"),
        (PARAGRAPH, " ".join(sentences(6))),
    ]
    parsed = parsed_from_blocks([blocks], numbered=False)
    chunks = chunk(parsed)
    assert len(chunks) == 1
    assert chunks[0].section == "Contents"
    assert chunks[0].text == parsed.pages[0].text


def test_sections_carry_over_page_breaks() -> None:
    parsed = parsed_from_blocks(
        [[(HEADING, "Findings"), (PARAGRAPH, " ".join(sentences(6)))], [(PARAGRAPH, " ".join(sentences(6, seed=6)))]]
    )
    chunks = chunk(parsed)
    assert {c.page for c in chunks} == {1, 2}
    assert all(c.section == "Findings" for c in chunks)


def test_chunk_ids_are_stable_and_depend_on_place_and_text() -> None:
    parsed = parsed_from_blocks([[(PARAGRAPH, " ".join(sentences(30)))]], numbered=False)
    first = chunk(parsed, SMALL)
    again = chunk(parsed, SMALL)
    assert [c.id for c in first] == [c.id for c in again]
    assert [c.id for c in chunk(parsed, SMALL, source="other.txt")] != [c.id for c in first]
    c = first[0]
    assert c.id == chunk_id(c.source, c.page, c.start, c.text)
    assert chunk_id(c.source, c.page, c.start + 1, c.text) != c.id
    assert chunk_id(c.source, 2, c.start, c.text) != c.id


@pytest.mark.parametrize(
    ("text", "cities"),
    [
        ("The Cardiff team met on Monday.", ("Cardiff",)),
        ("Officers from Newry joined the call.", ("Newry, Mourne & Down",)),
        ("Newry, Mourne & Down council joined in 2020.", ("Newry, Mourne & Down",)),
        ("Bristol and London shared notes with Sheffield.", ("Bristol", "London", "Sheffield")),
        ("Londonderry and Newportal are not programme cities.", ()),
        ("No city is named here.", ()),
    ],
)
def test_cities_in(text: str, cities: tuple[str, ...]) -> None:
    assert _programme().cities_in(text) == cities


def _programme():  # noqa: ANN202
    return load_programme(REAL_CORPUS)


def test_chunks_record_the_programme_cities_they_mention(tmp_path: Path) -> None:
    parsed = load_file(write_pdf(tmp_path / "report.pdf", PDF_PAGES))
    chunks = chunk(parsed, source="report.pdf")
    cardiff = [c for c in chunks if "Cardiff" in c.text]
    assert cardiff and all("Cardiff" in c.cities for c in cardiff)
    assert all("Newry, Mourne & Down" in c.cities for c in chunks if "Newry" in c.text)
    assert all(c.cities == () for c in chunks if c.page != 2)


def test_overlap_never_pushes_a_chunk_over_max_tokens() -> None:
    """Regression: overlap carried in front of a long (but legal) sentence once broke the hard ceiling."""
    words = "the welcome plan for new arrivals in the city".split()

    def sentence(n: int) -> str:
        return " ".join(words[i % len(words)] for i in range(n)).capitalize() + "."

    long_sentence = sentence(235)  # ~236 word-pieces: under max_tokens (250) on its own
    assert count_tokens(long_sentence) <= DEFAULT.max_tokens
    text = " ".join([sentence(25)] * 6 + [long_sentence, sentence(10)])
    parsed = parsed_from_blocks([[(PARAGRAPH, text)]], numbered=False)
    chunks = chunk(parsed, DEFAULT)
    assert all(count_tokens(c.text) <= DEFAULT.max_tokens for c in chunks), [count_tokens(c.text) for c in chunks]


# --- every chunk of the real corpus --------------------------------------------------------


@pytest.fixture(scope="module")
def real_chunks(real_index: RealIndex) -> tuple[IndexStore, list[Chunk]]:
    store = IndexStore.open(real_index.settings)
    return store, store.load_chunks()


@pytest.mark.slow
def test_real_corpus_offsets_slice_back_into_the_stored_pages(real_chunks: tuple[IndexStore, list[Chunk]]) -> None:
    store, chunks = real_chunks
    assert len(chunks) == len(store.live_ids()) > 0
    for source in store.documents:
        pages = {p.number: p.text for p in store.load_pages(source)}
        mine = [c for c in chunks if c.source == source]
        assert mine, source
        for c in mine:
            assert pages[c.page][c.start : c.end] == c.text, (source, c.page, c.start)


@pytest.mark.slow
def test_real_corpus_chunks_hold_whole_sentences_within_the_token_limits(
    real_chunks: tuple[IndexStore, list[Chunk]],
) -> None:
    store, chunks = real_chunks
    for source in store.documents:
        programme = _programme()
        parsed = load_file(REAL_CORPUS / source, tuple(n for e in programme.entities for n in (e.name, *e.aliases)))
        # The stored page texts are the loader's, so offsets can be checked against its blocks.
        assert [p.text for p in store.load_pages(source)] == [p.text for p in parsed.pages]
        assert_chunk_invariants([c for c in chunks if c.source == source], parsed, DEFAULT)


@pytest.mark.slow
def test_real_pdf_chunks_carry_the_page_they_were_printed_on(real_chunks: tuple[IndexStore, list[Chunk]]) -> None:
    from pypdf import PdfReader

    _, chunks = real_chunks

    def letters(text: str) -> str:
        # Letters only: list items lose their "1." markers, table rows gain " | " between cells.
        return re.sub(r"[^a-z]", "", normalise_chars(text).lower())

    raw_pages = [letters(p.extract_text()) for p in PdfReader(REAL_CORPUS / REAL_PDF).pages]
    pdf_chunks = [c for c in chunks if c.source == REAL_PDF]
    # A sentence cut by a page break is joined and kept on the page where it starts, so a chunk
    # may end on the next page, and a page holding only such an ending has no chunk of its own.
    pages = {c.page for c in pdf_chunks}
    assert pages <= set(range(1, len(raw_pages) + 1)) and len(pages) >= len(raw_pages) - 1
    for c in pdf_chunks:
        probe = letters(c.text)
        here_and_next = "".join(raw_pages[c.page - 1 : c.page + 1])
        assert probe[:60] in raw_pages[c.page - 1] and probe[-60:] in here_and_next, (c.page, c.text[:80])


def test_no_chunk_is_only_a_heading() -> None:
    """Regression: a heading at the foot of a page once became a chunk with no content."""
    parsed = parsed_from_blocks(
        [
            [(HEADING, "Findings"), (PARAGRAPH, " ".join(sentences(6))), (HEADING, "Next steps")],
            [(PARAGRAPH, " ".join(sentences(3, seed=6)))],
        ]
    )
    chunks = chunk(parsed)
    assert all(c.text.strip() != c.section for c in chunks), [c.text for c in chunks]


def test_a_sentence_a_page_break_cuts_is_cited_in_the_parts_the_file_holds(tmp_path: Path) -> None:
    """The sentence is joined on the page where it starts, and its block keeps where the break
    was (`Span.breaks`); a citation of it quotes the two parts, each verbatim in the chunk and each
    in the file's own text, which reads "Page 1" between them (as the general set's check.py
    reads a PDF, with pypdf, letters only)."""
    from pypdf import PdfReader

    from ic_assistant.types import Passage
    from ic_assistant.verify import page_parts, verify

    opening = "Cities faced policy challenges such as the hostile environment, budget"
    path = write_pdf(tmp_path / "cut.pdf", [["Findings", opening], ["cuts, Brexit and Windrush, and their effects."]])
    parsed = load_file(path)
    chunks = chunk(parsed, source="cut.pdf")
    whole = f"{opening} cuts, Brexit and Windrush, and their effects."
    [joined] = [c for c in chunks if whole in c.text]
    assert joined.page == 1
    at = joined.text.index(whole)
    assert [b for s in joined.spans for b in s.breaks] == [at + len(opening)]
    assert Chunk.from_dict(json.loads(json.dumps(asdict(joined)))) == joined  # as the index stores it
    assert page_parts(joined, (0, at)) == [(0, at)]  # a quote the break does not cut is one part
    verified = verify([(whole, [1])], [Passage(joined, 1.0)])
    quotes = [c.quote for c in verified.citations]
    assert quotes == [opening, "cuts, Brexit and Windrush, and their effects."]
    assert verified.text == f"{whole[:-1]} [1][2]."
    file_letters = re.sub(r"[^a-z0-9]", "", " ".join(p.extract_text() for p in PdfReader(path).pages).lower())
    assert re.sub(r"[^a-z0-9]", "", whole.lower()) not in file_letters  # "page 1" sits inside the sentence
    for c in verified.citations:
        assert re.sub(r"[^a-z0-9]", "", c.quote.lower()) in file_letters
        assert joined.text[c.start - joined.start : c.end - joined.start] == c.quote


def test_a_markdown_sentence_over_a_reference_link_or_an_image_is_cited_in_the_files_own_runs(tmp_path: Path) -> None:
    """A reader of the file reads "[the form][form]" as "the form form" and an image in a sentence
    as its alt text, where the text reads neither (as the general set's check.py reads Markdown:
    tags removed, inline links and images as their text, letters only). The block keeps where its
    text parts from the file's (`Span.breaks`, as over a PDF's page break), and a quote over it is
    cited in its parts, each a run of the file's letters."""
    from ic_assistant.types import Passage
    from ic_assistant.verify import verify

    path = tmp_path / "apply.md"
    path.write_text("# Applying\n\nApply by [filling in the form][form] and send it to the council by May.\n\n"
                    "The plan has ![a chart of the budget](chart.png) three parts and a budget.\n\n"
                    "Read the [guidance](https://example.org/guide) before you apply.\n\n"
                    "[form]: https://example.org/form\n", encoding="utf-8")
    source = path.read_text(encoding="utf-8")
    reader = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", source)
    file_letters = re.sub(r"[^a-z0-9]", "", re.sub(r"<[^>]+>", " ", reader).lower())
    [chunk_] = chunk(load_file(path), source="apply.md")
    for sentence, parts in [
        ("Apply by filling in the form and send it to the council by May.", 2),  # "the form form"
        ("The plan has three parts and a budget.", 2),
        ("Read the guidance before you apply.", 1),  # an inline link reads as its text: one run
    ]:
        assert sentence in chunk_.text
        assert re.sub(r"[^a-z0-9]", "", sentence.lower()) not in file_letters or parts == 1
        verified = verify([(sentence, [1])], [Passage(chunk_, 1.0)])
        assert len(verified.citations) == parts
        assert " ".join(c.quote for c in verified.citations) == sentence
        for c in verified.citations:
            assert re.sub(r"[^a-z0-9]", "", c.quote.lower()) in file_letters
