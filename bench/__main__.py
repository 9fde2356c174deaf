"""python -m bench: measure on this machine and write docs/benchmarks.md.

`python -m bench --scale 1000,10000,100000` measures big indexes instead (see `bench/scale.py`);
`make bench` does not run it (it builds and opens each index: many minutes at 100k chunks).
`--keep DIR` builds them into DIR and reuses them on later runs (the build is most of the time).
`python -m bench --load` serves the corpus with `ic-assistant serve` and puts 40 concurrent clients
on it (see `bench/load.py`; `make bench-load`). `python -m bench --cold` times `ic-assistant ask` and
`ic-assistant serve` in fresh processes, with each embedding engine (see `bench/cold.py`).
`python -m bench --reingest 1000` times an ingest that finds 1,000 documents unchanged (`bench/reingest.py`).

Ingest runs into a fresh temporary index (embedded Chroma), twice: the second run must embed
nothing. Answer latency is measured warm over the eval set's questions (with their history).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB RAM, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _with_section(text: str, heading: str, section: list[str]) -> str:
    """`text` with the section starting at `heading` (up to the next "## ") replaced by `section`,
    or `section` appended."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        return "\n".join([*lines, "", *section]).strip() + "\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join([*lines[:start], *section, *lines[end:]]).strip() + "\n"


def main() -> None:
    if any(flag in sys.argv for flag in ("--scale", "--load", "--cold", "--reingest")):
        corpus = Path(os.environ.get("IC_CORPUS_DIR", ROOT / "corpus"))
        if "--scale" in sys.argv:
            from .scale import run

            heading, failed = "## Scale", 0
            keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
            section = run([int(x) for x in sys.argv[sys.argv.index("--scale") + 1].split(",")], corpus, keep=keep)
        elif "--reingest" in sys.argv:
            from .reingest import run as run_reingest

            heading, failed = "## Re-ingest", 0
            section = run_reingest(int(sys.argv[sys.argv.index("--reingest") + 1]), corpus)
        elif "--cold" in sys.argv:
            from .cold import run as run_cold

            heading, failed = "## Cold start", 0
            section = run_cold(corpus)
        else:
            from .load import run

            heading = "## Load"
            section, failed = run(corpus)
        section.insert(2, f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {_machine()}.")
        section.insert(3, "")
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else "# Benchmarks\n"
        OUT.write_text(_with_section(old, heading, section), encoding="utf-8")
        print("\n".join(section))
        if failed:
            sys.exit(f"{failed} requests failed under load")
        return
    from ic_assistant import Settings, build_assistant
    from ic_assistant.embeddings import shared_embedder
    from ingest.embed import embedding_text
    from ingest.sync import sync_corpus

    corpus = Path(os.environ.get("IC_CORPUS_DIR", ROOT / "corpus"))
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    t = time.perf_counter()
    embedder = shared_embedder(Settings(corpus_dir=corpus).embedding)
    load_s = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        from ic_assistant.store import open_collection

        # Chroma's import is process start-up, paid once by any command: keep it out of the rate.
        open_collection(Settings(corpus_dir=corpus, index_dir=Path(tmp) / "warm"))
        settings = Settings(corpus_dir=corpus, index_dir=Path(tmp) / "index")
        first = sync_corpus(settings, embedder=embedder)
        second = sync_corpus(settings, embedder=embedder)
        assistant = build_assistant(settings, embedder=embedder)
        chunks = list(assistant.retriever.chunks.values())
        sentences = len(assistant.retriever.sentences)

        # Ingest and the raw model on the same chunk texts, interleaved so that other load on the
        # machine hits both alike; the best round of each is compared.
        texts = [embedding_text(c) for c in chunks]
        embedder.embed(texts)  # warm
        ingests, raws = [first], []
        for n in range(3):
            t = time.perf_counter()
            embedder.embed(texts)
            raws.append(len(texts) / (time.perf_counter() - t))
            if n < 2:
                again = Settings(corpus_dir=corpus, index_dir=Path(tmp) / f"again{n}")
                ingests.append(sync_corpus(again, embedder=embedder))
        raw_rate = max(raws)
        best = max(ingests, key=lambda r: r.chunks / r.seconds)
        ingest_rate = best.chunks / best.seconds
        embed_rate = best.chunks / (best.seconds - best.parse_seconds)

        gold = [json.loads(x) for x in (ROOT / "evals" / "qa.jsonl").read_text().splitlines() if x.strip()]
        assistant.ask("What is Inclusive Cities?")  # warm-up
        latencies, stages = [], {}
        for item in gold:
            t = time.perf_counter()
            answer = assistant.ask(item["question"], item.get("history") or [])
            latencies.append((time.perf_counter() - t) * 1000)
            for name, ms in answer.timings_ms.items():
                stages.setdefault(name, []).append(ms)
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `make bench` (`python -m bench`) on {_machine()}. "
        f"Load average at the start: {load_average} (other work shares this machine).",
        "",
        "## Ingest (the five-document corpus, fresh embedded Chroma, measured in the same run)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| model load (bundled all-MiniLM-L6-v2, {embedder.engine} engine) | {load_s:.2f} s |",
        f"| first ingest: documents / chunks / sentences | {len(first.added)} / {first.chunks} / {sentences} |",
        f"| fresh ingest: wall time (best of {len(ingests)}) | {best.seconds:.2f} s, of which parsing and chunking {best.parse_seconds:.2f} s |",
        f"| fresh ingest: throughput | {ingest_rate:.1f} chunks/s (chunk and unit vectors, Chroma and state writes) |",
        f"| raw embedding rate of the model ({embedder.engine}, as ingest), the same chunk texts (best of {len(raws)}) | {raw_rate:.1f} chunks/s |",
        f"| **ingest rate / raw model rate** | **{ingest_rate / raw_rate:.2f}** (without parsing: {embed_rate / raw_rate:.2f}) |",
        f"| second ingest (unchanged corpus) | {second.seconds:.3f} s, {second.embedded} chunks embedded, {len(second.unchanged)} unchanged |",
        "",
        f"Goal (issue 12): at least 0.9 of the model's rate. "
        + ("Met." if ingest_rate / raw_rate >= 0.9 else
           f"Not met with parsing counted: parsing and chunking take {best.parse_seconds:.2f} of {best.seconds:.2f} s, "
           f"most of it pdfplumber reading the PDF's characters; the rest of the ingest (one model pass "
           f"for chunk and unit vectors, Chroma and state writes) runs at {embed_rate / raw_rate:.2f} of the "
           f"model's rate. Parsing the next documents while the model embeds was measured slower on these 2 "
           f"cores (0.47, 2026-12-02): the two compete for the CPU. A cheaper PDF text layer (pdfplumber only "
           f"for pages with tables) is the way to the goal."),
        "",
        f"## Answer latency, warm ({len(latencies)} eval questions, extractive backend)",
        "",
        "| stage | p50 ms | p95 ms |",
        "|---|---|---|",
        *[f"| {name} | {statistics.median(v):.1f} | {_pct(v, 0.95):.1f} |" for name, v in stages.items()],
        f"| **end to end (`Assistant.ask`)** | **{statistics.median(latencies):.1f}** | **{_pct(latencies, 0.95):.1f}** |",
        "",
        f"Peak resident memory of the whole run: {peak_mib:.0f} MiB.",
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines)
    if OUT.exists():  # the other runs' sections (`--cold`, `--scale`, `--load`, `--reingest`) are kept as they were
        old = OUT.read_text(encoding="utf-8").splitlines()
        def name(heading: str) -> str:  # "## Scale (stand-in vectors; ...)" -> "## Scale"
            return heading.split(" (")[0]

        ours = {name(line) for line in lines if line.startswith("## ")}
        for start, heading in [(i, line) for i, line in enumerate(old) if line.startswith("## ")]:
            if name(heading) in ours:
                continue
            end = next((i for i in range(start + 1, len(old)) if old[i].startswith("## ")), len(old))
            text = _with_section(text, name(heading), old[start:end])
    OUT.write_text(text, encoding="utf-8")
    print("\n".join(lines))
    if second.embedded:
        sys.exit("second ingest embedded chunks: incremental sync is broken")


if __name__ == "__main__":
    main()
