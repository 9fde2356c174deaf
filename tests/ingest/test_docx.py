"""Word documents (.docx): Word's structure (styles, numbering, tables, notes) becomes blocks, damaged
or locked files are named with the reason, and an uploaded one is answered from with its citation."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ic_assistant import Settings
from ic_assistant.errors import DocumentError
from ingest.documents import DOCX, Upload, add_document, check_upload, content_type
from ingest.loaders import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, load_file
from ingest.reader_copy import reader_letters

from tests.conftest import make_settings, write_small_corpus

docx = pytest.importorskip("docx", reason="python-docx (a dev dependency) writes the test documents")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_plan(path: Path, title: str = "Seaport Welcoming Plan 2025") -> Path:
    """A council plan as Word writes one: a Title, headings, a lead-in over bullets, numbered steps,
    a table with an empty cell and bold inline text."""
    d = docx.Document()
    d.core_properties.title = title
    d.add_paragraph("Welcoming Plan", style="Title")
    d.add_heading("Our priorities", 1)
    d.add_paragraph("The council will focus on three priorities:")
    for item in ("English classes for adults.", "Jobs and skills.", "Housing advice."):
        d.add_paragraph(item, style="List Bullet")
    d.add_heading("First steps", 2)
    for step in ("Map local services.", "Set up a newcomers' forum."):
        d.add_paragraph(step, style="List Number")
    p = d.add_paragraph("The forum meets ")
    p.add_run("every quarter").bold = True
    p.add_run(" in the central library.")
    table = d.add_table(rows=3, cols=3)
    for i, row in enumerate((("Action", "Lead", "Date"), ("ESOL hub", "Adult Learning", "March 2025"),
                             ("Forum", "", "June 2025"))):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    d.save(path)
    return path


def with_footnote(path: Path, after: str, note: str) -> Path:
    """`path` with a footnote mark after the run `after` and the note itself (python-docx writes no notes)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    body = parts["word/document.xml"].decode()
    mark = (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')
    body = body.replace(f"<w:t>{after}</w:t></w:r>", f"<w:t>{after}</w:t></w:r>{mark}", 1)
    assert mark in body
    parts["word/document.xml"] = body.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/word/footnotes.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'))
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdNotes" Target="footnotes.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>'))
    parts["word/footnotes.xml"] = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t>'
                                   f'</w:r></w:p></w:footnote></w:footnotes>').encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def blocks(path: Path) -> list[tuple[str, str, str]]:
    return [(b.kind, b.text, b.context) for page in load_file(path).pages for b in page.blocks]


def test_word_structure_becomes_blocks(tmp_path: Path) -> None:
    parsed = load_file(write_plan(tmp_path / "plan.docx"))
    assert parsed.title == "Seaport Welcoming Plan 2025"  # the file's properties, not its first line
    assert len(parsed.pages) == 1 and parsed.pages[0].number is None  # Word's pages are the reader's layout
    got = blocks(tmp_path / "plan.docx")
    lead = "The council will focus on three priorities:"
    assert got == [
        (HEADING, "Welcoming Plan", ""),
        (HEADING, "Our priorities", ""),
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "English classes for adults.", lead),
        (LIST_ITEM, "Jobs and skills.", lead),
        (LIST_ITEM, "Housing advice.", lead),
        (HEADING, "First steps", ""),
        (LIST_ITEM, "Map local services.", ""),
        (LIST_ITEM, "Set up a newcomers' forum.", ""),
        (PARAGRAPH, "The forum meets every quarter in the central library.", ""),
        (TABLE_ROW, "ESOL hub | Adult Learning | March 2025", "Action | Lead | Date"),
        (TABLE_ROW, "Forum | – | June 2025", "Action | Lead | Date"),  # the empty cell keeps its column
    ]
    levels = [b.level for b in parsed.pages[0].blocks if b.kind == HEADING]
    assert levels == [1, 1, 2]


def test_a_document_without_a_title_property_is_named_by_its_first_heading(tmp_path: Path) -> None:
    assert load_file(write_plan(tmp_path / "plan.docx", title="")).title == "Welcoming Plan"


def test_footnotes_stand_beside_the_text_and_every_block_reads_as_the_file_does(tmp_path: Path) -> None:
    path = with_footnote(write_plan(tmp_path / "plan.docx"), "Jobs and skills.", "Funded by the UK Shared Prosperity Fund.")
    got = blocks(path)
    assert (LIST_ITEM, "Jobs and skills^1.", "The council will focus on three priorities:") in got
    note = load_file(path).pages[0].blocks[-1]  # without Word's "↑" back to its mark, and no list item
    assert (note.kind, note.text, note.context, note.note) == (PARAGRAPH, "Funded by the UK Shared Prosperity Fund.",
                                                               "", True)
    letters = reader_letters(path)
    for _, text, _ in got:
        assert re.sub(r"[^a-z0-9]", "", text.lower().replace("–", "")) in letters


def with_bookmark_and_note_link(path: Path, before: str, after: str, href: str) -> Path:
    """`path` with a Word bookmark opening the paragraph `before` and a superscript "1" linked to `href`
    after the run `after` (a note on the web page the text came from); python-docx writes neither."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    body = parts["word/document.xml"].decode()
    bookmark = '<w:bookmarkStart w:id="7" w:name="_Toc1"/><w:bookmarkEnd w:id="7"/>'
    start = body.index(f"<w:t>{before}</w:t>")
    opening = body.rindex("<w:p>", 0, start) if "<w:p>" in body[:start] else body.rindex("<w:p ", 0, start)
    close = body.index(">", opening) + 1
    body = body[:close] + bookmark + body[close:]
    link = ('<w:hyperlink r:id="rIdWeb" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r></w:hyperlink>')
    body = body.replace(f"<w:t>{after}</w:t></w:r>", f"<w:t>{after}</w:t></w:r>{link}", 1)
    parts["word/document.xml"] = body.encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(b"</Relationships>", (
        f'<Relationship Id="rIdWeb" Target="{href}" TargetMode="External" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/></Relationships>'
    ).encode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_typed_structure_of_a_word_file_is_read_as_its_writer_set_it(tmp_path: Path) -> None:
    """Word files written without styles: a section title in bold behind a bookmark (mammoth writes
    it as an empty <a id>, and the title had read as a paragraph, so every later passage was cited
    under the section before), a subheading in italics, a note mark linked to the web page the text
    came from ("£567 million.1" had run into the figure), and a list typed as paragraphs, each
    opening with a label, under a ':' lead-in (no unit had held the lead-in with its items)."""
    d = docx.Document()
    d.add_paragraph("Air quality briefing", style="Title")
    d.add_paragraph().add_run("Vision and goals").bold = True
    d.add_paragraph("In 2020-21 the service spent £567 million.")
    d.add_paragraph().add_run("Key neighbourhoods").italic = True
    d.add_paragraph("The top districts for childhood asthma include:")
    for label, text in (("Mott Haven (CD1, 201):", " 541.4 per 10k children"),
                        ("Central Harlem (CD10, 110):", " 511.1 per 10k children")):
        p = d.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(text)
    d.add_paragraph().add_run("A sentence set in italics that reads as text, not a heading.").italic = True
    d.save(tmp_path / "brief.docx")
    path = with_bookmark_and_note_link(tmp_path / "brief.docx", "Vision and goals", "In 2020-21 the service spent "
                                       "£567 million.", "https://www.example.gov.uk/strategy#reference-1")
    lead = "The top districts for childhood asthma include:"
    assert blocks(path) == [
        (HEADING, "Air quality briefing", ""),
        (HEADING, "Vision and goals", ""),
        (PARAGRAPH, "In 2020-21 the service spent £567 million^1.", ""),
        (HEADING, "Key neighbourhoods", ""),
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "Mott Haven (CD1, 201): 541.4 per 10k children", lead),
        (LIST_ITEM, "Central Harlem (CD10, 110): 511.1 per 10k children", lead),
        (PARAGRAPH, "A sentence set in italics that reads as text, not a heading.", ""),
    ]


def test_a_file_typed_one_paragraph_a_line_reads_as_its_sentences_run(tmp_path: Path) -> None:
    """A data access agreement pasted into Word from a PDF is one paragraph a line: "10.3. ... No" /
    "disclosive information will be sent ..." were two paragraphs, a chunk could fall between them,
    and an answer quoted "without the [1]. prior approval of ONS [1]"."""
    d = docx.Document()
    for line in ("10.3. The security of the data will be kept at all times. No",
                 "disclosive information will be sent by email and, if posted,",
                 "will be encrypted to approved standards.",
                 "10.4. Hard copies will be stored in a locked cabinet."):
        d.add_paragraph(line)
    d.save(tmp_path / "agreement.docx")
    assert blocks(tmp_path / "agreement.docx") == [
        (PARAGRAPH, "10.3. The security of the data will be kept at all times. No disclosive information will be "
                    "sent by email and, if posted, will be encrypted to approved standards.", ""),
        (PARAGRAPH, "10.4. Hard copies will be stored in a locked cabinet.", ""),
    ]


def test_bold_titles_in_larger_type_keep_their_order(tmp_path: Path) -> None:
    """Government Word files set their titles as bold Normal paragraphs in a larger type (ONS: 22.5 pt
    chapters over 18 pt sections over bold body-size labels): all read as minor headings, a section
    and its chapter had been siblings, and the chapter no context of the section's text."""
    from docx.shared import Pt

    d = docx.Document()
    for text, size in (("4. Implementing the strategy", 22.5), ("The hub and spoke model", 18), (None, None),
                       ("Resourcing evaluations", None), (None, None), ("5. Embedding evaluation", 22.5), (None, None)):
        if text is None:
            d.add_paragraph("Evaluations are planned with the programme teams and reviewed every year.")
            continue
        run = d.add_paragraph().add_run(text)
        run.bold = True
        if size:
            run.font.size = Pt(size)
    d.save(tmp_path / "strategy.docx")
    headings = [(b.text, b.level) for b in load_file(tmp_path / "strategy.docx").pages[0].blocks if b.kind == HEADING]
    assert headings == [("4. Implementing the strategy", 3), ("The hub and spoke model", 4),
                        ("Resourcing evaluations", 6), ("5. Embedding evaluation", 3)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64, "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Word .doc"),
        (b"PK\x03\x04 cut off", "not a Word .docx file"),
        (b"plain text saved with the wrong name", "not a Word .docx file"),
        (None, "without word/document.xml"),
    ],
    ids=["encrypted", "old .doc", "truncated", "not a zip", "other zip"],
)
def test_unusable_word_files_are_named_with_the_reason(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "plan.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason) as info:
        load_file(path)
    assert info.value.source == "plan.docx"


def test_an_upload_is_a_word_document_by_its_content(tmp_path: Path) -> None:
    data = write_plan(tmp_path / "plan.docx").read_bytes()
    assert content_type(data) == DOCX
    settings = make_settings(write_small_corpus(tmp_path / "corpus"), tmp_path / "index")
    assert check_upload(Upload("Welcoming plan.docx", data), settings) == "Welcoming-plan.docx"
    with pytest.raises(DocumentError, match="named .pdf but its content is Word document"):
        check_upload(Upload("plan.pdf", data), settings)


@pytest.mark.slow
def test_an_uploaded_word_document_is_answered_from_with_its_citation(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    from ic_assistant import build_assistant

    settings: Settings = make_settings(write_small_corpus(tmp_path / "corpus"), tmp_path / "index")
    data = write_plan(tmp_path / "plan.docx").read_bytes()
    source, report = add_document(settings, Upload("welcoming-plan.docx", data), embedder=embedder)
    assert source in report.added and not report.errors
    answer = build_assistant(settings, embedder=embedder).ask("How often does the newcomers' forum meet?")
    assert not answer.refused
    cited = [c for c in answer.citations if c.source == source]
    assert cited and any("every quarter" in c.quote for c in cited)
