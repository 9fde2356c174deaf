"""The bundled model as an ONNX graph, run with onnxruntime and the model's own tokenizer.json.

Importing torch and sentence-transformers takes seconds; onnxruntime and tokenizers a fraction
of one, which is most of a cold `ic-assistant ask`. The graph is exported from the bundled
weights with `torch.onnx.export` once per machine, into a cache folder named after the sha256 of
the weights, and checked against the torch model before it is kept: its vectors are the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

GRAPH_NAME = "mean-pooled-v2.onnx"  # the graph's output: each text's mean token vector, not normalised
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
PROBES = (
    "What is Inclusive Cities?",
    "Twelve city councils worked with COMPAS to include newcomers in local services and civic life.",
    "x",
    " ".join(["Long text beyond the model's reach is cut, exactly as sentence-transformers cuts it."] * 30),
)
MIN_PROBE_COSINE = 0.9999


def default_cache_dir() -> Path:
    """`ic-assistant/onnx` in the user's cache folder (XDG)."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "ic-assistant" / "onnx"


def _atomic_write(path: Path, write: Any) -> None:
    """`write(tmp_path)` then rename onto `path`: a reader, or a second process exporting the same
    graph at the same time, sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def weights_sha256(weights: Path, cache_dir: Path) -> str:
    """sha256 of the model weights. Hashing 90 MB costs a third of a second, so the digest is
    remembered in the cache against the file's path, size and modification time."""
    stat = weights.stat()
    key = f"{weights.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    memo = cache_dir / "weights-sha256.json"
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(known, dict) and isinstance(known.get(key), str):
            return known[key]
    except (OSError, ValueError):
        pass
    digest = hashlib.sha256()
    with weights.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    sha = digest.hexdigest()
    try:
        _atomic_write(memo, lambda tmp: tmp.write_text(json.dumps({key: sha}), encoding="utf-8"))
    except OSError:
        pass  # a read-only cache only costs the hash next time
    return sha


def graph_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the graph of the weights in `model_dir` is (or will be) kept."""
    return cache_dir / weights_sha256(model_dir / "model.safetensors", cache_dir) / GRAPH_NAME


def max_seq_length(model_dir: Path) -> int:
    """Word-pieces the model reads, as sentence-transformers configures it (longer texts are cut)."""
    config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    return int(config["max_seq_length"])


class OnnxEncoder:
    """Mean token vectors of a batch of texts from the exported graph."""

    def __init__(self, session: Any, tokenizer: Any) -> None:
        self._session = session
        self._tokenizer = tokenizer

    @classmethod
    def load(cls, model_dir: Path, graph: Path) -> OnnxEncoder:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # The shipped tokenizer pads every text to 128 and cuts there; sentence-transformers pads
        # a batch to its longest text and cuts at max_seq_length.
        padding = tokenizer.padding or {}
        tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
        tokenizer.enable_truncation(max_length=max_seq_length(model_dir))
        options = ort.SessionOptions()
        options.log_severity_level = 3  # errors only
        # Idle worker threads sleep instead of spinning: on two shared cores, a spinning thread
        # takes the time that the other processes (and ingest's own writes) need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        return cls(session, tokenizer)

    def mean_tokens(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's mean token vector (not normalised) and its token count."""
        encodings = self._tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        means = self._session.run(None, feed)[0]
        return means.astype(np.float32), feed["attention_mask"].sum(axis=1).astype(np.float32)


def export_graph(model_dir: Path, graph: Path) -> None:
    """Export the bundled weights to `graph` with torch (loaded only here), after checking that
    the graph gives the torch model's vectors (cosine >= MIN_PROBE_COSINE on PROBES)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    # Eager attention exports as the pattern that onnxruntime fuses into one Attention node.
    model = SentenceTransformer(
        str(model_dir), device="cpu", local_files_only=True, model_kwargs={"attn_implementation": "eager"}
    )
    graph_module = _mean_pooled(model[0].auto_model).eval()
    dummy = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    # Padding in the example, so that the traced graph keeps the attention mask's path.
    mask = (dummy != 0).long()

    def write(tmp: Path) -> None:
        with torch.no_grad():
            torch.onnx.export(
                graph_module, (dummy, mask, torch.zeros_like(dummy)), str(tmp),
                input_names=list(INPUTS), output_names=["mean"],
                dynamic_axes={**{name: {0: "batch", 1: "tokens"} for name in INPUTS}, "mean": {0: "batch"}},
                opset_version=17, dynamo=False,  # the TorchScript exporter: no onnxscript needed
            )
        _fuse(tmp, model[0].auto_model.config)
        got = OnnxEncoder.load(model_dir, tmp).mean_tokens(list(PROBES))[0]
        got /= np.linalg.norm(got, axis=1, keepdims=True)
        want = model.encode(list(PROBES), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        lowest = float((got * want).sum(axis=1).min())
        if lowest < MIN_PROBE_COSINE:
            raise RuntimeError(f"exported graph drifts from the torch model (lowest cosine {lowest:.5f})")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes held fixed, and the legacy exporter's
        _atomic_write(graph, write)


def _fuse(graph: Path, config: Any) -> None:
    """Fuse BERT's attention, layer norms and GELUs into onnxruntime's own kernels, in place: the
    torch model's batch throughput, where the unfused graph is slower. Same vectors (checked after)."""
    from onnxruntime.transformers import optimizer

    try:
        fused = optimizer.optimize_model(
            str(graph), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size,
            opt_level=0,  # fusions only; onnxruntime applies its own graph optimisations when it loads the graph
        )
    except Exception as exc:  # noqa: BLE001 - the unfused graph gives the same vectors, only slower
        log.warning("could not fuse the ONNX graph (%s: %s); keeping it unfused", type(exc).__name__, exc)
        return
    fused.save_model_to_file(str(graph))


def _mean_pooled(bert: Any) -> Any:
    import torch

    class MeanPooled(torch.nn.Module):
        """BERT followed by sentence-transformers' mean pooling (normalising stays outside, so
        that ingest can weigh a text by its mean vector's norm)."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            tokens = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(tokens.dtype)
            return (tokens * weights).sum(dim=1) / weights.sum(dim=1).clamp_min(1e-9)

    return MeanPooled()


def load_encoder(model_dir: Path, cache_dir: Path) -> OnnxEncoder:
    """The ONNX encoder of the bundled model, exporting the graph first if this machine has none."""
    graph = graph_path(model_dir, cache_dir)
    if not graph.is_file():
        log.info("exporting the embedding model to ONNX, once, into %s", graph.parent)
        export_graph(model_dir, graph)
    return OnnxEncoder.load(model_dir, graph)
