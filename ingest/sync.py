"""Bring the index in step with the corpus folder: add, replace and remove whole documents.

A document's key hashes its bytes, its manifest row and the chunking settings, so re-running on
an unchanged corpus embeds nothing. Changed documents are parsed and chunked, then embedded
and written in batches of `settings.ingest.batch_documents`, one model pass and one state
commit per batch (see `IndexStore.write_documents`); a file that fails is reported and leaves
its previous version in the index. The BM25 index, the lexicon and the generation's tables (chunk
records and unit vectors for fast loading, `tables`) are written last, before the final commit.
One ingest writes an index at a time (`index_lock`), and a document, BM25 index or table that
`integrity` finds damaged is re-derived.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from ic_assistant.config import Settings
from ic_assistant.corpus_state import MANIFEST_NAME, corpus_fingerprint, file_sha256, scan_corpus
from ic_assistant.embeddings import MODEL_NAME, Embedder, shared_embedder
from ic_assistant.errors import ConfigError, DocumentError
from ic_assistant.index_lock import index_lock
from ic_assistant.integrity import bm25_checksums, bm25_problems, chroma_ids, document_problems, table_problems
from ic_assistant.lexical import BM25Index
from ic_assistant.lexicon_file import LEXICON_FILE, build_lexicon, retag_lexicon, save_lexicon
from ic_assistant.programme import load_programme
from ic_assistant.server_cache import mirror_server
from ic_assistant.store import DocumentWrite, IndexStore, new_generation
from ic_assistant.tables import link_tables, prune_tables, write_tables_from
from ic_assistant.types import Chunk, Document, Page

from .chunking import chunk_document
from .embed import embed_chunks, embedding_text
from .loaders import LOADERS, ParsedFile, load_file
from .manifest import Manifest, ManifestRow, read_manifest

log = logging.getLogger(__name__)

# Bump when loading, cleaning or chunking changes, so every document is re-processed once.
# 5: chunk vectors derived from the unit vectors (`ingest.embed`); sentences cut by a page break
# joined; lists under a lead-in without a colon are whole-list units. 6: PDF footnotes are blocks of
# their own, their marks taken out of the text. 7: a chunk's column headers (and any lead-in its text
# does not hold) are read by BM25 and the embedding with its text. 8: paragraphs that a line counts
# ("Five core areas of action" and five one-line paragraphs) are list items (`counted_lists`).
# 9: links closing a PDF page are notes, and list items opening a page take the lead-in closing
# the page before (`carry_lead_ins`). 10: a PDF line after which the next line's first word would
# have fitted ends its block when the next line is capitalised (`ingest.pdf._mark_room`). 11: a PDF
# line the geometry shows full wrapped, however few characters it holds (a narrow column). 12: PDF
# text in two columns is read column by column (`ingest.pdf_columns`). 13: HTML table cells that
# span rows or columns fill every place they cover; header rows stack. 14: an HTML definition
# list's entries are list items, "term: definition". 15: list items whose lead-in closed the page
# or chunk before are a list unit too, so its vector is stored (`ic_assistant.units`). 16: lines
# opening with bullets are list items in text files, and pasted bullets ("•") in Markdown. 17: PDF
# tables set without ruling are table rows (`ingest.pdf_unruled`). 18: a line wholly in bold is a
# heading in HTML and Markdown (`blocks.bold_heading`), as are an HTML accordion's <summary> and
# role="heading", and in text files a short line over prose; HTML lines set by <br> can be list
# items; an HTML table's first row of bold or label cells is its header; "2.1 Eligibility" opens a
# PDF section whatever its font, and a PDF table cut by a page break keeps its header; Markdown
# sub-list items lead in with their parent item; a list under a heading is a list unit, so its
# vector is stored (`ic_assistant.units`). 19: the grid and column tables pandoc writes into
# Markdown are table rows, and its footnotes notes. 20: numbered list items keep their numbers
# ("1. Review ...", "2) Saturday") in Markdown and text files, as the source writes them.
# 21: a block that a PDF's page break cut keeps where (`Span.breaks`), and a quote over it is cited
# in its two parts. 22: a PDF's footnote marks stay in the text, set apart ("cities^1"). 23: a
# Markdown autolink ("<https://...>") is dropped with the other URLs. 24: PDF numbered items keep
# their numbers too; vectors, features and answers read every unit without them (`Unit.plain`).
# 25: BM25 reads phrasal verbs as their one verb, as term matching does ("took part": "participate").
# 26: page text keeps compatibility characters as the file has them (a PDF's "ﬁ" ligatures, as pypdf
# reads them; NFC, not NFKC); BM25, stems and vectors read them folded ("fi"). 27: a Markdown
# footnote's mark stays in the text, set apart as a PDF's ("2024^1"); it had been dropped. 28: a
# Markdown block keeps where its text parts from the file's words (a reference link, an image in a
# sentence), and a quote over it is cited in its parts. 29: so does a block of any file, against a
# reader's copy of it (a PDF's as pypdf reads it: `reader_copy.py`). 30: a PDF's line of several links
# closing the page is a note, as a line of one was. 31: a Markdown list item's later paragraphs go on
# from the item (their context), not lead the next items in; an HTML item opening with a heading reads
# "Heading: text"; a lead-in's sentence may end inside a quote or bracket. 32: a Markdown or HTML table's
# empty cell with filled ones after it is said as "–", so that they stay under their headers. 33: a PDF's
# filled shapes thicker than a rule (a printed page's background, Word's fill behind each line) are no
# table lines. 34: a small filled shape just before a PDF line is its bullet (a browser prints a list's
# bullets so). 35: space above a PDF line, over the page's usual step, ends the block before it. 36: a
# PDF table's last row alone at the top of the next page is that table's, not a paragraph and a heading.
# 37: an HTML page's content may be marked role="main"; "Skip to ..." links go; an <li> left unclosed
# is the next item, not part of the one before. 38: a definition list whose definitions hold blocks (an
# FAQ) is its terms as headings over those blocks. 39: in a text file, a line alone over a paragraph
# hard-wrapped over several lines is its heading. 40: an HTML item keeps the spaces between its inline
# parts (31 to 39 lost them: "<a>Publish</a> <b>it</b>" read "Publishit"). 41: a text file's title over a
# subtitle, prose after them, are headings. 42: a definition list's term closing with "!" or ";" joins its
# definition without a colon, as "?", ":" and "." did; a PDF line beside a bullet shape takes a bullet
# unless it opens with one pdf_blocks reads (a "◦" line had been left without). 43: an HTML <form> holding
# most of the page is the page; an <aside> of prose in the main text is a callout, kept; a <select>'s
# choices go; HTML footnote marks are set apart ("System^5") and notes are beside the text; Markdown's
# front matter is its title, not text; kramdown's "{: .class}" and a heading's "{#id}" are no text.
# 44: a compound's hyphen at a PDF line's end stays; a date opening a PDF line is no footnote; an
# unruled table reads a ligature once and tighter word spaces; a PDF title property must be its own.
# 45: a PDF line is in a column when it does not cross the gutter, found where many lines have a gap
# and few cross; Markdown's folded title and Liquid comment blocks; HTML buttons are no text outside
# headings; a lead-in of one word ("They:") takes the sentence before it. 46: a PDF's numbered
# paragraphs are no unruled table; a numbered paragraph's full first line is no heading; a front
# sheet's fields are text; a page break before a count ("1 in every" / "13 people") is joined.
# 47: the lexicon holds the acronyms the documents define. 48: a PDF line's bold run-in label reads
# "Label: ..."; labelled paragraphs under a lead-in ending with ":" are its items. 49: an HTML or
# Markdown table row that goes on the row above (first cell empty, words only) is joined to it. 50:
# an HTML <title> drops the site's name after the page's heading. 51: an empty element (a Word
# bookmark) no longer hides a bold heading; a superscript note mark linked to a web page reads "^1";
# a short line wholly in italics is a minor heading, and a minor heading over nothing is text; a
# Word file's labelled paragraphs under a ':' lead-in are its items; a PDF heading's last line ending
# with a stop, and a sentence set alone in a larger type, are headings. 52: a PDF table's first row
# that gives figures is no header, and column names stacked over an unruled table's figures are
# its headers; a reference's abbreviation before its number ("s. 145") ends no sentence; an HTML
# bold label alone over a paragraph reads "Label: value". 53: so does a heading over one short line
# before a heading of its rank (`blocks.fields_under_headings`). 54: a Word file's bold titles in a
# larger type than its body are headings ranked by size (`docx._bold_title_levels`), and a paragraph
# that starts mid-sentence goes on the open one before it (a file typed one paragraph a line). 55: a
# PDF table's first row with a cell of more than 12 words is a row, not the header (a glossary). 56: a
# bullet character set tight against its text ("\u2022Demonstrate") opens an item (`blocks.BULLET_GLYPHS`),
# an HTML table of one column with no header cell is a box round text (`html._layout_cells`), and a PDF's
# first-page lines set large under its title that give a date are text (`pdf._cover_facts`), and so is a
# run of three bold lines or more at the body's size ending a sentence (`pdf._bold_text_runs`); a line at
# the top or bottom of a third of the pages is running text (was half), a bullet before it or not; a
# paragraph's gap is read against its own type size's line step (`pdf._mark_room`). 57: the middle dot and
# Word's Symbol-font bullets are bullets, and paragraphs in a row that each open with a bullet are a list
# (`blocks.bulleted_paragraphs`: Word saved as a web page, a text file's bullets set a blank line apart).
# 58: a PDF table whose first cell is a field's label ("From:") or an entry's number ("I.") has no header.
# 59: a mailto:/tel: link's target is kept after its text; an enumeration inside a sentence ("1) ...; and
# 2) ...") is one sentence; a PDF paragraph opening with a quotation mark after a gap is its own; a year
# alone on a PDF line is no page number. 60: a contents page's entries are no text (`blocks.without_contents`).
# 61: a table's one-cell group label is said in the rows it heads (`blocks.labelled_groups`); column
# names stacked in lines over an unruled PDF table read down each column (`pdf_unruled._with_lines_above`);
# a line of two figures or more is no heading (`pdf_lines.gives_figures`); in a table row no sentence
# opens with a comma or a cell separator (`text._NO_OPENING`). 62: a slide's bullet set as a text run of its own ("▸",
# "▹") opens the line after it, a bulleted PDF line and the lines going on it are no heading
# (`pdf._glyph_bullets`), and a PDF line set large that gives a web or e-mail address is text. 63: in PDF
# and Word files, headings of one level each over one paragraph after a ':' lead-in are its items
# ("External environment: ...", `blocks._headed_paragraphs`). 64: Markdown: a list of links to one site's
# pages, under a heading or nothing, is a menu and no text (`markdown._link_lists`); a heading's marks
# alone over its text head it; the first heading of the highest rank is the title. 65: a list's lead-in
# is the sentence before it that points to it ("... below ..."); in Markdown, an unindented sentence
# right under a list item starts a paragraph. 66: a PDF line set large that is a mark alone ("?") is left out.
# 67: Markdown: a menu item may run on past its link's line; a section about cookies above the page's
# own first heading is no text (`markdown._without_cookie_banner`). 68: an HTML <details> of folded
# code only is no text, and its summary no heading (`html._folds_code_only`). 69: prose is split into
# sentences as pysbd splits it again (the table-row rule of 61 had joined reference notes too). 70: a PDF's
# space characters set over another character of their line are left out (`pdf_columns.without_hidden_spaces`).
# 71: the lexicon holds the words of titles, headings and column headers as words the corpus uses.
# 72: a PDF line opening in lower case (not "b)") starts no heading; one ending with a figure is none.
# 81: a contents entry set on two lines, its page on the second, is contents too (`blocks.without_contents`).
# 82: items opening a page after the page before closed with items of a list take that list's lead-in
# (`blocks.carry_lead_ins`); a paragraph opening "However," after an item leads no items in; a dot
# opening a name ("all .gov.uk domains", ".csv") ends no sentence (`text._split_sentences`). 83: a contents
# list goes on over pages and past its "Page" column name; a list of tables or figures is contents too
# (`blocks.without_contents`). 84, 85: (83 read acronyms off glossary rows, 84 carried any item lead-in; not kept.)
# 86: Markdown: the cells of a pipe table without a header rule read as Markdown ("**TO:**", "<br>"); a
# note's mark in raw HTML reads "^1" (`markdown._cell_text`, `_children_text`). 87: a PDF table ruled
# between its rows only is split into columns at the gaps no word crosses (`pdf_gutters`); a full PDF
# line closing a bracket ("... (CHC)") ends no paragraph; a footnote may open "1:". 88: a hidden space
# takes no letter that starts where it does (`pdf_columns.without_hidden_spaces`: "1 ho can", ",291,650");
# a bulleted list beside prose is a column, and a line parted just before the right column's edge,
# beside lines of both columns, is of both (`pdf_columns.reading_order`). 89: a running header or
# footer is known with its page number at either end ("12 Annual Report 2024", "Annual Report 2024 13").
# 90: HTML: a breadcrumb trail and a list of links to the page's own places (its contents) are no text.
# 91: a contents entry's page number may come before its dot leaders ("... Germany? 3 .......").
# (92 was a try, Markdown items indented short of their parent's text as its items: not kept, not to reuse.)
# 93: a list whose bullets Word sets a tab from their items is no unruled table (`pdf_unruled._bulleted`).
# 94: labels a tab from their values are "Label: value" lines (`pdf_unruled._labelled_lines`); an accordion
# panel's headings sit under its <summary> (`html._below_summary`). 95: a heading whose number is set in
# regular type is a heading (`pdf._line`); an enumerated line opens a heading of its own (`pdf_lines._wraps_into`).
# (96 was a try, numbered stages read as one BM25 term and the lexicon's word vectors: taken back, not to reuse.)
# 97: an unruled table whose rows are set apart by space and whose cells wrap is a row per record
# (`pdf_unruled._spaced_rows`). 98: a reference's closing "CMS 8, 14" stays with its entry (`text._REFERENCE_TAIL`);
# accounts' column names stacked a line apart, and totals set lines apart, are one table (`pdf_unruled`).
# 99: an item's number run on into the text before it opens its item ("unless: 1. (a) ...";
# `text._TRAILING_NUMBER`), and a sentence cut before a bracket with no stop is one (`text._split_sentences`).
# 100: an unruled table's area names set over two columns or more name each, its first column's name
# set beside them names it; a spaced row giving more than two figures in a cell is several records; a
# first cell closing a bracket it did not open goes on from the line above (`pdf_unruled`); a footer naming
# the chapter after its fixed part (".../ Context 5") is running text by that part (`pdf._fixed_part`).
# 101: a first page of few words (headings and paragraphs only, of a document of two pages or more) is
# a cover, and every line after its first is a fact of the document (`pdf._cover_facts`), not a heading.
# 102: a table opening a page whose header row names some of the columns as the table closing the page
# before does, and others not, is a table of its own, not that one going on (`pdf._own_header`).
# 103: HTML: a site's menu set as a list of lists, every item its link alone, is no text (`html._link_tree`).
# 104: PDF: digits set small and raised after a word or figure are a footnote mark ("2018^10",
# `pdf._superscript_marks`), and a line in smaller type opening with such a mark's number is its note
# wherever reading order puts it (`pdf._small_notes`).
# 105: PDF: a gap of 0.15 font sizes between letters is a word space (`pdf_columns.WORD_SPACE`).
# 106: Markdown: a row's empty first cell under a label says it when the row gives more than figures
# (`blocks.filled_down`: no rowspan in Markdown), and sentences after a table with no blank line are paragraphs.
# 107: HTML is decoded as a browser decodes it (`html.read_html`): its declared encoding, a byte it cannot read
# shown as U+FFFD; a page declaring UTF-8 with one Latin-1 byte had been refused whole.
# 108: PDF: an unruled table's cells take the same word space as the rest of the page (`WORD_SPACE`, 0.15
#      font sizes; they had 0.12).
# 109: PDF and HTML: a table's first row of one cell across it is its title (joined to its caption), and the
#      row under it its header (`pdf._table`, `html._table_rows`).
# 110: PDF: a bold line in the body's type giving a label and its value ("Effective: ...") is text, not a
#      heading, as `blocks.bold_heading` reads one (`pdf._heading_levels`).
# 111: Markdown: a table's header rule written again under an empty row is no row (`markdown._table_blocks`).
# 112: Markdown: GOV.UK Govspeak's callout and block marks are no text (`markdown._CALLOUT`, `_BLOCK_MARK`).
# 113: HTML: paragraphs numbered 1, 2, ... in turn under a lead-in ending with ':' are its list
#      (`blocks.numbered_paragraphs`; `colon_lists` accepts them too).
# 114: a run of five underscores or equals signs is no text (`clean.normalise_block`).
# 115: PDF: a footnote's bulleted list is its lead-in and items (`pdf._note_blocks`); a note cited only by a
#      table's cell is a note, and the cell loses its mark ("Area^1"); rules in underscores leave body lines
#      too (`clean.without_rules`). All formats: a table row's label wrapped onto a row of its own joins
#      its row, and a new group label ends the group before it (`blocks.labelled_groups`).
# 116: PDF: a line repeated as the first or last line of a third of the pages is a running header or
#      footer wherever it sits on the page (`pdf._running_lines`).
# 117: PDF: a table's first row of labels only, each ending with ':', is its header (`pdf._data_row`).
# 118: PDF: a bulleted item goes on past a full line that closes a sentence (`pdf_lines.pdf_blocks`); a
#      label of up to 16 words closing a page leads the items opening the next (`blocks.carry_lead_ins`).
# 119: BM25 and term matching read an irregular verb's past forms as the verb ("began" as "begin";
#      `lexical._verb_of`).
PIPELINE_VERSION = "119"

_DEFAULT_TYPES = {".pdf": "PDF document", ".docx": "Word document", ".html": "web page", ".htm": "web page",
                  ".md": "web page"}


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # source -> reason: unknown type, outside, too big
    errors: dict[str, str] = field(default_factory=dict)  # source -> reason
    repaired: dict[str, str] = field(default_factory=dict)  # source or "bm25" -> what was damaged
    warnings: list[str] = field(default_factory=list)  # e.g. a manifest row skipped
    chunks: int = 0  # chunks in the index after the run
    embedded: int = 0  # chunks embedded by this run
    orphans_removed: int = 0
    seconds: float = 0.0
    parse_seconds: float = 0.0  # of `seconds`: reading, parsing and chunking the changed files

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class _Pending:
    entry: dict[str, object]
    document: Document
    chunks: list[Chunk]


def document_key(source: str, data_sha: str, row: ManifestRow | None, settings: Settings, programme: str = "") -> str:
    """Decides re-embedding: file name and bytes, manifest metadata, chunking settings, pipeline,
    model, and the programme file (chunks record the entities they name)."""
    parts = {
        "programme": programme,
        "source": source,
        "data": data_sha,
        "row": asdict(row) if row else None,
        "chunking": settings.chunking.model_dump(),
        "chunk_vectors": settings.ingest.chunk_vectors,
        "pipeline": PIPELINE_VERSION,
        "model": MODEL_NAME,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def doc_id_for(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def build_document(source: str, parsed: ParsedFile, row: ManifestRow | None, content_hash: str) -> Document:
    """Metadata from the manifest, else from the file (PDF metadata, HTML <title>, first heading)."""
    row = row or ManifestRow(file=source)
    suffix = Path(source).suffix.lower()
    return Document(
        id=doc_id_for(source),
        source=source,
        title=row.title or parsed.title or Path(source).stem.replace("-", " ").replace("_", " ").strip(),
        doc_type=row.doc_type or _DEFAULT_TYPES.get(suffix, "text"),
        year=row.year if row.year is not None else _year_from(parsed, source),
        pages=tuple(Page(p.number, p.text) for p in parsed.pages),
        content_hash=content_hash,
        publisher=row.publisher,
        url=row.url,
        authors=row.authors or parsed.meta.get("author", ""),
    )


def _year_from(parsed: ParsedFile, source: str) -> int | None:
    match = re.search(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)", source) or re.search(
        r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)", parsed.meta.get("subject", "")
    )
    return int(match.group(1)) if match else None


def sync_corpus(
    settings: Settings,
    *,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: bool = False,
) -> IngestReport:
    """Ingest `settings.corpus_dir` into the index at `settings.index_dir` (or the Chroma server),
    holding the index's write lock (`IndexBusyError` if another ingest keeps it too long)."""
    if not settings.corpus_dir.is_dir():
        raise ConfigError(f"corpus folder {settings.corpus_dir} does not exist: set IC_CORPUS_DIR or pass --corpus")
    with index_lock(settings.index_dir, settings.ingest.lock_wait_s):
        return _sync_locked(settings, rebuild, embedder, progress)


def _sync_locked(settings: Settings, rebuild: bool, embedder: Embedder | None, progress: bool) -> IngestReport:
    started = time.perf_counter()
    corpus = settings.corpus_dir
    report = IngestReport()
    try:
        manifest = read_manifest(corpus / MANIFEST_NAME)
    except DocumentError as exc:
        report.errors[MANIFEST_NAME] = exc.reason
        manifest = Manifest()
    for problem in manifest.problems:
        report.warnings.append(problem)
        log.warning("%s", problem)

    programme = load_programme(corpus)
    row_keys = tuple(name for e in programme.entities for name in (e.name, *e.aliases))
    if settings.chroma_url and not rebuild:
        mirror_server(settings, locked=True, derive=False)  # the folder is a cache: start from the server's state
    # --rebuild never reads the old state: it must work whatever state the folder is in.
    store = IndexStore.open(settings, create=True, fresh=rebuild)
    if rebuild:
        store.reset()
    report.orphans_removed = store.remove_orphans()
    generation_at_start = store.state["generation"]
    damaged = document_problems(store, chroma_ids(store))
    for source, problems in damaged.items():
        log.warning("re-deriving damaged %s: %s", source, "; ".join(map(str, problems)))

    present: set[str] = set()
    pending: list[_Pending] = []
    scan = scan_corpus(corpus, settings.ingest.max_file_mb)
    # Counted in files, so that the bar has an end: chunks are only known once each file is parsed.
    bar = tqdm(total=len(scan.files), desc="ingesting documents", unit="file", disable=not progress)
    for source, reason in scan.skipped.items():
        report.skipped[source] = reason
        log.warning("skipped %s: %s", source, reason)
    for done, path in enumerate(scan.files):
        bar.update(done - len(pending) - bar.n)  # files finished: those before, less those awaiting their batch
        source = path.relative_to(corpus).as_posix()
        if path.suffix.lower() not in LOADERS:
            report.skipped[source] = "unknown file type"
            log.warning("skipped %s: unknown file type %r", source, path.suffix)
            continue
        present.add(source)
        known = store.documents.get(source)
        try:
            data_sha = file_sha256(path)
        except OSError as exc:
            report.errors[source] = f"cannot read the file ({exc.strerror or exc})"
            continue
        row = manifest.get(source) or manifest.get(path.name)
        if known and (MANIFEST_NAME in report.errors or {source, path.name} & manifest.skipped):
            # Manifest (or this row) unreadable: keep the metadata the index already has for this document.
            row = ManifestRow(source, known["title"], known["doc_type"], known.get("publisher", ""),
                              known["year"], known.get("url", ""), known.get("authors", ""))
            if known.get("file_sha256") == data_sha and source not in damaged:
                report.unchanged.append(source)
                continue
        key = document_key(source, data_sha, row, settings, programme.digest)
        if known and known["content_hash"] == key and source not in damaged:
            report.unchanged.append(source)
            continue
        parse_started = time.perf_counter()
        try:
            parsed = load_file(path, row_keys)
            document = build_document(source, parsed, row, key)
            chunks = chunk_document(document, parsed, settings.chunking, programme)
        except DocumentError as exc:
            report.errors[source] = exc.reason
            log.warning("failed %s: %s", source, exc.reason)
            continue
        finally:
            report.parse_seconds += time.perf_counter() - parse_started
        entry = {
            "source": source,
            "doc_id": document.id,
            "content_hash": key,
            "file_sha256": data_sha,
            "title": document.title,
            "doc_type": document.doc_type,
            "year": document.year,
            "publisher": document.publisher,
            "url": document.url,
            "authors": document.authors,
            "pages": len(document.pages) if document.pages[0].number is not None else 1,
            "chunks": len(chunks),
            "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        pending.append(_Pending(entry, document, chunks))
        (report.updated if known else report.added).append(source)
        if source in damaged:
            report.repaired[source] = "; ".join(str(p) for p in damaged[source])
        if len(pending) >= settings.ingest.batch_documents:
            embedder = _load_embedder(settings, embedder)
            report.embedded += _write_pending(store, pending, embedder)
            pending = []

    if pending:
        embedder = _load_embedder(settings, embedder)
        report.embedded += _write_pending(store, pending, embedder)
    bar.update(len(scan.files) - bar.n)
    bar.close()

    for source in sorted(set(store.documents) - present):
        if source in report.errors:
            continue
        store.remove_document(source)
        report.removed.append(source)

    changed = bool(report.embedded or report.removed or rebuild or report.orphans_removed)
    # The recorded corpus state is what the index really holds: a file that failed counts as
    # its indexed version (or as absent), so the assistant keeps warning until it is fixed.
    fingerprint = corpus_fingerprint(corpus, settings.ingest.max_file_mb)
    for source in report.errors:
        indexed = store.documents.get(source, {}).get("file_sha256")
        if indexed:
            fingerprint[source] = indexed
        else:
            fingerprint.pop(source, None)
    # BM25 is saved first, tagged with the generation the commit then names, so that the state
    # records its checksums; a crash in between leaves a BM25 index readers and `check` see as stale.
    generation = new_generation()
    bm25_dir = settings.index_dir / "bm25"
    lexicon_path = settings.index_dir / LEXICON_FILE
    previous = BM25Index.load(bm25_dir)
    bm25_damage = [] if changed else bm25_problems(store)
    if changed or previous is None or previous.generation != generation_at_start or bm25_damage:
        if bm25_damage and previous is not None:
            report.repaired["bm25"] = "; ".join(map(str, bm25_damage))
        chunks = store.load_chunks()
        BM25Index.build(chunks, generation).save(bm25_dir)
        save_lexicon(build_lexicon(chunks), generation, lexicon_path)
    else:  # same chunks: only re-tag the indexes with the new state generation
        previous.generation = generation
        previous.save(bm25_dir)
        if not retag_lexicon(lexicon_path, generation_at_start, generation):
            save_lexicon(build_lexicon(store.load_chunks()), generation, lexicon_path)
    # The generation's tables likewise: written again when the chunks changed or they are damaged,
    # else the same files linked under the new generation.
    table_damage = [] if changed or not generation_at_start else table_problems(store)  # a new index has none to repair
    if table_damage:
        report.repaired["tables"] = "; ".join(map(str, table_damage))
    table_files = None if changed or table_damage else link_tables(
        settings.index_dir, generation_at_start, generation, store.state.get("table_files"))
    if table_files is None:
        table_files = write_tables_from(store, generation)
    store.commit(generation=generation, fingerprint=fingerprint, corpus_dir=str(corpus),
                 embedding_model=MODEL_NAME, bm25_files=bm25_checksums(settings.index_dir), table_files=table_files)
    prune_tables(settings.index_dir, generation)
    store.prune_doc_files()
    report.chunks = len(store.live_ids())
    report.seconds = round(time.perf_counter() - started, 3)
    report.parse_seconds = round(report.parse_seconds, 3)
    return report


def _load_embedder(settings: Settings, embedder: Embedder | None) -> Embedder:
    embedder = embedder or shared_embedder(settings.embedding)
    embedder.batch_size = settings.store.embed_batch_size
    return embedder


def _write_pending(store: IndexStore, pending: list[_Pending], embedder: Embedder) -> int:
    """Embed the chunks of some documents together, write them in one commit; the chunks written."""
    derived = store.settings.ingest.chunk_vectors == "derived"
    vectors = embed_chunks([c for item in pending for c in item.chunks], embedder, derived)
    writes, first, unit = [], 0, 0
    for item in pending:
        last = first + len(item.chunks)
        # Units too (sentences, list items, table rows): answers are built from them, and one
        # matrix product over them at query time finds facts a chunk's vector blurs.
        units = unit
        while units < len(vectors.sentences) and vectors.sentences[units][0] < last:
            units += 1
        sentences = [(i - first, s, e) for i, s, e in vectors.sentences[unit:units]]
        writes.append(DocumentWrite(item.entry, list(item.document.pages), item.chunks,
                                    vectors.chunks[first:last], sentences, vectors.sentence_vectors[unit:units]))
        first, unit = last, units
    store.write_documents(writes)
    return first


__all__ = ["PIPELINE_VERSION", "IngestReport", "build_document", "document_key", "embedding_text", "sync_corpus"]
