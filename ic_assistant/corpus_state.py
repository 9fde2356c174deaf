"""What the corpus folder holds now, as file hashes: compared with the index to spot staleness."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.csv"
PROGRAMME_NAME = "programme.toml"  # programme knowledge (see programme.py): data, not a document
_NOT_DOCUMENTS = (MANIFEST_NAME, PROGRAMME_NAME)


@dataclass(frozen=True)
class CorpusScan:
    """The document candidates of a corpus folder, and the files left out with the reason."""

    files: list[Path]
    skipped: dict[str, str] = field(default_factory=dict)  # source -> reason


def scan_corpus(corpus_dir: Path, max_file_mb: float | None = None) -> CorpusScan:
    """Every document candidate under `corpus_dir` (recursive); hidden files, the manifest and the
    programme file at the top are excluded. A file whose real path is outside the folder (a
    symlink out of it) and, when `max_file_mb` is given, a file larger than that are skipped
    with a reason: ingest and the staleness check use this one rule."""
    root = corpus_dir.resolve()
    files: list[Path] = []
    skipped: dict[str, str] = {}
    for p in sorted(corpus_dir.rglob("*")):
        relative = p.relative_to(corpus_dir)
        if (
            not p.is_file()
            or (p.parent == corpus_dir and p.name in _NOT_DOCUMENTS)
            or any(part.startswith(".") for part in relative.parts)
        ):
            continue
        source = relative.as_posix()
        real = p.resolve()
        if not real.is_relative_to(root):
            skipped[source] = f"outside the corpus folder (it points to {real}); copy the file into {root} to ingest it"
            continue
        size = real.stat().st_size
        if max_file_mb is not None and size > max_file_mb * 1024 * 1024:
            skipped[source] = (
                f"file is {size / (1024 * 1024):.1f} MB, over the {max_file_mb:g} MB limit "
                "(IC_INGEST__MAX_FILE_MB)"
            )
            continue
        files.append(p)
    return CorpusScan(files, skipped)


def corpus_files(corpus_dir: Path, max_file_mb: float | None = None) -> list[Path]:
    """The document candidates of `scan_corpus`, without the skipped files."""
    return scan_corpus(corpus_dir, max_file_mb).files


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:  # streamed: index files can be larger than is worth reading whole
        return hashlib.file_digest(f, "sha256").hexdigest()


# path -> (mtime_ns, size, sha256): what a long-running reader already hashed.
HashCache = dict[Path, tuple[int, int, str]]


def _cached_sha256(path: Path, cache: HashCache | None) -> str:
    if cache is None:
        return file_sha256(path)
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    hit = cache.get(path)
    if hit is None or hit[:2] != key:
        hit = cache[path] = (*key, file_sha256(path))
    return hit[2]


def corpus_fingerprint(
    corpus_dir: Path, max_file_mb: float | None = None, cache: HashCache | None = None
) -> dict[str, str]:
    """{source (relative POSIX path): sha256} for the documents, the manifest and the programme file.
    Files `scan_corpus` skips are left out, as ingest leaves them out of the index. With a `cache`,
    a file whose modification time and size are unchanged is not read again (the app checks on
    every request)."""
    if not corpus_dir.is_dir():
        return {}
    found = {
        p.relative_to(corpus_dir).as_posix(): _cached_sha256(p, cache) for p in corpus_files(corpus_dir, max_file_mb)
    }
    for name in _NOT_DOCUMENTS:
        if (corpus_dir / name).exists():
            found[name] = _cached_sha256(corpus_dir / name, cache)
    return found


def changed_sources(recorded: dict[str, str], current: dict[str, str]) -> tuple[str, ...]:
    """Sources added, changed or deleted between two fingerprints."""
    return tuple(sorted(k for k in recorded.keys() | current.keys() if recorded.get(k) != current.get(k)))
