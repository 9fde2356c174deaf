"""Cold start: `ic-assistant ask` and `ic-assistant serve` in fresh processes, as a person runs them.

`python -m bench --cold` ingests the corpus into a temporary index (which also exports the model
to ONNX if this machine has no export yet), then times, with each embedding engine:
- `ic-assistant ask "..."` from start to exit;
- `ic-assistant serve` from start to the first HTTP 200 on loopback (the server is then stopped).
The files are in the page cache by then: "cold" is a new process, not a cold disk. It also
compares the two engines: the lowest cosine between their vectors, and their batch throughput on
the corpus's chunk and unit texts.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .load import free_port, serving, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Which cities took part in the first phase of Inclusive Cities?"
ENGINES = ("onnx", "torch")
ROUNDS = 3  # timed batches per process and text kind
GOALS = {"ask": 3.0, "serve": 5.0}  # seconds, on an idle machine (issue 12)


def _ask_seconds(cli: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run([*cli, "ask", QUESTION], env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - t


def _serve_seconds(cli: list[str], env: dict[str, str], log_path: Path) -> float:
    port = free_port()
    t = time.perf_counter()
    with serving([*cli, "serve", "--port", str(port)], env, log_path) as server:
        wait_until_up(f"http://127.0.0.1:{port}/", server, log_path, every=0.05, path="")
        return time.perf_counter() - t


def index_texts(settings: object, embedder: object) -> tuple[list[str], list[str]]:
    """The chunk texts of the index (as the model reads them) and their units' texts."""
    from ic_assistant import build_assistant
    from ic_assistant.units import unit_spans
    from ingest.embed import embedding_text

    chunks = list(build_assistant(settings, embedder=embedder).retriever.chunks.values())
    return [embedding_text(c) for c in chunks], [c.text[u.start : u.end] for c in chunks for u in unit_spans(c)]


def embed_rates(engine: str, corpus: str, index: str) -> dict[str, float]:
    """Texts/s of one engine on the index's chunks and units (best of ROUNDS), alone in this process."""
    from ic_assistant import Settings
    from ic_assistant.config import EmbeddingSettings
    from ic_assistant.embeddings import Embedder

    embedder = Embedder.load(EmbeddingSettings(engine=engine))
    assert embedder.engine == engine, "the ONNX engine fell back to torch"
    rates: dict[str, float] = {}
    for kind, batch in zip(("chunks", "units"), index_texts(Settings(corpus_dir=corpus, index_dir=index), embedder)):
        embedder.embed(batch[:32])  # warm
        best = 0.0
        for _ in range(ROUNDS):
            t = time.perf_counter()
            embedder.embed(batch)
            best = max(best, len(batch) / (time.perf_counter() - t))
        rates[kind] = best
    return rates


RATES = "import json, sys; from bench.cold import embed_rates; print(json.dumps(embed_rates(*sys.argv[1:])))"


def compare_engines(settings: object, env: dict[str, str]) -> dict[str, float]:
    """Lowest cosine between the ONNX and torch vectors of the index's chunk and unit texts, and
    each engine's batch throughput, measured in processes of its own (torch's idle OpenMP threads
    would slow the other engine in a shared one), alternating engines, best of two processes."""
    import numpy as np

    from ic_assistant.config import EmbeddingSettings
    from ic_assistant.embeddings import Embedder

    embedders = {engine: Embedder.load(EmbeddingSettings(engine=engine)) for engine in ENGINES}
    assert [e.engine for e in embedders.values()] == list(ENGINES), "the ONNX engine fell back to torch"
    texts, units = index_texts(settings, embedders["onnx"])
    vectors = {engine: e.embed(texts + units) for engine, e in embedders.items()}
    out = {
        "units": len(units),
        "chunks": len(texts),
        "lowest_cosine": float(np.min((vectors["onnx"] * vectors["torch"]).sum(axis=1))),
    }
    env = {**env, "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])}
    for _ in range(2):
        for engine in ENGINES:
            args = [engine, str(settings.corpus_dir), str(settings.index_dir)]  # type: ignore[attr-defined]
            done = subprocess.run([sys.executable, "-c", RATES, *args], env=env, cwd=ROOT, check=True,
                                  capture_output=True, text=True, timeout=600)
            for kind, rate in json.loads(done.stdout.strip().splitlines()[-1]).items():
                out[f"{kind}_{engine}"] = max(out.get(f"{kind}_{engine}", 0.0), rate)
    return out


def run(corpus: Path, runs: int = 3) -> list[str]:
    """The docs/benchmarks.md section (machine and date added by the caller)."""
    from ic_assistant import Settings

    cli = [sys.executable, "-m", "ic_assistant"]
    timings: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="ic-bench-cold-") as tmp:
        index = Path(tmp) / "index"
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("IC_")},
               "IC_CORPUS_DIR": str(corpus), "IC_INDEX_DIR": str(index),
               "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False"}
        subprocess.run([*cli, "ingest"], env=env, check=True, capture_output=True, timeout=900)
        load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        for engine in ENGINES:
            engine_env = {**env, "IC_EMBEDDING__ENGINE": engine}
            _ask_seconds(cli, engine_env)  # the page cache, once per engine
            timings["ask", engine] = [_ask_seconds(cli, engine_env) for _ in range(runs)]
            timings["serve", engine] = [
                _serve_seconds(cli, engine_env, Path(tmp) / f"serve-{engine}-{n}.log") for n in range(runs)
            ]
        engines = compare_engines(Settings(corpus_dir=corpus, index_dir=index), env)
    print(json.dumps({f"{k}_{e}": v for (k, e), v in timings.items()}), file=sys.stderr)

    def row(what: str, command: str) -> str:
        onnx, torch = (statistics.median(timings[what, e]) for e in ENGINES)
        met = "met" if onnx < GOALS[what] else "not met here"
        return f"| {command} | **{onnx:.2f}** | {torch:.2f} | under {GOALS[what]:.0f} s: {met} |"

    return [
        "## Cold start (fresh processes; `python -m bench --cold`)",
        "",
        f"Median of {runs} fresh processes per figure, over an index of the corpus, with the model's ONNX export "
        "already in the cache (`ic-assistant ingest` makes it, once per machine; see `ic_assistant/onnx_model.py`). "
        "`serve` is timed from the start of the process to the first HTTP 200 on its loopback page, polled every "
        f"50 ms; the server is then stopped. Load average at the start: {load_average} (other work shares this "
        "2-core machine, so an idle one is faster).",
        "",
        "| command | ONNX engine (default) s | torch engine s | goal (issue 12, idle machine) |",
        "|---|---|---|---|",
        row("ask", f'`ic-assistant ask "{QUESTION}"`'),
        row("serve", "`ic-assistant serve` until HTTP 200"),
        "",
        f"The two engines on the index's {engines['chunks']} chunk texts and their {engines['units']} units (the "
        "sentences, list items and table rows that ingest embeds):",
        "",
        "| measure | value |",
        "|---|---|",
        f"| lowest cosine between the ONNX and the torch vector of a text | {engines['lowest_cosine']:.6f} |",
        *[
            f"| batch throughput on the {kind}, ONNX / torch (each alone in its process; best of 2x{ROUNDS} runs) | "
            f"{engines[kind + '_onnx']:.1f} / {engines[kind + '_torch']:.1f} texts/s = "
            f"**{engines[kind + '_onnx'] / engines[kind + '_torch']:.2f}x** |"
            for kind in ("chunks", "units")
        ],
        "",
    ]
