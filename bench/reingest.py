"""python -m bench --reingest 1000: a second ingest of an unchanged corpus of many documents.

An officer's corpus grows to hundreds of files; an ingest that finds nothing changed must stay
quick (issue 12: under 2 s at 1,000 documents). The corpus is made of real text: each of the
project corpus's paragraphs, in turn, becomes a small Markdown document with a title of its own,
so every file is distinct. The first ingest embeds with the scale benchmark's stand-in embedder
(nothing is embedded on the runs that are timed, so the model does not matter there); then the
unchanged corpus is ingested again, three times, each in the same process as an app would.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def _paragraphs(corpus: Path) -> list[str]:
    from ingest.loaders import load_file

    out = []
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() not in (".md", ".html", ".pdf"):
            continue
        parsed = load_file(path)
        for page in parsed.pages:
            out += [b.text for b in page.blocks if b.kind == "paragraph" and len(b.text) > 200]
    return out


def run(documents: int, corpus: Path) -> list[str]:
    from bench.scale import StandInEmbedder
    from ic_assistant import Settings
    from ingest.sync import sync_corpus

    paragraphs = _paragraphs(corpus)
    with tempfile.TemporaryDirectory(prefix="ic-reingest-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for n in range(documents):
            text = f"# Note {n}\n\n{paragraphs[n % len(paragraphs)]}\n\nNote {n} ends here.\n"
            (folder / f"note-{n:05d}.md").write_text(text, encoding="utf-8")
        settings = Settings(corpus_dir=folder, index_dir=Path(tmp) / "index")
        embedder = StandInEmbedder()
        t = time.perf_counter()
        first = sync_corpus(settings, embedder=embedder)
        build_s = time.perf_counter() - t
        times, report = [], first
        for _ in range(3):
            t = time.perf_counter()
            report = sync_corpus(settings, embedder=embedder)
            times.append(time.perf_counter() - t)
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    median = statistics.median(times)
    return [
        "## Re-ingest (unchanged corpus; `python -m bench --reingest 1000`)",
        "",
        f"{documents:,} small Markdown documents made from the project corpus's paragraphs (one paragraph each, "
        f"with a title of its own), first ingested with the stand-in embedder ({first.chunks:,} chunks, "
        f"{build_s:.1f} s), then ingested again unchanged, three times. Load average at the end: {load_average}.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| second ingest, median of 3 (min / max) | **{median:.2f} s** ({min(times):.2f} / {max(times):.2f}) |",
        f"| documents unchanged / embedded on the last run | {len(report.unchanged):,} / {report.embedded} |",
        f"| goal (issue 12, 1,000 documents) | under 2 s: {'met' if median < 2 else 'not met'} |",
    ]
