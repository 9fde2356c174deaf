"""Fixtures of the ic_assistant tests: an assistant over the real corpus (the CLI app is in
tests/conftest.py), a small built index with a copy of it that a test may damage, and a Chroma
server on loopback."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ic_assistant import Settings

from tests.conftest import build_small_index, make_settings


@pytest.fixture(scope="session")
def assistant(real_index, embedder):  # noqa: ANN001, ANN201
    from ic_assistant import build_assistant

    return build_assistant(real_index.settings, embedder=embedder)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:  # noqa: ANN001
    """The small corpus, ingested once per module."""
    return build_small_index(tmp_path_factory.mktemp("built"), embedder)


@pytest.fixture
def index(built: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A copy of the built index that a test may damage, with the CLI pointed at it."""
    copy = tmp_path / "index"
    shutil.copytree(built.index_dir, copy)
    monkeypatch.setenv("IC_CORPUS_DIR", str(built.corpus_dir))
    monkeypatch.setenv("IC_INDEX_DIR", str(copy))
    monkeypatch.setenv("COLUMNS", "500")  # no wrapping: a message or a problem is one line
    return make_settings(built.corpus_dir, copy)


# --- a Chroma server on loopback (`chroma run`), stopped after the test -----------------------

_STARTUP_TIMEOUT_S = 30.0


def _chroma_executable() -> str | None:
    beside_python = Path(sys.executable).with_name("chroma")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("chroma")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _heartbeat(url: str) -> bool:
    # No proxy: a proxy from the environment must not see (or swallow) loopback traffic.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/api/v2/heartbeat", timeout=1) as response:
            return response.status == 200 and "heartbeat" in "".join(json.loads(response.read()))
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
        return False


@pytest.fixture
def chroma_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    executable = _chroma_executable()
    if executable is None:
        pytest.skip("the `chroma` executable (installed with the chromadb package) is not on this machine")
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "chroma-server.log").open("wb")
    proc = subprocess.Popen(
        [executable, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while not _heartbeat(url):
            if proc.poll() is not None:
                output = (tmp_path / "chroma-server.log").read_text(errors="replace")
                pytest.fail(f"chroma server exited with {proc.returncode}: {output}")
            if time.monotonic() > deadline:
                pytest.fail(f"chroma server on port {port} did not answer within {_STARTUP_TIMEOUT_S:.0f} s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
