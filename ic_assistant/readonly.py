"""Serving an index folder that must not be written: one built in CI and shipped read-only.

Embedded Chroma rewrites its files when it opens a collection, even to read it, so a reader of a
read-only folder opens a private copy of `chroma/` in a temporary folder instead; everything
else in the index (state, page texts, BM25) is only ever read by the assistant.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def is_read_only(path: Path) -> bool:
    """True when `path` cannot be written, or carries no write permission for anyone (`chmod -R a-w`).

    The permission bits count even for root, whom they do not stop: they are how an operator
    says "do not write here", and they make the rule testable whoever runs it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def chroma_is_read_only(chroma_dir: Path) -> bool:
    """The Chroma folder, or its database file, is read-only."""
    return is_read_only(chroma_dir) or is_read_only(chroma_dir / "chroma.sqlite3")


def private_copy(chroma_dir: Path) -> Path:
    """A writable copy of `chroma_dir` in a temporary folder, removed when the process exits."""
    target = Path(tempfile.mkdtemp(prefix="ic-chroma-")) / "chroma"
    # copyfile, not copy2: the copy must not inherit the read-only permission bits.
    shutil.copytree(chroma_dir, target, copy_function=shutil.copyfile)
    for folder, _, _ in os.walk(target):
        os.chmod(folder, 0o700)
    atexit.register(shutil.rmtree, target.parent, True)
    log.info("index folder %s is read-only: serving from a private copy at %s", chroma_dir, target)
    return target
