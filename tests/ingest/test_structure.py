"""Every format parses into the same units: headings with levels, paragraphs, list items with
their lead-in, table rows with their headers; offsets always slice back to the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ic_assistant.config import ChunkingSettings
from ic_assistant.text import CELL_SEPARATOR
from ic_assistant.units import headings_at
from ingest.blocks import Block, colon_lists, stacked_headers, without_contents
from ingest.chunking import chunk_document
from ingest.loaders import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, ParsedFile, load_file
from ingest.sync import build_document
from tests.conftest import REAL_CORPUS, REAL_PDF, UNICODE_FONT, assert_offsets, write_pdf

EVAL_CORPUS = Path(__file__).resolve().parents[2] / "evals" / "general" / "corpus"  # the general eval set


def units(parsed: ParsedFile) -> list[tuple[str, str, str]]:
    return [(b.kind, b.text, b.context) for page in parsed.pages for b in page.blocks]


_BUDGET_ROWS = [
    ("Free Library: Personal Services | 40,116,664 | 45,326,677", "Department | FY2022 | FY2023"),
    ("Free Library: Total | 45,326,677 | 58,449,945", "Department | FY2022 | FY2023"),
    ("Office of Community Empowerment: Total | 1,200 | 1,500", "Department | FY2022 | FY2023"),
    ("All departments | 46,526,677 | 59,949,945", "Department | FY2022 | FY2023"),
]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_table_rows_under_a_group_label_say_it(tmp_path: Path, fmt: str) -> None:
    """Budget books and accounts head each group of rows with a row of one cell ("Free Library")
    and close it with a total: "Total | 45,326,677 | ..." had said nothing of whose total it was, so
    "What is the Free Library's total budget?" found no row naming it. The label is said in each row
    of its group, a label wrapped onto two rows is read whole, and a total closes its group."""
    rows = [("Free Library", "", ""), ("Personal Services", "40,116,664", "45,326,677"),
            ("Total", "45,326,677", "58,449,945"), ("Office of Community", "", ""), ("Empowerment", "", ""),
            ("Total", "1,200", "1,500"), ("All departments", "46,526,677", "59,949,945")]
    if fmt == "md":
        text = "| Department | FY2022 | FY2023 |\n|---|---:|---:|\n" + "".join(
            f"| {' | '.join(f'**{c}**' if r[1] == '' and c else c for c in r)} |\n" for r in rows)
    else:
        text = ("<table><tr><th>Department</th><th>FY2022</th><th>FY2023</th></tr>"
                + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>")
    path = tmp_path / f"budget.{fmt}"
    path.write_text(f"# Budget\n\n{text}\n" if fmt == "md" else f"<h1>Budget</h1>{text}", encoding="utf-8")
    assert [(t, c) for k, t, c in units(load_file(path)) if k == TABLE_ROW] == _BUDGET_ROWS


def test_a_row_label_wrapped_onto_a_row_of_its_own_joins_its_row_and_a_new_label_ends_the_group(
    tmp_path: Path,
) -> None:
    """A rates table wraps a long row label onto a line of its own ("Couples or single claimants with
    a child of" over "qualifying age | 23000.00 | 23000.00"): that line is the row's first cell, and
    the labels over it head the row. A label row ends the group before it even when what follows is
    not yet a row of figures: "qualifying age" had read "Attendance Allowance: qualifying age | 23000.00"
    under the benefit cap's labels."""
    rows = [("Attendance Allowance", "", ""), ("higher rate", "89.60", "92.40"),
            ("Benefit Cap", "", ""), ("Annual level of Benefit Cap (Greater London)", "", ""),
            ("Couples or single claimants with a child of", "", ""), ("qualifying age", "23000.00", "23000.00"),
            ("Single adults without children", "15410.00", "15410.00")]
    text = ("<table><tr><th>weekly rates</th><th>2021/22</th><th>2022/23</th></tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>")
    path = tmp_path / "rates.html"
    path.write_text(f"<h1>Rates</h1>{text}", encoding="utf-8")
    label = "Benefit Cap Annual level of Benefit Cap (Greater London)"
    assert [t for k, t, _ in units(load_file(path)) if k == TABLE_ROW] == [
        "Attendance Allowance: higher rate | 89.60 | 92.40",
        f"{label}: Couples or single claimants with a child of qualifying age | 23000.00 | 23000.00",
        f"{label}: Single adults without children | 15410.00 | 15410.00",
    ]


def test_a_one_cell_row_over_no_table_of_three_columns_is_no_group_label(tmp_path: Path) -> None:
    """A key and value table's empty field ("Fax |" with no value) or a sentence set across a
    table is no label: the rows after it stay as they are."""
    path = tmp_path / "form.md"
    path.write_text("| Field | Value |\n|---|---|\n| Fax | |\n| Email | team@example.org |\n\n"
                    "| Item | 2022 | 2023 |\n|---|---|---|\n| Figures are in pounds for each year. | | |\n"
                    "| Rent | 10 | 12 |\n", encoding="utf-8")
    assert [t for k, t, _ in units(load_file(path)) if k == TABLE_ROW] == [
        "Fax", "Email | team@example.org", "Figures are in pounds for each year.", "Rent | 10 | 12"]


def test_a_markdown_rows_empty_label_under_a_spanned_one_says_it_and_paragraphs_after_the_table_are_text(
    tmp_path: Path,
) -> None:
    """Markdown has no rowspan: a page converted to it leaves a spanned label's lower cells empty,
    and the second payment's row had said no benefit. A row of figures alone under an empty label
    (a total) stays as it is. With no blank line after a table, the paragraphs below it are read
    as one-cell rows under its headers: they are paragraphs."""
    path = tmp_path / "payments.md"
    path.write_text(
        "| Benefit | Payment | When you'll be paid |\n| --- | --- | --- |\n"
        "| Pension Credit | £326 | Between 14 and 31 July 2022 |\n| | £324 | Between 8 and 23 November 2022 |\n"
        "| Tax Credits | £326 | Between 2 and 7 September 2022 |\n| | £324 | Between 23 and 30 November 2022 |\n"
        "| | £650 | |\n"
        "If you had a joint claim, a single payment will be sent to the account you used.\n", encoding="utf-8")
    blocks = [(k, t) for k, t, _ in units(load_file(path))]
    assert blocks == [
        (TABLE_ROW, "Pension Credit | £326 | Between 14 and 31 July 2022"),
        (TABLE_ROW, "Pension Credit | £324 | Between 8 and 23 November 2022"),
        (TABLE_ROW, "Tax Credits | £326 | Between 2 and 7 September 2022"),
        (TABLE_ROW, "Tax Credits | £324 | Between 23 and 30 November 2022"),
        (TABLE_ROW, "£650"),
        (PARAGRAPH, "If you had a joint claim, a single payment will be sent to the account you used."),
    ]


def test_a_saved_web_pages_menus_are_no_text_and_its_own_heading_is_its_title(tmp_path: Path) -> None:
    """Web pages saved as Markdown keep their cookie banner, menus and related links: lists of links
    to one site's pages, quoted as answers ("In This Section: Commission Members; ..."), and the
    banner's heading was the title; the banner above the page's own heading is no text either. A
    converter may also set a heading's marks alone over its text.
    Links that the text leads in to, or that point to several sites (a reading list), stay."""
    path = tmp_path / "page.md"
    path.write_text(
        "## Cookies on example.gov\n\nWe use some essential cookies.\n\n### In this section\n\n"
        "* [Commission members](https://www.example.gov/members)\n* [Monthly meetings](https://example.gov/meetings)\n\n"
        "# \n Who can get a badge?\n\nYou can get a badge if you are registered blind.\n\n"
        "### Style guides we used\n\n* [Disability style guide](https://ncdj.org/guide)\n"
        "* [Press stylebook](https://apstylebook.com)\n\nFind out more on these pages:\n\n"
        "* [Apply for a badge](https://www.example.gov/apply)\n* [Renew a badge](https://www.example.gov/renew)\n",
        encoding="utf-8")
    parsed = load_file(path)
    assert parsed.title == "Who can get a badge?"
    assert [(k, t) for k, t, _ in units(parsed)] == [
        (HEADING, "In this section"), (HEADING, "Who can get a badge?"),
        (PARAGRAPH, "You can get a badge if you are registered blind."), (HEADING, "Style guides we used"),
        (LIST_ITEM, "Disability style guide"), (LIST_ITEM, "Press stylebook"),
        (PARAGRAPH, "Find out more on these pages:"), (LIST_ITEM, "Apply for a badge"), (LIST_ITEM, "Renew a badge")]


def test_a_menu_under_a_label_line_with_sub_menus_is_no_text(tmp_path: Path) -> None:
    """A city's saved page opens with "In This Section" (a line, not a heading) over its menu, whose
    entries hold sub-menus and sometimes two links on one line ("Mayor - Biography"): the label had
    counted as text leading in to the list, and the menu was quoted ("In This Section: Mayor -
    Biography; 2025 Governing Agenda; ..."). A sentence or a lead-in with a colon still leads in."""
    path = tmp_path / "page.md"
    site = "https://www.example.gov/"
    path.write_text(
        f"In This Section\n\n- [Mayor]({site}mayor)  - [Biography]({site}mayor/bio)\n"
        f"  - [Press Releases]({site}press)\n  - [Newsletters]({site}news)\n- [City Council]({site}council)\n\n"
        f"# Welcome office\n\nThe office opened in 2022.\n\nRead these pages next:\n\n"
        f"- [Apply for help]({site}apply)\n- [Find a class]({site}classes)\n", encoding="utf-8")
    assert [(k, t) for k, t, _ in units(load_file(path))] == [
        (PARAGRAPH, "In This Section"), (HEADING, "Welcome office"), (PARAGRAPH, "The office opened in 2022."),
        (PARAGRAPH, "Read these pages next:"), (LIST_ITEM, "Apply for help"), (LIST_ITEM, "Find a class")]


def test_a_page_whose_text_is_all_in_its_front_matter_is_read_from_it(tmp_path: Path) -> None:
    """A content manager's page (Decap CMS, Hugo data pages) keeps its heading and body in the front
    matter and nothing below it: the page had failed as "no text found". Fields named as titles or
    headings head the text, fields of eight words or more are its Markdown, ids and addresses are no
    text. A page with text below its front matter reads only that text, as before."""
    path = tmp_path / "fund.md"
    path.write_text(
        "---\ntitle: Migrant Destitution Fund\nslug: fund\ncontent:\n  heading: Migrant Destitution Fund\n"
        "  subHeading: Supporting people left destitute\n  body: >-\n    The action group manages the fund, which"
        "\n    gives **monthly cash grants** to people who cannot work.\n\n\n    > \"It is a lifeline.\" - a volunteer"
        "\n  id: 59f23a2bf36d285569313b49\n  contactEmail: info@example.org\n---\n", encoding="utf-8")
    parsed = load_file(path)
    assert parsed.title == "Migrant Destitution Fund"
    assert [(k, t) for k, t, _ in units(parsed)] == [
        (HEADING, "Migrant Destitution Fund"), (HEADING, "Supporting people left destitute"),
        (PARAGRAPH, "The action group manages the fund, which gives monthly cash grants to people who cannot work."),
        (PARAGRAPH, '"It is a lifeline." - a volunteer')]
    path.write_text("---\ntitle: Fund\ndescription: A summary of the fund for search engines and sharing.\n---\n\n"
                    "The fund gives grants.\n", encoding="utf-8")
    assert [t for _, t, _ in units(load_file(path))] == ["The fund gives grants."]


def test_a_lists_lead_in_is_the_sentence_that_points_to_it(tmp_path: Path) -> None:
    """A leaflet's paragraph before its checklist points to it in one sentence and goes on: "Use the
    checklist below ... Open enrollment ends March 31." The last sentence had led the list in, so
    "What documents do I need?" missed the list and "When does enrollment end?" quoted it."""
    path = tmp_path / "leaflet.md"
    path.write_text("Use the checklist below to gather what you need to apply. Open enrollment ends March 31.\n\n"
                    "- Social Security numbers\n- Income information for everyone in your household\n", encoding="utf-8")
    assert [c for k, _, c in units(load_file(path)) if k == LIST_ITEM] == [
        "Use the checklist below to gather what you need to apply."] * 2


def test_a_sentence_set_right_under_a_list_ends_it(tmp_path: Path) -> None:
    """Converters write a page's next paragraph right under a list, with no blank line, and Markdown
    reads it as the last item going on: "driving licence To prove your address, you can provide a copy
    of either:" had been one item, and the list after it had the first list's lead-in. A wrapped item
    line in lower case still goes on its item."""
    path = tmp_path / "page.md"
    path.write_text("To prove your identity, you can provide a copy of either:\n\n* passport\n* driving licence\n"
                    "To prove your address, you can provide a copy of either:\n\n* a council tax bill that is\n"
                    "no older than a year\n", encoding="utf-8")
    identity, address = "To prove your identity, you can provide a copy of either:", \
        "To prove your address, you can provide a copy of either:"
    assert [(k, t, c) for k, t, c in units(load_file(path))] == [
        (PARAGRAPH, identity, ""), (LIST_ITEM, "passport", identity), (LIST_ITEM, "driving licence", identity),
        (PARAGRAPH, address, ""), (LIST_ITEM, "a council tax bill that is no older than a year", address)]


# --- PDF -----------------------------------------------------------------------------------


def _add_table(pdf, rows: list[tuple[str, ...]], widths: tuple[int, ...], borders: str = "ALL") -> None:  # noqa: ANN001 - FPDF
    with pdf.table(col_widths=widths, borders_layout=borders) as table:
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)


def write_table_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Where the programme sits", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Each city placed the programme in a different department of the council.")
    pdf.ln(4)
    pdf.cell(0, 8, "Table 2: Where IC sits", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ("City", "City department where Inclusive Cities sits", "Sponsor"),
        ("Bristol", "Mayor's Office", "Deputy Mayor"),
        ("Peterborough", "Housing, Communities and Youth, with a long name that wraps onto a second line", "Cabinet Member"),
    ]
    _add_table(pdf, rows, (30, 100, 50))
    pdf.ln(4)
    pdf.multi_cell(0, 6, "The departments changed during the second phase of the programme.")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_lines_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF of 11-point lines, one string a line (wrapped when long), page by page, no footer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_sentence_cut_by_a_page_break_is_joined_on_the_page_where_it_starts(tmp_path: Path) -> None:
    parsed = load_file(write_lines_pdf(tmp_path / "cut.pdf", [
        ["The councils named three pressures on their work.", "- Policy challenges such as the hostile environment, budget"],
        ["cuts and their implications for local priorities such as isolation.", "A new paragraph starts here."],
    ]))
    first, second = parsed.pages
    assert any(b.text.endswith("budget cuts and their implications for local priorities such as isolation.")
               for b in first.blocks)
    assert [b.text for b in second.blocks] == ["A new paragraph starts here."]
    assert_offsets(parsed)


def test_pdf_count_cut_from_its_phrase_by_a_page_break_is_joined(tmp_path: Path) -> None:
    """A page break after a phrase that needs a count ("... around 1 in every" / "13 people in England
    ...", the Race Disparity Audit) cuts one sentence: the next page's text opens with a number, not a
    lower-case word, and had been a paragraph of its own. A numbered paragraph still opens its own."""
    parsed = load_file(write_lines_pdf(tmp_path / "cut.pdf", [
        ["Most people spoke English well. Regardless of their ability to speak English,", "around 1 in every"],
        ["13 people in England and Wales had a main language other than English.",
         "2.8 Most people felt that they belonged to their neighbourhood."],
    ]))
    first, second = parsed.pages
    assert [b.text for b in first.blocks] == [
        "Most people spoke English well. Regardless of their ability to speak English, around 1 in every 13 people "
        "in England and Wales had a main language other than English."]
    assert [b.text for b in second.blocks] == ["2.8 Most people felt that they belonged to their neighbourhood."]
    assert_offsets(parsed)


def test_pdf_footnote_is_a_block_of_its_own_and_the_text_flows_past_it(tmp_path: Path) -> None:
    """A footnote closing the page, cited by a mark glued to a word ("cities1"), is not glued to
    the sentence the page break cuts; that sentence still joins its end on the next page. The mark
    stays where the file has it, set apart from its word ("cities^1"): a quote reads it as the file
    does, and the word's terms are its own."""
    parsed = load_file(write_lines_pdf(tmp_path / "footnote.pdf", [
        ["The first phase supported six UK cities1 and their partners.",
         "Attendance rose by 3.1 per cent.",
         "A project manager gave them specialist input - data, evidence,",
         "1 The six cities were Northtown, Southport and four others."],
        ["and examples of good practice from abroad.", "A new paragraph starts here."],
    ]))
    first, second = parsed.pages
    texts = [b.text for b in first.blocks]
    assert texts == [
        "The first phase supported six UK cities^1 and their partners.",
        "Attendance rose by 3.1 per cent.",  # a number, not a mark
        "A project manager gave them specialist input - data, evidence, and examples of good practice from abroad.",
        "The six cities were Northtown, Southport and four others.",
    ]
    assert [b.note for b in first.blocks] == [False, False, False, True]
    assert [b.text for b in second.blocks] == ["A new paragraph starts here."]
    assert_offsets(parsed)


def test_pdf_footnote_setting_out_a_list_is_its_lead_in_and_its_items(tmp_path: Path) -> None:
    """A footnote that lists ("... does not apply to the following homes:" then a bullet or a dash a
    line) is read as the body's lists are, its items each with the lead-in as context, all of them
    notes. Read as one paragraph, the list was one unit too long to quote."""
    parsed = load_file(write_lines_pdf(tmp_path / "note_list.pdf", [[
        "Rents may rise by at most 5 per cent a year.2",
        "Landlords must give notice in writing.",
        "2 The cap does not apply to the following homes:",
        "- Homes built within the last 15 years;",
        "- Student halls run by a college; and",
        "- Homes under a stricter local cap.",
    ]]))
    (page,) = parsed.pages
    notes = [b for b in page.blocks if b.note]
    assert [(b.kind, b.text) for b in notes] == [
        ("paragraph", "The cap does not apply to the following homes:"),
        ("list_item", "Homes built within the last 15 years;"),
        ("list_item", "Student halls run by a college; and"),
        ("list_item", "Homes under a stricter local cap."),
    ]
    assert {b.context for b in notes[1:]} == {"The cap does not apply to the following homes:"}
    assert [b.text for b in page.blocks if not b.note] == [
        "Rents may rise by at most 5 per cent a year^2.", "Landlords must give notice in writing."]
    assert_offsets(parsed)


def test_pdf_raised_mark_after_a_figure_is_set_apart_and_a_small_footnote_read_early_is_a_note(tmp_path: Path) -> None:
    """A footnote mark set small and raised after a figure ("April 2018" then "10") had run into it,
    "201810", a year no one wrote; it is "2018^10", as a mark after a word is. Its note, set in
    smaller type at the foot of the first of two columns, comes before the second column's text in
    reading order: it is still the mark's note, not text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_left_margin(10)
    pdf.set_right_margin(115)
    pdf.set_xy(10, 20)
    pdf.write(6, "Families on the lowest incomes can apply to the council for free school meals, and the council "
                 "checks each application within a week of receiving it. The income cap has not changed since it "
                 "was introduced in April 2018")
    pdf.char_vpos = "SUP"
    pdf.write(6, "10")
    pdf.char_vpos = "LINE"
    pdf.write(6, ". A national report suggests that many families just above the cap still struggle to pay for "
                 "school lunches every week.")
    pdf.set_font("Helvetica", size=9)
    pdf.set_xy(10, 250)
    pdf.multi_cell(85, 5, "10 Department for Education (March 2018), consultation response on the income cap.")
    pdf.set_font("Helvetica", size=11)
    pdf.set_left_margin(115)
    pdf.set_right_margin(10)
    pdf.set_xy(115, 20)
    pdf.multi_cell(85, 6, "Schools register eligible pupils every autumn term, and the register is checked again in "
                          "the spring term by the local authority. Pupils who move school keep their eligibility, "
                          "and the new school is told by the council within ten working days of the move.")
    pdf.output(str(tmp_path / "marks.pdf"))
    parsed = load_file(tmp_path / "marks.pdf")
    assert [(b.text, b.note) for b in parsed.pages[0].blocks] == [
        ("Families on the lowest incomes can apply to the council for free school meals, and the council checks "
         "each application within a week of receiving it. The income cap has not changed since it was introduced "
         "in April 2018^10. A national report suggests that many families just above the cap still struggle to "
         "pay for school lunches every week.", False),
        ("Schools register eligible pupils every autumn term, and the register is checked again in the spring term "
         "by the local authority. Pupils who move school keep their eligibility, and the new school is told by the "
         "council within ten working days of the move.", False),
        ("Department for Education (March 2018), consultation response on the income cap.", True),
    ]
    assert_offsets(parsed)


def test_pdf_full_line_closing_a_bracket_goes_on_and_a_footnote_may_open_with_a_colon(tmp_path: Path) -> None:
    """A line that the next word did not fit, ending with an acronym's bracket ("... Connected Health
    Cities (CHC)"), goes on into the next line ("Programme1, and delivered ..."): no sentence ended
    there, and the paragraph had been cut in two. A note opening "1:" is the mark's footnote."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    first = "The project was funded through the Connected Health Cities (CHC)"
    width = pdf.get_string_width(first) + 3
    pdf.multi_cell(width, 6, "The evaluation ran for two years and its report was published in the spring, with "
                   "the findings of every region and of the central team set out in turn.")
    pdf.ln(4)
    pdf.multi_cell(width, 6, f"{first} Programme1, and delivered as a collaborative initiative between the "
                   "university's centre for training and the regional agency for health science.")
    pdf.set_y(260)
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(width, 5, "1: Connected Health Cities is a programme funded by the Department of Health.")
    pdf.output(str(tmp_path / "bracket.pdf"))
    parsed = load_file(tmp_path / "bracket.pdf")
    assert [(b.text, b.note) for b in parsed.pages[0].blocks] == [
        ("The evaluation ran for two years and its report was published in the spring, with the findings of every "
         "region and of the central team set out in turn.", False),
        ("The project was funded through the Connected Health Cities (CHC) Programme^1, and delivered as a "
         "collaborative initiative between the university's centre for training and the regional agency for "
         "health science.", False),
        ("Connected Health Cities is a programme funded by the Department of Health.", True),
    ]
    assert_offsets(parsed)


def test_pdf_list_cut_from_its_lead_in_by_a_page_break_keeps_it_and_closing_links_are_notes(tmp_path: Path) -> None:
    """"The aims of the meeting were:" closes a page above link lines (footnotes whose marks were
    superscripts; one a line, or two on one line); the aims open the next page. The links are
    notes, not the end of the paragraph, and the items take the lead-in as their context."""
    parsed = load_file(write_lines_pdf(tmp_path / "lead.pdf", [
        ["The second meeting was hosted by Northtown. The aims of the meeting were:",
         "https://example.org/report", "https://example.org/notes.pdf http://www.example.org/"],
        ["- To present the draft plans.", "- To discuss emerging learning.", "A new paragraph starts here."],
    ]))
    first, second = parsed.pages
    assert [(b.text, b.note) for b in first.blocks] == [
        ("The second meeting was hosted by Northtown. The aims of the meeting were:", False),
        ("https://example.org/report", True), ("https://example.org/notes.pdf http://www.example.org/", True)]
    assert [(b.kind, b.text, b.context) for b in second.blocks[:2]] == [
        (LIST_ITEM, "To present the draft plans.", "The aims of the meeting were:"),
        (LIST_ITEM, "To discuss emerging learning.", "The aims of the meeting were:")]
    assert second.blocks[2].context == ""
    assert_offsets(parsed)


def test_pdf_items_whose_bullets_were_pictures_are_a_list_under_their_lead_in(tmp_path: Path) -> None:
    """Bullets drawn as pictures leave plain lines: a lead-in ending with ':', then unfinished
    sentences. A line broken where the next word would still have fitted ends its block, however
    long it is ("... young people of the city", 79 characters where the longest line has 111),
    and the unfinished paragraphs under the lead-in are its list."""
    parsed = load_file(write_lines_pdf(tmp_path / "bullets.pdf", [[
        "Each council in the network writes its own action plan with its partners, and the programme asks "
        "that the plan be built in the open.",
        "Drawing on ideas from other countries, the programme supports an approach that is as follows:",
        "Strategic across the whole of the city administration",
        "Consistently positive in its messaging, to develop an inclusive narrative for the city which informs "
        "and drives practice",
        "Recognises in particular the needs of the children and young people of the city",
        "The project helped the cities to reflect upon their thinking in a number of ways, which the rest of "
        "this report describes in turn, with one section for each of them and a short summary at the end.",
    ]]))
    lead = "Drawing on ideas from other countries, the programme supports an approach that is as follows:"
    assert units(parsed) == [
        (PARAGRAPH, "Each council in the network writes its own action plan with its partners, and the programme "
                    "asks that the plan be built in the open.", ""),
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "Strategic across the whole of the city administration", lead),
        (LIST_ITEM, "Consistently positive in its messaging, to develop an inclusive narrative for the city which "
                    "informs and drives practice", lead),
        (LIST_ITEM, "Recognises in particular the needs of the children and young people of the city", lead),
        (PARAGRAPH, "The project helped the cities to reflect upon their thinking in a number of ways, which the "
                    "rest of this report describes in turn, with one section for each of them and a short summary "
                    "at the end.", ""),
    ]
    assert_offsets(parsed)


def test_pdf_lines_of_a_narrow_column_that_wrap_before_a_name_stay_one_paragraph(tmp_path: Path) -> None:
    """In a column half the page wide every line is short in characters against the page's widest,
    and names start lines ("Northtown City" / "Council and ..."): the geometry says each line was
    full, so the paragraph is not cut at each capital."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    wide = ("The programme report sets out what each council learnt in the first phase, and this page gives one "
            "example of that learning in a column of its own.")
    narrow = ("In the first phase, the shared experience of the Welcome Towns Resettlement Scheme has emerged as "
              "a case study in which Northtown City Council and Eastbay Borough Council and their Community "
              "Partners have been galvanised. It appears the scheme had an impact beyond the Resettlement "
              "Programme itself.")
    pdf.multi_cell(0, 6, wide, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(80, 6, narrow, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "narrow.pdf"))
    parsed = load_file(tmp_path / "narrow.pdf")
    assert units(parsed) == [(PARAGRAPH, wide, ""), (PARAGRAPH, narrow, "")]
    assert_offsets(parsed)


def write_two_column_pdf(path: Path, after: str) -> Path:
    """A heading and a paragraph across the page, two columns of prose, `after` across the page,
    then a table set without ruling: short labels, each with a description to its right."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Welcome boards in two towns", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, TWO_COLUMNS[0], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, TWO_COLUMNS[1])
    bottom = pdf.get_y()
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 5, TWO_COLUMNS[2])
    pdf.set_xy(10, max(bottom, pdf.get_y()) + 4)
    pdf.multi_cell(0, 5, after, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, text in UNRULED_ROWS:
        y = pdf.get_y()
        pdf.set_xy(10, y)
        pdf.cell(30, 5, label)
        pdf.set_xy(60, y)
        pdf.multi_cell(140, 5, text)
    pdf.output(str(path))
    return path


TWO_COLUMNS = (
    "This page compares how two councils welcomed newcomers during the first year of the programme, one column "
    "for each of them.",
    "Northtown council set up a welcome board in the first year. The board met every month and brought together "
    "housing, schools and health services. It published a plan for newcomers in the spring, and the plan was "
    "renewed each year after a public consultation with residents.",
    "Eastbay took a different route. Its officers worked with local employers on language classes, and the "
    "classes ran in the evenings at the central library for two years.",
)
UNRULED_ROWS = (("Housing", "Officers found homes for forty families in the first year of the scheme"),
                ("Schools", "Every new pupil had a buddy from their own class for the first term at school"))


@pytest.mark.parametrize("after", [
    "Both councils reported their results to the programme board at the end of the year, and both plans are "
    "published.",
    "Both plans are published.",  # one short line: on one side of the gutter, but after a paragraph's space
])
def test_pdf_two_columns_are_read_one_after_the_other(tmp_path: Path, after: str) -> None:
    """pdfplumber reads across the page, so two columns came out interleaved line by line ("... in the
    first Eastbay took a different route. Its ..."). A run of lines a gutter splits, prose on both sides,
    is read column by column; what is across the page keeps its place, and a table set without ruling
    (labels on the left) keeps each label with its text."""
    parsed = load_file(write_two_column_pdf(tmp_path / "columns.pdf", after))
    got = units(parsed)
    assert got[:5] == [(HEADING, "Welcome boards in two towns", ""), (PARAGRAPH, TWO_COLUMNS[0], ""),
                       (PARAGRAPH, TWO_COLUMNS[1], ""), (PARAGRAPH, TWO_COLUMNS[2], ""), (PARAGRAPH, after, "")]
    text = parsed.pages[0].text
    for label, row in UNRULED_ROWS:
        assert f"{label} {row}" in text
    assert_offsets(parsed)


def test_pdf_bulleted_list_beside_a_column_of_prose_is_a_column_too(tmp_path: Path) -> None:
    """A brochure sets a list of short items ("• Dentists") beside its prose: the list's lines are
    too short for prose, and the page had been read across, each line of the salary thresholds
    joined to an item ("... for obtaining • School teachers and an EU Blue Card ...")."""
    from fpdf import FPDF

    items = ["Mathematicians", "Engineering professionals", "Medical doctors", "Veterinarians", "Dentists",
             "Pharmacists", "School teachers"]
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Body", "", str(UNICODE_FONT))
    pdf.set_font("Body", size=10)
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, TWO_COLUMNS[1])
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 5, "The following occupations are included:")
    for item in items:
        pdf.set_x(110)
        pdf.multi_cell(90, 5, f"\u2022 {item}")
    pdf.output(str(tmp_path / "list-column.pdf"))
    got = units(load_file(tmp_path / "list-column.pdf"))
    assert got[0] == (PARAGRAPH, TWO_COLUMNS[1], "")
    assert [t for k, t, _ in got if k == LIST_ITEM] == items


def test_one_unfinished_paragraph_or_finished_sentences_under_a_colon_are_no_list() -> None:
    lead = Block(PARAGRAPH, "The plan says:")
    one = [lead, Block(PARAGRAPH, "Strategic across the city"), Block(PARAGRAPH, "It was signed in May.")]
    assert colon_lists([one]) == [one]
    done = [lead, Block(PARAGRAPH, "Cities met twice."), Block(PARAGRAPH, "They wrote plans.")]
    assert colon_lists([done]) == [done]
    # The items may run on to the next page; a footnote between them is passed over.
    pages = [[lead, Block(PARAGRAPH, "Strategic across the city"), Block(PARAGRAPH, "A note.", note=True)],
             [Block(PARAGRAPH, "Led by the council"), Block(PARAGRAPH, "It was signed in May.")]]
    got = colon_lists(pages)
    assert [(b.kind, b.context) for b in (got[0][1], got[1][0])] == [(LIST_ITEM, "The plan says:")] * 2
    assert got[0][2].kind == PARAGRAPH and got[1][1].kind == PARAGRAPH


def test_pdf_line_opening_with_a_number_nothing_cites_stays_in_the_text(tmp_path: Path) -> None:
    parsed = load_file(write_lines_pdf(tmp_path / "numbers.pdf", [
        ["The cities met in three places over the year,", "2 Councils hosted the meetings in turn."],
    ]))
    assert not any(b.note for b in parsed.pages[0].blocks)
    assert "2 Councils hosted the meetings in turn." in parsed.pages[0].text


@pytest.mark.parametrize(("repeated", "one_row"), [(False, False), (True, False), (False, True)])
def test_pdf_table_cut_by_a_page_break_keeps_its_header_on_the_next_page(
    tmp_path: Path, repeated: bool, one_row: bool,
) -> None:
    """Action plans run tables over pages, and word processors repeat the header row only when asked:
    the next page's first row ("Glasgow | ...") had been read as the header of the rows under it. A
    table under text on the next page is a table of its own. A last row alone on the next page is
    the table's too: one-row tables had been dropped (most are boxes round some text), and its
    cells had read as a paragraph and a heading."""
    from fpdf import FPDF

    header = ("City", "Action", "Lead")
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "The cities set out their actions for the year.", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "Table 3: Actions by city", new_x="LMARGIN", new_y="NEXT")
    _add_table(pdf, [header, ("Bristol", "Welcome packs", "Housing"), ("Cardiff", "English classes", "Learning")],
               (30, 100, 50))
    pdf.add_page()
    more = [("Glasgow", "Job fairs", "Economy"), ("Liverpool", "Drop-in advice", "Communities")][: 1 if one_row else 2]
    _add_table(pdf, [*([header] if repeated else []), *more], (30, 100, 50))
    pdf.multi_cell(0, 6, "Progress is reviewed each quarter.", new_x="LMARGIN", new_y="NEXT")
    _add_table(pdf, [("Quarter", "Review"), ("Q1", "March")], (60, 60))
    pdf.output(str(tmp_path / "plan.pdf"))
    rows = [(t, c) for k, t, c in units(load_file(tmp_path / "plan.pdf")) if k == TABLE_ROW]
    context = "Table 3: Actions by city — City | Action | Lead"
    assert rows == [("Bristol | Welcome packs | Housing", context), ("Cardiff | English classes | Learning", context),
                    *[(CELL_SEPARATOR.join(row), context) for row in more], ("Q1 | March", "Quarter | Review")]


def test_pdf_table_opening_a_page_with_a_header_of_its_own_is_not_the_one_before_going_on(tmp_path: Path) -> None:
    """A survey's profile stacks tables in the same columns ("RELIGION | Number answering | %", then
    "DISABILITY | Number answering | %" at the top of the next page): the second's header names some
    columns as the first's does and others not, so it is a table of its own. Its rows had read under
    the religion table's header, and "How many said they were carers?" found no carers' row."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    _add_table(pdf, [("RELIGION", "Number answering", "% answering"), ("Christian", "412", "40%"),
                     ("No religion", "380", "37%")], (80, 50, 50))
    pdf.add_page()
    _add_table(pdf, [("CARER", "Number answering", "% answering"), ("Yes", "178", "18%"), ("No", "569", "56%")],
               (80, 50, 50))
    pdf.output(str(tmp_path / "profile.pdf"))
    rows = [(t, c) for k, t, c in units(load_file(tmp_path / "profile.pdf")) if k == TABLE_ROW]
    religion, carer = "RELIGION | Number answering | % answering", "CARER | Number answering | % answering"
    assert rows == [("Christian | 412 | 40%", religion), ("No religion | 380 | 37%", religion),
                    ("Yes | 178 | 18%", carer), ("No | 569 | 56%", carer)]


def test_pdf_table_rows_under_a_group_label_say_it_across_a_page_break(tmp_path: Path) -> None:
    """As in Markdown and HTML: a ruled budget table's one-cell row heads the rows under it, on the
    next page too when the table goes on there."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    _add_table(pdf, [("Department", "FY2022", "FY2023"), ("Free Library", "", ""),
                     ("Personal Services", "40,116,664", "45,326,677")], (80, 50, 50))
    pdf.add_page()
    _add_table(pdf, [("Total", "45,326,677", "58,449,945"), ("Police", "", ""), ("Total", "758,034", "788,044")],
               (80, 50, 50))
    pdf.output(str(tmp_path / "budget.pdf"))
    assert [t for k, t, _ in units(load_file(tmp_path / "budget.pdf")) if k == TABLE_ROW] == [
        "Free Library: Personal Services | 40,116,664 | 45,326,677", "Free Library: Total | 45,326,677 | 58,449,945",
        "Police: Total | 758,034 | 788,044"]


def test_pdf_bold_line_of_figures_under_a_table_is_text_not_a_heading(tmp_path: Path) -> None:
    """A budget book sets its grand total in bold under the last table ("Total, General Fund
    4,717,753,548 602,110,804 ..."): as a heading it was never quoted, and "What is the total
    budget?" could not be answered. A bold line of two figures or more is text; "2.1 Eligibility"
    and a bold line with one year stay headings."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "The council sets its budget each year after consulting residents on its priorities.")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Spending plans for 2023", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "Each department's budget is set out below, with the year before for comparison.")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Total, General Fund 4,717,753,548 602,110,804 5,319,864,352", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "budget.pdf"))
    blocks = [(b.kind, b.text) for b in load_file(tmp_path / "budget.pdf").pages[0].blocks]
    assert (HEADING, "Spending plans for 2023") in blocks
    assert blocks[-1] == (PARAGRAPH, "Total, General Fund 4,717,753,548 602,110,804 5,319,864,352")


def test_pdf_source_lines_and_asides_under_a_caption_are_no_headings(tmp_path: Path) -> None:
    """A statistics briefing sets a caption's second line in brackets and a table's "Source: ..." in
    bold: each had been a heading, the section every row and sentence after it was cited under. A
    bracketed line going on a heading ("(Not Subject to Audit)" under a title) stays in it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, "Statement of Accounts", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "(Not Subject to Audit)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text="The council's figures for the year are set out in the tables below for residents.")
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text="Table 1: Prevalence of obese children in reception")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "(derived from the postcode of the school)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text="Obesity in reception fell to 8.1% in the county this year, below the national rate.")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Source: NHS Digital", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text="Deaths in care homes rose to a third of all deaths over the winter months.")
    pdf.output(str(tmp_path / "briefing.pdf"))
    blocks = [(b.kind, b.text) for b in load_file(tmp_path / "briefing.pdf").pages[0].blocks]
    assert blocks[0] == (HEADING, "Statement of Accounts (Not Subject to Audit)")
    assert (PARAGRAPH, "(derived from the postcode of the school)") in blocks
    assert (PARAGRAPH, "Source: NHS Digital") in blocks


def test_pdf_slide_bullets_set_as_runs_of_their_own_open_items_not_headings(tmp_path: Path) -> None:
    """A slide deck sets its "▸" bullets as text runs of their own, larger than the items, and
    its items in a larger type than the file's body: each bullet had been a heading named "▸"
    over its item, a bulleted item and the lines that go on it headings never quoted, and a line
    giving an e-mail address in a larger type a heading too, as was a "?" set large. All are text
    now; the slide's title stays a heading."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("Body", "", str(UNICODE_FONT))
    pdf.add_page()
    pdf.set_font("Body", size=10)
    for _ in range(6):
        pdf.multi_cell(0, 5, "This deck was given to employers at the regional meeting on hiring refugees, and the "
                             "notes below are the speaker's own, set in the body type of the file.",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("Body", size=28)
    pdf.cell(0, 14, "Are refugees eligible to work?", new_x="LMARGIN", new_y="NEXT")
    for first, more in (("Yes! Refugees have work authorization incident to", "their status from the day they arrive."),
                        ("They do not need to wait for their", "employment card to start work.")):
        y = pdf.get_y() + 4
        pdf.set_font("Body", size=22)
        pdf.set_xy(20, y)
        pdf.cell(12, 10, "\u25b8")
        pdf.set_font("Body", size=18)
        pdf.set_xy(34, y)
        pdf.cell(0, 10, first, new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(34)
        pdf.cell(0, 10, more, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 6)
    pdf.cell(0, 10, "Email jobs@example.org to find out more.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", size=28)
    pdf.cell(0, 14, "?", new_x="LMARGIN", new_y="NEXT")  # a mark alone heads nothing
    pdf.output(str(tmp_path / "deck.pdf"))
    blocks = [(b.kind, b.text) for b in load_file(tmp_path / "deck.pdf").pages[1].blocks]
    assert blocks == [
        (HEADING, "Are refugees eligible to work?"),
        (LIST_ITEM, "Yes! Refugees have work authorization incident to their status from the day they arrive."),
        (LIST_ITEM, "They do not need to wait for their employment card to start work."),
        (PARAGRAPH, "Email jobs@example.org to find out more."),
    ]


def test_pdf_space_glyphs_set_over_a_digit_do_not_split_the_figure(tmp_path: Path) -> None:
    """Spreadsheets saved as PDF pad right-aligned figures with spaces that sit inside the first
    digit's box: read in order of position, "1,832,982" had read "1 ,832,982" and a date "12/31/2017"
    "1 2 / 3 1 / 2 0 17". A space between words stays."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 20)
    pdf.cell(40, 6, "Total income")
    pdf.set_xy(80, 20)
    pdf.cell(30, 6, "1,832,982")
    pdf.set_xy(80.6, 20)
    pdf.cell(3, 6, " ")  # the padding space, over the "1"
    pdf.set_xy(20, 30)
    pdf.cell(40, 6, "Total spending")
    pdf.set_xy(80, 30)
    pdf.cell(30, 6, "2,291,650")
    pdf.set_xy(80, 30)
    pdf.cell(3, 6, " ")  # a space where the "2" starts: the space goes, the "2" stays (it had read ",291,650")
    pdf.output(str(tmp_path / "accounts.pdf"))
    assert " ".join(b.text for b in load_file(tmp_path / "accounts.pdf").pages[0].blocks) == (
        "Total income 1,832,982 Total spending 2,291,650")


def test_pdf_words_set_apart_by_position_alone_are_words_in_small_type_too(tmp_path: Path) -> None:
    """A PDF may set a word space by moving the pen, with no space character. pdfplumber's fixed 3
    points had joined such words in small or condensed type ("calling at361 communities", 2.5
    points apart at 10.5): a gap counts as a space by its share of the type's size. Letters set a
    kerning's width apart stay one word."""
    from fpdf import FPDF

    pt = 25.4 / 72  # fpdf places in millimetres
    pdf = FPDF()
    pdf.add_page()
    for y, size, parts in ((20, 10.5, ("calling at", "361 communities")), (30, 7.5, ("operates in", "Cambridgeshire"))):
        pdf.set_font("Helvetica", size=size)
        x = 20.0
        for part in parts:
            pdf.text(x, y, part)
            x += pdf.get_string_width(part) + 0.24 * size * pt  # a condensed face's space, a quarter em
    pdf.set_font("Helvetica", size=10.5)
    pdf.text(20, 40, "Suff")
    pdf.text(20 + pdf.get_string_width("Suff") + 0.05 * 10.5 * pt, 40, "olk")  # kerning, not a space
    pdf.output(str(tmp_path / "spaced.pdf"))
    text = " ".join(b.text for b in load_file(tmp_path / "spaced.pdf").pages[0].blocks)
    assert "calling at 361 communities" in text
    assert "operates in Cambridgeshire" in text
    assert "Suffolk" in text


def test_pdf_bold_lines_opening_in_lower_case_or_ending_with_a_figure_are_no_headings(tmp_path: Path) -> None:
    """Minutes set their resolutions in bold, wrapped: "the report" (a wrapped line) had been a
    heading, and the next item's section was named "the report 60 Social Inclusion Network Event".
    An account's bold "Net movement in funds (4,259)" had been a heading, never quoted. A lettered
    heading ("b) Basis of preparation") stays one."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for _ in range(3):
        pdf.multi_cell(0, 5, "The committee met in the council chamber and considered the reports before it, with the "
                             "chair presiding over the whole of the meeting.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 10)
    resolution = "ii) Note the details of the traffic island planting improvements detailed in section 7 of"
    for line in (resolution, "the report", "60 Social Inclusion Network Event", "b) Basis of preparation",
                 "Net movement in funds (4,259)"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if not line.endswith("of"):
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 5, "The officer presented the report and the committee discussed it.",
                           new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "B", 10)
    pdf.output(str(tmp_path / "minutes.pdf"))
    headings = [t for k, t, _ in units(load_file(tmp_path / "minutes.pdf")) if k == HEADING]
    assert headings == ["60 Social Inclusion Network Event", "b) Basis of preparation"]


def test_pdf_table_opening_with_a_field_label_or_an_entry_number_has_no_header_row(tmp_path: Path) -> None:
    """A committee report's cover is a table of fields ("From: | Jane Smith, ...", "To: | Full
    Council"), and a list may be set as a table of numbered entries ("I. | The Chairman ..."): a
    column's name ends with no colon and is no number, so their first row is a row. It had been
    every other row's header, never quoted: "Who is the report from?" had nothing to answer with."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    fields = [("From:", "Jane Smith, Armed Forces Champion"), ("To:", "Full Council"), ("Date:", "13 March 2025")]
    _add_table(pdf, fields, (40, 120))
    pdf.multi_cell(0, 6, "The covenant was marked by three guests at the annual dinner:", new_x="LMARGIN", new_y="NEXT")
    guests = [("I.", "The Chairman of the Royal British Legion"), ("II.", "The new Deputy Chief Executive"),
              ("III.", "The commander of the local medical squadron")]
    _add_table(pdf, guests, (20, 140))
    pdf.output(str(tmp_path / "report.pdf"))
    rows = [(t, c) for k, t, c in units(load_file(tmp_path / "report.pdf")) if k == TABLE_ROW]
    assert rows == [(CELL_SEPARATOR.join(row), "") for row in (*fields, *guests)]


def test_pdf_table_whose_first_row_is_labels_ending_with_colons_reads_them_as_its_header(tmp_path: Path) -> None:
    """A factsheet sets the sink layouts it allows as a table whose first row is "Layout 1: | Layout
    2: | Layout 3:". Each cell ends with a colon as a field's label does, but a row of nothing else
    names the columns under it: read as a row, it had left the layouts without their names."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    layouts = [("Layout 1:", "Layout 2:"), ("Double bowl sink and a hand basin", "Single sink and a dishwasher")]
    _add_table(pdf, layouts, (80, 80))
    pdf.output(str(tmp_path / "factsheet.pdf"))
    rows = [(t, c) for k, t, c in units(load_file(tmp_path / "factsheet.pdf")) if k == TABLE_ROW]
    assert rows == [(CELL_SEPARATOR.join(layouts[1]), CELL_SEPARATOR.join(layouts[0]))]


def test_pdf_line_opening_with_a_section_number_is_a_heading_whatever_its_font(tmp_path: Path) -> None:
    """Reports number their sections ("2.1 Eligibility") and often set the subsections in the body
    font: where the fonts mark other headings, such a line had been a paragraph of its own. One
    level number ("2 Councils ...") may be a footnote or an item, and a figure opens sentences."""
    parsed = load_file(write_pdf(tmp_path / "numbered.pdf", [[
        "Resettlement guidance", "Councils receive a tariff per person.", "2.1 Eligibility",
        "People referred by UNHCR are eligible.", "2.1.3 Appeals against a refusal",
        "A family may appeal within a month.", "2.5 million people were resettled in the decade.",
    ]], page_numbers=False))
    got = [(k, t) for k, t, _ in units(parsed)]
    assert got == [
        (HEADING, "Resettlement guidance"), (PARAGRAPH, "Councils receive a tariff per person."),
        (HEADING, "2.1 Eligibility"), (PARAGRAPH, "People referred by UNHCR are eligible."),
        (HEADING, "2.1.3 Appeals against a refusal"), (PARAGRAPH, "A family may appeal within a month."),
        (PARAGRAPH, "2.5 million people were resettled in the decade."),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING][1:] == [3, 4]


def test_pdf_numbered_items_keep_their_numbers_and_are_read_without_them(tmp_path: Path) -> None:
    """A quote of two numbered items is the file's text ("1. Formally start ... 2. Discuss ..."),
    as a reader of the PDF finds it (pypdf, letters and digits, as the general set's check.py
    reads); vectors, features and the answer read the items without the numbers (`Unit.plain`)."""
    from pypdf import PdfReader

    from ic_assistant.extractive import claim_text
    from ic_assistant.types import Passage
    from ic_assistant.units import LIST, units_of

    path = write_pdf(tmp_path / "aims.pdf", [[
        "First meeting", "The meeting brought the cities together to:",
        "1. Formally start the project and meet one another.", "2. Discuss examples of good practice.",
    ]], page_numbers=False, as_lines=True)
    parsed = load_file(path)
    lead = "The meeting brought the cities together to:"
    assert [(k, t) for k, t, _ in units(parsed)][1:] == [
        (PARAGRAPH, lead), (LIST_ITEM, "1. Formally start the project and meet one another."),
        (LIST_ITEM, "2. Discuss examples of good practice."),
    ]
    chunk = chunk_document(build_document(path.name, parsed, None, "key"), parsed, ChunkingSettings())[0]
    [whole] = [u for u in units_of([Passage(chunk, 1.0)]) if u.kind == LIST]
    letters = re.sub(r"[^a-z0-9]", "", " ".join(page.extract_text() for page in PdfReader(path).pages).lower())
    assert re.sub(r"[^a-z0-9]", "", whole.text.lower()) in letters
    assert "1." not in whole.plain and "2." not in whole.plain
    assert claim_text(whole) == f"{lead} Formally start the project and meet one another; Discuss examples of good practice."


def test_pdf_ruled_table_rows_are_units_with_caption_and_headers_as_context(tmp_path: Path) -> None:
    parsed = load_file(write_table_pdf(tmp_path / "table.pdf"))
    got = units(parsed)
    context = "Table 2: Where IC sits — City | City department where Inclusive Cities sits | Sponsor"
    rows = [u for u in got if u[0] == TABLE_ROW]
    assert rows == [
        (TABLE_ROW, "Bristol | Mayor's Office | Deputy Mayor", context),
        (
            TABLE_ROW,
            "Peterborough | Housing, Communities and Youth, with a long name that wraps onto a second line"
            " | Cabinet Member",
            context,
        ),
    ]
    assert got[0][:2] == (HEADING, "Where the programme sits")
    # The caption heads the table; the header row and caption are not inside any row.
    texts = [t for _, t, _ in got]
    assert texts.index("Table 2: Where IC sits") < texts.index(rows[0][1])
    assert not any("Sponsor" in t for t in texts)
    assert texts[-1] == "The departments changed during the second phase of the programme."
    assert_offsets(parsed)


def test_pdf_bold_label_with_its_value_is_text_not_a_heading(tmp_path: Path) -> None:
    """As a bold line in HTML or Markdown (`bold_heading`): the value of "Effective: ..." had been a
    heading's, never quoted, and "What dates is the sheet for?" had nothing to quote."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for text, style in (("Effective: October 1, 2023 to September 30, 2024", "B"), ("Who can apply", "B"),
                        ("Families with a child under 13 can apply for help with the cost of child care.", "")):
        pdf.set_font("Helvetica", style, 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "card.pdf"
    pdf.output(str(path))
    assert [u[:2] for u in units(load_file(path))] == [
        (PARAGRAPH, "Effective: October 1, 2023 to September 30, 2024"),
        (HEADING, "Who can apply"),
        (PARAGRAPH, "Families with a child under 13 can apply for help with the cost of child care."),
    ]


@pytest.mark.parametrize("caption", ["", "Table 3: Income limits"])
def test_pdf_table_titled_by_a_row_across_it_reads_its_rows_under_the_title_and_the_header_below_it(
    tmp_path: Path, caption: str,
) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The limits below apply from October.")
    pdf.ln(4)
    if caption:
        pdf.cell(0, 8, caption, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(40, 40, 40)) as table:
        table.row().cell("Gross Monthly Income", colspan=3)
        for row in (("Family Size", "100% FPG", "200% FPG"), ("1", "$1,215", "$2,430"), ("2", "$1,643", "$3,287")):
            r = table.row()
            for cell in row:
                r.cell(cell)
    path = tmp_path / "limits.pdf"
    pdf.output(str(path))
    got = units(load_file(path))
    title = " — ".join(x for x in (caption, "Gross Monthly Income") if x)
    context = f"{title} — Family Size | 100% FPG | 200% FPG"
    # The header row had been a row of its own, and the rows' context only the title over it.
    assert [u for u in got if u[0] == TABLE_ROW] == [
        (TABLE_ROW, "1 | $1,215 | $2,430", context), (TABLE_ROW, "2 | $1,643 | $3,287", context),
    ]
    assert (HEADING, title) in [u[:2] for u in got]


def test_pdf_footnote_cited_only_by_a_table_header_is_a_note_and_the_header_loses_its_mark(tmp_path: Path) -> None:
    """A table's header citing a note ("Area1") is a citation as the text's are: the note at the
    page's foot is a note, not a paragraph opening "1 The change ...", and the header reads
    "Area^1", so that a row's context holds the word "area"."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The caps below apply to rent increases.")
    pdf.ln(4)
    with pdf.table(col_widths=(60, 60)) as table:
        for row in (("Area1", "Cap"), ("Northern Area", "8.9%"), ("Southern Area", "9.3%")):
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(4)
    pdf.multi_cell(0, 6, "1 The change in the cost of living is measured for each area.")
    path = tmp_path / "caps.pdf"
    pdf.output(str(path))
    (page,) = load_file(path).pages
    assert [(b.kind, b.text, b.context, b.note) for b in page.blocks] == [
        (PARAGRAPH, "The caps below apply to rent increases.", "", False),
        (TABLE_ROW, "Northern Area | 8.9%", "Area^1 | Cap", False),
        (TABLE_ROW, "Southern Area | 9.3%", "Area^1 | Cap", False),
        (PARAGRAPH, "The change in the cost of living is measured for each area.", "", True),
    ]


def test_pdf_filled_shapes_are_no_table_rules_and_thin_ones_are(tmp_path: Path) -> None:
    """pdfplumber reads every rectangle's edges as table lines. A browser prints a web page over a
    filled background, and Word fills the space behind each line: each page had been one table row,
    or each line one. A table whose borders are thin filled rectangles (as Word draws them) is
    still a table."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(245, 245, 245)
    pdf.rect(0, 0, 210, 297, style="F")  # the printed page's background
    pdf.set_font("Helvetica", size=11)
    lines = ("The strategy covers the period from 2023 to 2026.", "It applies to every programme we fund.")
    for line in lines:
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(10, pdf.get_y(), 190, 6, style="F")  # the fill behind a line
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    top, height, widths = pdf.get_y() + 6, 8, (60, 60)
    rows = [("Level", "Budget"), ("Level 1", "Under one million"), ("Level 2", "One to five million")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            pdf.set_xy(10 + sum(widths[:c]), top + r * height)
            pdf.cell(widths[c], height, cell)
    pdf.set_fill_color(0, 0, 0)
    for r in range(len(rows) + 1):  # borders: filled rectangles 0.3 mm thick
        pdf.rect(10, top + r * height, sum(widths), 0.3, style="F")
    for x in (10, 10 + widths[0], 10 + sum(widths)):
        pdf.rect(x, top, 0.3, len(rows) * height, style="F")
    path = tmp_path / "filled.pdf"
    pdf.output(str(path))
    parsed = load_file(path)
    assert units(parsed) == [
        (PARAGRAPH, lines[0], ""), (PARAGRAPH, lines[1], ""),
        (TABLE_ROW, "Level 1 | Under one million", "Level | Budget"),
        (TABLE_ROW, "Level 2 | One to five million", "Level | Budget"),
    ]
    assert_offsets(parsed)


def test_pdf_bullets_drawn_as_shapes_make_list_items(tmp_path: Path) -> None:
    """A browser prints a web page's list bullets as small filled shapes, with no character in the
    text: the items had run into their lead-in's paragraph. An item that wraps stays one item."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lead = "This is achieved through our three objectives:"
    pdf.multi_cell(0, 6, lead, new_x="LMARGIN", new_y="NEXT")
    items = ["improve healthcare outcomes by providing high-quality, integrated and sustainable care at the right "
             "time in the right place, by tackling the backlog",
             "protect the public's health", "improve social care outcomes"]
    for item in items:
        pdf.set_fill_color(0, 0, 0)
        pdf.ellipse(12, pdf.get_y() + 2.2, 1.6, 1.6, style="F")
        pdf.set_x(17)
        pdf.multi_cell(150, 6, item, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Each objective has its own evaluation plan.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "bullets.pdf"
    pdf.output(str(path))
    parsed = load_file(path)
    assert units(parsed) == [(PARAGRAPH, lead, ""), *[(LIST_ITEM, item, lead) for item in items],
                             (PARAGRAPH, "Each objective has its own evaluation plan.", "")]
    assert_offsets(parsed)


def test_pdf_space_above_a_line_sets_a_paragraph_apart(tmp_path: Path) -> None:
    """A paragraph set apart by space, not by a short last line: "... above 500,000 is High", a
    gap, "The framework recommends ..." had read as one block."""
    path = tmp_path / "gap.pdf"
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    first = ["The thresholds were set in 2022 by the evaluation board, after a review",
             "of past programmes and of the budgets they had in the years before, as follows:",
             "Budget thresholds: under 150,000 is Low; 150,001 to 500,000 is Medium; above 500,000 is High"]
    for line in first:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 6, "The framework recommends that colleagues consider the budget.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    assert [(k, t) for k, t, _ in units(load_file(path))] == [
        (PARAGRAPH, " ".join(first)), (PARAGRAPH, "The framework recommends that colleagues consider the budget."),
    ]


def _captioned_page(intro: str, caption: str, size: int):  # noqa: ANN202 - fpdf.FPDF
    """A page opening with a paragraph and then a table's caption, the type at `size` points."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=size)
    pdf.multi_cell(0, 6, intro)
    pdf.ln(4)
    pdf.cell(0, 8, caption, new_x="LMARGIN", new_y="NEXT")
    return pdf


def write_unruled_table_pdf(path: Path, borders: str) -> Path:
    pdf = _captioned_page("The council funds three services for new arrivals, with the teams that run them.",
                          "Table 1: Services and budgets", 11)
    rows = [("Service", "Team", "Budget"), ("English classes", "Adult learning", "£120,000"),
            ("Housing advice", "Housing options and the homelessness prevention team", "£80,000"),
            ("School places", "Education", "£45,000")]
    _add_table(pdf, rows, (50, 60, 40), borders)
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Budgets are reviewed every April by the cabinet member for communities.")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("borders", ["NONE", "HORIZONTAL_LINES", "SINGLE_TOP_LINE"])
def test_pdf_table_without_ruling_is_rows_with_its_headers(tmp_path: Path, borders: str) -> None:
    """A table set with no ruling, or with rules across only (as reports often are), has no cells
    for pdfplumber to find: its rows came out as lines, cells run together and headers lost. Its
    cells line up in columns; a cell that wraps goes on in its own column on the next line."""
    parsed = load_file(write_unruled_table_pdf(tmp_path / f"{borders}.pdf", borders))
    context = "Table 1: Services and budgets — Service | Team | Budget"
    assert [u for u in units(parsed) if u[0] != HEADING] == [
        (PARAGRAPH, "The council funds three services for new arrivals, with the teams that run them.", ""),
        (TABLE_ROW, "English classes | Adult learning | £120,000", context),
        (TABLE_ROW, "Housing advice | Housing options and the homelessness prevention team | £80,000", context),
        (TABLE_ROW, "School places | Education | £45,000", context),
        (PARAGRAPH, "Budgets are reviewed every April by the cabinet member for communities.", ""),
    ]
    assert_offsets(parsed)


def write_spaced_table_pdf(path: Path) -> Path:
    """A table with no ruling whose rows are set apart by space and whose cells wrap, every column's,
    as Word's action plans and a browser's printed pages set them."""
    pdf = _captioned_page("The plan sets out what the council will do in its first year.", "Table 2: Actions", 10)
    rows = [("Action", "Lead", "Timescale"),
            ("Run weekly English conversation clubs in every library",
             "Adult learning service with the library network", "From April 2024, reviewed every year"),
            ("Publish a welcome pack for new arrivals in six languages", "Communications team and the refugee forum",
             "By the end of June 2024"),
            ("Train front-line staff in trauma-informed practice", "Workforce development with health partners",
             "Two sessions a quarter, from May 2024")]
    left, widths = pdf.l_margin, (55, 55, 45)
    for row in rows:
        y = pdf.get_y()
        bottoms = []
        for x, width, text in zip([left + sum(widths[:k]) for k in range(3)], widths, row):
            pdf.set_xy(x, y)
            pdf.multi_cell(width - 8, 4.2, text, align="L")
            bottoms.append(pdf.get_y())
        pdf.set_y(max(bottoms) + 6)
    pdf.multi_cell(0, 6, "Progress is reported to the cabinet every six months.")
    pdf.output(str(path))
    return path


def test_pdf_table_of_spaced_rows_whose_cells_all_wrap_is_a_row_per_record(tmp_path: Path) -> None:
    """Each line had been a row: no row held a whole action, and the first line of the first
    action, taken for the header, was in no row's text. A row is the lines between gaps wider
    than a cell's line spacing."""
    parsed = load_file(write_spaced_table_pdf(tmp_path / "plan.pdf"))
    context = "Table 2: Actions — Action | Lead | Timescale"
    assert [u for u in units(parsed) if u[0] == TABLE_ROW] == [
        (TABLE_ROW, "Run weekly English conversation clubs in every library | Adult learning service with the library "
                    "network | From April 2024, reviewed every year", context),
        (TABLE_ROW, "Publish a welcome pack for new arrivals in six languages | Communications team and the refugee "
                    "forum | By the end of June 2024", context),
        (TABLE_ROW, "Train front-line staff in trauma-informed practice | Workforce development with health partners "
                    "| Two sessions a quarter, from May 2024", context),
    ]
    assert_offsets(parsed)


def write_rows_ruled_table_pdf(path: Path, rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> Path:
    """A table as Word draws many: rules across, between the rows and round the frame, none between
    the columns, and cells of prose that wrap over lines. A row whose first cell is empty is under a
    first cell merged down over it: no rule parts the two in the first column."""
    pdf = _captioned_page("The evaluation matched what the programme added to each of the department's priorities.",
                          "Table 1: Added value for each priority", 10)
    left, step = pdf.l_margin, 5
    right = left + sum(widths)
    tops = []
    for row in rows:
        y = pdf.get_y()
        tops.append(y)
        heights = []
        for x, width, text in zip([left + 2 + sum(widths[:k]) for k in range(len(widths))], widths, row):
            pdf.set_xy(x, y + 1)
            pdf.multi_cell(width - 4, step, text)
            heights.append(pdf.get_y() - y)
        pdf.set_y(y + max(heights) + 1)
    bottom = pdf.get_y()
    pdf.line(left, tops[0], right, tops[0])
    for y, row in zip(tops[1:], rows[1:]):
        pdf.line(left + (widths[0] if not row[0] else 0), y, right, y)
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, tops[0], left, bottom)
    pdf.line(right, tops[0], right, bottom)
    pdf.set_y(bottom + 4)
    pdf.multi_cell(0, 6, "The programme reports to the department every year.")
    pdf.output(str(path))
    return path


def test_pdf_table_ruled_between_rows_only_splits_its_columns_at_the_gutters(tmp_path: Path) -> None:
    """Rules between the rows and round the frame, none between the columns: pdfplumber found one
    cell per row, the two columns' lines run together ("Keep people healthy and support economic
    Regional and care pathways are ..."). No word crosses the gap between the columns, in any row:
    it is where one cell ends and the next begins."""
    rows = [
        ("Priority", "Added value"),
        ("Keep people healthy and support economic productivity and sustainable public services",
         "Regional care pathways are beginning to address health inequalities across the north, and the "
         "models built could be applied throughout the country."),
        ("Support research and innovation to maximise health and economic productivity",
         "Programme funding has built health informatics infrastructure in hospital trusts, allowing the flow "
         "of data to identify key health issues within local populations."),
        ("Create value by promoting good commercial practice",
         "Regional partnerships between trusts, universities and industry protect patient data."),
    ]
    parsed = load_file(write_rows_ruled_table_pdf(tmp_path / "rows-ruled.pdf", rows, (70, 110)))
    context = "Table 1: Added value for each priority — Priority | Added value"
    assert [(k, t, c) for k, t, c in units(parsed) if k == TABLE_ROW] == [
        (TABLE_ROW, f"{a} | {b}", context) for a, b in rows[1:]
    ]
    assert_offsets(parsed)


def test_pdf_table_cell_merged_down_over_rows_labels_each_of_them(tmp_path: Path) -> None:
    """A region's cell merged down over its two pathways is read into the first row only; the second
    row, with cells of its own, says whose it is when it takes the label. A row with one cell of its
    own is no such row."""
    rows = [
        ("Region", "Pathway", "Objective"),
        ("Northtown", "Antibiotic resistance", "Better information on who is getting antibiotics."),
        ("", "Stroke diagnosis", "Recognition of stroke by paramedics."),
        ("Southby", "Unplanned care", "Forecasts of demand for six months."),
    ]
    parsed = load_file(write_rows_ruled_table_pdf(tmp_path / "merged.pdf", rows, (40, 60, 80)))
    assert [t for k, t, _ in units(parsed) if k == TABLE_ROW] == [
        "Northtown | Antibiotic resistance | Better information on who is getting antibiotics.",
        "Northtown | Stroke diagnosis | Recognition of stroke by paramedics.",
        "Southby | Unplanned care | Forecasts of demand for six months.",
    ]


def write_numbered_report_pdf(path: Path, sections: list[tuple[str, str, list[tuple[str, str]]]]) -> Path:
    """A committee report as UK councils set one: each section's number and each paragraph's hang in
    the left margin, the heading (bold) and the paragraph's text indented beside them."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for number, heading, paragraphs in sections:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(20, 6, number)
        pdf.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for n, text in paragraphs:
            pdf.cell(20, 6, n)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    pdf.output(str(path))
    return path


def test_pdf_numbered_paragraphs_hanging_in_the_margin_are_paragraphs_not_a_table(tmp_path: Path) -> None:
    """A report's paragraph numbers ("3.1") hang in the margin, the text indented beside them: the
    lines split like a table's rows, and the one-word numbers, half the cells, passed the test of
    short cells. Gloucester's cabinet report had read as a table under its first paragraph, each
    paragraph's last line in the next one's row ("3.2 | Scheme in 2013. Regulations were ..."). A
    table's header names its columns; a number is none."""
    paragraphs = [
        ("3.1", "Prior to each financial year the council is required to determine a local council tax support "
                "scheme to help working age people on low incomes pay their council tax, and to consult on it."),
        ("3.2", "Regulations were brought in by the government to ensure that pensioners continue to receive the "
                "same level of financial assistance as they would have done under the old benefit scheme."),
        ("3.3", "The local scheme works in a similar way to other council tax discounts, as the tax base is reduced "
                "by the amount awarded and the income from council tax is reduced in turn."),
    ]
    path = write_numbered_report_pdf(tmp_path / "report.pdf", [
        ("3.0", "Background and Key Issues", paragraphs), ("4.0", "Community Safety Implications", [("4.1", "None.")]),
        ("5.0", "Staffing Implications", [("5.1", "None.")]),
    ])
    assert [(k, t) for k, t, _ in units(load_file(path))] == [
        (HEADING, "3.0 Background and Key Issues"), *[(PARAGRAPH, f"{n} {text}") for n, text in paragraphs],
        (HEADING, "4.0 Community Safety Implications"), (PARAGRAPH, "4.1 None."),
        (HEADING, "5.0 Staffing Implications"), (PARAGRAPH, "5.1 None."),
    ]


def test_pdf_bullets_set_a_tab_from_their_items_are_a_list_not_a_table(tmp_path: Path) -> None:
    """Word sets a list's items a tab away from their bullets: the lines split like a table's rows
    and the one-glyph cells passed the test of short cells. A council report's list of consultees
    had read as a table, its first item the header ("• | Local councillors") and the lead-in no
    item's context."""
    from fpdf import FPDF

    lead = "Individual and detailed responses have been received from:"
    items = ["Local councillors", "Northtown Borough Council", "Southways Housing", "Northtown Traders",
             "Friends of the Park"]
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Body", "", str(UNICODE_FONT))
    pdf.set_font("Body", size=11)
    pdf.multi_cell(0, 6, lead, new_x="LMARGIN", new_y="NEXT")
    for item in items:
        pdf.set_x(pdf.l_margin + 8)
        pdf.cell(12, 6, "\u2022")
        pdf.cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    assert [(k, t, c) for k, t, c in units(load_file(path))] == [
        (PARAGRAPH, lead, ""), *[(LIST_ITEM, item, lead) for item in items],
    ]


def _bold_line(pdf, text: str, height: float = 7) -> None:  # noqa: ANN001 - fpdf.FPDF
    """A line in bold 12-point type, the type set back to regular 11-point after it."""
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)


def test_pdf_labels_a_tab_from_their_values_are_label_lines_not_a_table(tmp_path: Path) -> None:
    """A committee report's contact block sets "Name:", "Position:", "Telephone:" a tab from their
    values: the lines split like a two-column table's, and had read as rows for some lines and as
    paragraphs or a heading for others (a solicitor's telephone number a heading, never quoted).
    Each is a "Label: value" line."""
    from fpdf import FPDF

    people = [("Name:", "Jane Smith"), ("Position:", "Strategic Director, Development"),
              ("Telephone:", "0161 234 3030"), ("Name:", "Amir Khan"), ("Position:", "City Solicitor"),
              ("Telephone:", "0161 234 3087")]
    summary = ("The report sets out the outcome of the public consultation on the draft framework for the district "
               "centre, and asks the Executive to approve the framework as the basis for the sites' development.")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _bold_line(pdf, "Contact Officers:", 8)
    for n, (label, value) in enumerate(people):
        pdf.cell(30, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        if n == 2:
            pdf.ln(6)
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    assert [(k, t) for k, t, _ in units(load_file(path)) if k != HEADING] == [
        (PARAGRAPH, summary), *[(PARAGRAPH, f"{label} {value}") for label, value in people]
    ]


def test_pdf_heading_whose_number_is_set_in_regular_type_is_a_heading(tmp_path: Path) -> None:
    """Word numbers a heading in the paragraph's type: "3)" in regular, "Comments on the park" in
    bold. Read as a list item, the heading had left its section's text under the heading before;
    and a lettered heading under another ("Accounting policies", then "a) Statutory information")
    is a heading of its own, not the other's second line."""
    from fpdf import FPDF

    body = "Most comments asked for the land to be kept for recreation, and many raised the traffic."
    pdf = FPDF()
    pdf.add_page()
    for number, title in (("2)", "Comments on the precinct"), ("3)", "Comments on the park")):
        pdf.set_font("Helvetica", "" if number == "3)" else "B", 11)
        pdf.cell(8, 7, number)
        _bold_line(pdf, title)
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    _bold_line(pdf, "Accounting policies")
    pdf.cell(8, 7, "a)")
    _bold_line(pdf, "Statutory information")
    pdf.multi_cell(0, 6, "The charity is registered in England.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "comments.pdf"
    pdf.output(str(path))
    assert [(k, t) for k, t, _ in units(load_file(path))] == [
        (HEADING, "2) Comments on the precinct"), (PARAGRAPH, body), (HEADING, "3) Comments on the park"),
        (PARAGRAPH, body), (HEADING, "Accounting policies"), (HEADING, "a) Statutory information"),
        (PARAGRAPH, "The charity is registered in England."),
    ]


def test_pdf_first_line_of_a_numbered_paragraph_is_no_heading(tmp_path: Path) -> None:
    """A numbered paragraph's first line is as short in words as a heading, and had been one ("2.5 The
    UK has become more ethnically diverse. The proportion of people", then a paragraph "identifying as
    White British ..."): 39 of the 165 numbered paragraphs of the Race Disparity Audit, Gloucester's
    §§4.1, 10.1, 11.1. A line that runs the full width of the text wrapped, its number hanging in the
    margin or not; one that holds a finished sentence goes on. A numbered line under which the next
    section opens ("13.1 None", then "14.0 Staffing ...") heads nothing: it is a paragraph."""
    first = ("Representatives of neighbourhood organisations, commissioners and safeguarding practitioners "
             "described considerable improvements in communication between agencies during the year, which the "
             "partnership board welcomed in its annual review, noting that the referrals made between the police and "
             "the schools had doubled since the shared form came in.")
    path = write_numbered_report_pdf(tmp_path / "report.pdf", [
        ("3.0", "Background", [("3.1", first), ("3.2", "The board meets four times a year.")]),
        ("4.0", "Community Safety Implications", [("4.1", "None")]),
        ("5.0", "Staffing Implications", [("5.1", "The team grows by two posts in April.")]),
    ])
    assert [(k, t) for k, t, _ in units(load_file(path))] == [
        (HEADING, "3.0 Background"), (PARAGRAPH, f"3.1 {first}"), (PARAGRAPH, "3.2 The board meets four times a year."),
        (HEADING, "4.0 Community Safety Implications"), (PARAGRAPH, "4.1 None"),
        (HEADING, "5.0 Staffing Implications"), (PARAGRAPH, "5.1 The team grows by two posts in April."),
    ]
    lines = ["The census counts everyone in England and Wales.",
             "2.5 The UK has become more ethnically diverse. The proportion of people",
             "identifying as White British fell from 87.4% in 2001 to 80.5% in 2011."]
    parsed = load_file(write_pdf(tmp_path / "audit.pdf", [lines], as_lines=True, page_numbers=False))
    assert [(k, t) for k, t, _ in units(parsed)] == [(PARAGRAPH, lines[0]), (PARAGRAPH, " ".join(lines[1:]))]


def test_pdf_front_sheet_fields_in_bold_are_text_not_one_heading(tmp_path: Path) -> None:
    """A council report's front sheet sets its fields in bold, a label with its value a line: joined as
    one heading that wraps, Gloucester's had been a heading of 380 characters ("Meeting: Cabinet Date:
    10 December 2025 ... Contact Officer: ..."). Each field is a line of its own, and the fields are
    text; a bold heading that wraps is still one heading."""
    from fpdf import FPDF

    fields = ["Meeting: Cabinet", "Date: 10 December 2025", "Subject: Local Council Tax Support Scheme",
              "Contact Officer: Karen Haile, Service Delivery Manager"]
    pdf = FPDF()
    pdf.add_page()
    for line in [*fields, "", "Background to the council's local support scheme for people", "of working age"]:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The council must decide each year whether to change its scheme.")
    pdf.output(str(tmp_path / "report.pdf"))
    assert [(k, t) for k, t, _ in units(load_file(tmp_path / "report.pdf"))] == [
        *[(PARAGRAPH, f) for f in fields],
        (HEADING, "Background to the council's local support scheme for people of working age"),
        (PARAGRAPH, "The council must decide each year whether to change its scheme."),
    ]


def test_pdf_heading_ending_with_a_stop_and_a_sentence_set_large_alone_head_the_text(tmp_path: Path) -> None:
    """A policy agenda's goal wraps its heading onto a line that ends with a stop ("... good jobs
    and" / "schools."), and its actions are sentences set alone in a larger type over what each means
    ("Make the region a place of sanctuary."). The heading's last line had been a paragraph, and an
    action line ran into the paragraph before it, so the text under it was cited under the goal."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(120, 8, "Our goal is that we have convenient and affordable options to reach good jobs and schools.")
    pdf.ln(3)
    body = ("Residents of every neighbourhood need to reach work, school and services. Many still travel for more "
            "than an hour each way, and bus fares have risen faster than wages over the last ten years.")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, body)
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 13)
    pdf.cell(0, 7, "Make the region a place of sanctuary.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    core = ("At its core, sanctuary legislation would stop state resources being used to enforce immigration law. "
            "Councils would still comply with federal law in every other respect.")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, core)
    pdf.output(str(tmp_path / "agenda.pdf"))
    assert units(load_file(tmp_path / "agenda.pdf")) == [
        (HEADING, "Our goal is that we have convenient and affordable options to reach good jobs and schools.", ""),
        (PARAGRAPH, body, ""),
        (HEADING, "Make the region a place of sanctuary.", ""),
        (PARAGRAPH, core, ""),
    ]


def test_pdf_cover_lines_set_large_that_give_a_date_are_text_not_headings(tmp_path: Path) -> None:
    """A report's cover sets its number, date and author large under the title ("Research Paper
    Number 2020/016 December 2020"): read as headings, they were only ever context, and "When was the
    framework published?" had nothing to quote. A heading that gives a date later in the report
    ("Update March 2020") stays a heading."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 12, "Monitoring and Evaluation Framework", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Research Paper Number 2020/016 December 2020", new_x="LMARGIN", new_y="NEXT")
    body = "This framework sets out how the department plans, runs and uses its evaluations of policy."
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, body)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Update March 2021", new_x="LMARGIN", new_y="NEXT")
    later = "The framework was reviewed after its first year, and two of its standards were changed."
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, later)
    pdf.output(str(tmp_path / "framework.pdf"))
    parsed = load_file(tmp_path / "framework.pdf")
    assert [(b.kind, b.text) for p in parsed.pages for b in p.blocks] == [
        (HEADING, "Monitoring and Evaluation Framework"),
        (PARAGRAPH, "Research Paper Number 2020/016 December 2020"),
        (PARAGRAPH, body),
        (HEADING, "Update March 2021"),
        (PARAGRAPH, later),
    ]


def test_pdf_cover_pages_lines_under_the_title_are_facts_of_the_document(tmp_path: Path) -> None:
    """A cover page (a first page of few words) sets its subtitle, authors and date large under the
    title: read as headings, "Who wrote the assessment?" had no unit naming its authors. Its title
    may be set as text, and its date line then read as the first heading. Headings after the cover
    stay headings."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Needs Assessment: Community Engagement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    for line in ("Public Health Briefing August 2023", "Findings by Jane Smith and Ann Lee"):
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Findings", new_x="LMARGIN", new_y="NEXT")
    body = "Residents told us that English classes near their homes were hard to find and often full."
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, body)
    pdf.output(str(tmp_path / "cover.pdf"))
    parsed = load_file(tmp_path / "cover.pdf")
    assert [(b.kind, b.text) for p in parsed.pages for b in p.blocks] == [
        (PARAGRAPH, "Needs Assessment: Community Engagement"),
        (PARAGRAPH, "Public Health Briefing August 2023 Findings by Jane Smith and Ann Lee"),
        (HEADING, "Findings"),
        (PARAGRAPH, body),
    ]


def test_pdf_bold_passage_in_a_narrow_column_is_text_and_a_short_bold_line_a_heading(tmp_path: Path) -> None:
    """A narrow column's lines are each short enough for a heading: a brochure's statement set in
    bold at the body's size ("Establish a deterrent. We will run" / ... / "are stopped.") had become
    a heading, never quoted. Three bold lines or more ending a sentence are text; a bold line over
    regular text is still a heading."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    body = ("The council has worked with partners across the city to improve support for new arrivals. This is "
            "ordinary text set in the regular weight of the body font, as most of the page is.")
    pdf.set_font("Helvetica", size=10)
    for _ in range(4):
        pdf.multi_cell(80, 5, body)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(80, 5, "Our priorities", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(80, 5, body)
    pdf.set_font("Helvetica", "B", 10)
    for line in ("Establish a deterrent. We will run", "a relentless process with a regular",
                 "rhythm of flights every month,", "until the boats are stopped."):
        pdf.cell(80, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "brochure.pdf"))
    blocks = [(b.kind, b.text) for b in load_file(tmp_path / "brochure.pdf").pages[0].blocks]
    assert (HEADING, "Our priorities") in blocks
    assert blocks[-1] == (PARAGRAPH, "Establish a deterrent. We will run a relentless process with a regular rhythm "
                                     "of flights every month, until the boats are stopped.")


MONTHS_SAID = [f"In {month} the council met {len(month)} groups of new arrivals." for month in
               ["January", "February", "March", "April", "May", "June", "July", "August"]]


def write_footed_report_pdf(
    path: Path, footers: dict[int, str], bullet_on: int | None = None, footer_y: float = -20,
) -> Path:
    """A page of `MONTHS_SAID` each, with the footer `footers` gives some pages (by page number), in
    the bottom margin (`footer_y` mm from the page's foot); on page `bullet_on` a bullet drawn before it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)  # the footer sits in the bottom margin
    for n, text in enumerate(MONTHS_SAID, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.set_y(60)
        pdf.multi_cell(0, 6, text)
        if n in footers:
            pdf.set_y(footer_y)
            pdf.set_font("Helvetica", size=8)
            if n == bullet_on:  # which the text reads as "\u2022 " (`pdf._with_bullet`)
                pdf.ellipse(pdf.l_margin - 3, pdf.get_y() + 1.7, 1.6, 1.6, style="F")
            pdf.cell(0, 5, footers[n])
    pdf.output(str(path))
    return path


def test_pdf_footer_on_a_third_of_the_pages_is_running_text_with_or_without_a_bullet(tmp_path: Path) -> None:
    """A report's footer is often missing from its full-page pictures and chapter openers, and set
    after a drawn bullet on some pages: on 3 pages of 8 (once as "\u2022 Annual Report 2024 5") it had
    not been known as running text, and was read into the page's paragraph."""
    path = write_footed_report_pdf(tmp_path / "report.pdf", {n: f"Annual Report 2024 {n}" for n in (2, 4, 6)},
                                   bullet_on=6)
    assert [b.text for p in load_file(path).pages for b in p.blocks] == MONTHS_SAID


def test_pdf_footer_set_above_the_bottom_margin_is_running_text_as_each_pages_last_line(tmp_path: Path) -> None:
    """A council factsheet sets its footer ("Wyndham City 2") at 89% of the page's height, above the
    bottom share where running lines are looked for: it had been read as a heading, and cut the
    table running over the page break from its column headers. The last line of a third of the
    pages, digits aside, is running wherever it sits."""
    path = write_footed_report_pdf(tmp_path / "factsheet.pdf", {n: f"Northtown Council {n}" for n in (2, 3, 4)},
                                   footer_y=-34)
    assert [b.text for p in load_file(path).pages for b in p.blocks] == MONTHS_SAID


def test_pdf_footer_with_its_page_number_outside_on_facing_pages_is_running_text(tmp_path: Path) -> None:
    """Facing pages set the page number outside: "2 Annual Report 2024" on the left, "Annual Report
    2024 3" on the right. Each way round the footer was on too few pages to be known, and an answer
    had opened with "10 Annual Report 2024"."""
    footers = {n: f"{n} Annual Report 2024" if n % 2 == 0 else f"Annual Report 2024 {n}" for n in (2, 3, 5)}
    path = write_footed_report_pdf(tmp_path / "facing.pdf", footers)
    assert [b.text for p in load_file(path).pages for b in p.blocks] == MONTHS_SAID


def test_pdf_footer_naming_each_chapter_after_its_fixed_part_is_running_text(tmp_path: Path) -> None:
    """A report's footer names the chapter after a slash ("Needs Assessment: Community Engagement /
    Context 3", ".../ Findings 5"): each chapter's footer was on too few pages to be known, and an
    answer had quoted "... / CONTEXT 5" as text. The part before the slash runs on every page."""
    chapters = {2: "Context", 3: "Context", 4: "Findings", 5: "Findings", 6: "Findings", 7: "Next steps"}
    footers = {n: f"Needs Assessment: Community Engagement / {chapter} {n}" for n, chapter in chapters.items()}
    path = write_footed_report_pdf(tmp_path / "chapters.pdf", footers)
    assert [b.text for p in load_file(path).pages for b in p.blocks] == MONTHS_SAID


def test_pdf_paragraph_beside_a_diagrams_small_labels_is_not_cut_at_its_capitals(tmp_path: Path) -> None:
    """A paragraph is set apart by space over the usual step between lines of its type size. A
    diagram's labels, small and set close, had been taken for the page's usual step: every line of
    the report's paragraph then looked set apart, and it broke before each line opening with a
    capital ("... Cambridge City Council and South" / "Cambridgeshire District Council ...")."""
    from fpdf import FPDF

    lines = ["By the end of the year the campaign was supporting 25 refugee families who were",
             "resettled by the City Council and its neighbour, the District Council of South",
             "Cambridgeshire, under the national resettlement scheme: four more families than",
             "in the year before, all of them housed in villages outside the city."]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for n, line in enumerate(lines):  # justified, as the report's are: every line but the last fills the column
        words, y = line.split(), 30 + 4.4 * n
        gap = (170 - sum(pdf.get_string_width(w) for w in words)) / (len(words) - 1) if n < len(lines) - 1 else 2.0
        x = 20.0
        for word in words:
            pdf.text(x, y, word)
            x += pdf.get_string_width(word) + gap
    pdf.set_y(120)
    pdf.set_font("Helvetica", size=7)
    for label in ("School holiday activities", "Monthly socials", "Language support", "Direct support",
                  "Hardship grants", "Donations", "Emergency loans", "Volunteer training"):
        pdf.cell(40, 2.8, label, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "report.pdf"))
    blocks = [b.text for b in load_file(tmp_path / "report.pdf").pages[0].blocks]
    assert blocks[0] == " ".join(lines)


def _accounts_page(title: str):  # noqa: ANN202 - an fpdf.FPDF
    """A page with `title` set as a heading, and where the text under it starts."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    return pdf, pdf.get_y() + 4


def test_pdf_accounts_column_names_stacked_over_the_figures_are_the_tables_headers(tmp_path: Path) -> None:
    """Accounts set each column's names in lines of their own over the figures ("2018" / "£" / "Net
    spend"), with no name over the labels. They had read as a table of their own, and the table below
    had taken its first row of figures for its header: "Members Allowances | 12,237 | 17,200" was
    only ever the other rows' context, never a unit. A first row that gives figures against a label
    is a row."""
    pdf, y = _accounts_page("Income and Expenditure Account")
    for names in (("2018", "2018"), ("\u00a3", "\u00a3"), ("Net spend", "Budget")):
        for x, name in zip((100, 140), names):
            pdf.set_xy(x, y)
            pdf.cell(25, 5, name, align="R")
        y += 5
    rows = (("Members Allowances", "12,237", "17,200"), ("Mayors Allowance", "6,979", "8,000"),
            ("Meeting Room Hire", "6,325", "7,000"), ("Civic Events", "9,907", "10,000"))
    for k, (label, spent, budget) in enumerate(rows):
        for x, width, text, align in ((20, 60, label, "L"), (100, 25, spent, "R"), (140, 25, budget, "R")):
            pdf.set_xy(x, y + 3 + 5 * k)
            pdf.cell(width, 5, text, align=align)
    pdf.output(str(tmp_path / "accounts.pdf"))
    headers = "- | 2018 \u00a3 Net spend | 2018 \u00a3 Budget"  # no name over the labels (a PDF reads "–" as "-")
    assert units(load_file(tmp_path / "accounts.pdf")) == [
        (HEADING, "Income and Expenditure Account", ""),
        *[(TABLE_ROW, CELL_SEPARATOR.join(row), headers) for row in rows],
    ]


def test_pdf_accounts_names_a_line_apart_and_totals_set_apart_are_one_table(tmp_path: Path) -> None:
    """A charity's statement of financial activities: its column names stacked over the figures
    ("Period" / "ended 30th" / "June 2019" / "£"), a year set a little lower than the other, and
    each total several lines below its items. The names had been a table of their own, the
    rows before each gap too few to be one, so "Donations & Legacies 22,461 7,761" was a paragraph
    and no figure said which year it was for."""
    pdf, y = _accounts_page("Statement of financial activities")
    for k, names in enumerate((("Period", "Period"), ("ended 30th", "ended 30th"), ("June 2019", "June 2018"),
                               ("£", "£"))):
        for x, name in zip((100, 140), names):
            pdf.set_xy(x, y + 5 * k + (1.5 if name == "June 2018" else 0))
            pdf.cell(25, 5, name, align="R")
    rows = ((1, "Income from:", "", ""), (6, "Donations & Legacies", "22,461", "7,761"),
            (29, "Total income", "22,461", "7,761"), (39, "Expenditure on:", "", ""),
            (44, "Charitable activities", "26,022", "12,020"), (64, "Total expenditure", "26,022", "12,020"))
    for down, label, this_year, last_year in rows:
        for x, width, text, align in ((20, 60, label, "L"), (100, 25, this_year, "R"), (140, 25, last_year, "R")):
            if text:
                pdf.set_xy(x, y + 20 + down)
                pdf.cell(width, 5, text, align=align)
    pdf.output(str(tmp_path / "accounts.pdf"))
    headers = "- | Period ended 30th June 2019 £ | Period ended 30th June 2018 £"
    got = units(load_file(tmp_path / "accounts.pdf"))
    assert got[0] == (HEADING, "Statement of financial activities", "")
    assert got[1:] == [
        (TABLE_ROW, "Income from: Donations & Legacies | 22,461 | 7,761", headers),
        (TABLE_ROW, "Income from: Total income | 22,461 | 7,761", headers),
        (TABLE_ROW, "Expenditure on: Charitable activities | 26,022 | 12,020", headers),
        (TABLE_ROW, "Expenditure on: Total expenditure | 26,022 | 12,020", headers),
    ]


@pytest.mark.parametrize("header_row", [True, False])
def test_pdf_column_names_stacked_over_a_tables_header_read_down_each_column(tmp_path: Path, header_row: bool) -> None:
    """A budget book stacks its column names in lines over the table ("Fiscal Year" / "2021" /
    "Actual"): only the last line had been the header, so nothing said which year a figure was for,
    and the group label set under the header ("Art Museum") was a heading. The names read down each
    column, over the header line or as the header, and the label heads its rows."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    lines = [("", "Fiscal Year", "Fiscal Year"), ("", "2021", "2022"),
             *([("Department", "Actual", "Budget")] if header_row else []), ("Art Museum", "", ""),
             ("Personal Services", "1,000", "2,000"), ("Total", "1,500", "2,500"), ("Libraries", "", ""),
             ("Personal Services", "3,000", "4,000"), ("Total", "3,500", "4,500")]
    for k, line in enumerate(lines):
        for x, width, text, align in ((20, 60, line[0], "L"), (100, 25, line[1], "R"), (140, 25, line[2], "R")):
            if text:
                pdf.set_xy(x, 20 + 5 * k)
                pdf.cell(width, 5, text, align=align)
    pdf.output(str(tmp_path / "budget.pdf"))
    names = ("Department | Fiscal Year 2021 Actual | Fiscal Year 2022 Budget" if header_row
             else "- | Fiscal Year 2021 | Fiscal Year 2022")
    assert units(load_file(tmp_path / "budget.pdf")) == [
        (TABLE_ROW, "Art Museum: Personal Services | 1,000 | 2,000", names),
        (TABLE_ROW, "Art Museum: Total | 1,500 | 2,500", names),
        (TABLE_ROW, "Libraries: Personal Services | 3,000 | 4,000", names),
        (TABLE_ROW, "Libraries: Total | 3,500 | 4,500", names),
    ]


def test_pdf_table_whose_first_row_is_a_term_and_its_definition_has_no_header(tmp_path: Path) -> None:
    """A glossary sets terms against their definitions with no header row: its first row ("Activity |
    What actions must be taken, and by whom, ...") had been every other row's header, never a unit of
    its own, and the table's first column a "Activity: Analyst; Appraisal" unit. A column's name is
    no sentence."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Glossary of terms", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    rows = [("Activity", "What actions must be taken, and by whom, to produce the required outputs of the policy."),
            ("Analyst", "A blanket term for the analytical professions in government."),
            ("Appraisal", "The process of assessing the costs, benefits and risks of other ways to meet an objective.")]
    _add_table(pdf, rows, (40, 140))
    pdf.output(str(tmp_path / "glossary.pdf"))
    assert units(load_file(tmp_path / "glossary.pdf"))[1:] == [
        (TABLE_ROW, CELL_SEPARATOR.join(row), "") for row in rows]


def test_pdf_paragraphs_under_bold_run_in_labels_are_the_items_a_lead_in_announces(tmp_path: Path) -> None:
    """A trustees' report sets the risks its lead-in announces as paragraphs, each opening with a
    label in bold ("External environment The hardships ..."): read as one run, the label had been
    the sentence's first words and the paragraphs no list. A bold word inside a sentence is no label."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The main risks that trustees have identified are:")
    for label, text in (("External environment", "Changes to benefits hurt families. Bills rose too."),
                        ("Financial security", "Our work relies on donations. We hold reserves."),
                        ("Operational risks", "More projects bring more risks. We review them.")):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.write(6, f"{label} ")
        pdf.set_font("Helvetica", size=11)
        pdf.write(6, text)
        pdf.ln(6)
    pdf.ln(3)
    pdf.write(6, "Volunteers ")
    pdf.set_font("Helvetica", "B", 11)
    pdf.write(6, "always")
    pdf.set_font("Helvetica", size=11)
    pdf.write(6, " sign in at the desk.")
    pdf.output(str(tmp_path / "report.pdf"))
    lead = "The main risks that trustees have identified are:"
    assert units(load_file(tmp_path / "report.pdf")) == [
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "External environment: Changes to benefits hurt families. Bills rose too.", lead),
        (LIST_ITEM, "Financial security: Our work relies on donations. We hold reserves.", lead),
        (LIST_ITEM, "Operational risks: More projects bring more risks. We review them.", lead),
        (PARAGRAPH, "Volunteers always sign in at the desk.", ""),
    ]


def test_pdf_headings_each_over_one_paragraph_after_a_lead_in_are_its_items(tmp_path: Path) -> None:
    """The same risks set as bold headings of their own, each over one paragraph, on the page after
    the lead-in: they had been headings beside the section the lead-in closes, and the lead-in was
    quoted with nothing after it. A heading over two paragraphs after them is a heading again."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, "Risk Management", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The trustees reviewed the risks this year. The main risks that trustees have identified are:",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for label, texts in (("External environment", ["Changes to benefits hurt families. Bills rose too."]),
                         ("Financial security", ["Our work relies on donations. We hold reserves."]),
                         ("Reserves policy", ["We keep three months of costs.", "The trustees review it each year."])):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 8, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for text in texts:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    pdf.output(str(tmp_path / "report.pdf"))
    lead = "The main risks that trustees have identified are:"
    assert [(k, t, c) for k, t, c in units(load_file(tmp_path / "report.pdf"))][1:] == [
        (PARAGRAPH, f"The trustees reviewed the risks this year. {lead}", ""),
        (LIST_ITEM, "External environment: Changes to benefits hurt families. Bills rose too.", lead),
        (LIST_ITEM, "Financial security: Our work relies on donations. We hold reserves.", lead),
        (HEADING, "Reserves policy", ""),
        (PARAGRAPH, "We keep three months of costs.", ""),
        (PARAGRAPH, "The trustees review it each year.", ""),
    ]


def test_real_pdf_footnote_stands_apart_and_its_mark_is_set_apart() -> None:
    parsed = load_file(REAL_CORPUS / REAL_PDF)
    first = parsed.pages[0]
    notes = [b.text for b in first.blocks if b.note]
    assert len(notes) == 1 and notes[0].startswith("The five participating cities were Bristol, Cardiff")
    assert "six UK cities^1 and their local partners" in first.text and "cities1" not in first.text
    # The sentence the page break cut joins its end from page 2, not the footnote.
    assert any("specialist input - data, evidence, and examples of worldwide good practice" in b.text
               for b in first.blocks if not b.note)


def test_real_pdf_lists_without_bullet_characters_are_lists() -> None:
    """Page 1 of the phase-1 report sets its lists with picture bullets: the items are list items
    under their lead-ins, and the last item no longer runs into the paragraph after it."""
    first = load_file(REAL_CORPUS / REAL_PDF).pages[0]
    kinds = {b.text: (b.kind, b.context) for b in first.blocks}
    assert kinds["Recognises in particular the needs of children and young people"] == (
        LIST_ITEM, "Drawing on ideas and experience from within Europe and innovative approaches from cities in the "
                   "United States, Inclusive Cities aims to support the development of an approach that is as follows:")
    assert kinds["Peer learning and support between the participating cities"][0] == LIST_ITEM
    assert kinds["Peer learning and support between the participating cities"][1].endswith("in a number of ways:")
    assert any(t.startswith("The project is a knowledge exchange initiative") for t in kinds)


def test_real_pdf_text_only_table_rows_keep_their_cells_together() -> None:
    page = load_file(REAL_CORPUS / REAL_PDF, _row_keys()).pages[11]
    rows = {b.text.split(" | ")[0]: b for b in page.blocks if b.kind == TABLE_ROW}
    assert rows["Peterborough"].text == "Peterborough | Housing, Communities and Youth | Cabinet Member for Communities"
    assert "Strategic Sponsor" in rows["Peterborough"].context and "City" in rows["Peterborough"].context
    assert set(rows) >= {"Bristol", "Cardiff", "Glasgow", "Liverpool", "Peterborough"}
    # The dated milestone after the table is a heading again, not a cell.
    headings = [b.text for b in page.blocks if b.kind == HEADING]
    assert "June - October 2017: Charting a course" in headings


def test_real_pdf_feedback_table_keeps_its_caption_and_items() -> None:
    page = load_file(REAL_CORPUS / REAL_PDF, _row_keys()).pages[2]
    kinds = {b.text: b for b in page.blocks}
    assert kinds["Table 1: Feedback on Phase One of the Inclusive Cities Programme (Strengths)"].kind == HEADING
    item = kinds["Sped up and reinforced existing integration processes."]
    assert item.kind == LIST_ITEM and item.context == "IC has acted as a catalyst for change"


def test_real_pdf_theme_items_on_the_next_page_keep_their_theme_and_their_second_sentence() -> None:
    """Table 3's second theme (12 words) closes page 8 and its items open page 9: they had lost it as
    their lead-in, and an item's second sentence, after a full line, had been cut off as a paragraph
    that led the next item in."""
    page = load_file(REAL_CORPUS / REAL_PDF, _row_keys()).pages[8]
    items = [b for b in page.blocks if b.kind == LIST_ITEM]
    theme = "The importance of place shaping and developing a city-wide narrative of inclusion"
    assert [b.context for b in items] == [theme, theme]
    assert items[0].text == ("Narrative change has emerged as a key priority for all cities. There is a sense that "
                             "this is a timely discussion and has resonance within the cities.")


# --- Markdown ------------------------------------------------------------------------------

MARKDOWN = """\
# Devices

{{< img-right src="laptop" >}}

###Group 1

Schools could order devices. The rules were simple:

- one device per child
- orders closed in [March 2022](https://example.org/march)

| Share | Access |
| --- | --- |
| 18% | Offline |
| 82% | Online at home |

<div class="inset">
  <p>Devices stay with the school.</p>
  <ul><li>Lend them</li><li>Give them away</li></ul>
</div>
A paragraph written right after the closing tag.

Last words of the page.
"""


def test_markdown_units(tmp_path: Path) -> None:
    path = tmp_path / "devices.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    parsed = load_file(path)
    lead = "Schools could order devices. The rules were simple:"
    assert units(parsed) == [
        (HEADING, "Devices", ""),
        (HEADING, "Group 1", ""),
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "one device per child", "The rules were simple:"),
        (LIST_ITEM, "orders closed in March 2022", "The rules were simple:"),
        (TABLE_ROW, "18% | Offline", "Share | Access"),
        (TABLE_ROW, "82% | Online at home", "Share | Access"),
        (PARAGRAPH, "Devices stay with the school.", ""),
        (LIST_ITEM, "Lend them", "Devices stay with the school."),
        (LIST_ITEM, "Give them away", "Devices stay with the school."),
        (PARAGRAPH, "A paragraph written right after the closing tag.", ""),
        (PARAGRAPH, "Last words of the page.", ""),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [1, 3]
    assert parsed.title == "Devices"
    assert_offsets(parsed)


_BULLETED = """Welcome guide

The hub offers three services:
\u2022 English classes for adults
\u2022 Help with housing applications,
  and with the forms
\u2022Advice on school places

Opening times
1) Monday to Friday, 9am to 5pm.
2) Saturday, 10am to 1pm.

Contact the hub for an appointment.
- Staff speak Arabic and Dari.
"""


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_bulleted_lines_of_text_and_pasted_bullets_in_markdown_are_list_items(tmp_path: Path, suffix: str) -> None:
    """Bullets pasted from a word processor, or typed as lines in a text file, are a list under the
    lines before them, each item with the lines that continue it; they had been one run-on
    paragraph. A single dashed line is text (two bullets make a list) in a text file; Markdown reads
    "- " as a list of its own. A bullet character needs no space after it ("\u2022Advice"), as a dash does."""
    path = tmp_path / f"guide{suffix}"
    path.write_text(_BULLETED, encoding="utf-8")
    services = "The hub offers three services:"
    last = ([(PARAGRAPH, "Contact the hub for an appointment. - Staff speak Arabic and Dari.", "")] if suffix == ".txt"
            else [(PARAGRAPH, "Contact the hub for an appointment.", ""),
                  (LIST_ITEM, "Staff speak Arabic and Dari.", "Contact the hub for an appointment.")])
    # A text file has no markup for headings: a short line opening the prose is one (see below).
    assert units(load_file(path)) == [
        (HEADING if suffix == ".txt" else PARAGRAPH, "Welcome guide", ""),
        (PARAGRAPH, services, ""),
        (LIST_ITEM, "English classes for adults", services),
        (LIST_ITEM, "Help with housing applications, and with the forms", services),
        (LIST_ITEM, "Advice on school places", services),
        (PARAGRAPH, "Opening times", ""),
        (LIST_ITEM, "1) Monday to Friday, 9am to 5pm.", "Opening times"),  # numbers are the source's words
        (LIST_ITEM, "2) Saturday, 10am to 1pm.", "Opening times"),
        *last,
    ]
    assert_offsets(load_file(path))


def test_text_file_headings_are_short_lines_opening_prose_or_underlined(tmp_path: Path) -> None:
    """Text files have no markup, but their headings have a shape: a short line over prose, or a
    line underlined with "=" or "-". A line leading in to bullets stays their lead-in; short lines
    in a run are a list set as lines (`counted_lists`); a sentence wrapped before a capitalised word
    and a line alone closing the file are text. A heading opening the file is its title."""
    path = tmp_path / "guidance.txt"
    path.write_text(
        "Resettlement guidance\n\nEligibility\nPeople referred by UNHCR are eligible.\n\n"
        "Support\n=======\nSupport lasts five years.\n\nThree priority areas\n\nHousing advice\n\n"
        "English classes\n\nWork placements\n\nThe plan runs to 2025 and is reviewed every year by the\n"
        "council, which pays for each person it resettles and reports to the Home\nOffice each quarter.\n\n"
        "Opening times\n1) Monday to Friday.\n2) Saturday.\n\nCall us for an appointment\n", encoding="utf-8")
    parsed = load_file(path)
    areas = "Three priority areas"
    assert units(parsed) == [
        (HEADING, "Resettlement guidance", ""),
        (HEADING, "Eligibility", ""),
        (PARAGRAPH, "People referred by UNHCR are eligible.", ""),
        (HEADING, "Support", ""),
        (PARAGRAPH, "Support lasts five years.", ""),
        (PARAGRAPH, areas, ""),
        (LIST_ITEM, "Housing advice", areas),
        (LIST_ITEM, "English classes", areas),
        (LIST_ITEM, "Work placements", areas),
        (PARAGRAPH, "The plan runs to 2025 and is reviewed every year by the council, which pays for each person "
                    "it resettles and reports to the Home Office each quarter.", ""),
        (PARAGRAPH, "Opening times", ""),
        (LIST_ITEM, "1) Monday to Friday.", "Opening times"),
        (LIST_ITEM, "2) Saturday.", "Opening times"),
        (PARAGRAPH, "Call us for an appointment", ""),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [2, 2, 1]
    assert parsed.title == "Resettlement guidance"
    assert_offsets(parsed)


def test_text_file_heading_over_a_hard_wrapped_paragraph(tmp_path: Path) -> None:
    """A licence or policy saved as text wraps its lines short: a paragraph's first line, cut before
    its sentence ends, is shaped like a heading, and the line alone before it ("No warranty") had
    been read as text, not as the paragraph's heading. Its title over a subtitle had been two lines
    of a list set as lines, and the title an answer of its own."""
    path = tmp_path / "licence.txt"
    path.write_text("The licence lets you re-use the information freely and flexibly.\n\nNo warranty\n\n"
                    "The information is licensed as it is and the Licensor\nexcludes all warranties.\n",
                    encoding="utf-8")
    assert units(load_file(path))[1:] == [
        (HEADING, "No warranty", ""),
        (PARAGRAPH, "The information is licensed as it is and the Licensor excludes all warranties.", ""),
    ]
    # A title over a subtitle opening the file are its headings, not two lines of a list.
    path.write_text("United Kingdom Open Parliament Licence v3.0\n\nOpen Parliament Licence\n\n"
                    "You are encouraged to use and re-use the information that\nis available under this licence.\n",
                    encoding="utf-8")
    parsed = load_file(path)
    assert [k for k, _, _ in units(parsed)] == [HEADING, HEADING, PARAGRAPH]
    assert parsed.title == "United Kingdom Open Parliament Licence v3.0"


def test_text_file_of_one_paragraph_per_line_reads_each_line(tmp_path: Path) -> None:
    """A release copied from the web, or a document saved as plain text, writes each paragraph on one
    line with no blank line between: read as hard-wrapped text, a whole release had been two
    paragraphs of 8,000 and 20,000 characters with its headings inside them. Each line is a block,
    a heading said twice in a row (a scraped page's visible and screen-reader copies) is one heading."""
    intro = ("This release covers the results of pupils at the end of Key Stage 4 in state-funded schools in "
             "England, with national and local authority figures.")
    said = ("The proportion of pupils entered for four or more components has remained fairly stable since "
            "last year, at 86.0% of pupils.")
    defined = "Pupils are defined as disadvantaged if they were eligible for free school meals in the last six years."
    path = tmp_path / "release.txt"
    path.write_text(f"{intro}\nEntry to the EBacc\nEntry to the EBacc\n{said}\nDisadvantaged pupils\n{defined}\n",
                    encoding="utf-8")
    assert units(load_file(path)) == [
        (PARAGRAPH, intro, ""), (HEADING, "Entry to the EBacc", ""), (PARAGRAPH, said, ""),
        (HEADING, "Disadvantaged pupils", ""), (PARAGRAPH, defined, "")]


def test_markdown_file_that_is_one_html_block_is_read(tmp_path: Path) -> None:
    path = tmp_path / "inset.md"
    path.write_text('<div class="inset">\n<h2>Support</h2>\n<p>Call the <b>helpline</b>, any day.</p>\n</div>\n')
    assert units(load_file(path)) == [(HEADING, "Support", ""), (PARAGRAPH, "Call the helpline, any day.", "")]


def test_markdown_header_less_pipe_rows_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.md"
    path.write_text("Survey results:\n\n| 18% | Offline |\n| 82% | Online |\n", encoding="utf-8")
    assert [u[:2] for u in units(load_file(path))][1:] == [(TABLE_ROW, "18% | Offline"), (TABLE_ROW, "82% | Online")]


def test_lines_that_a_line_counts_are_list_items(tmp_path: Path) -> None:
    """Pages often set a list as plain lines under a line that counts them. The count marks where
    the list ends; lines with no such count, and sentences, stay paragraphs."""
    path = tmp_path / "areas.md"
    path.write_text(
        "Three priority areas\n\nHousing advice\n\nEnglish classes\n\nWork placements\n\n"
        "The plan runs to 2025.\n\nOur partners\n\nThe library\n\nThe college\n", encoding="utf-8")
    assert units(load_file(path)) == [
        (PARAGRAPH, "Three priority areas", ""),
        (LIST_ITEM, "Housing advice", "Three priority areas"),
        (LIST_ITEM, "English classes", "Three priority areas"),
        (LIST_ITEM, "Work placements", "Three priority areas"),
        (PARAGRAPH, "The plan runs to 2025.", ""),
        (PARAGRAPH, "Our partners", ""),
        (PARAGRAPH, "The library", ""),
        (PARAGRAPH, "The college", ""),
    ]
    html = tmp_path / "areas.html"
    html.write_text("<main><p>Two aims</p><p>Welcome newcomers. They settle in.</p><p>Cut waiting times</p></main>")
    assert [u[0] for u in units(load_file(html))] == [PARAGRAPH, PARAGRAPH, PARAGRAPH]  # a sentence break: prose


# --- HTML ----------------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title>Welcome services</title></head><body>
<div id="cookie-banner"><p>We use cookies to improve the site.</p><button>Accept</button></div>
<header><a href="/">Home</a><nav><ul><li><a href="/a">About us</a></li><li>Contact</li></ul></nav></header>
<main>
<h1>Welcome services</h1>
<p>The council works with its partners
<a href="/p">to</a> welcome <em>new arrivals</em> , every week .</p>
<h2>Where to go</h2>
<p>Three hubs are open:</p>
<ul><li>Central library</li><li>Town hall, <strong>room 4</strong></li></ul>
<table><caption>Table 1: Opening hours</caption>
<thead><tr><th>Hub</th><th>Days</th></tr></thead>
<tbody><tr><td>Central library</td><td>Monday to Friday</td></tr>
<tr><td>Town hall</td><td>Saturday</td></tr></tbody></table>
</main>
<footer><p>Copyright the council</p></footer>
</body></html>"""


def test_html_units_from_main_content_only(tmp_path: Path) -> None:
    path = tmp_path / "services.html"
    path.write_text(HTML, encoding="utf-8")
    parsed = load_file(path)
    hours = "Table 1: Opening hours — Hub | Days"
    assert units(parsed) == [
        (HEADING, "Welcome services", ""),
        (PARAGRAPH, "The council works with its partners to welcome new arrivals, every week.", ""),
        (HEADING, "Where to go", ""),
        (PARAGRAPH, "Three hubs are open:", ""),
        (LIST_ITEM, "Central library", "Three hubs are open:"),
        (LIST_ITEM, "Town hall, room 4", "Three hubs are open:"),
        (TABLE_ROW, "Central library | Monday to Friday", hours),
        (TABLE_ROW, "Town hall | Saturday", hours),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [1, 2]
    assert_offsets(parsed)


def test_html_faq_answer_of_blocks_is_read_as_blocks_under_its_question(tmp_path: Path) -> None:
    """An FAQ set as a definition list whose answers hold paragraphs and lists: each question heads
    its answer, as an accordion's summary does, and the answer's list is a list; so does a short
    answer of the same list. A question ending in "?" with its answer as one entry reads "Is it
    free? Yes", not "Is it free?: Yes"."""
    path = tmp_path / "faq.html"
    path.write_text("<html><body><main><dl><dt>What can I report?</dt><dd><p>Problems such as:</p>"
                    "<ul><li>Potholes</li><li>Graffiti</li></ul></dd><dt>Is it free?</dt><dd>Yes, always.</dd>"
                    "</dl></main></body></html>", encoding="utf-8")
    parsed = load_file(path)
    assert units(parsed) == [
        (HEADING, "What can I report?", ""), (PARAGRAPH, "Problems such as:", ""),
        (LIST_ITEM, "Potholes", "Problems such as:"), (LIST_ITEM, "Graffiti", "Problems such as:"),
        (HEADING, "Is it free?", ""), (PARAGRAPH, "Yes, always.", ""),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [6, 6]
    path.write_text("<html><body><main><dl><dt>Is it free?</dt><dd>Yes, always.</dd></dl></main></body></html>",
                    encoding="utf-8")
    assert units(load_file(path)) == [(LIST_ITEM, "Is it free? Yes, always.", "")]


def test_html_main_content_by_its_role_without_skip_links_and_items_left_unclosed(tmp_path: Path) -> None:
    """A council's FAQ page marks its content <div role="main">, not <main>: the whole <body> had been
    read, "Skip to main content" first. HTML lets a page leave out </li>, and html.parser nests the
    next item inside the one before: the items had read as one ("Abandoned vehicles Dog fouling")."""
    path = tmp_path / "faq.html"
    path.write_text('<html><body><a class="skiplink" href="#main">Skip to main content</a>'
                    "<div class='promo'>Download our app</div><div role='main' id='main'>"
                    "<p>You can report problems such as:</p><ul><li>Abandoned vehicles\n<li>Dog fouling\n"
                    "<li>Potholes</ul></div></body></html>", encoding="utf-8")
    lead = "You can report problems such as:"
    assert units(load_file(path)) == [
        (PARAGRAPH, lead, ""), (LIST_ITEM, "Abandoned vehicles", lead), (LIST_ITEM, "Dog fouling", lead),
        (LIST_ITEM, "Potholes", lead),
    ]


def test_html_breadcrumb_trail_and_the_pages_own_contents_list_are_no_text(tmp_path: Path) -> None:
    """A CMS page opens with "You are here: Home > ..." and a list of links to its own headings:
    that chunk held the title and every heading, ranked first for any question on the page's
    topic, and its list was the best unit. A list whose items say more than their link stays."""
    path = tmp_path / "payment.html"
    path.write_text(
        '<html><body><main><div class="breadcrumbs">You are here: <a href="/">Home</a> &gt; '
        '<a href="/moving">Moving country</a></div><h1>Hosting payment</h1>'
        '<ul class="anchorlinks"><li><a href="#what">What is the payment?</a></li>'
        '<li><a href="#qualify">How to qualify</a></li></ul>'
        '<h2 id="what">What is the payment?</h2><p>The payment is 800 euro a month for each home.</p>'
        '<h2 id="qualify">How to qualify</h2><p>You must host for at least six months:</p>'
        '<ul><li><a href="#rate">The rate</a> is set each year</li><li><a href="#apply">Apply</a> online</li></ul>'
        "</main></body></html>", encoding="utf-8")
    lead = "You must host for at least six months:"
    assert [u for u in units(load_file(path)) if u[0] != HEADING] == [
        (PARAGRAPH, "The payment is 800 euro a month for each home.", ""), (PARAGRAPH, lead, ""),
        (LIST_ITEM, "The rate is set each year", lead), (LIST_ITEM, "Apply online", lead),
    ]


def test_html_site_menu_set_as_a_list_of_lists_of_links_is_no_text(tmp_path: Path) -> None:
    """An old council page sets its services menu as a list of categories, each its link alone with a
    list of links under it, in a plain <div>: read as text, its 200 links answered "What is the
    housing allowance rate?" with "Countryside; Deaths, funerals and cremations; ...". A list of
    links in the text, with no lists under its items, stays: its links may be what is asked."""
    path = tmp_path / "carers.html"
    path.write_text(
        '<html><body><div class="menu"><ul><li><a href="/advice">Advice and benefits</a>'
        '<ul><li><a href="/benefits">Benefits</a></li><li><a href="/counciltax">Council tax</a></li></ul></li>'
        '<li><a href="/housing">Housing</a><ul><li><a href="/grants">Grants</a></li></ul></li></ul></div>'
        "<h1>Carers</h1><p>Carers can ask for an assessment of their own needs.</p><p>Useful sites:</p>"
        '<ul><li><a href="https://carers.example.org">Carers Trust</a></li>'
        '<li><a href="https://young.example.org">Young Carers Network</a></li></ul></body></html>',
        encoding="utf-8")
    lead = "Useful sites:"
    assert [u for u in units(load_file(path)) if u[0] != HEADING] == [
        (PARAGRAPH, "Carers can ask for an assessment of their own needs.", ""), (PARAGRAPH, lead, ""),
        (LIST_ITEM, "Carers Trust", lead), (LIST_ITEM, "Young Carers Network", lead),
    ]


def test_html_table_of_one_column_without_headers_is_a_box_round_text(tmp_path: Path) -> None:
    """A one-column table with no header cell is a box drawn round text (a callout, a Word file's
    framed note): its paragraphs are paragraphs, each with its own sentences. Read as rows, a box of
    two paragraphs had been one "row" unit. A one-column table with a header is data, row by row."""
    path = tmp_path / "grants.html"
    path.write_text(
        "<html><body><h1>Community grants</h1><p>The fund opens each spring.</p>"
        "<table><tr><td><strong>Important:</strong> Applications must be in by 31 March 2024.</td></tr></table>"
        "<h2>Who can apply</h2><table><tr><td><p>Only registered charities can apply.</p>"
        "<p>Groups must be based in the borough.</p></td></tr></table>"
        "<table><tr><th>Ward</th></tr><tr><td>Four Oaks</td></tr><tr><td>Trinity</td></tr></table></body></html>",
        encoding="utf-8")
    assert units(load_file(path)) == [
        (HEADING, "Community grants", ""),
        (PARAGRAPH, "The fund opens each spring.", ""),
        (PARAGRAPH, "Important: Applications must be in by 31 March 2024.", ""),
        (HEADING, "Who can apply", ""),
        (PARAGRAPH, "Only registered charities can apply.", ""),
        (PARAGRAPH, "Groups must be based in the borough.", ""),
        (TABLE_ROW, "Four Oaks", "Ward"),
        (TABLE_ROW, "Trinity", "Ward"),
    ]
    assert_offsets(load_file(path))


def test_paragraphs_each_opening_with_a_bullet_are_a_list_under_their_lead_in(tmp_path: Path) -> None:
    """Word saved as a web page sets a list as paragraphs that open with a middle dot ("<p>·&nbsp;
    Notes ...</p>"), and a text file may leave a blank line between its bullets: each item had been a
    paragraph of its own, with its bullet and without its lead-in ("That the Cabinet:"). Numbered
    paragraphs stay paragraphs: they are a report's text."""
    lead = "That the Cabinet:"
    items = ["Notes the impacts of the cost of living on residents.", "Endorse and approve the planned actions."]
    html = tmp_path / "decision.html"
    html.write_text(f"<html><body><h1>Decision</h1><p>{lead}</p>"
                    + "".join(f"<p>\u00b7&nbsp;&nbsp;&nbsp; {item}</p>" for item in items)
                    + "<p>1. The report was noted.</p><p>2. The minutes were agreed.</p></body></html>",
                    encoding="utf-8")
    text = tmp_path / "decision.txt"
    text.write_text(f"{lead}\n\n" + "".join(f"  \u2022 {item}\n\n" for item in items), encoding="utf-8")
    listed = [(LIST_ITEM, item, lead) for item in items]
    assert units(load_file(html)) == [(HEADING, "Decision", ""), (PARAGRAPH, lead, ""), *listed,
                                      (PARAGRAPH, "1. The report was noted.", ""),
                                      (PARAGRAPH, "2. The minutes were agreed.", "")]
    assert units(load_file(text)) == [(PARAGRAPH, lead, ""), *listed]
    assert_offsets(load_file(html))
    assert_offsets(load_file(text))


def test_html_table_spans_give_every_row_its_group_and_every_column_its_header_path(tmp_path: Path) -> None:
    """Statistics tables head their columns in two rows ("Hours" over "Weekdays" and "Weekends")
    and group rows with a cell spanning them ("North" for Northtown and Westford): each row is a
    record with its group, under each column's full header."""
    path = tmp_path / "tables.html"
    path.write_text(
        "<html><body><main><table><caption>Arrivals</caption>"
        "<thead><tr><th rowspan='2'>Region</th><th rowspan='2'>Council</th><th colspan='2'>Families</th></tr>"
        "<tr><th>2022</th><th>2023</th></tr></thead>"
        "<tbody><tr><td rowspan='2'>North</td><td>Northtown</td><td>120</td><td>90</td></tr>"
        "<tr><td>Westford</td><td>80</td><td>85</td></tr>"
        "<tr><td>South</td><td>Eastbay</td><td colspan='2'>No data</td></tr></tbody></table>"
        "</main></body></html>", encoding="utf-8")
    context = "Arrivals — Region | Council | Families 2022 | Families 2023"
    assert units(load_file(path)) == [
        (TABLE_ROW, "North | Northtown | 120 | 90", context),
        (TABLE_ROW, "North | Westford | 80 | 85", context),
        (TABLE_ROW, "South | Eastbay | No data", context),
    ]


def test_html_definition_list_entries_are_list_items_that_say_what_they_define(tmp_path: Path) -> None:
    """Guidance pages set terms and their meanings as a definition list: each entry is one item,
    the term with its definition (read as loose paragraphs, a term was a title-like line cut from
    what it defines), under the paragraph that leads in; in a <div> too, as HTML allows."""
    path = tmp_path / "grants.html"
    path.write_text(
        "<html><body><main><p>The fund pays for three kinds of cost:</p><dl>"
        "<dt>Staff costs</dt><dd>Salaries of project staff, up to half the grant.</dd>"
        "<div><dt>Equipment</dt><dd>Laptops and <b>phones</b> for outreach workers.</dd></div>"
        "<dt>Venue hire</dt><dt>Catering</dt><dd>For community events.</dd>"
        "<dt>Other</dt></dl><p>Ask the team.</p></main></body></html>", encoding="utf-8")
    lead = "The fund pays for three kinds of cost:"
    assert units(load_file(path)) == [
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "Staff costs: Salaries of project staff, up to half the grant.", lead),
        (LIST_ITEM, "Equipment: Laptops and phones for outreach workers.", lead),
        (LIST_ITEM, "Venue hire / Catering: For community events.", lead),
        (LIST_ITEM, "Other", lead),
        (PARAGRAPH, "Ask the team.", ""),
    ]
    assert_offsets(load_file(path))


_BOLD_HTML = (
    "<html><body><main><h2>Community grants</h2>"
    "<p><strong>Who can apply</strong></p><p>Registered charities based in the city.</p>"
    "<div> <b>How much you can get</b><br>Up to \u00a35,000 per project.<br>No match funding.</div>"
    "<p><strong>Late applications are not accepted.</strong></p>"
    "<p><strong>Deadline: 31 March 2024</strong></p>"
    "<p><strong>Note</strong> that we reply within a month.</p>"
    "<h2>Contact</h2><p>Email the grants team.</p></main></body></html>"
)
_BOLD_MARKDOWN = """## Community grants

**Who can apply**

Registered charities based in the city.

**How much you can get**
Up to \u00a35,000 per project. No match funding.

**Late applications are not accepted.**

**Deadline: 31 March 2024**

**Note** that we reply within a month.

## Contact

Email the grants team.
"""


@pytest.mark.parametrize(("suffix", "source"), [(".html", _BOLD_HTML), (".md", _BOLD_MARKDOWN)])
def test_a_line_wholly_in_bold_is_a_heading_below_the_marked_ones(tmp_path: Path, suffix: str, source: str) -> None:
    """Word processors and web editors set headings as bold lines. Read as paragraphs, "Who can
    apply" was a title-like line that no unit was under. A bold sentence, a bold label with its
    value (a heading would hide the date from the answer) and bold words opening a sentence stay
    text; the next marked heading closes the bold ones."""
    path = tmp_path / f"grants{suffix}"
    path.write_text(source, encoding="utf-8")
    parsed = load_file(path)
    assert units(parsed) == [
        (HEADING, "Community grants", ""),
        (HEADING, "Who can apply", ""),
        (PARAGRAPH, "Registered charities based in the city.", ""),
        (HEADING, "How much you can get", ""),
        (PARAGRAPH, "Up to \u00a35,000 per project. No match funding.", ""),
        (PARAGRAPH, "Late applications are not accepted.", ""),
        (PARAGRAPH, "Deadline: 31 March 2024", ""),
        (PARAGRAPH, "Note that we reply within a month.", ""),
        (HEADING, "Contact", ""),
        (PARAGRAPH, "Email the grants team.", ""),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [2, 6, 6, 2]
    assert_offsets(parsed)
    chunks = chunk_document(build_document(path.name, parsed, None, "key"), parsed, ChunkingSettings())

    def path_of(text: str) -> tuple[str, ...]:  # the heading path the answer step reads a unit under
        c = next(c for c in chunks if text in c.text)
        return headings_at(c, c.text.index(text))

    assert path_of("Registered charities")[-2:] == ("Community grants", "Who can apply")
    assert path_of("Up to")[-2:] == ("Community grants", "How much you can get")
    assert path_of("Email the grants team")[-1] == "Contact" and "How much you can get" not in path_of("Email")


_ITALIC_HTML = (
    "<html><body><main><h2>Fire recovery</h2><p><em>Debris removal</em></p><p>Crews cleared 900 lots.</p>"
    "<p><em>Reported by the county</em></p><h2>Schools</h2><p>Ten schools reopened.</p>"
    "<p><em>Crews worked in two shifts a day, seven days a week.</em></p></main></body></html>"
)
_ITALIC_MARKDOWN = """## Fire recovery

*Debris removal*

Crews cleared 900 lots.

*Reported by the county*

## Schools

Ten schools reopened.

*Crews worked in two shifts a day, seven days a week.*
"""


@pytest.mark.parametrize(("suffix", "source"), [(".html", _ITALIC_HTML), (".md", _ITALIC_MARKDOWN)])
def test_a_short_line_wholly_in_italics_heads_the_text_under_it(tmp_path: Path, suffix: str, source: str) -> None:
    """Word files and web pages set subheadings in italics ("Key neighbourhoods"); read as a
    paragraph, the text under one was cited under the section before. A byline that closes a section
    heads nothing (the next ranked heading comes straight after it), and an italic sentence is text."""
    path = tmp_path / f"recovery{suffix}"
    path.write_text(source, encoding="utf-8")
    parsed = load_file(path)
    assert units(parsed) == [
        (HEADING, "Fire recovery", ""),
        (HEADING, "Debris removal", ""),
        (PARAGRAPH, "Crews cleared 900 lots.", ""),
        (PARAGRAPH, "Reported by the county", ""),
        (HEADING, "Schools", ""),
        (PARAGRAPH, "Ten schools reopened.", ""),
        (PARAGRAPH, "Crews worked in two shifts a day, seven days a week.", ""),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [2, 6, 2]
    assert_offsets(parsed)


def test_html_bold_label_alone_over_its_value_reads_label_colon_value(tmp_path: Path) -> None:
    """Meeting notes set each field as a bold label in a paragraph of its own over its value
    ("<strong>Date of Future Meetings:</strong>" then "23rd March 2011, 14:00"): read apart, the date
    was a paragraph that said nothing of what it dated, and was not found. Over a list the label
    stays the list's lead-in."""
    path = tmp_path / "notes.html"
    path.write_text(
        "<html><body><main><h2>Panel meeting</h2><p><strong>Date of Future Meetings:</strong></p>"
        "<p>23rd March 2011, 14:00 - 16:30</p><p><b>Actions:</b></p><ul><li>Write to the panel.</li>"
        "<li>Publish the notes.</li></ul><p><strong>Panel:</strong></p><p>Professor Nigel Shadbolt (Chair)</p>"
        "</main></body></html>", encoding="utf-8")
    parsed = load_file(path)
    assert units(parsed) == [
        (HEADING, "Panel meeting", ""),
        (PARAGRAPH, "Date of Future Meetings: 23rd March 2011, 14:00 - 16:30", ""),
        (PARAGRAPH, "Actions:", ""),
        (LIST_ITEM, "Write to the panel.", "Actions:"),
        (LIST_ITEM, "Publish the notes.", "Actions:"),
        (PARAGRAPH, "Panel: Professor Nigel Shadbolt (Chair)", ""),
    ]
    assert_offsets(parsed)


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_heading_over_one_short_line_is_a_field(tmp_path: Path, suffix: str) -> None:
    """Front matter sets "Clerk to the Council" over "Olive O'Sullivan": the name alone, shorter than
    a quotable sentence, was never an answer to who the clerk is. A heading over a longer line, or
    over more than one, heads a section."""
    source = {
        ".html": "<main><h2>Contacts</h2><h3>Clerk to the Council</h3><p>Olive O'Sullivan</p><h3>Internal "
                 "auditors</h3><p>Auditing Solutions Ltd, Clackerbrook Farm</p><h3>Members</h3><p>Keith Ward</p>"
                 "<p>Terry Wood</p></main>",
        ".md": "## Contacts\n\n### Clerk to the Council\n\nOlive O'Sullivan\n\n### Internal auditors\n\n"
               "Auditing Solutions Ltd, Clackerbrook Farm\n\n### Members\n\nKeith Ward\n\nTerry Wood\n",
    }[suffix]
    path = tmp_path / f"contacts{suffix}"
    path.write_text(source, encoding="utf-8")
    parsed = load_file(path)
    assert units(parsed) == [
        (HEADING, "Contacts", ""),
        (PARAGRAPH, "Clerk to the Council: Olive O'Sullivan", ""),
        (HEADING, "Internal auditors", ""),
        (PARAGRAPH, "Auditing Solutions Ltd, Clackerbrook Farm", ""),
        (HEADING, "Members", ""),
        (PARAGRAPH, "Keith Ward", ""),
        (PARAGRAPH, "Terry Wood", ""),
    ]
    assert_offsets(parsed)


def test_html_accordion_summaries_and_aria_headings_are_headings(tmp_path: Path) -> None:
    """FAQ pages fold each answer under its question (<details><summary>); CMS pages mark headings
    with role="heading". Read as paragraphs, the answer did not sit under the question it answers."""
    long_summary = " ".join(["word"] * 30)
    path = tmp_path / "faq.html"
    path.write_text(
        "<html><body><main><h1>Resettlement FAQ</h1>"
        "<details><summary>Who is eligible for the scheme?</summary><p>People referred by UNHCR.</p></details>"
        "<details><summary>How long does support last?</summary><p>Five years.</p></details>"
        f"<details><summary>{long_summary}</summary><p>Text.</p></details>"
        '<div role="heading" aria-level="3">Funding</div><p>A tariff per person.</p>'
        '<div role="heading">Contact</div><p>Email us.</p></main></body></html>', encoding="utf-8")
    parsed = load_file(path)
    assert units(parsed) == [
        (HEADING, "Resettlement FAQ", ""),
        (HEADING, "Who is eligible for the scheme?", ""),
        (PARAGRAPH, "People referred by UNHCR.", ""),
        (HEADING, "How long does support last?", ""),
        (PARAGRAPH, "Five years.", ""),
        (PARAGRAPH, long_summary, ""),
        (PARAGRAPH, "Text.", ""),
        (HEADING, "Funding", ""),
        (PARAGRAPH, "A tariff per person.", ""),
        (HEADING, "Contact", ""),
        (PARAGRAPH, "Email us.", ""),
    ]
    assert [b.level for b in parsed.pages[0].blocks if b.kind == HEADING] == [1, 6, 6, 3, 2]
    assert_offsets(parsed)


def test_html_headings_inside_an_accordion_panel_sit_under_its_summary(tmp_path: Path) -> None:
    """A council's FAQ set <h4>s in its answers: they outranked the minor heading a <summary> is,
    so the next questions' summaries nested under the last <h4>, and a summary right over one was
    read as a line of text, its answer filed under the question before."""
    path = tmp_path / "faq.html"
    path.write_text(
        "<html><body><main><h2>Taxi drivers</h2>"
        "<details><summary>Can I work for a ride app?</summary><div><p>Yes, with a private hire licence.</p>"
        "<h4>Cross-border hiring</h4><p>You may take bookings from other areas.</p></div></details>"
        "<details><summary>What is the difference between the two licences?</summary><div>"
        "<h4>Hackney carriage driver</h4><ul><li>can be hailed in the street</li><li>can use taxi ranks</li></ul>"
        "<h4>Private hire driver</h4><ul><li>must be booked in advance</li><li>cannot use ranks</li></ul>"
        "</div></details><details><summary>How much does a licence cost?</summary>"
        "<p>A three-year licence costs 251 pounds.</p></details>"
        "</main></body></html>", encoding="utf-8")
    parsed = load_file(path)
    headings = [(b.text, b.level) for b in parsed.pages[0].blocks if b.kind == HEADING]
    assert headings == [("Taxi drivers", 2), ("Can I work for a ride app?", 6), ("Cross-border hiring", 7),
                        ("What is the difference between the two licences?", 6), ("Hackney carriage driver", 7),
                        ("Private hire driver", 7), ("How much does a licence cost?", 6)]
    settings = ChunkingSettings(target_tokens=40, max_tokens=60, overlap_tokens=0)
    chunks = chunk_document(build_document(path.name, parsed, None, "key"), parsed, settings)
    assert ("Taxi drivers", "What is the difference between the two licences?", "Hackney carriage driver") in [
        c.headings for c in chunks]
    last = next(c for c in chunks if "A three-year licence" in c.text)
    assert headings_at(last, last.text.index("A three-year"))[-1] == "How much does a licence cost?"


def test_html_lines_set_by_br_part_paragraphs_at_a_blank_line_and_bulleted_ones_are_a_list(tmp_path: Path) -> None:
    """Pages pasted from a word processor set their lines with <br>: bullets typed as characters
    were one run-on paragraph ("... services: \u2022 English classes \u2022 Help with housing"), and two
    paragraphs parted by a blank line were one. Lines without bullets (an address) stay one."""
    path = tmp_path / "hub.html"
    path.write_text(
        "<main><p>The hub offers two services:<br>\u2022 English classes<br>\u2022 Help with <b>housing</b> .</p>"
        "<div>First paragraph.<br><br>Second paragraph.<br>\n<br>Third, after a blank line.</div>"
        "<p>Address: 1 High Street<br>Northtown<br>NT1 1AA</p>"
        "<div><strong>Opening times</strong><br>- Monday to Friday<br>- Saturday morning</div></main>",
        encoding="utf-8")
    lead = "The hub offers two services:"
    assert units(load_file(path)) == [
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "English classes", lead),
        (LIST_ITEM, "Help with housing.", lead),
        (PARAGRAPH, "First paragraph.", ""),
        (PARAGRAPH, "Second paragraph.", ""),
        (PARAGRAPH, "Third, after a blank line.", ""),
        (PARAGRAPH, "Address: 1 High Street Northtown NT1 1AA", ""),
        (HEADING, "Opening times", ""),
        (LIST_ITEM, "Monday to Friday", ""),
        (LIST_ITEM, "Saturday morning", ""),
    ]
    assert_offsets(load_file(path))


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_an_empty_cell_keeps_the_cells_after_it_under_their_headers(tmp_path: Path, suffix: str) -> None:
    """Left out, an empty cell moved every cell after it one column to the left: the library's
    weekend hours read as its weekday hours. Empty cells closing a row, or around a row's one
    filled cell (a label over a group of rows), move nothing and stay out; so does an empty
    header over the row labels, said as the others are when headers follow it."""
    rows = [("", "Weekday hours", "Weekend hours"), ("Library", "", "10am-4pm"), ("Pool", "7am-9pm", ""),
            ("Outdoor", "", "")]
    if suffix == ".md":
        source = "\n".join("| " + " | ".join(r) + " |" for r in [rows[0], ("---",) * 3, *rows[1:]])
    else:
        cells = lambda r, tag: "".join(f"<{tag}>{c}</{tag}>" for c in r)  # noqa: E731
        source = (f"<html><body><main><table><thead><tr>{cells(rows[0], 'th')}</tr></thead><tbody>"
                  + "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows[1:]) + "</tbody></table></main></body></html>")
    path = tmp_path / f"hours{suffix}"
    path.write_text(source + "\n", encoding="utf-8")
    headers = "\u2013 | Weekday hours | Weekend hours"
    assert units(load_file(path)) == [
        (TABLE_ROW, "Library | \u2013 | 10am-4pm", headers),
        (TABLE_ROW, "Pool | 7am-9pm", headers),
        (TABLE_ROW, "Outdoor", headers),
    ]
    assert_offsets(load_file(path))


def test_html_rules_drawn_in_underscores_or_equals_signs_are_no_text(tmp_path: Path) -> None:
    """A Word page rules sections off with a paragraph of underscores, and a form leaves blanks: they
    had been a paragraph of their own and the tail of a sentence."""
    path = tmp_path / "form.html"
    path.write_text("<main><p>Send the form to the office.</p><p><b>________________________</b></p>"
                    "<p>Call 0161 370 1179 for a copy. ________________</p><p>==========</p></main>",
                    encoding="utf-8")
    assert units(load_file(path)) == [(PARAGRAPH, "Send the form to the office.", ""),
                                      (PARAGRAPH, "Call 0161 370 1179 for a copy.", "")]


def test_pdf_rules_drawn_in_underscores_or_equals_signs_are_no_text(tmp_path: Path) -> None:
    """An account's totals are set on rules typed as underscores and equals signs, as HTML's are
    (above): in a PDF they had stayed in the paragraph ("Total net assets 37,093 ======")."""
    parsed = load_file(write_lines_pdf(tmp_path / "accounts.pdf", [[
        "Cash at bank and in hand 37,093 29,438 ________________",
        "Total net assets 37,093 29,438 ================",
        "____________________________",
        "The accounts were approved by the trustees.",
    ]]))
    assert " ".join(b.text for b in parsed.pages[0].blocks) == (
        "Cash at bank and in hand 37,093 29,438 Total net assets 37,093 29,438 "
        "The accounts were approved by the trustees.")
    assert_offsets(parsed)


def test_html_paragraphs_numbered_in_turn_under_a_colon_lead_in_are_its_list(tmp_path: Path) -> None:
    """A word processor's numbered list pasted into a page as paragraphs: the second goal had been a
    paragraph of its own, quoted without what it is a goal of. Numbered paragraphs under no lead-in,
    or not from 1, stay paragraphs."""
    path = tmp_path / "access.html"
    path.write_text(
        "<main><p>We will overcome language barriers. To do this, our goal is to:</p>"
        "<p>1. Communicate with you in your language, and</p><p>2. Provide forms in your language.</p>"
        "<p>Complaints are answered in 30 days.</p><p>2. Forms are free.</p><p>3. Help is free.</p></main>",
        encoding="utf-8")
    lead = "To do this, our goal is to:"
    assert units(load_file(path)) == [
        (PARAGRAPH, "We will overcome language barriers. To do this, our goal is to:", ""),
        (LIST_ITEM, "1. Communicate with you in your language, and", lead),
        (LIST_ITEM, "2. Provide forms in your language.", lead),
        (PARAGRAPH, "Complaints are answered in 30 days.", ""),
        (PARAGRAPH, "2. Forms are free.", ""), (PARAGRAPH, "3. Help is free.", ""),
    ]


@pytest.mark.parametrize("tag", ["th", "td"])
def test_html_table_titled_by_a_row_across_it_reads_its_rows_under_the_title_and_the_header_below_it(
    tmp_path: Path, tag: str,
) -> None:
    """A first row of one cell spanning the table titles it. Read as a header row, it had named every
    column ("Gross Monthly Income | Gross Monthly Income | ..."), and the row naming the columns had
    been a row of data."""
    path = tmp_path / "limits.html"
    header = "".join(f"<{tag}><b>{c}</b></{tag}>" for c in ("Family Size", "100% FPG", "200% FPG"))
    path.write_text(
        f"<main><table><tr><{tag} colspan='3'><b>Gross Monthly Income</b></{tag}></tr><tr>{header}</tr>"
        "<tr><td>1</td><td>$1,215</td><td>$2,430</td></tr><tr><td>2</td><td>$1,643</td><td>$3,287</td></tr>"
        "</table></main>", encoding="utf-8")
    context = "Gross Monthly Income — Family Size | 100% FPG | 200% FPG"
    assert units(load_file(path)) == [
        (TABLE_ROW, "1 | $1,215 | $2,430", context), (TABLE_ROW, "2 | $1,643 | $3,287", context),
    ]


def test_html_table_header_row_without_th_and_a_caption_line_before_it(tmp_path: Path) -> None:
    """Word processors mark a header row with bold <td>s, or not at all; the caption is often a
    line above the table. The header row had been read as a row of data ("Fund | Maximum"), and
    no row said what its columns are. Label-value rows have no header row."""
    path = tmp_path / "grants.html"
    path.write_text(
        "<main><p>Table 1: Grants by fund</p>"
        "<table><tr><td><p><strong>Fund</strong></p></td><td><b>Maximum</b></td></tr>"
        "<tr><td>Small grants</td><td>5,000</td></tr><tr><td>Large grants</td><td>25,000</td></tr></table>"
        "<table><tr><td>Fund</td><td>Maximum</td></tr><tr><td>Capital</td><td>50,000</td></tr></table>"
        "<table><tr><td>Service</td><td>English classes</td></tr><tr><td>Cost</td><td>Free</td></tr></table>"
        "</main>", encoding="utf-8")
    caption = "Table 1: Grants by fund"
    assert units(load_file(path)) == [
        (PARAGRAPH, caption, ""),
        (TABLE_ROW, "Small grants | 5,000", f"{caption} — Fund | Maximum"),
        (TABLE_ROW, "Large grants | 25,000", f"{caption} — Fund | Maximum"),
        (TABLE_ROW, "Capital | 50,000", "Fund | Maximum"),
        (TABLE_ROW, "Service | English classes", ""),
        (TABLE_ROW, "Cost | Free", ""),
    ]


_PANDOC = """# Action plan

+-----------+---------------------+-----------+
| City      | Action              | Lead      |
+===========+=====================+===========+
| Northtown | Welcome packs for   | Housing   |
|           | new arrivals        |           |
+-----------+---------------------+-----------+
| Eastbay   | English classes     | Learning  |
|           +---------------------+-----------+
|           | Job fairs | drop-in | Economy   |
+-----------+---------------------+-----------+

  Quarter     Review
  ----------- ----------------
  Q1          March
  Q2          June and July

Call +44 1865 000 000 for help.
"""


def test_a_markdown_tables_header_rule_written_again_under_an_empty_row_is_no_row(tmp_path: Path) -> None:
    """A page saved as Markdown with an empty row and a second rule under its header: the rule had
    been a row, quoted as "--- | ---"."""
    path = tmp_path / "bursary.md"
    path.write_text("| Household income | Bursary |\n| --- | --- |\n|  |  |\n| :--- | ---: |\n"
                    "| £10,000 or below | £2,500 |\n| £10,001 to £20,000 | £2,000 |\n", encoding="utf-8")
    context = "Household income | Bursary"
    assert units(load_file(path)) == [
        (TABLE_ROW, "£10,000 or below | £2,500", context), (TABLE_ROW, "£10,001 to £20,000 | £2,000", context),
    ]


def test_markdown_tables_that_pandoc_writes_as_grids_or_columns_are_rows(tmp_path: Path) -> None:
    """Pandoc, which turns Word documents into Markdown, writes tables as grids ("+---+" rules,
    cells over several lines, a cell spanning rows) or as columns under dashes; Markdown reads
    neither, and a table became one run-on paragraph of rules and bars."""
    path = tmp_path / "plan.md"
    path.write_text(_PANDOC, encoding="utf-8")
    assert units(load_file(path)) == [
        (HEADING, "Action plan", ""),
        (TABLE_ROW, "Northtown | Welcome packs for new arrivals | Housing", "City | Action | Lead"),
        (TABLE_ROW, "Eastbay | English classes | Learning", "City | Action | Lead"),
        (TABLE_ROW, "Eastbay | Job fairs | drop-in | Economy", "City | Action | Lead"),
        (TABLE_ROW, "Q1 | March", "Quarter | Review"),
        (TABLE_ROW, "Q2 | June and July", "Quarter | Review"),
        (PARAGRAPH, "Call +44 1865 000 000 for help.", ""),
    ]
    code = tmp_path / "code.md"
    code.write_text("Code:\n\n```\n+---+---+\n| a | b |\n+---+---+\n```\n", encoding="utf-8")
    assert TABLE_ROW not in [k for k, _, _ in units(load_file(code))]  # code keeps its lines


def test_markdown_footnotes_stand_beside_the_text_and_their_marks_stay_set_apart(tmp_path: Path) -> None:
    """Pandoc writes a Word document's footnotes as "[^1]" marks and "[^1]: ..." notes; Markdown
    read each note as a paragraph of the flow. The marks stay, set apart and before a stop as a
    PDF's are ("2024^1"): dropped, a quote over one was in no reading of the file but ours (the
    general set's check.py compares letters with the file's, tags removed, and reads "20241")."""
    path = tmp_path / "notes.md"
    path.write_text("The deadline is 31 March 2024[^1] for all groups[^late].\n\nApply online.\n\n"
                    "[^1]: Extended from 28 February.\n\n[^late]: Late bids go to\n    the next round.\n",
                    encoding="utf-8")
    parsed = load_file(path)
    assert [(b.kind, b.text, b.note) for b in parsed.pages[0].blocks] == [
        (PARAGRAPH, "The deadline is 31 March 2024^1 for all groups^late.", False),
        (PARAGRAPH, "Apply online.", False),
        (PARAGRAPH, "Extended from 28 February.", True),
        (PARAGRAPH, "Late bids go to the next round.", True),
    ]
    assert_offsets(parsed)
    letters = re.sub(r"[^a-z0-9]", "", path.read_text(encoding="utf-8").lower())
    assert re.sub(r"[^a-z0-9]", "", parsed.pages[0].blocks[0].text.lower()) in letters


def test_markdown_sub_list_items_have_their_parent_item_as_lead_in(tmp_path: Path) -> None:
    """As in HTML: "Create an account" is a step of applying online, not of the list's lead-in. An
    ordered list's items keep their numbers as the source writes them, so that a quote of two items
    ("1. Apply online 2. Or by post") is the source's text, where a reader (or a scorer reading
    the file) finds it; the lead-in a sub-item names is its parent's words."""
    path = tmp_path / "steps.md"
    path.write_text("Steps to apply:\n\n1. Apply online\n   - Create an account\n   - Fill in the form\n"
                    "     * Attach your budget\n2. Or by post\n   - Use the paper form\n", encoding="utf-8")
    lead = "Steps to apply:"
    assert units(load_file(path)) == [
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "1. Apply online", lead),
        (LIST_ITEM, "Create an account", "Apply online"),
        (LIST_ITEM, "Fill in the form", "Apply online"),
        (LIST_ITEM, "Attach your budget", "Fill in the form"),
        (LIST_ITEM, "2. Or by post", lead),
        (LIST_ITEM, "Use the paper form", "Or by post"),
    ]


def test_markdown_item_paragraphs_go_on_from_the_item_and_lead_no_items_in(tmp_path: Path) -> None:
    """A list item's later paragraph or quote, indented under it, says more of that item: its
    sentences have the item as their context, and the items after it keep the list's lead-in.
    It had been a paragraph of its own, and so the lead-in of the next items ("3. Go to Part Two
    if you hold SC clearance" read as one of "Argentina, Armenia, China")."""
    from ic_assistant.types import Passage
    from ic_assistant.units import SENTENCE, units_of

    path = tmp_path / "travel.md"
    path.write_text("Before you travel, do these steps:\n\n1.  Get approval from your manager.\n"
                    "2.  Go to Part Two if you visit one of these countries:\n\n    > Argentina, Armenia, China.\n\n"
                    "3.  Go to Part Two if you hold SC clearance.\n\nYou can pay in two ways:\n\n- By card.\n\n"
                    "  Card payments take three days to clear.\n- By cheque.\n", encoding="utf-8")
    parsed = load_file(path)
    steps, ways = "Before you travel, do these steps:", "You can pay in two ways:"
    countries = "Go to Part Two if you visit one of these countries:"
    assert units(parsed) == [
        (PARAGRAPH, steps, ""),
        (LIST_ITEM, "1. Get approval from your manager.", steps),
        (LIST_ITEM, f"2. {countries}", steps),
        (PARAGRAPH, "Argentina, Armenia, China.", countries),
        (LIST_ITEM, "3. Go to Part Two if you hold SC clearance.", steps),
        (PARAGRAPH, ways, ""),
        (LIST_ITEM, "By card.", ways),
        (PARAGRAPH, "Card payments take three days to clear.", "By card."),
        (LIST_ITEM, "By cheque.", ways),
    ]
    assert_offsets(parsed)
    chunk = chunk_document(build_document(path.name, parsed, None, "key"), parsed, ChunkingSettings())[0]
    said = {u.plain: u.context for u in units_of([Passage(chunk, 1.0)]) if u.kind == SENTENCE}
    assert said["Argentina, Armenia, China."] == countries
    assert said["Card payments take three days to clear."] == "By card."


def test_html_item_opening_with_a_heading_reads_heading_colon_text(tmp_path: Path) -> None:
    """A step whose title is a heading inside the item ("<li><h4>Find data sources</h4><p>...")
    is labelled by it, as a definition list's term labels its entry; run together, the title read
    as the first words of the sentence after it. An item whose bold opens a sentence stays as written."""
    path = tmp_path / "proxy.html"
    path.write_text("<html><body><main><p>To develop a proxy, do the following:</p><ol>"
                    "<li><h4>Determine a geographic area</h4><p>Most grantees use ZIP codes.</p></li>"
                    "<li><p><strong>Find data sources</strong></p><p>Kentucky uses census table B19013.</p></li>"
                    "<li><h4>Check the results.</h4><p>Compare them with applications.</p></li>"
                    "<li><strong>Write</strong> the proxy into your guidance.</li>"
                    "<li><a href='#a'>Publish</a> <b>it</b> <!-- note --> online.</li>"
                    "</ol></main></body></html>", encoding="utf-8")
    lead = "To develop a proxy, do the following:"
    assert units(load_file(path)) == [
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "Determine a geographic area: Most grantees use ZIP codes.", lead),
        (LIST_ITEM, "Find data sources: Kentucky uses census table B19013.", lead),
        (LIST_ITEM, "Check the results. Compare them with applications.", lead),
        (LIST_ITEM, "Write the proxy into your guidance.", lead),
        (LIST_ITEM, "Publish it online.", lead),
    ]


def test_a_lead_in_after_a_sentence_closing_in_a_quote_is_its_own_sentence(tmp_path: Path) -> None:
    path = tmp_path / "faq.md"
    path.write_text('FAQ 4 says "grantees may rely on a determination letter." Programs include:\n\n'
                    "- Medicaid\n- SNAP\n\nThe rules (as amended.) Other programs are:\n\n- TANF\n", encoding="utf-8")
    assert [(t, c) for k, t, c in units(load_file(path)) if k == LIST_ITEM] == [
        ("Medicaid", "Programs include:"), ("SNAP", "Programs include:"), ("TANF", "Other programs are:"),
    ]


# --- every real file -----------------------------------------------------------------------


def _real_files() -> list[Path]:
    folders = [REAL_CORPUS, EVAL_CORPUS]
    return sorted(p for f in folders if f.is_dir() for p in f.iterdir() if p.suffix not in (".csv", ".toml"))


@pytest.mark.skipif(not EVAL_CORPUS.is_dir(), reason=f"no eval corpus at {EVAL_CORPUS}")
@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_every_real_file_parses_into_blocks(path: Path) -> None:
    parsed = load_file(path)
    assert any(page.blocks for page in parsed.pages)
    for page in parsed.pages:
        for block in page.blocks:
            assert page.text[block.start : block.end] == block.text
            assert block.text == block.text.strip() and "\n\n" not in block.text
            assert (block.level > 0) == (block.kind == HEADING), block
            assert "{{" not in block.text and "{%" not in block.text


def _row_keys() -> tuple[str, ...]:
    from ic_assistant.programme import load_programme

    programme = load_programme(REAL_CORPUS)
    return tuple(name for e in programme.entities for name in (e.name, *e.aliases))


def test_html_page_in_a_form_with_a_callout_and_footnotes(tmp_path: Path) -> None:
    """ASP.NET sites (Legistar calendars, many council CMSs) wrap the whole body in one <form>: removed
    as page furniture, it had left only the title. An <aside> in the main text that is prose is a
    callout and stays; one of links is a related-links box and goes. A footnote's superscript mark
    is set apart as a PDF's ("System^5", before a stop), the notes are beside the text, not items
    the paragraph above leads in, and their "↩" links back go. A <select>'s choices are no text."""
    path = tmp_path / "calendar.html"
    path.write_text(
        '<html><body><form id="aspnetForm" action="calendar.aspx"><nav><a href="/">Home</a></nav>'
        "<main><h1>Meetings</h1><p>Search: <select><option>All years</option><option>2025</option></select></p>"
        "<table><tr><th>Name</th><th>Date</th></tr><tr><td>Library Commission</td><td>2/4/2026</td></tr></table>"
        '<aside class="callout"><p>With the portal, the forms are <a href="/forms">filled in for you.</a></p></aside>'
        '<aside><ul><li><a href="/a">Agendas</a></li><li><a href="/m">Minutes</a></li></ul></aside>'
        "<p>A certificate is needed to get access to the Funding System"
        '<sup role="doc-noteref"><a href="#fn:1" class="footnote">1</a></sup> and to approve leases.'
        '<sup><a href="#fn:2">2</a></sup></p>'
        '<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1"><p>Funding Guide, p 2 '
        '<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li>'
        '<li id="fn:2"><p>Policy 4.0. <a href="#fnref:2">&#8617;</a></p></li></ol></div>'
        "</main></form></body></html>", encoding="utf-8")
    got = [(b.kind, b.text, b.context, b.note) for b in load_file(path).pages[0].blocks]
    assert got == [
        (HEADING, "Meetings", "", False),
        (PARAGRAPH, "Search:", "", False),
        (TABLE_ROW, "Library Commission | 2/4/2026", "Name | Date", False),
        (PARAGRAPH, "With the portal, the forms are filled in for you.", "", False),
        (PARAGRAPH, "A certificate is needed to get access to the Funding System^1 and to approve leases^2.", "", False),
        (PARAGRAPH, "Funding Guide, p 2", "", True),
        (PARAGRAPH, "Policy 4.0.", "", True),
    ]


def test_markdown_front_matter_is_the_title_and_kramdown_attributes_are_no_text(tmp_path: Path) -> None:
    """Jekyll and Hugo pages open with YAML front matter between "---" lines: read as text it had been
    the first heading ("layout: page title: ...") and the document's title. kramdown's block
    attributes ("{: .govuk-body}" under a paragraph) and a heading's "{#id}" had been read as words
    of the paragraph, of the lead-in of the list after it, and split its sentence."""
    path = tmp_path / "statement.md"
    path.write_text('---\nlayout: page\ntitle: "Accessibility statement"\npermalink: /a11y/\n---\n\n'
                    "# Accessibility {#top}\n{: .govuk-heading-xl}\n\nThis website is run by Homes England.\n"
                    "{: .govuk-body}\n\nYou should be able to:\n{: .govuk-body}\n\n- zoom in up to 300%\n"
                    "- use a screen reader\n{: .govuk-list}\n", encoding="utf-8")
    parsed = load_file(path)
    assert parsed.title == "Accessibility statement"
    lead = "You should be able to:"
    assert units(parsed) == [
        (HEADING, "Accessibility", ""),
        (PARAGRAPH, "This website is run by Homes England.", ""),
        (PARAGRAPH, lead, ""),
        (LIST_ITEM, "zoom in up to 300%", lead),
        (LIST_ITEM, "use a screen reader", lead),
    ]


BOXED = ("Each council reported its first year to the programme board, with what it had spent and what it "
         "had learnt from the families it housed.",
         "If your council housed more than forty families, send the board a short note on each school that "
         "took new pupils.",
         "The board read both reports in the spring. It asked each council to publish a plan for the second "
         "year, and to say how residents had been heard. Both plans were renewed after a public consultation "
         "with residents, and the board met the officers of each council twice before it agreed them. The "
         "officers then wrote to every family the plans named, and the families who wrote back were asked to "
         "join the board's next meeting, where they told the board what had helped them most in the first year.")


def write_boxed_column_pdf(path: Path) -> Path:
    """Two columns: on the left a paragraph, then a shaded box set in from the column's edge and
    ending past its lines, half a line lower than the right column's lines."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    top = 20.0
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, BOXED[0])
    pdf.set_xy(18, pdf.get_y() + 2.5)
    pdf.set_fill_color(220, 220, 220)
    pdf.multi_cell(88, 5, BOXED[1], fill=True)
    pdf.set_xy(112, top)
    pdf.multi_cell(88, 5, BOXED[2])
    pdf.output(str(path))
    return path


def test_pdf_a_box_in_the_left_column_is_read_with_it(tmp_path: Path) -> None:
    """A shaded box set in from the left column's edge ends past the column's other lines, though well
    short of the right column ("If your total grant request is £1million or" / "will not affect, in any
    way, ..."): it was read as a line across the page, and the box and the right column came out
    interleaved line by line."""
    parsed = load_file(write_boxed_column_pdf(tmp_path / "boxed.pdf"))
    assert units(parsed) == [(PARAGRAPH, text, "") for text in BOXED]
    assert_offsets(parsed)


def test_markdown_folded_title_and_template_comments(tmp_path: Path) -> None:
    """YAML folds a long title onto the lines under "title: >-": the title had been ">-". A Liquid
    comment block holds an editor's note, not the page's text: its tags went, and the note had been
    the page's first paragraph."""
    path = tmp_path / "guide.md"
    path.write_text("---\ntitle: >-\n    Determining your\n    assurance level\n---\n\n"
                    "{% comment %}\nNote that the permalink here does not include /resources/.\n{% endcomment %}\n\n"
                    "Pick the level {{ page.level }} your service needs.\n", encoding="utf-8")
    parsed = load_file(path)
    assert parsed.title == "Determining your assurance level"
    assert units(parsed) == [(PARAGRAPH, "Pick the level your service needs.", "")]
    # GOV.UK tech docs are ERB templates (.html.md.erb): a helper's call is code, not the page's text.
    path.write_text('# <%= current_page.data.title %>Alpha\n\n<%= do_dont_list(["not testing content"],\n'
                    '  "Things to avoid") %>\n\nTest your content with users.\n', encoding="utf-8")
    assert units(load_file(path)) == [(HEADING, "Alpha", ""), (PARAGRAPH, "Test your content with users.", "")]
    # A custom container's markers ("::: tip Title" ... ":::", Pandoc's "::: {.note}") are no text; a title heads it.
    path.write_text("# Limits\n\nThe limit is 50 a day.\n\n::: tip Adjusting your daily limit\n\nAsk us to change it.\n\n"
                    ":::\n\n::: {.note}\nLimits reset at midnight.\n:::\n", encoding="utf-8")
    assert units(load_file(path)) == [(HEADING, "Limits", ""), (PARAGRAPH, "The limit is 50 a day.", ""),
                                      (HEADING, "Adjusting your daily limit", ""), (PARAGRAPH, "Ask us to change it.", ""),
                                      (PARAGRAPH, "Limits reset at midnight.", "")]
    # GOV.UK's Govspeak callouts ("^...^", "%...%") and contact blocks ("$C" ... "$C"): their marks are no text.
    path.write_text("# Register\n\n^This service is also available in Welsh.\n\n%Register by 5 June.%\n\n"
                    "$C\nElectoral Office\n$C\n\nAbout 5% of voters are not registered.\n", encoding="utf-8")
    assert units(load_file(path)) == [(HEADING, "Register", ""),
                                      (PARAGRAPH, "This service is also available in Welsh.", ""),
                                      (PARAGRAPH, "Register by 5 June.", ""), (PARAGRAPH, "Electoral Office", ""),
                                      (PARAGRAPH, "About 5% of voters are not registered.", "")]


def test_html_folded_code_is_no_text_and_heads_nothing(tmp_path: Path) -> None:
    """Quarto and Jupyter reports fold each cell's code under "Show the code": the summary had been a
    heading over the rest of the page, so every result table sat under "Show the code", not under its
    scenario's heading. A folded answer stays an accordion's."""
    path = tmp_path / "report.html"
    path.write_text(
        "<html><body><main><h1>Scenarios</h1><h2>A 20% minimum grant</h2>"
        '<details class="code-fold"><summary>Show the code</summary><pre><code>df.filter(x)</code></pre></details>'
        "<table><tr><th>State</th><th>Grant</th></tr><tr><td>Victoria</td><td>76.1</td></tr></table>"
        "<details><summary>Why a minimum?</summary><p>Small councils need a floor.</p></details>"
        "</main></body></html>", encoding="utf-8")
    assert units(load_file(path)) == [
        (HEADING, "Scenarios", ""), (HEADING, "A 20% minimum grant", ""),
        (TABLE_ROW, "Victoria | 76.1", "State | Grant"),
        (HEADING, "Why a minimum?", ""), (PARAGRAPH, "Small councils need a floor.", "")]


def test_html_buttons_are_no_text_but_an_accordions_heading_is(tmp_path: Path) -> None:
    """A menu's toggle ("More in this section") had been the page's first paragraph; a saved
    accordion wraps its section's heading in a <button>, which stays its heading."""
    path = tmp_path / "page.html"
    path.write_text("<html><body><main><button aria-expanded='false'>More in this section</button>"
                    "<h2><button type='button'><span>Who can apply</span></button></h2><p>Anyone over 18.</p>"
                    "</main></body></html>", encoding="utf-8")
    assert units(load_file(path)) == [(HEADING, "Who can apply", ""), (PARAGRAPH, "Anyone over 18.", "")]


def test_a_lead_in_of_one_word_takes_the_sentence_before_it(tmp_path: Path) -> None:
    """A list's lead-in is its paragraph's last sentence, but "They:" says nothing alone: the items
    were led in by it, and an answer quoting them read "They: Died as a result of ..."."""
    path = tmp_path / "page.html"
    path.write_text("<html><body><main><p>We pay a burial allowance for some Veterans. One of these must be "
                    "true of the Veteran. They:</p><ul><li>Died of a service-connected disability</li>"
                    "<li>Were getting a VA pension</li></ul></main></body></html>", encoding="utf-8")
    lead = "One of these must be true of the Veteran. They:"
    assert units(load_file(path))[1:] == [(LIST_ITEM, "Died of a service-connected disability", lead),
                                          (LIST_ITEM, "Were getting a VA pension", lead)]


def test_table_rows_that_go_on_the_row_above_are_joined_to_it(tmp_path: Path) -> None:
    """A word processor sets a cell of several entries as rows whose first cell is empty ("| | copy
    of filed audited accounts | |"): apart, each entry was a row under no label and in no column.
    A row with figures under an empty label (a total) stands on its own."""
    html = tmp_path / "checklist.html"
    html.write_text(
        "<html><body><main><table><tr><th>Structure</th><th>Corporate ID</th><th>Fee</th></tr>"
        "<tr><td>A company</td><td>certificate of incorporation</td><td>none</td></tr>"
        "<tr><td> </td><td>filed audited accounts</td><td> </td></tr>"
        "<tr><td></td><td>list of officers</td><td></td></tr>"
        "<tr><td>A trust</td><td>list of trustees</td><td>£20</td></tr>"
        "<tr><td></td><td>Total</td><td>£20</td></tr></table></main></body></html>", encoding="utf-8")
    head = "Structure | Corporate ID | Fee"
    assert units(load_file(html)) == [
        (TABLE_ROW, "A company | certificate of incorporation; filed audited accounts; list of officers | none", head),
        (TABLE_ROW, "A trust | list of trustees | £20", head),
        (TABLE_ROW, "– | Total | £20", head),
    ]
    md = tmp_path / "checklist.md"
    md.write_text("| Structure | Corporate ID |\n|---|---|\n| A company | certificate of incorporation |\n"
                  "| | filed audited accounts |\n| A trust | list of trustees |\n", encoding="utf-8")
    assert [t for _, t, _ in units(load_file(md))] == [
        "A company | certificate of incorporation; filed audited accounts", "A trust | list of trustees"]


@pytest.mark.parametrize(
    ("title", "h1", "named"),
    [
        ("The national curriculum - GOV.UK", "The national curriculum", "The national curriculum"),
        ("Board Action Certification | Neighborhood Council Guides", "Board Action Certification",
         "Board Action Certification"),
        ("Annual meeting - April 2013 - Stoke Ferry, Norfolk", "Annual meeting", "Annual meeting - April 2013"),
        ("Health literacy - NHS", "Writing for the NHS", "Health literacy - NHS"),  # another heading: kept
    ],
)
def test_a_page_title_drops_the_sites_name_after_its_heading(tmp_path: Path, title: str, h1: str, named: str) -> None:
    """A <title> is often the page's heading with the site's name after it, which citations showed
    and the index read as the document's words ("... - GOV.UK")."""
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>{title}</title></head><body><main><h1>{h1}</h1><p>Text.</p></main>"
                    "</body></html>", encoding="utf-8")
    assert load_file(path).title == named


def test_an_email_address_behind_a_link_is_kept_where_the_link_text_does_not_show_it(tmp_path: Path) -> None:
    """ "Please <a href="mailto:...">email us</a>" had read "Please email us": the address, the only
    contact the page gave, was lost. A link whose text is the address reads once; other URLs stay out."""
    html = tmp_path / "contact.html"
    html.write_text("<html><body><main><p>Please <a href='mailto:team%40example.org?subject=Hi'>email us</a> with "
                    "questions.</p><p>Write to <a href='mailto:info@example.org'>info@example.org</a> or call "
                    "<a href='tel:+44 20 7946 0000'>our office</a>. See <a href='https://example.org'>our site</a>."
                    "</p></main></body></html>", encoding="utf-8")
    assert [b.text for b in load_file(html).pages[0].blocks] == [
        "Please email us (team@example.org) with questions.",
        "Write to info@example.org or call our office (+44 20 7946 0000). See our site."]
    md = tmp_path / "contact.md"
    md.write_text("Please [email us](mailto:team@example.org) with questions, write to <info@example.org> or see "
                  "<https://example.org>.\n", encoding="utf-8")
    assert [b.text for b in load_file(md).pages[0].blocks] == [
        "Please email us (team@example.org) with questions, write to info@example.org or see ."]


def test_a_contents_pages_entries_are_not_text(tmp_path: Path) -> None:
    """A report's contents ("Risk management | 9" under "Contents") had been table rows, quoted as
    evidence beside the sections they point to. A table after the contents stays, and a row whose page
    number goes back is no entry."""
    path = tmp_path / "report.md"
    path.write_text("# Contents\n\n| Section | Page |\n|---|---|\n| Risk management | 9 |\n| Reserves policy | 28 |\n"
                    "| Annex | 3 |\n\n# Risk management\n\nThe trustees review the risks each year.\n\n"
                    "| Risk | Rating |\n|---|---|\n| Funding | 2 |\n| Staff | 3 |\n", encoding="utf-8")
    assert [(b.kind, b.text) for b in load_file(path).pages[0].blocks] == [
        (HEADING, "Contents"), (TABLE_ROW, "Annex | 3"), (HEADING, "Risk management"),
        (PARAGRAPH, "The trustees review the risks each year."), (TABLE_ROW, "Funding | 2"), (TABLE_ROW, "Staff | 3")]


def test_pdf_unruled_figure_columns_set_closer_than_a_gutter_are_cells(tmp_path: Path) -> None:
    """Accounts set their year columns a word space or two apart, closer than the gutter that parts
    a table's cells: "Charitable activities | 39,502 | 26,022 12,020" had read two years as one cell,
    and rows whose figures all ran together had been paragraphs. Figures (thousands separated, in
    brackets) ending a line a word space apart are cells of their own."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT",
                   text="The statement of financial activities for the period is set out below for the trustees.")
    rows = [("", "2020", "2019", "2018"), ("Donations & Legacies", "47,156", "22,461", "7,761"),
            ("Charitable activities", "39,502", "26,022", "12,020"),
            ("Total expenditure", "39,502", "26,022", "12,020"),
            ("Net movement in funds", "(7,654)", "(3,561)", "(4,259)")]
    for label, *figures in rows:
        pdf.cell(70, 6, label)
        for figure in figures:
            pdf.cell(16, 6, figure, align="R")
        pdf.ln(6)
    pdf.output(str(tmp_path / "accounts.pdf"))
    assert [t for k, t, _ in units(load_file(tmp_path / "accounts.pdf")) if k == TABLE_ROW] == [
        "Donations & Legacies | 47,156 | 22,461 | 7,761", "Charitable activities | 39,502 | 26,022 | 12,020",
        "Total expenditure | 39,502 | 26,022 | 12,020", "Net movement in funds | (7,654) | (3,561) | (4,259)"]


def test_column_names_set_on_several_lines_head_the_rows_of_figures_under_them() -> None:
    """A trustees' statement of financial activities sets "Period / ended / 30th June / 2020 / £" down
    each year's column, each line read as a row of its own, then rows with a cell more for their
    labels and no header: no row said which figure was 2019's, and "How much was spent on charitable
    activities in the year to June 2019?" was refused. Each column's lines are its name; the label
    column may come second ("(145,000) | Economic Development | ..."); headings between stay."""
    names = "Period | Period | Period"
    pages = [[Block(TABLE_ROW, "ended | ended | ended", context=names),
              Block(TABLE_ROW, "30th June | 30th June | 30th June", context=names),
              Block(TABLE_ROW, "2020 | 2019 | 2018", context=names), Block(TABLE_ROW, "£ | £ | £", context=names),
              Block(HEADING, "Income from:", level=6),
              Block(TABLE_ROW, "Donations | 47,156 | 22,461 | 7,761"),
              Block(TABLE_ROW, "Charitable activities | 39,502 | 26,022 | 12,020")],
             [Block(TABLE_ROW, "2017 £ | 2018 £", context="Budget | Budget"),
              Block(TABLE_ROW, "(145,000) | Economic Development | (4,022)"),
              Block(PARAGRAPH, "Figures are unaudited."), Block(TABLE_ROW, "Rent | 12 | 13 | 14")],
             # A table of names over a table with headers of its own: nothing moves.
             [Block(TABLE_ROW, "Four Oaks | Smith", context="Ward | Councillor"),
              Block(TABLE_ROW, "Vesey | 2 | 3", context="Ward | 2019 | 2020")]]
    year = "Period ended 30th June {} £"
    header = " | ".join(["-", *(year.format(y) for y in (2020, 2019, 2018))])
    assert [[(b.kind, b.text, b.context) for b in page] for page in stacked_headers(pages)] == [
        [(HEADING, "Income from:", ""), (TABLE_ROW, "Donations | 47,156 | 22,461 | 7,761", header),
         (TABLE_ROW, "Charitable activities | 39,502 | 26,022 | 12,020", header)],
        [(TABLE_ROW, "(145,000) | Economic Development | (4,022)", "Budget 2017 £ | - | Budget 2018 £"),
         (PARAGRAPH, "Figures are unaudited.", ""), (TABLE_ROW, "Rent | 12 | 13 | 14", "")],
        [(TABLE_ROW, "Four Oaks | Smith", "Ward | Councillor"), (TABLE_ROW, "Vesey | 2 | 3", "Ward | 2019 | 2020")]]


def test_a_contents_entry_set_on_two_lines_is_contents_too(tmp_path: Path) -> None:
    """A long entry wraps, its page number on its second line ("Goal: Solidify our Foundation in
    Education, from" / "Preschool through College | 32"): the first line had ended the contents, and
    every entry after it ("i. Remove barriers to employment | 27") was quoted as a table row."""
    path = tmp_path / "agenda.md"
    path.write_text("# Contents\n\nGoal: We have good jobs and pathways to prosperity, for all of the\n\n"
                    "| Entry | Page |\n|---|---|\n| people of the region | 27 |\n| i. Remove barriers to employment | 27 |\n"
                    "| Monitoring Progress | 46 |\n\n# Introduction\n\nThe plan sets six goals.\n", encoding="utf-8")
    assert [(b.kind, b.text) for b in load_file(path).pages[0].blocks] == [
        (HEADING, "Contents"), (HEADING, "Introduction"), (PARAGRAPH, "The plan sets six goals.")]


def test_contents_go_on_over_pages_and_past_their_page_column_name() -> None:
    """A report's contents under a "Contents" heading on one page ran on over the next two, and a
    "Page" column name set as a heading had ended them: every entry after it was quoted as evidence
    ("Recommendations for the DHSC ....47" had led a search for the recommendations). A list of
    tables is navigation too; the text after the contents stays."""
    pages = [
        [Block(HEADING, "Contents", level=2), Block(HEADING, "Page", level=3),
         Block(TABLE_ROW, "Executive Summary | 3"), Block(TABLE_ROW, "1. Introduction | 5")],
        [Block(PARAGRAPH, "Section 9: Recommendations ........ 45"), Block(PARAGRAPH, "Recommendations for the DHSC ....47"),
         Block(HEADING, "List of tables", level=2), Block(HEADING, "Table 1: Added value identified from the", level=3),
         Block(PARAGRAPH, "programme's activities ......... 25")],
        [Block(HEADING, "Executive Summary", level=2), Block(PARAGRAPH, "The programme ran for 3 years.")],
    ]
    assert [[b.text for b in page] for page in without_contents(pages)] == [
        ["Contents"], ["List of tables"], ["Executive Summary", "The programme ran for 3 years."]]
    # A layout may set an entry's page number before its dot leaders ("... in Germany? 3 .......").
    leaders = [[Block(HEADING, "Table of contents", level=2),
                Block(PARAGRAPH, "1 Who can obtain a card? 3 ......................."),
                Block(PARAGRAPH, "2 How are qualifications checked? 8 ..........."),
                Block(HEADING, "Who can obtain a card?", level=2), Block(PARAGRAPH, "Graduates can, in 3 ways.")]]
    assert [b.text for b in without_contents(leaders)[0]] == [
        "Table of contents", "Who can obtain a card?", "Graduates can, in 3 ways."]


def test_a_headerless_pipe_tables_cells_and_a_raw_html_note_mark_read_as_markdown(tmp_path: Path) -> None:
    """A memo's table with no header rule ("|**FROM:**|Jane Doe<br>Acting Director|") had kept its
    cells' Markdown and HTML ("**FROM:**", "<br>") in the text and in quotes; a note's mark in raw
    HTML ("significant<sup>1</sup>") had run into its word ("significant1"). An ordinal's letters
    are no note mark."""
    path = tmp_path / "memo.md"
    path.write_text("# Memo\n\n|---|---|\n|**FROM:**|Jane Doe<br>Acting Director|\n|**TO:**|All staff|\n\n"
                    "Comments are significant<sup>1</sup> when made by the 5<sup>th</sup> of May.\n", encoding="utf-8")
    assert [(b.kind, b.text) for b in load_file(path).pages[0].blocks] == [
        (HEADING, "Memo"), (TABLE_ROW, "FROM: | Jane Doe Acting Director"), (TABLE_ROW, "TO: | All staff"),
        (PARAGRAPH, "Comments are significant^1 when made by the 5th of May.")]


def _census_table_pdf(path: Path, stacked: bool) -> Path:
    """A census briefing's table: area names centred over their figures' columns ("N" and "%", or
    one "N (%)"), the first column's name ("Language") set between the two header lines, and
    (`stacked`) each figure set a line above its share, with the row's label between them, the rows
    close together."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    columns = (70, 120) if stacked else (70, 84, 120, 134)  # each area's N (%), or its N and %

    def put(x: float, y: float, text: str, width: float = 20, align: str = "R") -> None:
        pdf.set_xy(x, y)
        pdf.cell(width, 4, text, align=align)

    put(70, 20, "Northtown" if stacked else "Northtown and district", 20 if stacked else 34, "R" if stacked else "C")
    put(120, 20, "Eastbay" if stacked else "Eastbay and district", 20 if stacked else 34, "R" if stacked else "C")
    put(20, 25 if stacked else 22, "Language", 40, "L")
    for x, name in zip(columns, ("N (%)", "N (%)") if stacked else ("N", "%", "N", "%")):
        put(x, 25, name)
    rows = [("Polish", "8,284", "0.97%", "3,492", "2.17%"), ("Romanian", "5,535", "0.65%", "884", "0.55%"),
            ("Tamil", "1,877", "0.22%", "1,426", "1.25%"), ("Gujarati", "1,620", "0.19%", "1,271", "1.12%")]
    y = 32.0
    if stacked:  # a row of one line first, set apart by space: then the rows of three close lines
        put(20, y, "Total population", 40, "L")
        for x, total in zip(columns, ("882,669", "164,892")):
            put(x, y, total)
        y += 7.5
    for label, *cells in rows:
        if stacked:  # "8,284" over "(0.97%)", the label between them, the three lines overlapping
            put(20, y + 1.8, label, 40, "L")
            for x, n, share in zip(columns, cells[::2], cells[1::2]):
                put(x, y, n)
                put(x, y + 3.6, f"({share})")
            y += 7.8
        else:
            put(20, y, label, 40, "L")
            for x, cell in zip(columns, cells):
                put(x, y, cell)
            y += 5
    if not stacked:  # a label wrapped over two lines, the second closing its bracket
        put(20, y, "English (English or", 40, "L")
        for x, cell in zip(columns, ("80,694", "94.2%", "15,119", "94.1%")):
            put(x, y, cell)
        put(20, y + 3.5, "Welsh in Wales)", 40, "L")
    pdf.output(str(path))
    return path


def test_pdf_area_names_over_two_columns_and_the_first_columns_name_are_the_headers(tmp_path: Path) -> None:
    """Statistical tables name an area once, centred over its "N" and "%" columns, and the first
    column's name beside the area names: the header had read "- | N | % | N | %", and no row said
    which area a figure was for. A label that closes a bracket on its second line goes on from the
    first ("Welsh in Wales)" had been a row of its own)."""
    rows = [row for kind, row, _ in units(load_file(_census_table_pdf(tmp_path / "census.pdf", False)))
            if kind == TABLE_ROW]
    contexts = {context for kind, _, context in units(load_file(tmp_path / "census.pdf")) if kind == TABLE_ROW}
    assert rows[0] == "Polish | 8,284 | 0.97% | 3,492 | 2.17%"
    assert rows[-1] == "English (English or Welsh in Wales) | 80,694 | 94.2% | 15,119 | 94.1%"
    assert contexts == {"Language | Northtown and district N | Northtown and district % | Eastbay and district N | "
                        "Eastbay and district %"}


def test_pdf_rows_whose_figures_are_set_above_and_below_their_label_stay_apart(tmp_path: Path) -> None:
    """A census table sets each figure a line above its share, the row's label between them, and its
    rows close together: read as rows set apart by space whose cells wrap, every language had been
    one row ("Polish Romanian Tamil Gujarati | 8,284 (0.97%) 5,535 (0.65%) ...")."""
    parsed = load_file(_census_table_pdf(tmp_path / "census.pdf", True))
    assert [row for kind, row, _ in units(parsed) if kind == TABLE_ROW] == [
        "Total population | 882,669 | 164,892", "Polish | 8,284 (0.97%) | 3,492 (2.17%)", "Romanian | 5,535 (0.65%) | 884 (0.55%)",
        "Tamil | 1,877 (0.22%) | 1,426 (1.25%)", "Gujarati | 1,620 (0.19%) | 1,271 (1.12%)"]
