"""The ONNX engine gives the torch model's vectors, from a graph exported once per weights hash."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ic_assistant.config import EmbeddingSettings
from ic_assistant.embeddings import Embedder, TorchEncoder, model_dir
from ic_assistant.onnx_model import GRAPH_NAME, weights_sha256

from tests.conftest import REAL_CORPUS


def _corpus_texts() -> list[str]:
    """Paragraphs of the real corpus's Markdown pages, short and long, and a few odd texts."""
    texts = []
    for path in sorted(REAL_CORPUS.glob("*.md")):
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()][:20]
    return [*texts, "", "x", "  spaces around  ", " ".join(["far beyond 256 word-pieces"] * 120)]


def test_onnx_vectors_and_weights_are_the_torch_models(embedder) -> None:  # noqa: ANN001
    from sentence_transformers import SentenceTransformer

    assert embedder.engine == "onnx"
    texts = _corpus_texts()
    reference = SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)
    want = reference.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    got = embedder.embed(texts)
    assert float((got * want).sum(axis=1).min()) >= 0.9999
    torch_embedder = Embedder(TorchEncoder(reference), engine="torch")
    vectors, weights = embedder.embed_weighted(texts)
    torch_vectors, torch_weights = torch_embedder.embed_weighted(texts)
    assert float((vectors * torch_vectors).sum(axis=1).min()) >= 0.9999
    assert np.allclose(weights, torch_weights, rtol=1e-3)


def test_the_weights_hash_is_remembered_until_the_file_changes(tmp_path: Path) -> None:
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"one")
    first = weights_sha256(weights, tmp_path / "cache")
    assert first == weights_sha256(weights, tmp_path / "cache")
    assert first in (tmp_path / "cache" / "weights-sha256.json").read_text()
    weights.write_bytes(b"two, longer")
    assert weights_sha256(weights, tmp_path / "cache") != first


@pytest.mark.slow
def test_an_unwritable_cache_falls_back_to_torch(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING):
        embedder = Embedder.load(EmbeddingSettings(cache_dir=blocker))
    assert embedder.engine == "torch"
    assert "ONNX engine unavailable" in caplog.text
    assert embedder.embed(["a question"]).shape == (1, Embedder.dimension)


RACE = """
import sys
from pathlib import Path
from ic_assistant.config import EmbeddingSettings
from ic_assistant.embeddings import Embedder
embedder = Embedder.load(EmbeddingSettings(cache_dir=Path(sys.argv[1])))
print(embedder.engine, float(embedder.embed(["Which cities took part?"])[0][0]))
"""


@pytest.mark.slow
def test_two_processes_exporting_at_once_both_get_the_one_graph(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.Popen([sys.executable, "-c", RACE, str(cache)], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300)[0].split() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert [out[0] for out in outputs] == ["onnx", "onnx"]
    assert outputs[0][1] == outputs[1][1]
    sha = weights_sha256(model_dir() / "model.safetensors", cache)
    assert sorted(p.name for p in (cache / sha).iterdir()) == [GRAPH_NAME]  # no temp file left behind
    assert json.loads((cache / "weights-sha256.json").read_text())


def test_a_ligature_is_embedded_as_the_letters_it_stands_for(embedder) -> None:  # noqa: ANN001
    """Page text keeps a PDF's "\ufb01" as the file has it; the model's vocabulary has "fi", so
    vectors (and token counts) read the folded text."""
    from ic_assistant.embeddings import count_tokens

    typeset, plain = "signi\ufb01cant \ufb01nancial support", "significant financial support"
    vectors = embedder.embed([typeset, plain])
    assert float(vectors[0] @ vectors[1]) > 0.9999
    assert count_tokens(typeset) == count_tokens(plain)
