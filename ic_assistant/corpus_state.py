"""What the corpus folder holds now, as file hashes: compared with the index to spot staleness."""

from __future__ import annotations

import hashlib
from pathlib import Path

MANIFEST_NAME = "manifest.csv"
PROGRAMME_NAME = "programme.toml"  # programme knowledge (see programme.py): data, not a document
_NOT_DOCUMENTS = (MANIFEST_NAME, PROGRAMME_NAME)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every document candidate under `corpus_dir` (recursive); hidden files, the manifest and the
    programme file at the top are excluded."""
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and not (p.parent == corpus_dir and p.name in _NOT_DOCUMENTS)
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """{source (relative POSIX path): sha256} for the documents, the manifest and the programme file."""
    if not corpus_dir.is_dir():
        return {}
    found = {p.relative_to(corpus_dir).as_posix(): file_sha256(p) for p in corpus_files(corpus_dir)}
    for name in _NOT_DOCUMENTS:
        if (corpus_dir / name).exists():
            found[name] = file_sha256(corpus_dir / name)
    return found


def changed_sources(recorded: dict[str, str], current: dict[str, str]) -> tuple[str, ...]:
    """Sources added, changed or deleted between two fingerprints."""
    return tuple(sorted(k for k in recorded.keys() | current.keys() if recorded.get(k) != current.get(k)))
