"""SIGKILL at each step of an ingest that changes two documents: whatever the step, the index
still opens, `check` names what is left over, and the next ingest makes it whole (`check` passes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ic_assistant import Settings
from ic_assistant.integrity import check_index
from ic_assistant.store import IndexStore

from tests.conftest import build_small_index, make_settings

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

# Runs `sync_corpus` and kills its own process with SIGKILL just before the nth call of one
# function of the write path: argv = corpus, index, "module:Class.function" or "module:function", n.
CRASH = """
import importlib, os, signal, sys
from pathlib import Path
from ic_assistant.config import Settings
from ingest.sync import sync_corpus

corpus, index, target, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
module_name, _, attr = target.partition(":")
owner = importlib.import_module(module_name)
*path, name = attr.split(".")
for part in path:
    owner = getattr(owner, part)
original = getattr(owner, name)
calls = 0

def crash_at_nth(*args, **kwargs):
    global calls
    calls += 1
    if calls == n:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)

setattr(owner, name, crash_at_nth)


class HashEmbedder:  # the crash is the point here: no need to load the model in each process
    batch_size = 32

    def embed(self, texts):
        import hashlib
        import numpy as np

        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest() * 48, dtype=np.uint8)[:384] for t in texts]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), 384) - 127.5
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    def embed_weighted(self, texts):
        import numpy as np

        return self.embed(texts), np.ones(len(texts), dtype=np.float32)


# One document per commit, so that the crash points below fall between documents as named.
settings = Settings(corpus_dir=Path(corpus), index_dir=Path(index), ingest={"batch_documents": 1})
sync_corpus(settings, embedder=HashEmbedder())
print("finished without crashing")
"""

# Each write of the ingest is one call of _atomic_write_bytes: a document's .npy, its .json, then
# the state that commits it. The last points are the BM25 save and the final state commit.
POINTS = {
    "vectors in Chroma, no files": ("ic_assistant.store:_atomic_write_bytes", 1),
    "files written, state not": ("ic_assistant.store:_atomic_write_bytes", 3),
    "first document committed": ("ic_assistant.store:_atomic_write_bytes", 5),
    "before the BM25 save": ("ic_assistant.lexical:BM25Index.save", 1),
    "BM25 saved, final commit not": ("ic_assistant.store:IndexStore.commit", 3),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:  # noqa: ANN001
    return build_small_index(tmp_path_factory.mktemp("crash"), embedder)


@pytest.mark.parametrize("point", list(POINTS))
def test_sigkill_during_ingest_is_repaired_by_the_next(built: Settings, tmp_path: Path, embedder, point: str) -> None:  # noqa: ANN001
    from ingest.sync import sync_corpus

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(built.corpus_dir, corpus)
    shutil.copytree(built.index_dir, index)
    with (corpus / "action-plan.md").open("a", encoding="utf-8") as f:
        f.write("\n\nThe plan adds a night bus to the airport for shift workers.\n")
    guide = corpus / "welcome-guide.html"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "</main>", "<p>The guide now lists a free bicycle loan scheme for newcomers.</p></main>"), encoding="utf-8")
    settings = make_settings(corpus, index)
    target, n = POINTS[point]

    crashed = subprocess.run(
        [sys.executable, "-c", CRASH, str(corpus), str(index), target, str(n)],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=300,
    )

    assert crashed.returncode == -9, (crashed.stdout, crashed.stderr[-2000:])
    IndexStore.open(settings)  # the interrupted index still opens
    left_over = check_index(settings)
    report = sync_corpus(settings, embedder=embedder)
    assert report.ok, report.errors
    assert check_index(settings) == [], f"after {point}: {left_over}"
    chunks = IndexStore.open(settings).load_chunks()
    assert any("night bus" in c.text for c in chunks) and any("bicycle loan" in c.text for c in chunks)
