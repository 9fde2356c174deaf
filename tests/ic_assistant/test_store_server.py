"""Server mode: ingest into a real Chroma server on loopback (`chroma run`), read it back over HTTP."""

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

from ic_assistant.embeddings import Embedder
from ic_assistant.store import IndexStore
from ingest.sync import sync_corpus
from tests.conftest import make_settings

pytestmark = [pytest.mark.server, pytest.mark.slow]

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


def test_sync_writes_vectors_to_a_chroma_server(
    chroma_server: str, small_corpus: Path, tmp_path: Path, embedder: Embedder,
) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = make_settings(small_corpus, tmp_path / "index", chroma_url=chroma_server)

    report = sync_corpus(settings, embedder=embedder)

    assert report.ok and len(report.added) == 3 and report.chunks > 0
    assert not (tmp_path / "index" / "chroma").exists()  # nothing embedded locally in server mode
    port = int(chroma_server.rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_collection(settings.store.collection)
    assert collection.count() == report.chunks
    store = IndexStore.open(settings)
    assert set(collection.get(include=[])["ids"]) == store.live_ids()
    got = collection.get(ids=sorted(store.live_ids())[:3], include=["embeddings", "metadatas"])
    assert all(len(e) == embedder.dimension for e in got["embeddings"])
    assert {m["source"] for m in collection.get(include=["metadatas"])["metadatas"]} == set(report.added)

    # A second run against the server is a no-op, and a deletion reaches the server.
    assert sync_corpus(settings, embedder=embedder).embedded == 0
    (small_corpus / "action-plan.md").unlink()
    report = sync_corpus(settings, embedder=embedder)
    assert report.removed == ["action-plan.md"]
    assert collection.count() == report.chunks == len(IndexStore.open(settings).live_ids())
