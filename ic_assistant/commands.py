"""`ask`, `search`, `show` and `batch`: parse, call the API, print."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .cli import app, console, err_console, flag, handle_errors, load_settings, show_progress
from .errors import ICError, InputError
from .prompts import SUGGESTIONS_INTRO
from .types import Answer, Filters

CityOpt = Annotated[list[str] | None, typer.Option("--city", help="Only passages naming this programme city (repeatable).")]
DocOpt = Annotated[list[str] | None, typer.Option("--doc", help="Only this corpus file (repeatable).")]
TypeOpt = Annotated[list[str] | None, typer.Option("--type", help="Only this document type, e.g. report (repeatable).")]
JsonOpt = Annotated[bool, flag("--json", help="Print JSON instead of text.")]
CITATION_FIELDS = ("n", "source", "title", "year", "url", "page", "section", "context", "quote", "start", "end")
CONTEXT_CHARS = 300  # of page text shown either side of the span by `show`


class Retriever(str, Enum):
    hybrid = "hybrid"
    dense = "dense"
    bm25 = "bm25"


def make_filters(
    city: list[str] | None = None,
    doc: list[str] | None = None,
    doc_type: list[str] | None = None,
    year_min: int | None = None,
    year_max: int | None = None,
) -> Filters:
    return Filters(tuple(doc or ()), tuple(doc_type or ()), year_min, year_max, tuple(city or ()))


def _assistant():  # noqa: ANN202
    from .assistant import build_assistant

    return build_assistant(load_settings())


@app.command()
@handle_errors
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    history: Annotated[
        list[str] | None,
        typer.Option("--history", help="An earlier question of the conversation, oldest first (repeatable)."),
    ] = None,
    as_json: JsonOpt = False,
    city: CityOpt = None,
    doc: DocOpt = None,
    doc_type: TypeOpt = None,
    year_min: Annotated[int | None, typer.Option(help="Only documents from this year on.")] = None,
    year_max: Annotated[int | None, typer.Option(help="Only documents up to this year.")] = None,
    explain: Annotated[bool, flag(
        "--explain", help="Show candidates, the question analysis, unit features x weights and the refusal decision."
    )] = False,
) -> None:
    """Answer a question with numbered, verified citations."""
    assistant = _assistant()
    filters = make_filters(city, doc, doc_type, year_min, year_max)
    answer = assistant.ask(question, history or (), filters=filters, explain=explain)
    if as_json:
        print(json.dumps(answer.to_dict(include_passages=explain), ensure_ascii=False, indent=2))
        return
    print_answer(answer)
    if explain:
        print_explanation(answer)


def print_answer(answer: Answer) -> None:
    for warning in answer.warnings:
        err_console.print(f"[yellow]warning:[/] {escape(warning)}")
    console.print(escape(answer.text), style="bold" if not answer.refused else "yellow")
    if answer.refused and answer.suggestions:
        console.print(SUGGESTIONS_INTRO)
        for title in answer.suggestions:
            console.print(f"  - {escape(title)}")
    for c in answer.citations:
        where = f", page {c.page}" if c.page else ""
        section = f", {c.section}" if c.section else ""
        console.print(f"\n[bold][{c.n}][/] {escape(c.title)} ({escape(c.source)}{where}{escape(section)})")
        if c.context:  # a table row's headers, a list item's lead-in
            console.print(f"    under: {escape(c.context)}", style="dim")
        console.print(f'    "{escape(c.quote)}"', style="italic")


def print_explanation(answer: Answer) -> None:
    info = answer.explanation
    console.print(f"\n[bold]standalone question:[/] {escape(info.get('standalone_question', ''))}")
    table = Table(title="candidates (fused by reciprocal rank)")
    for col in ("#", "fused", "dense", "bm25", "kept", "source", "page", "text"):
        table.add_column(col)
    kept = set(info.get("kept", []))
    for i, p in enumerate(info.get("candidates", []), start=1):
        table.add_row(
            str(i), f"{p['score']:.4f}", str(p["dense_rank"] or "-"), str(p["bm25_rank"] or "-"),
            "yes" if p["chunk_id"] in kept else "", p["source"], str(p["page"] or ""), escape(p["text"][:70]),
        )
    console.print(table)
    q = info.get("question", {})
    if q:
        console.print(f"question: kind {q.get('kind')}, terms {', '.join(q.get('terms', []))}, "
                      f"entities {q.get('entities')}, periods {q.get('periods')}, negated {q.get('negated')}, "
                      f"count {q.get('count')}")
    if "p_unanswerable" in info:
        console.print(f"P(unanswerable) {info['p_unanswerable']} (refuses above {info.get('refusal_threshold')}); "
                      "features x weights: " + _contributions(info.get("refusal_features", {})))
    for u in info.get("top_units", []):
        console.print(f"  {u['score']:+.3f} [{u['passage']}] {u['kind']}: {escape(u['text'])}")
        console.print(f"      {_contributions(u['features'])}", style="dim")
    if floor := info.get("join_floor"):
        console.print(f"further units join at P >= {floor['floor']}: the larger of add_min_prob "
                      f"{floor['add_min_prob']} and add_min_share {floor['add_min_share']} x the best unit's "
                      f"P {floor['best_p']}")
        if past := floor.get("overflow"):
            console.print(f"... and past the answer budget, up to {past['up_to_chars']} characters, at P >= "
                          f"{past['floor']}: overflow_share {past['overflow_share']} x the best unit's P")
    if "reason" in info:
        console.print(f"[yellow]refused because:[/] {escape(info['reason'])}")
    for d in info.get("dropped_sentences", []):
        console.print(f"[yellow]dropped:[/] {escape(d['sentence'])} ({escape(d['reason'])})")


def _contributions(parts: dict[str, float]) -> str:
    """Feature x weight terms, largest first, the zero ones left out."""
    ranked = sorted(parts.items(), key=lambda kv: -abs(kv[1]))
    return ", ".join(f"{name} {value:+.2f}" for name, value in ranked if abs(value) >= 0.005)


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", help="Passages to return, 1 to IC_RETRIEVAL__MAX_K (50).")] = 10,
    retriever: Annotated[
        Retriever, typer.Option("--retriever", help="hybrid (dense + BM25, fused), dense or bm25 alone.")
    ] = Retriever.hybrid,
    as_json: JsonOpt = False,
    city: CityOpt = None,
    doc: DocOpt = None,
    doc_type: TypeOpt = None,
    year_min: Annotated[int | None, typer.Option(help="Only documents from this year on.")] = None,
    year_max: Annotated[int | None, typer.Option(help="Only documents up to this year.")] = None,
) -> None:
    """Ranked passages (hybrid dense + BM25 retrieval by default), for researchers."""
    filters = make_filters(city, doc, doc_type, year_min, year_max)
    passages = _assistant().search(query, filters, k=k, mode=retriever.value)
    if as_json:
        print(json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(passages)} passages for {query!r}")
    for col in ("#", "score", "document", "page", "section", "text"):
        table.add_column(col)
    for i, p in enumerate(passages, start=1):
        c = p.chunk
        table.add_row(str(i), f"{p.score:.4f}", escape(c.source), str(c.page or ""), escape(c.section[:30]), escape(c.text[:160]))
    console.print(table)


@app.command()
@handle_errors
def show(
    source: Annotated[str, typer.Argument(help="Corpus file as cited, e.g. report.pdf.")],
    page: Annotated[
        int | None, typer.Option("--page", help="PDF page of the citation (leave out for other documents).")
    ] = None,
    start: Annotated[int, typer.Option("--start", help="Start offset of the span in the cleaned page text.")] = 0,
    end: Annotated[
        int | None, typer.Option("--end", help="End offset of the span (default: the end of the page).")
    ] = None,
) -> None:
    """The cleaned page text around a citation's offsets, with the span highlighted."""
    from rich.text import Text

    text = _assistant().source_text(source, page, start, end)
    end = len(text) if end is None else end
    before = max(0, start - CONTEXT_CHARS)
    after = min(len(text), end + CONTEXT_CHARS)
    where = f", page {page}" if page is not None else ""
    console.print(f"[bold]{escape(source)}{where}[/], characters {start} to {end} of {len(text)}:", highlight=False)
    shown = Text("…" if before else "")
    shown.append(text[before:start])
    shown.append(text[start:end], style="bold black on yellow")
    shown.append(text[end:after])
    shown.append("…" if after < len(text) else "")
    console.print(shown, highlight=False)


def read_batch(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, item or None, error or None) for each line of a JSONL or CSV batch file."""
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                if not row.get("question"):
                    yield line, None, "no 'question' column value"
                else:
                    yield line, {"id": row.get("id") or str(line), "question": row["question"], "history": []}, None
        return
    with path.open(encoding="utf-8") as f:
        for line, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                item = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield line, None, f"not JSON ({exc.msg})"
                continue
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                yield line, None, "needs a 'question' string"
                continue
            history = item.get("history") or []
            if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
                yield line, None, "'history' must be a list of earlier questions"
                continue
            yield line, {"id": item.get("id", str(line)), "question": item["question"], "history": history}, None


def batch_record(item: dict[str, Any], answer: Answer, latency_ms: float) -> dict[str, Any]:
    """One output line of `ic-assistant batch`."""
    return {
        "id": item["id"],
        "question": item["question"],
        "answer": answer.text,
        "refused": answer.refused,
        "citations": [
            {k: getattr(c, k) for k in CITATION_FIELDS}
            for c in answer.citations
        ],
        "latency_ms": round(latency_ms, 1),
    }


@app.command()
@handle_errors
def batch(
    infile: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSONL (id, question, history) or CSV (id,question).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write one JSON answer per line.")],
) -> None:
    """Answer many questions with one model load; bad lines are reported and skipped.
    Exit 1 if every line failed."""
    from tqdm import tqdm

    # Input and output are checked before the model loads, so a wrong path fails at once.
    if not out.parent.is_dir():
        raise InputError(f"cannot write {out}: folder {out.parent} does not exist (create it or choose another --out)")
    if out.is_dir():
        raise InputError(f"cannot write {out}: it is a folder (give a file name to --out)")
    try:
        items = list(read_batch(infile))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read {infile}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    assistant = _assistant()
    failed = 0
    with out.open("w", encoding="utf-8") as f:
        for line, item, problem in tqdm(items, desc="questions", unit="q", disable=not show_progress()):
            if item is not None:
                try:
                    t = time.perf_counter()
                    answer = assistant.ask(item["question"], item["history"])
                    record = batch_record(item, answer, (time.perf_counter() - t) * 1000)
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
                    continue
                except ICError as exc:
                    problem = str(exc)
            failed += 1
            err_console.print(f"[yellow]skipped line {line}:[/] {escape(problem or '')}")
    err_console.print(f"wrote {len(items) - failed} answers to {out}" + (f"; skipped {failed} lines" if failed else ""))
    if items and failed == len(items):
        raise typer.Exit(1)
