"""One writer per index folder: an ingest holds an advisory lock on `ingest.lock` while it runs.

The lock is `flock` on the file (released by the kernel however the holder ends, SIGKILL
included); the file also records who holds it, so that a second ingest can name the holder.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import IndexBusyError, StoreError
from .readonly import is_read_only

LOCK_NAME = "ingest.lock"
_POLL_S = 0.2


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    started: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}"


def read_holder(index_dir: Path) -> LockHolder | None:
    """Who holds (or last held) the lock, as recorded in the lock file; None if unknown."""
    try:
        return LockHolder(**json.loads((index_dir / LOCK_NAME).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def is_locked(index_dir: Path) -> bool:
    """True while an ingest holds the lock of `index_dir` (asks without waiting, changes nothing)."""
    try:
        fd = os.open(index_dir / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


@contextmanager
def index_lock(index_dir: Path, wait_s: float) -> Iterator[LockHolder]:
    """Hold the write lock of `index_dir` for the block; wait up to `wait_s` seconds for another
    holder, then raise `IndexBusyError` naming it. A read-only folder is a `StoreError`."""
    if is_read_only(index_dir):
        raise StoreError(
            f"index folder {index_dir} is read-only: make it writable (chmod -R u+w {index_dir}) "
            "or ingest into another folder with --index"
        )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot write to index folder {index_dir} ({exc.strerror or exc}): check its permissions") from None
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = read_holder(index_dir)
                    who = holder.describe() if holder else "a process that has not yet said who it is"
                    raise IndexBusyError(
                        f"another ingest is writing the index at {index_dir} ({who}); waited {wait_s:g} s. "
                        "Run again when it has finished (IC_INGEST__LOCK_WAIT_S sets the wait)."
                    ) from None
                time.sleep(_POLL_S)
        holder = LockHolder(os.getpid(), socket.gethostname(), datetime.now(timezone.utc).isoformat(timespec="seconds"))
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(asdict(holder)).encode(), 0)
        yield holder
    finally:
        os.close(fd)  # releases the lock
