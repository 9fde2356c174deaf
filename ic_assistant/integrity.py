"""Is the index whole? Every file the state commits is checked against the sha256 recorded for
it, every chunk id against Chroma, and the BM25 index and the tables against the state's generation.

`ic-assistant check` prints what this finds; `ingest` uses the same checks to re-derive a
damaged document or BM25 index from the sources.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings
from .corpus_state import file_sha256
from .store import IndexStore
from .tables import TABLES, tables_path

BM25_META = "bm25/ic_meta.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the index: the part (a file, or "chroma"), what is wrong, and the
    document it belongs to, if any."""

    part: str
    reason: str
    source: str = ""

    def __str__(self) -> str:
        return f"{self.part}{f' ({self.source})' if self.source else ''}: {self.reason}"


def _file_problem(root: Path, name: str, expected: str) -> str | None:
    path = root / name
    try:
        actual = file_sha256(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if actual != expected:
        return "changed since the ingest that wrote it (its sha256 differs from the one in state.json)"
    return None


def document_problems(store: IndexStore, chroma_ids: set[str]) -> dict[str, list[Problem]]:
    """Problems of each committed document, by source: its files and its vectors in Chroma (and,
    on a Chroma server, whether the server holds its files for other app servers)."""
    found: dict[str, list[Problem]] = {}
    published = store.server.document_hashes() if store.server is not None else None
    for source, entry in sorted(store.documents.items()):
        problems: list[Problem] = []
        files: dict[str, str] = entry.get("files") or {}
        page_file = f"docs/{entry['content_hash']}.json"
        if page_file not in files:
            problems.append(Problem(page_file, "no checksum recorded (written by an older version)", source))
        for name, expected in sorted(files.items()):
            reason = _file_problem(store.root, name, expected)
            if reason:
                problems.append(Problem(name, reason, source))
        ids = entry.get("chunk_ids", [])
        missing = sum(1 for i in ids if i not in chroma_ids)
        if missing:
            problems.append(Problem("chroma", f"{missing} of {len(ids)} chunk vectors are missing", source))
        if published is not None and entry["content_hash"] not in published:
            problems.append(Problem("server", "its page texts and unit vectors are missing from the server", source))
        if problems:
            found[source] = problems
    return found


def bm25_problems(store: IndexStore) -> list[Problem]:
    """Whether the saved BM25 index is the one the state committed (readers rebuild it in memory
    when it is not, so answers still work, more slowly)."""
    recorded: dict[str, str] | None = store.state.get("bm25_files")
    if recorded is None:
        return [Problem("bm25", "no checksums recorded (written by an older version)")]
    problems = [Problem(name, reason) for name, sha in sorted(recorded.items())
                if (reason := _file_problem(store.root, name, sha))]
    if problems:
        return problems
    try:
        meta: Any = json.loads((store.root / BM25_META).read_text(encoding="utf-8"))
        generation = meta["generation"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [Problem(BM25_META, f"cannot be read ({exc})")]
    if generation != store.state.get("generation"):
        return [Problem("bm25", f"built for generation {generation}, the state is at "
                                f"{store.state.get('generation')} (an ingest was interrupted)")]
    return []


def table_problems(store: IndexStore) -> list[Problem]:
    """Whether the tables of the state's generation are the files its commit recorded (readers
    serve the generation from the documents' files when they are missing, more slowly)."""
    recorded: dict[str, str] | None = store.state.get("table_files")
    if recorded is None:
        return [Problem(TABLES, "no checksums recorded (written by an older version)")]
    folder = tables_path(store.root, store.state.get("generation", "")).relative_to(store.root).as_posix()
    return [Problem(f"{folder}/{name}", reason) for name, sha in sorted(recorded.items())
            if (reason := _file_problem(store.root, f"{folder}/{name}", sha))]


def chroma_ids(store: IndexStore) -> set[str]:
    return set(store.collection.get(include=[])["ids"])


def check_index(settings: Settings) -> list[Problem]:
    """Everything wrong with the index at `settings.index_dir` (empty when it is healthy).

    An index that cannot be opened at all (no state, a damaged state, Chroma unreadable) raises
    the `ICError` that `IndexStore.open` raises."""
    store = IndexStore.open(settings)
    stored = chroma_ids(store)
    problems = [p for found in document_problems(store, stored).values() for p in found]
    orphans = len(stored - store.live_ids())
    if orphans:
        problems.append(Problem("chroma", f"{orphans} vectors no document owns (left by an interrupted ingest)"))
    return problems + bm25_problems(store) + table_problems(store)


def bm25_checksums(root: Path) -> dict[str, str]:
    """sha256 of every file of the saved BM25 index, keyed by path in the index folder."""
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in sorted((root / "bm25").glob("*")) if p.is_file()}
