"""Loaders and cleaning: PDF pages, HTML boilerplate, Markdown headings, unreadable files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ic_assistant.errors import DocumentError
from ingest.clean import is_page_number, join_lines, normalise_block, normalise_chars
from ingest.loaders import HEADING, LIST_ITEM, PARAGRAPH, Block, load_file
from ingest.manifest import read_manifest
from ingest.sync import build_document
from tests.conftest import (
    HTML_BOILERPLATE,
    HTML_PAGE,
    MANIFEST_HEADER,
    MARKDOWN_PAGE,
    PDF_PAGES,
    PDF_TITLE,
    REAL_CORPUS,
    UNICODE_FONT,
    assert_offsets,
    write_blank_pdf,
    write_corrupt_pdf,
    write_pdf,
)

# --- cleaning ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
        ("2017\u20132023 \u2014 and \u2212 minus", "2017-2023 - and - minus"),
        ("no\u00a0break\u202fspace", "no break space"),
        ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
        ("\ufb01nance", "\ufb01nance"),  # not NFKC: a ligature stays as a reader's copy has it (matching folds it)
        ("cafe\u0301", "caf\u00e9"),  # NFC
        ("\uf0b7 English classes \uf0a7 Housing", "\u2022 English classes \u25aa Housing"),  # Symbol-font bullets
    ],
)
def test_normalise_chars(raw: str, clean: str) -> None:
    assert normalise_chars(raw) == clean


def test_join_lines_rejoins_words_hyphenated_across_a_line_break() -> None:
    assert join_lines(["an inter-", "national effort"]) == "an international effort"
    # A hyphen before a capital (a name or a new item) is not a broken word.
    assert join_lines(["the Anglo-", "French team"]) == "the Anglo- French team"
    assert join_lines(["first line", "second line"]) == "first line second line"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["to become self-", "sufficient."], "to become self-sufficient."),
        (["Your second-", "round application"], "Your second-round application"),
        (["a well-", "managed park"], "a well-managed park"),
        (["the pro-", "gramme team"], "the programme team"),  # "gramme" alone is no English word
        (["a partner-", "ship with"], "a partnership with"),  # a word, run together
        (["the organi-", "sation's aims"], "the organisation's aims"),
    ],
)
def test_a_compounds_hyphen_at_a_line_break_stays(lines: list[str], joined: str) -> None:
    """A hyphen at a line's end is the compound's own when both halves are English words and, run
    together, they are none: it had always gone ("selfsufficient", "secondround"), misspelling the
    quote and losing "second" and "round" as terms."""
    assert join_lines(lines) == joined


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Council programme meeting notes", True),  # its words are on the first pages
        ("Microsoft Word - pilot-report.docx", False),  # a word processor's file name
        ("report_final_v2.pdf", False),
        ("Agenda Template for Ordinary Board Papers", False),  # a template's title: its words are not on them
    ],
)
def test_a_pdf_title_property_is_kept_when_it_is_the_documents_own(tmp_path: Path, title: str, kept: bool) -> None:
    """A PDF's title property is often a file name or the title of the template it was written on;
    cited as the document's title, "Microsoft Word - RDAweb.docx" had been indexed and shown."""
    path = write_pdf(tmp_path / "pilot-report.pdf", PDF_PAGES, title=title)
    assert load_file(path).title == (title if kept else "")
    assert build_document("pilot-report.pdf", load_file(path), None, "h").title == (title if kept else "pilot report")


def test_a_date_opening_a_pdf_line_goes_on_with_its_paragraph() -> None:
    """A line opening with a number and a capital starts a footnote ("1 The five cities ..."), but a
    date wrapped to a line's start does not: the paragraph had ended mid-sentence."""
    from ingest.pdf_lines import pdf_blocks

    lines = ["A consultation exercise was undertaken between 16 October 2025 and",
             "30 October 2025 seeking views on the scheme.", "1 The scheme is set each year."]
    assert [(b.kind, b.text) for b in pdf_blocks(lines)] == [
        (PARAGRAPH, "A consultation exercise was undertaken between 16 October 2025 and 30 October 2025 seeking "
                    "views on the scheme."),
        (PARAGRAPH, "1 The scheme is set each year."),
    ]


def test_a_pdf_bullet_character_set_tight_against_its_text_opens_an_item() -> None:
    """A PDF sets the gap after a bullet by position, so its text may read "\u2022Demonstrate ..."
    with no space: that is an item (it had been a paragraph beginning with the bullet), as one after
    a designed document's ornament is ("\u2771 Fund ..."). A dash or a number still needs its space:
    "-5 degrees" and "1.5 million" open no item."""
    from ingest.pdf_lines import pdf_blocks

    lines = ["The checklist below summarises the standards:", "\u2022Demonstrate learning from previous evaluation",
             "\u2022Secure the resources", "\u2771 Fund the evaluation", "-5 degrees is the lowest reading and",
             "1.5 million people took part."]
    assert [(b.kind, b.text) for b in pdf_blocks(lines)] == [
        (PARAGRAPH, "The checklist below summarises the standards:"),
        (LIST_ITEM, "Demonstrate learning from previous evaluation"),
        (LIST_ITEM, "Secure the resources"),
        (LIST_ITEM, "Fund the evaluation -5 degrees is the lowest reading and 1.5 million people took part."),
    ]


def test_unruled_table_cells_read_a_ligature_once_and_tight_word_spaces() -> None:
    """pdfplumber gives a ligature once for each letter it stands for, at one place ("offiffiffice"),
    and a designed PDF sets its word spaces at under a fifth of the font size: the cells had read
    "Welcometoouroffiffiffice"."""
    from ingest.pdf_unruled import _segments

    def chars(text: str, x: float = 0.0, size: float = 13.5) -> list[dict]:
        out = []
        for word in text.split():
            for letters in (["o", "ffi", "ffi", "ffi", "ce"] if word == "office" else list(word)):
                width = 6.0 * len(letters)
                repeat = bool(out) and out[-1]["text"] == letters and len(letters) > 1
                x0 = out[-1]["x0"] if repeat else x
                out.append({"text": letters, "x0": x0, "x1": x0 + width, "size": size})
                x = x0 + width
            x += 2.4  # a word space of 0.18 font sizes
        return out

    assert [text for _, _, text in _segments({"chars": chars("Welcome to our office")})] == ["Welcome to our office"]


@pytest.mark.parametrize("line", ["7", " 12 ", "Page 3", "page 4 of 14", "3 / 10", "14 of 20"])
def test_lone_page_number_lines_are_recognised(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["7 cities joined", "Page three", "Phase 2", "Table 1: results"])
def test_text_lines_are_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_normalise_block_collapses_whitespace_and_rejoins_hyphens() -> None:
    raw = "  The \u201cwelcome\u201d   plan\twas an inter-\n   national\n\n effort \u2013 agreed.  "
    assert normalise_block(raw) == 'The "welcome" plan was an international effort - agreed.'


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_pages_are_numbered_and_hold_their_own_text(tmp_path: Path) -> None:
    parsed = load_file(write_pdf(tmp_path / "report.pdf", PDF_PAGES, title=PDF_TITLE))

    assert [p.number for p in parsed.pages] == [1, 2, 3]
    for page, blocks in zip(parsed.pages, PDF_PAGES):
        heading, body = blocks
        assert page.blocks[0] == Block(HEADING, heading, 0, len(heading), level=1)  # set larger and bold
        assert body[:60] in page.text
        # Text of the other pages is not on this one.
        others = [b[1][:60] for b in PDF_PAGES if b is not blocks]
        assert not any(o in page.text for o in others)
    assert "The Cardiff pilot tested a welcome service" in parsed.pages[1].text
    assert parsed.title == PDF_TITLE


def test_pdf_block_offsets_point_into_the_page_text(tmp_path: Path) -> None:
    assert_offsets(load_file(write_pdf(tmp_path / "report.pdf", PDF_PAGES)))


def test_pdf_page_number_lines_are_dropped(tmp_path: Path) -> None:
    pages = [["Summary", "The welcome service opened in May.", "7"], ["Results", "It reached four hundred families."]]
    parsed = load_file(write_pdf(tmp_path / "numbers.pdf", pages, page_numbers=True))
    for page in parsed.pages:
        lines = page.text.splitlines()
        assert not any(re.fullmatch(r"(Page )?\d+", line) for line in lines), page.text
    assert parsed.pages[0].text.endswith("The welcome service opened in May.")


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason=f"no Unicode TrueType font at {UNICODE_FONT}")
def test_pdf_text_is_cleaned(tmp_path: Path) -> None:
    lines = [
        "Welcome plans",
        "The \u201cwelcome\u201d plan \u2013 agreed in May \u2014 was an inter-",
        "national effort by the team. It\u2019s now live in every ward.",
    ]
    parsed = load_file(write_pdf(tmp_path / "curly.pdf", [lines], unicode_font=UNICODE_FONT, as_lines=True))
    text = parsed.pages[0].text
    assert 'The "welcome" plan - agreed in May - was an international effort by the team.' in text
    assert "It's now live in every ward." in text
    assert not set(text) & set("\u201c\u201d\u2018\u2019\u2013\u2014")


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason=f"no Unicode TrueType font at {UNICODE_FONT}")
def test_pdf_ligatures_stay_as_a_readers_copy_has_them(tmp_path: Path) -> None:
    """Typeset PDFs set "fi" as one glyph; pypdf reads it as "\ufb01", and a checker that compares
    a quote's letters with pypdf's found "significant" nowhere in "signi\ufb01cant". The page text
    keeps the ligature (pdfplumber would expand it, and NFKC fold it); matching folds it."""
    import pypdf

    from ic_assistant.lexical import stem_terms

    sentence = "The council gave signi\ufb01cant \ufb01nancial support to the o\ufb03ce of the mayor."
    path = write_pdf(tmp_path / "typeset.pdf", [["Support", sentence]], unicode_font=UNICODE_FONT)
    text = load_file(path).pages[0].text
    assert sentence in text
    reader = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

    def letters(s: str) -> str:  # eval-general/check.py's reading of a quote and of the file
        return re.sub(r"[^a-z0-9]", "", re.sub(r"\s+", " ", s).lower())

    assert letters(sentence) in letters(reader)
    assert stem_terms(sentence) == stem_terms("The council gave significant financial support to the office of the mayor.")
    assert normalise_chars("signi\ufb01cant 10\u00b2 \u2013 \u201cx\u201d") == 'signi\ufb01cant 10\u00b2 - "x"'


# --- files that cannot be used -------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = write_pdf(tmp_path / "good.pdf", PDF_PAGES)
    latin = tmp_path / "notes.txt"
    latin.write_bytes("Caf\xe9 culture in Cardiff costs \xa35 a cup.".encode("latin-1"))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    unknown = tmp_path / "slides.pptx"
    unknown.write_bytes(b"PK\x03\x04 a presentation")
    return {
        "truncated": (write_corrupt_pdf(tmp_path / "truncated.pdf", good), "corrupt"),
        "garbage": (write_corrupt_pdf(tmp_path / "garbage.pdf"), "corrupt"),
        "encrypted": (
            write_pdf(tmp_path / "locked.pdf", PDF_PAGES, user_password="secret"),
            "encrypted",
        ),
        "empty": (empty, "empty file"),
        "no text": (write_blank_pdf(tmp_path / "scan.pdf"), "no extractable text"),
        "latin-1": (latin, "UTF-8"),
        "unknown type": (unknown, "unknown file type '.pptx'"),
    }


@pytest.mark.parametrize("case", ["truncated", "garbage", "encrypted", "empty", "no text", "latin-1", "unknown type"])
def test_unusable_files_raise_document_error_with_a_specific_reason(tmp_path: Path, case: str) -> None:
    path, reason = _bad_files(tmp_path)[case]
    with pytest.raises(DocumentError) as info:
        load_file(path)
    assert info.value.source == path.name
    assert reason in info.value.reason
    assert path.name in str(info.value)


def test_latin1_reason_names_the_byte_and_the_fix(tmp_path: Path) -> None:
    path, _ = _bad_files(tmp_path)["latin-1"]
    with pytest.raises(DocumentError, match=r"byte 3: b'\\xe9'.*re-save it as UTF-8"):
        load_file(path)


def test_a_web_page_is_decoded_as_a_browser_decodes_it(tmp_path: Path) -> None:
    """A page is read in the encoding it declares, a byte that encoding cannot read shown as a
    browser shows it (U+FFFD): a state education page declaring UTF-8 with one Latin-1 "\xa9" in its
    footer had been refused whole. A Latin-1 label reads as windows-1252; a page declaring nothing
    is UTF-8, else windows-1252. A text file stays strict."""
    body = "<h1>Testing</h1><p>Caf\u00e9 tests cost \u00a35; see the table.</p><footer>\u00a9 2015</footer>"
    stray = tmp_path / "stray.html"
    stray.write_bytes(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode("utf-8")
                      .replace("\u00a9".encode("utf-8"), b"\xa9"))
    latin = tmp_path / "latin.html"
    latin.write_bytes(('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
                       f"</head><body>{body}</body></html>").encode("cp1252"))
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(f"<html><body>{body}</body></html>".encode("cp1252"))
    for path in (stray, latin, undeclared):
        text = " ".join(b.text for b in load_file(path).pages[0].blocks)
        assert "Caf\u00e9 tests cost \u00a35; see the table." in text, path.name


def test_a_utf16_web_page_is_read_and_its_readers_copy_too(tmp_path: Path) -> None:
    """A page saved as UTF-16 with its byte-order mark reads as its UTF-8 copy does. The reader's copy
    that quotes are cut against keeps the same letters: it reads the page as UTF-8, and UTF-16 holds
    ASCII letters as themselves beside a NUL, which it drops with every byte it cannot read."""
    from ingest.reader_copy import reader_letters

    page = "<html><body><h1>Testing</h1><p>Caf\u00e9 tests cost \u00a35; see the table.</p></body></html>"
    wide, narrow = tmp_path / "wide.html", tmp_path / "narrow.html"
    wide.write_bytes(page.encode("utf-16"))
    narrow.write_bytes(page.encode("utf-8"))
    assert [b.text for b in load_file(wide).pages[0].blocks] == [b.text for b in load_file(narrow).pages[0].blocks]
    assert reader_letters(wide) == reader_letters(narrow) == "testingcaftestscost5seethetable"


def test_text_files_in_utf8_with_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = "Caf\u00e9 culture in Cardiff.\n\nA second paragraph."
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes(text.encode("utf-16"))
    for path in (bom, utf16):
        page = load_file(path).pages[0]
        assert page.number is None
        assert [b.text for b in page.blocks] == ["Caf\u00e9 culture in Cardiff.", "A second paragraph."]


# --- HTML ----------------------------------------------------------------------------------


def test_html_boilerplate_is_removed_and_headings_kept(tmp_path: Path) -> None:
    path = tmp_path / "guide.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    parsed = load_file(path)

    text = parsed.pages[0].text
    for marker in HTML_BOILERPLATE:
        assert marker not in text
    assert "About us" not in text  # the second nav link
    headings = [b.text for b in parsed.pages[0].blocks if b.kind == HEADING]
    assert headings == ["Welcome guide", "Housing support", "Learning English"]
    assert "a crèche is available" in text
    assert parsed.title == "Welcome Guide for New Arrivals"


def test_html_article_header_is_content_and_names_a_page_without_title(tmp_path: Path) -> None:
    """The site's <header> is chrome, but an article's own (WordPress's "entry-header") holds its
    title and summary: it was dropped with the site's. A page without <title> takes its <h1>."""
    path = tmp_path / "grants.html"
    path.write_text(
        "<html><body><header><nav><a href='/'>Home</a></nav><p>Council logo</p></header><main><article>"
        "<header><h1>Community grants 2024</h1><p>Grants of up to 5,000 pounds for local groups.</p></header>"
        "<p>Body text.</p><footer>Posted by the grants team</footer></article></main><footer>Copyright</footer>"
        "</body></html>", encoding="utf-8")
    parsed = load_file(path)
    assert [(b.kind, b.text) for b in parsed.pages[0].blocks] == [
        (HEADING, "Community grants 2024"), (PARAGRAPH, "Grants of up to 5,000 pounds for local groups."),
        (PARAGRAPH, "Body text."),
    ]
    assert parsed.title == "Community grants 2024"


def test_html_inline_markup_does_not_leave_spaces_before_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "inline.html"
    path.write_text(
        "<html><body><p>Read the <a href='#'>action plan</a>, then the <b>report</b>.</p></body></html>",
        encoding="utf-8",
    )
    assert load_file(path).pages[0].text == "Read the action plan, then the report."


def test_html_text_around_nested_blocks_is_kept(tmp_path: Path) -> None:
    """Regression: a list item holding a nested list (or a blockquote holding a <p>) once lost its own text."""
    path = tmp_path / "nested.html"
    path.write_text(
        "<html><body><main><h1>Plans</h1>"
        "<ul><li>Outer item about Bristol.<ul><li>Inner item about Cardiff.</li></ul></li></ul>"
        "<blockquote>Quoted introduction.<p>Quoted paragraph.</p></blockquote>"
        "</main></body></html>",
        encoding="utf-8",
    )
    text = load_file(path).pages[0].text
    assert "Inner item about Cardiff." in text
    assert "Quoted paragraph." in text
    assert "Outer item about Bristol." in text
    assert "Quoted introduction." in text


def test_html_text_outside_block_tags_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "divs.html"
    path.write_text(
        "<html><body><main><h1>Plans</h1><p>A paragraph about Bristol.</p>"
        "<div class='summary'>Loose div text about Glasgow.</div>"
        "<section>Section text about Cardiff.<p>A paragraph in the section.</p></section>"
        "</main></body></html>",
        encoding="utf-8",
    )
    text = load_file(path).pages[0].text
    assert "A paragraph about Bristol." in text and "A paragraph in the section." in text
    assert "Loose div text about Glasgow." in text
    assert "Section text about Cardiff." in text


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_headings_become_heading_blocks_and_the_first_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN_PAGE, encoding="utf-8")
    parsed = load_file(path)

    blocks = parsed.pages[0].blocks
    assert [b.kind for b in blocks] == [HEADING, PARAGRAPH] * 3
    assert [b.text for b in blocks if b.kind == HEADING] == ["Birmingham Action Plan", "Priorities", "Partners"]
    assert parsed.title == "Birmingham Action Plan"
    assert not any("#" in b.text for b in blocks)
    # Soft line breaks inside a paragraph are joined with a space.
    assert not any("\n" in b.text for b in blocks)
    assert "sets out how the city will welcome newcomers" in parsed.pages[0].text


def test_markdown_keeps_link_text_and_drops_markup(tmp_path: Path) -> None:
    path = tmp_path / "links.md"
    path.write_text(
        "Intro text\n===\n\nSee the [Cardiff plan](https://example.org/plan) and **bold** `code`.\n\n"
        "![a chart](chart.png)\n\n- first item\n- second item\n\n"
        "Memo of 17 February 2011 <https://example.org/memo.pdf> on language access.\n",
        encoding="utf-8",
    )
    parsed = load_file(path)
    texts = [b.text for b in parsed.pages[0].blocks]
    # An autolink is a URL as its own text: dropped with the other URLs, as the file read as HTML has it.
    assert texts == ["Intro text", "See the Cardiff plan and bold code.", "first item", "second item",
                     "Memo of 17 February 2011 on language access."]
    assert parsed.title == "Intro text"


# --- metadata ------------------------------------------------------------------------------


def test_real_manifest_is_read_with_typed_years() -> None:
    manifest = read_manifest(REAL_CORPUS / "manifest.csv")
    rows = manifest.rows
    assert manifest.problems == ()
    pdf = rows["learning-from-inclusive-cities-phase-1.pdf"]
    assert pdf.title == "Learning from the Inclusive Cities programme: Phase 1"
    assert pdf.doc_type == "report"
    assert pdf.year == 2019
    documents = {p.name for p in REAL_CORPUS.iterdir() if p.name not in ("manifest.csv", "programme.toml")}
    assert {r.file for r in rows.values()} == documents


def test_a_bad_manifest_row_is_skipped_with_its_line_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text(MANIFEST_HEADER + "a.md,A,report,,twenty,,\nb.md,B,report,,2021,,\n", encoding="utf-8")

    manifest = read_manifest(path)

    assert set(manifest.rows) == {"b.md"} and manifest.rows["b.md"].year == 2021
    assert len(manifest.problems) == 1
    assert re.search(r"line 2 \(a\.md\): year 'twenty' is not a number; row skipped", manifest.problems[0])


def test_a_manifest_without_a_file_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text("name,title\na.md,A\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="'file' column"):
        read_manifest(path)


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path / "manifest.csv").rows == {}


def test_metadata_without_a_manifest_row_comes_from_the_file(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "pilot-report-2021.pdf", PDF_PAGES, title=PDF_TITLE, author="A. Tester")
    html = tmp_path / "guide.html"
    html.write_text(HTML_PAGE, encoding="utf-8")
    md = tmp_path / "plan.md"
    md.write_text(MARKDOWN_PAGE, encoding="utf-8")
    untitled = write_pdf(tmp_path / "untitled_notes.pdf", PDF_PAGES[:1])

    docs = {p.name: build_document(p.name, load_file(p), None, "key") for p in (pdf, html, md, untitled)}

    assert (docs[pdf.name].title, docs[pdf.name].doc_type, docs[pdf.name].year) == (PDF_TITLE, "PDF document", 2021)
    assert docs[pdf.name].authors == "A. Tester"
    assert [p.number for p in docs[pdf.name].pages] == [1, 2, 3]
    assert (docs[html.name].title, docs[html.name].doc_type) == ("Welcome Guide for New Arrivals", "web page")
    assert docs[md.name].title == "Birmingham Action Plan"
    assert docs[untitled.name].title == "untitled notes"  # no /Title: the file name
    assert docs[html.name].year is None


def test_a_pdf_paragraph_opening_with_a_quotation_mark_after_a_gap_is_a_paragraph() -> None:
    """A testimonial set apart by a paragraph's gap ("\u201cI don't want to go home!\u201d was ...") had
    been glued to the paragraph above: only a capital or a number opened one, not a quotation mark
    before it."""
    from ingest.pdf_lines import pdf_blocks

    lines = ["plus admin back-up. The charity was very grateful for their continued dedication.",
             "\u201cI don't want to go home!\u201d was the heartfelt comment of one of the young mothers at",
             "the coffee break.", "The aims of these classes are to provide quality ESOL."]
    assert [b.text for b in pdf_blocks(lines, None, [True, False, True, None])] == [
        "plus admin back-up. The charity was very grateful for their continued dedication.",
        "\u201cI don't want to go home!\u201d was the heartfelt comment of one of the young mothers at the coffee break.",
        "The aims of these classes are to provide quality ESOL."]


def test_a_year_set_alone_on_a_line_is_no_page_number() -> None:
    """A table's or a timeline's year over its entries ("2021") had been dropped as a page number."""
    from ingest.clean import is_page_number

    assert [is_page_number(x) for x in ("12", "Page 3 of 40", "3 / 40", "2021", " 1998 ", "20214")] == [
        True, True, True, False, False, False]


def test_a_pdf_item_goes_on_past_a_full_line_that_closes_a_sentence_but_not_into_a_label() -> None:
    """An item's sentence that ends where its line is full is not the item's end: "... within the
    cities." then "However, capacity remains ..." had been cut off as a paragraph of its own, and then
    led the next items in. A short line leaving its sentence open is a group's label over the next
    items, not more of the item before it."""
    from ingest.pdf_lines import pdf_blocks

    lines = ["- There is anecdotal evidence from the project that integration",
             "has risen in policy salience within the cities.",
             "However, capacity remains severely limited, in particular in",
             "the context of local government austerity.",
             "- There is no natural home for integration in local authorities.",
             "Mainstreaming,",
             "making sure the work lands",
             "- Remains a work in progress."]
    room = [False, False, False, True, False, False, True, None]
    assert [(b.kind, b.text) for b in pdf_blocks(lines, None, room)] == [
        (LIST_ITEM, "There is anecdotal evidence from the project that integration has risen in policy salience "
                    "within the cities. However, capacity remains severely limited, in particular in the context of "
                    "local government austerity."),
        (LIST_ITEM, "There is no natural home for integration in local authorities."),
        (PARAGRAPH, "Mainstreaming, making sure the work lands"),
        (LIST_ITEM, "Remains a work in progress.")]
