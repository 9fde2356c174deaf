"""python -m bench --scale 1000,10000,100000: answer latency, memory and load time of big indexes.

The text is real: Debian's python3-doc HTML pages (or, without them, other HTML under
/usr/share/doc) and the project corpus, parsed and chunked by ingest. Documents are repeated
under other names ("copy<n>/...") until an index has the size asked for. Vectors come from a
stand-in embedder (hashed words, `StandInEmbedder`): the bundled model would need hours for
100k chunks on this machine. Questions are embedded by the same stand-in so that they meet the
index in its own space; the model's own question-embedding time, which does not depend on the
index size, is measured apart and reported beside.

Each index is measured in a fresh process (`python -m bench.scale measure DIR`), so its load
time and peak resident memory are those of a server that opens that index.
"""

from __future__ import annotations

import hashlib
import json
import re
import resource
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"[a-z0-9]+")


class StandInEmbedder:
    """Normalised bags of hashed words in the model's 384 dimensions: fast, deterministic across
    processes, and similar texts get similar vectors. For building benchmark indexes only."""

    dimension = 384

    def __init__(self) -> None:
        self.batch_size = 32
        self._cache: dict[str, tuple[np.ndarray, float]] = {}

    def _one(self, text: str) -> tuple[np.ndarray, float]:
        got = self._cache.get(text)
        if got is None:
            vector = np.zeros(self.dimension, dtype=np.float32)
            words = _WORD.findall(text.lower())
            for word in words:
                h = zlib.crc32(word.encode())
                vector[h % self.dimension] += 1.0 if h & 0x10000 else -1.0
            norm = float(np.linalg.norm(vector)) or 1.0
            got = self._cache[text] = (vector / norm, float(len(words) + 2))
        return got

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        return self.embed_weighted(texts)[0]

    def embed_weighted(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [self._one(t) for t in texts]
        vectors = np.stack([v for v, _ in pairs]) if pairs else np.zeros((0, self.dimension), dtype=np.float32)
        return vectors, np.array([w for _, w in pairs], dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)[0].copy()


def _html_sources() -> list[tuple[Path, str]]:
    """HTML pages with a source name each (their path under the docs folder: names repeat)."""
    root = Path("/usr/share/doc")
    docs = sorted(root.glob("python3*/html")) or [root]
    return [(p, p.relative_to(root).as_posix()) for d in docs for p in sorted(d.rglob("*.html"))]


def parse_documents(corpus: Path, max_files: int) -> list[tuple[object, list]]:
    """(Document, chunks) of the project corpus and of up to `max_files` HTML pages, chunked by ingest."""
    from ic_assistant.config import ChunkingSettings
    from ic_assistant.corpus_state import scan_corpus
    from ic_assistant.errors import DocumentError
    from ic_assistant.programme import load_programme
    from ingest.chunking import chunk_document
    from ingest.loaders import LOADERS, load_file
    from ingest.manifest import read_manifest
    from ingest.sync import build_document

    programme = load_programme(corpus)
    manifest = read_manifest(corpus / "manifest.csv") if (corpus / "manifest.csv").exists() else {}
    paths = [(p, p.relative_to(corpus).as_posix()) for p in scan_corpus(corpus, 25).files if p.suffix.lower() in LOADERS]
    paths += _html_sources()[:max_files]
    out = []
    for path, source in paths:
        try:
            parsed = load_file(path, ())
        except DocumentError:
            continue
        document = build_document(source, parsed, manifest.get(source), hashlib.sha256(source.encode()).hexdigest()[:32])
        chunks = chunk_document(document, parsed, ChunkingSettings(), programme)
        if chunks:
            out.append((document, chunks))
    return out


def _copy(document, chunks: list, n: int) -> tuple[object, list]:  # noqa: ANN001 - Document
    """The n-th copy of a document under another source name (0: the document itself)."""
    if n == 0:
        return document, chunks
    from ingest.chunking import chunk_id
    from ingest.sync import doc_id_for

    source = f"copy{n}/{document.source}"
    doc = replace(document, source=source, id=doc_id_for(source),
                  content_hash=hashlib.sha256(f"{n}{document.content_hash}".encode()).hexdigest()[:32])
    return doc, [replace(c, source=source, doc_id=doc.id, id=chunk_id(source, c.page, c.start, c.text)) for c in chunks]


def build_index(index_dir: Path, corpus: Path, documents: list, size: int) -> dict[str, float]:
    """An index of `size` chunks at `index_dir`, written through the store as ingest writes it."""
    from ic_assistant.config import Settings
    from ic_assistant.lexical import BM25Index
    from ic_assistant.lexicon_file import LEXICON_FILE, build_lexicon, save_lexicon
    from ic_assistant.store import DocumentWrite, IndexStore
    from ingest.embed import embed_chunks

    started = time.perf_counter()
    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    store = IndexStore.open(settings, create=True, fresh=True)
    embedder = StandInEmbedder()
    chosen, total, n = [], 0, 0
    while total < size:
        for document, chunks in documents:
            if total >= size:
                break
            doc, part = _copy(document, chunks[: size - total], n)
            chosen.append((doc, part))
            total += len(part)
        n += 1
    for b in range(0, len(chosen), 500):
        group = chosen[b : b + 500]
        vectors = embed_chunks([c for _, part in group for c in part], embedder)
        writes, first, unit = [], 0, 0
        for doc, part in group:
            last = first + len(part)
            units = unit
            while units < len(vectors.sentences) and vectors.sentences[units][0] < last:
                units += 1
            entry = {"source": doc.source, "doc_id": doc.id, "content_hash": doc.content_hash, "file_sha256": "",
                     "title": doc.title, "doc_type": doc.doc_type, "year": doc.year, "publisher": doc.publisher,
                     "url": doc.url, "authors": doc.authors, "pages": len(doc.pages), "chunks": len(part),
                     "ingested_at": ""}
            writes.append(DocumentWrite(entry, list(doc.pages), part, vectors.chunks[first:last],
                                        [(i - first, s, e) for i, s, e in vectors.sentences[unit:units]],
                                        vectors.sentence_vectors[unit:units]))
            first, unit = last, units
        store.write_documents(writes)
    store.commit(fingerprint={}, corpus_dir=str(corpus), embedding_model="stand-in (hashed words)")
    chunks = store.load_chunks()
    generation = store.state["generation"]
    BM25Index.build(chunks, generation).save(index_dir / "bm25")
    save_lexicon(build_lexicon(chunks), generation, index_dir / LEXICON_FILE)
    tables_s = write_generation_tables(index_dir, corpus)
    return {"chunks": len(chunks), "documents": len(chosen), "build_s": time.perf_counter() - started,
            "tables_s": tables_s}


def write_generation_tables(index_dir: Path, corpus: Path) -> float:
    """Write the tables of the index's generation, as ingest does before its last commit (and for
    a kept index built before they existed); the seconds it took."""
    from ic_assistant.config import Settings
    from ic_assistant.integrity import table_problems
    from ic_assistant.store import IndexStore
    from ic_assistant.tables import prune_tables, write_tables_from

    started = time.perf_counter()
    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    store = IndexStore.open(settings)
    generation = store.state["generation"]
    files = write_tables_from(store, generation)
    store.commit(generation=generation, table_files=files)
    prune_tables(index_dir, generation)
    assert not table_problems(store)
    return time.perf_counter() - started


def kept_index(keep: Path, corpus: Path, documents: list, size: int) -> dict[str, float]:
    """The index of `size` chunks under `keep` (built there by an earlier run with `--keep`, its
    tables written again if this version's are missing), or a new one built there."""
    from ic_assistant.config import Settings
    from ic_assistant.integrity import table_problems
    from ic_assistant.store import IndexStore

    folder, record = keep / str(size) / "index", keep / str(size) / "built.json"
    if not record.is_file():
        built = build_index(folder, corpus, documents, size)
        record.write_text(json.dumps(built), encoding="utf-8")
        return built
    built = json.loads(record.read_text(encoding="utf-8"))
    if table_problems(IndexStore.open(Settings(corpus_dir=corpus, index_dir=folder))):
        tables_s = write_generation_tables(folder, corpus)
        built["build_s"] += tables_s - built.get("tables_s", 0.0)
        built["tables_s"] = tables_s
        record.write_text(json.dumps(built), encoding="utf-8")
    return built


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _peak_rss_mib() -> float:
    """This process's peak resident memory. Not `getrusage`'s ru_maxrss: Linux keeps that across
    exec, so a measuring child started by a parent that had just built a big index reported the
    parent's peak (980 MiB at 10k chunks, where the child's own was 199)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(index_dir: Path, corpus: Path, questions: int) -> dict[str, float]:
    """Load time, answer and retrieval latency (unfiltered, by city, by source) and peak memory
    of an assistant over the index at `index_dir`; run in a fresh process."""
    t = time.perf_counter()
    import chromadb  # noqa: F401 - imported apart: start-up of any process, not the index's load
    from ic_assistant import Settings, build_assistant
    from ic_assistant.types import Filters

    imports_s = time.perf_counter() - t
    t = time.perf_counter()
    assistant = build_assistant(Settings(corpus_dir=corpus, index_dir=index_dir), embedder=StandInEmbedder())
    load_s = time.perf_counter() - t
    gold = [json.loads(x) for x in (ROOT / "evals" / "qa.jsonl").read_text().splitlines() if x.strip()][:questions]
    city = assistant.programme.cities[0] if assistant.programme.cities else ""
    variants = {"none": Filters(), "city": Filters(cities=(city,)),
                "source": Filters(sources=("learning-from-inclusive-cities-phase-1.pdf",))}
    assistant.ask("What is Inclusive Cities?")  # warm-up
    out: dict[str, float] = {"load_s": load_s, "imports_s": imports_s, "chunks": len(assistant.retriever.chunks),
                             "sentences": len(assistant.retriever.sentences)}
    retrieval: list[float] = []
    for name, filters in variants.items():
        latencies = []
        for item in gold:
            t = time.perf_counter()
            answer = assistant.ask(item["question"], item.get("history") or [], filters=filters)
            latencies.append((time.perf_counter() - t) * 1000)
            retrieval.append(sum(answer.timings_ms.get(s, 0.0) for s in ("embed_query", "dense", "bm25", "sentences", "fuse_mmr")))
        out[f"ask_p50_{name}"] = float(np.median(latencies))
        out[f"ask_p95_{name}"] = _pct(latencies, 0.95)
    out["retrieval_p95"] = _pct(retrieval, 0.95)
    out["rss_mib"] = _peak_rss_mib()
    # What a real server adds: the bundled model, and its time to embed a question.
    from ic_assistant.config import EmbeddingSettings
    from ic_assistant.embeddings import shared_embedder

    model = shared_embedder(EmbeddingSettings())
    model.embed(["warm up"])
    query_ms = []
    for item in gold[:40]:
        t = time.perf_counter()
        model.embed([item["question"]])
        query_ms.append((time.perf_counter() - t) * 1000)
    out["model_query_p50"], out["model_query_p95"] = float(np.median(query_ms)), _pct(query_ms, 0.95)
    out["rss_with_model_mib"] = _peak_rss_mib()
    # How much of the exact best-unit ranking the approximate index finds (1.0 where it is exact);
    # last, as the exact ranking reads every unit vector.
    units, embedder, overlap = assistant.retriever.sentences, StandInEmbedder(), []
    k = assistant.settings.retrieval.k_sentence
    for item in gold[:20]:
        vector = embedder.embed_query(item["question"])
        exact = {c for c, _ in units.exact_top_chunks(vector, k)}
        overlap.append(len(exact & {c for c, _ in units.top_chunks(vector, k)}) / max(1, len(exact)))
    out["ann_overlap"] = float(np.mean(overlap))
    return out


MIN_DISTINCT_CHUNKS = 1000  # of real text, for indexes more than ten times that size


def run(sizes: list[int], corpus: Path, questions: int = 60, keep: Path | None = None) -> list[str]:
    """Build and measure an index of each size; the markdown section for docs/benchmarks.md.
    With `keep`, indexes are built into that folder and reused by later runs (`--keep DIR`)."""
    import tempfile

    t = time.perf_counter()
    max_files = 60 if max(sizes) <= 1000 else 200
    parsed = keep / f"parsed-{max_files}.json" if keep else None
    if parsed and parsed.is_file() and all((keep / str(size) / "built.json").is_file() for size in sizes):
        documents, text = [], json.loads(parsed.read_text(encoding="utf-8"))  # every index kept: no parse needed
    else:
        documents = parse_documents(corpus, max_files)
        text = {"documents": len(documents), "unique": sum(len(c) for _, c in documents),
                "parse_s": time.perf_counter() - t}
        if parsed:
            parsed.parent.mkdir(parents=True, exist_ok=True)
            parsed.write_text(json.dumps(text), encoding="utf-8")
    unique, parse_s = text["unique"], text["parse_s"]
    if unique < MIN_DISTINCT_CHUNKS and max(sizes) > unique * 10:
        # The project corpus alone (60 chunks) repeated 1,700 times: identical vectors and texts tie
        # everywhere, and the figures say nothing of a real index (measured so on a machine without
        # python3-doc: best-unit top-k found 16% at 100k, 3.7 GB).
        raise SystemExit(f"only {unique} distinct chunks of text to build {max(sizes):,} from: install Debian's "
                         "python3-doc (`make bench-scale` does, as root or with sudo) for the HTML pages the scale "
                         "benchmark repeats")
    load = open("/proc/loadavg").read().split()[:3] if Path("/proc/loadavg").exists() else ["?"] * 3
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="ic-scale-") as tmp:
            if keep is None:
                index, built = Path(tmp) / "index", build_index(Path(tmp) / "index", corpus, documents, size)
            else:
                index, built = keep / str(size) / "index", kept_index(keep, corpus, documents, size)
            child = subprocess.run(
                [sys.executable, "-m", "bench.scale", "measure", str(index), str(corpus), str(questions)],
                cwd=ROOT, capture_output=True, text=True, check=True,
            )
            got = {**built, **json.loads(child.stdout.strip().splitlines()[-1])}
            rows.append(got)
            print(json.dumps(got), flush=True)
    lines = [
        "## Scale (stand-in vectors; `python -m bench --scale " + ",".join(map(str, sizes)) + "`)",
        "",
        f"Text: {unique} distinct chunks of real text ({text['documents']} documents: the project corpus and "
        f"python3-doc HTML pages, parsed and chunked by ingest in {parse_s:.0f} s), repeated under other "
        "document names up to each size. Vectors (chunks and units) come from a stand-in embedder "
        "(hashed words), for building the large indexes only; questions are embedded by the same stand-in, "
        "so the ask and retrieval columns leave out the model's question embedding, which does not depend on "
        "the index size: it is measured apart in the same process, as is the peak memory once the model is "
        f"loaded too (a real server). Each index is opened in a fresh process; {questions} eval questions are "
        f"asked unfiltered, with a city filter and with a source filter. The load time is `build_assistant`'s; the "
        "imports it would otherwise include (chromadb's, mostly) are timed apart, as any process pays them. "
        "\"Best-unit top-k found\" is the share of the exact best-unit retriever's top chunks (k_sentence) that the "
        f"approximate unit index returns, over 20 questions. Load average at the start: {' '.join(load)} "
        "(other work shares this 2-core machine).",
        "",
        "| chunks | units | build s (of which tables) | load s (+ imports) | ask p50 / p95 ms | city filter p50 / p95 ms "
        "| source filter p50 / p95 ms | retrieval p95 ms | best-unit top-k found | model question p50 / p95 ms "
        "| peak RSS MiB (with the model) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['chunks']:,} | {r['sentences']:,} | {r['build_s']:.0f} ({r.get('tables_s', 0):.0f}) | "
            f"{r['load_s']:.2f} (+{r['imports_s']:.2f}) | "
            f"{r['ask_p50_none']:.0f} / {r['ask_p95_none']:.0f} | {r['ask_p50_city']:.0f} / {r['ask_p95_city']:.0f} | "
            f"{r['ask_p50_source']:.0f} / {r['ask_p95_source']:.0f} | {r['retrieval_p95']:.0f} | {r['ann_overlap']:.0%} | "
            f"{r['model_query_p50']:.0f} / {r['model_query_p95']:.0f} | {r['rss_mib']:.0f} ({r['rss_with_model_mib']:.0f}) |"
        )
    return [*lines, ""]


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "measure":
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        sys.exit("usage: python -m bench.scale measure INDEX_DIR CORPUS_DIR QUESTIONS (or python -m bench --scale ...)")
