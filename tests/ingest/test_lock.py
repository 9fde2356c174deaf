"""One writer per index: a second ingest waits a bounded time, then exits naming the holder; a
holder killed with SIGKILL leaves no lock behind; a read-only index folder is refused."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ic_assistant import Settings
from ic_assistant.errors import IndexBusyError, StoreError
from ic_assistant.index_lock import LOCK_NAME, index_lock, is_locked, read_holder

from tests.conftest import make_settings, run_cli, write_small_corpus

REPO = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from pathlib import Path
from ic_assistant.index_lock import index_lock
with index_lock(Path(sys.argv[1]), 0):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(write_small_corpus(tmp_path / "corpus"), tmp_path / "index")


@pytest.fixture
def holder(settings: Settings):  # noqa: ANN201 - subprocess.Popen
    """Another process holding the index's lock, as a running ingest does."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(settings.index_dir)], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    proc.kill()
    proc.wait()


def test_a_second_ingest_exits_naming_the_holder(settings: Settings, holder, cli_app, monkeypatch) -> None:  # noqa: ANN001
    from ingest.sync import sync_corpus

    quick = settings.with_overrides(ingest=settings.ingest.model_copy(update={"lock_wait_s": 0.3}))
    started = time.monotonic()
    with pytest.raises(IndexBusyError) as caught:
        sync_corpus(quick)
    assert 0.3 <= time.monotonic() - started < 5
    message = str(caught.value)
    assert f"pid {holder.pid} on {socket.gethostname()}, started 20" in message
    assert is_locked(settings.index_dir) and read_holder(settings.index_dir).pid == holder.pid

    monkeypatch.setenv("IC_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("IC_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("IC_INGEST__LOCK_WAIT_S", "0.2")
    monkeypatch.setenv("COLUMNS", "500")
    result = run_cli(cli_app, "ingest")
    assert result.exit_code == 2 and result.stderr.startswith("error: another ingest is writing")
    assert f"pid {holder.pid}" in result.stderr and result.stderr.count("\n") == 1


def test_a_killed_holder_leaves_no_lock(settings: Settings, holder) -> None:  # noqa: ANN001
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert not is_locked(settings.index_dir)
    with index_lock(settings.index_dir, 0) as mine:
        assert mine.pid == os.getpid() and read_holder(settings.index_dir) == mine


def test_a_second_ingest_waits_for_the_first(settings: Settings, embedder) -> None:  # noqa: ANN001
    from ingest.sync import sync_corpus

    held = threading.Event()

    def hold_briefly() -> None:
        with index_lock(settings.index_dir, 0):
            held.set()
            time.sleep(0.8)

    thread = threading.Thread(target=hold_briefly)
    thread.start()
    held.wait()
    report = sync_corpus(settings, embedder=embedder)  # default wait: 10 s
    thread.join()
    assert report.ok and len(report.added) == 3


def test_ingest_refuses_a_read_only_index_folder(settings: Settings, tmp_path: Path) -> None:
    from ingest.sync import sync_corpus

    settings.index_dir.mkdir()
    settings.index_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match=r"is read-only: make it writable \(chmod -R u\+w"):
            sync_corpus(settings)
    finally:
        settings.index_dir.chmod(0o755)
    assert not (settings.index_dir / LOCK_NAME).exists()
