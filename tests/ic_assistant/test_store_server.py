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
from ic_assistant.assistant import build_assistant
from ic_assistant.config import Settings
from ic_assistant.integrity import check_index, chroma_ids
from ic_assistant.store import IndexStore, collection_name
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
    store = IndexStore.open(settings)
    collection = client.get_collection(collection_name(settings, store.state))
    assert collection.count() == report.chunks
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


# --- one server, several indexes -----------------------------------------------------------

_SHARED = "# Shared guidance\n\nEvery partner city keeps a register of its public consultations.\n"
_CORPORA = {
    "a": {
        "shared.md": _SHARED,
        "rivers.md": "# River restoration\n\nThe river restoration plan replants willow along the northern bank. "
                     "Flood meadows store winter water and reduce the risk to homes downstream.\n",
    },
    "b": {
        "shared.md": _SHARED,
        "markets.md": "# Street markets\n\nThe street market licence costs forty pounds a year. "
                      "Traders pitch their stalls on the square every Saturday morning.\n",
    },
}


def _index(tmp_path: Path, name: str, server: str) -> Settings:
    corpus = tmp_path / f"corpus-{name}"
    corpus.mkdir()
    for file, text in _CORPORA[name].items():
        (corpus / file).write_text(text, encoding="utf-8")
    return make_settings(corpus, tmp_path / f"index-{name}", chroma_url=server)


def test_indexes_sharing_a_server_keep_their_own_vectors(
    chroma_server: str, tmp_path: Path, embedder: Embedder,
) -> None:
    a, b = _index(tmp_path, "a", chroma_server), _index(tmp_path, "b", chroma_server)
    assert sync_corpus(a, embedder=embedder).ok

    # B ingests a corpus that holds one identical file (so the same chunk ids), then drops it.
    report_b = sync_corpus(b, embedder=embedder)
    assert report_b.ok and report_b.orphans_removed == 0 and sorted(report_b.added) == ["markets.md", "shared.md"]
    (b.corpus_dir / "shared.md").unlink()
    assert sync_corpus(b, embedder=embedder).removed == ["shared.md"]

    store_a, store_b = IndexStore.open(a), IndexStore.open(b)
    assert store_a.state["index_id"] != store_b.state["index_id"]
    assert chroma_ids(store_a) == store_a.live_ids() and len(store_a.documents) == 2
    assert chroma_ids(store_b) == store_b.live_ids() and set(store_b.documents) == {"markets.md"}
    assert check_index(a) == []
    assert sync_corpus(a, embedder=embedder).unchanged == ["rivers.md", "shared.md"]  # nothing to repair
    found = build_assistant(a, embedder=embedder).search("willow planted along the river bank", k=3, mode="dense")
    assert found and found[0].chunk.source == "rivers.md"
    assert {p.chunk.source for p in found} <= {"rivers.md", "shared.md"}

    # A's vectors deleted behind its back (by hand, or by an older version's orphan removal):
    # its next ingest sees them missing and re-embeds those documents.
    store_a.collection.delete(ids=store_a.documents["rivers.md"]["chunk_ids"])
    report = sync_corpus(a, embedder=embedder)
    assert report.ok and report.updated == ["rivers.md"] and "rivers.md" in report.repaired
    assert report.unchanged == ["shared.md"] and report.embedded > 0
    assert chroma_ids(IndexStore.open(a)) == IndexStore.open(a).live_ids()
    assert chroma_ids(IndexStore.open(b)) == store_b.live_ids()  # B untouched


def test_a_server_index_from_before_index_ids_moves_to_its_own_collection(
    chroma_server: str, tmp_path: Path, embedder: Embedder,
) -> None:
    a = _index(tmp_path, "a", chroma_server)
    sync_corpus(a, embedder=embedder)
    state_path = a.index_dir / "state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    del state["index_id"]  # as an older version wrote it: vectors in the shared `ic_chunks`
    state_path.write_text(json.dumps(state), encoding="utf-8")

    report = sync_corpus(a, embedder=embedder)

    assert report.ok and sorted(report.repaired) == ["rivers.md", "shared.md"]
    store = IndexStore.open(a)
    assert store.state["index_id"] and collection_name(a, store.state) != a.store.collection
    assert chroma_ids(store) == store.live_ids() and check_index(a) == []
